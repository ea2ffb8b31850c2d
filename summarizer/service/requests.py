"""What the service's HTTP doors accept and answer, apart from HTTP itself: the request and
answer models (their JSON Schemas are the OpenAPI document's), and the text every back end can
store."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..ingest.articles import parse_article
from ..models import Article, Report

ExtractorName = Literal["rules", "llm", "all", "auto"]
MAX_ARTICLES = 50  # per request


_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(value: str | None) -> str | None:
    """A string both databases keep as it is: PostgreSQL refuses NUL, and neither can encode a
    lone surrogate (valid JSON may carry both). Refused with the same 422 on every back end."""
    if value is None:
        return None
    if "\x00" in value:
        raise ValueError("must not contain a NUL character (\\u0000)")
    if _SURROGATE.search(value):
        raise ValueError("must not contain a lone surrogate (\\ud800-\\udfff): not valid Unicode text")
    return value


class ArticleIn(BaseModel):
    """One article as a client sends it: `text` or `html`, and what is known about it."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(default=None, max_length=200, description="Your id; default: a hash of the content")
    text: str | None = Field(default=None, description="Plain text (front matter allowed)")
    html: str | None = Field(default=None, description="A whole page; the article is extracted from it")
    outlet: str | None = Field(default=None, max_length=300)
    title: str | None = Field(default=None, max_length=1000)
    published: dt.date | None = None
    url: str | None = Field(default=None, max_length=2000)

    _storable = field_validator("id", "text", "html", "outlet", "title", "url")(storable)

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' or 'html'")
        return self

    def parsed(self, index: int = 0) -> Article:
        """The cleaned Article (raises InputError for empty or unreadable content)."""
        raw = self.text if self.text is not None else self.html
        assert raw is not None
        return parse_article(
            raw,
            id=self.id,
            source=self.id or self.url or f"article {index + 1}",
            outlet=self.outlet,
            title=self.title,
            published=self.published,
            url=self.url,
        )


class SummarizeRequest(BaseModel):
    """Articles about one event, and how to read them."""

    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_ARTICLES)
    extractor: ExtractorName = Field(
        default="rules", description="rules (no model), llm, all (both, merged), auto (all when a model is configured)"
    )
    summary: bool = True


class StoryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=1000)
    webhook: str | None = Field(
        default=None,
        max_length=2000,
        description="POSTed each conflict that is new, changed or resolved, signed (X-Summarizer-Signature); "
        "must reach a public address unless SUMMARIZER_WEBHOOK_ALLOW lists it",
    )
    extractor: ExtractorName = "rules"

    _storable = field_validator("title", "webhook")(storable)


class StoryOut(BaseModel):
    id: str
    title: str
    webhook: str | None = None


class JobOut(BaseModel):
    """A job's state; `result` (the Report) once it is done."""

    id: str
    kind: str
    status: Literal["queued", "running", "done", "failed"]
    done: int = Field(description="Articles finished")
    total: int = Field(description="Articles in the job")
    attempts: int
    error: str | None = None
    story_id: str | None = None
    article_id: str | None = None
    created_at: dt.datetime
    finished_at: dt.datetime | None = None
    result: Report | None = None


class ArticleAccepted(BaseModel):
    story_id: str
    article_id: str
    job_id: str | None = Field(default=None, description="None when the story already had this article")
    status: Literal["queued", "done", "failed", "duplicate"]
    error: str | None = None


class Change(BaseModel):
    """One entry of a story's change feed (see `summarizer.service.feed`)."""

    seq: int
    revision: int
    at: str
    kind: Literal[
        "article_added",
        "cluster_added",
        "cluster_merged",
        "cluster_removed",
        "conflict_new",
        "conflict_changed",
        "conflict_resolved",
    ]
    article_id: str | None = Field(default=None, description="The article whose arrival caused it")
    cluster_id: str | None = Field(
        default=None, description="The cluster's lasting id: the same in every revision and in the report"
    )
    into: str | None = Field(default=None, description="cluster_merged: the cluster it is now part of")
    split_from: str | None = Field(default=None, description="cluster_added: the cluster it was split from")
    reason: str | None = Field(default=None, description="conflict_resolved: agreed, merged or removed")
    detail: dict[str, Any] = Field(default_factory=dict)
    before: dict[str, Any] | None = Field(default=None, description="conflict_changed: the conflict before")


class Changes(BaseModel):
    story_id: str
    changes: list[Change]
    next: int = Field(description="Pass as ?since= to get what came after")
