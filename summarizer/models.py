"""The data contract: every stage takes and returns these models.

`schemas/*.schema.json` are generated from them (`python -m summarizer.schemas`);
a test fails when the files drift from the models.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FactKind(StrEnum):
    """What sort of statement a fact is."""

    quote = "quote"
    number = "number"
    date = "date"
    event = "event"
    claim = "claim"
    withheld = "withheld"  # a value the article says was not given; the attribute says which (date, number, details)
    entity = "entity"


class GroundingStatus(StrEnum):
    """How the fact's evidence was located in the article text."""

    exact = "exact"
    normalised = "normalised"
    fuzzy = "fuzzy"
    ungrounded = "ungrounded"


class NoteKind(StrEnum):
    """What ingest did to an article's text."""

    encoding = "encoding"  # the bytes were not clean UTF-8: how they were decoded (a warning in the run)
    front_matter = "front_matter"
    html = "html"
    boilerplate = "boilerplate"
    dateline = "dateline"


# how reports written before notes had kinds said each kind (read back by `ArticleNote`)
_NOTE_WORDING = (
    ("decoded as", NoteKind.encoding),
    ("front matter read", NoteKind.front_matter),
    ("extracted from HTML", NoteKind.html),
    ("boilerplate lines", NoteKind.boilerplate),
    ("dateline removed", NoteKind.dateline),
)


class ArticleNote(_Model):
    """One thing ingest assumed or removed, with its kind."""

    kind: NoteKind
    text: str = Field(description="What happened, for a reader")

    @property
    def warning(self) -> bool:
        """True when the run should warn about it: the text may not be what the outlet wrote."""
        return self.kind is NoteKind.encoding

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str):  # a report from a version whose notes were plain strings
            kind = next((k for words, k in _NOTE_WORDING if words in data), None)
            if kind is None:
                raise ValueError(f"not a note ingest writes: {data[:80]!r}")
            return {"kind": kind, "text": data}
        return data


class Article(_Model):
    """One article as read from a file, a string or stdin."""

    id: str = Field(description="File stem unless given explicitly")
    source: str | None = Field(default=None, description="Path or URL it was read from")
    outlet: str | None = Field(default=None, description="The outlet's name, shown wherever the article is cited")
    title: str | None = None
    published: dt.date | None = Field(default=None, description="Publication date when stated")
    url: str | None = None
    text: str = Field(description="Cleaned article text; all offsets index this string")
    notes: list[ArticleNote] = Field(default_factory=list, description="What ingest assumed or removed")


class Evidence(_Model):
    """A verbatim span of the article: `article.text[start:end] == text` when grounded."""

    text: str
    start: int | None = None
    end: int | None = None
    claimed: str | None = Field(default=None, description="The extractor's own words when they differ from the span")


class Grounding(_Model):
    """Where the evidence was found and which checks it failed."""

    status: GroundingStatus = GroundingStatus.ungrounded
    similarity: float | None = Field(default=None, description="0..1, for fuzzy matches")
    failures: list[str] = Field(default_factory=list, description="Reasons a check failed")

    @property
    def usable(self) -> bool:
        """True when the fact may enter clusters and the summary."""
        return self.status is not GroundingStatus.ungrounded and not self.failures


class NormalizedValue(_Model):
    """A value in comparable form. Numbers carry a tolerance, dates an ISO day."""

    type: Literal["number", "date", "text"]
    text: str = Field(description="Canonical text form used for comparison")
    number: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    qualifier: str | None = Field(default=None, description="about, more than, up to, by, ...")
    date: dt.date | None = None


def _typed_withheld(data: Any) -> Any:
    """Reports written by earlier versions (stored stories, golden files) held a withheld value
    as a claim whose attribute began "withheld ": read them in the typed form."""
    old_form = isinstance(data, dict) and data.get("kind") == "claim"
    if old_form and str(data.get("attribute", "")).startswith("withheld "):
        return {**data, "kind": "withheld", "attribute": data["attribute"].removeprefix("withheld ")}
    return data


class Fact(_Model):
    """One statement from one article, with the words that support it."""

    @model_validator(mode="before")
    @classmethod
    def _typed(cls, data: Any) -> Any:
        return _typed_withheld(data)

    id: str
    article_id: str
    kind: FactKind
    subject: str = Field(description="Who or what the fact is about")
    attribute: str = Field(description="What is said of the subject (said, troops, deadline...)")
    value: str
    normalized: NormalizedValue | None = None
    speaker: str | None = Field(default=None, description="Who is quoted, for quotes")
    previous: bool = Field(
        default=False, description="A number's earlier value in a change ('from 5,300 to 2,500': 5,300)"
    )
    speaker_mention: str | None = Field(
        default=None, description="The words that name the speaker where the quote is, when they differ (a pronoun)"
    )
    speaker_evidence: Evidence | None = Field(
        default=None,
        description=(
            "Where the article names the speaker of this quote or statement: the words of speaker_mention (else of"
            " the speaker) nearest the evidence, verbatim with their offsets; none when not found there"
        ),
    )
    evidence: Evidence
    grounding: Grounding = Field(default_factory=Grounding)
    extractor: Literal["llm", "rules"]
    flags: list[str] = Field(default_factory=list, description="Cross-check remarks")


class Usage(_Model):
    """Token counts and calls, summed over every attempt made (failed attempts included)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    calls: int = Field(default=0, description="HTTP requests sent, retries and re-asks included")
    failed_calls: int = Field(default=0, description="Requests that got no usable HTTP answer")
    retries: int = Field(default=0, description="Transport retries (429, 5xx, timeouts, dropped connections)")
    cached: int = Field(default=0, description="Answers served from the on-disk cache")
    cost_usd: float | None = Field(default=None, description="When the model's price is known")

    def __add__(self, other: Usage) -> Usage:
        cost = (
            None if self.cost_usd is None and other.cost_usd is None else (self.cost_usd or 0) + (other.cost_usd or 0)
        )
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            total_tokens=self.total_tokens + other.total_tokens,
            calls=self.calls + other.calls,
            failed_calls=self.failed_calls + other.failed_calls,
            retries=self.retries + other.retries,
            cached=self.cached + other.cached,
            cost_usd=None if cost is None else round(cost, 6),
        )


class TemplateRef(_Model):
    """Identifies the exact template a request was rendered from."""

    name: str
    version: str
    sha256: str


class Provenance(_Model):
    """How a fact table was produced."""

    extractors: list[str]
    model: str | None = None
    endpoint: str | None = Field(default=None, description="Endpoint kind: openai, ollama, ...")
    template: TemplateRef | None = None
    usage: Usage = Field(default_factory=Usage)
    seconds: float = 0.0


class FactTable(_Model):
    """The facts of one article, with provenance, or the error that stopped it."""

    article_id: str
    facts: list[Fact] = Field(default_factory=list)
    provenance: Provenance
    error: str | None = None
    notes: list[str] = Field(default_factory=list, description="What the extractor left out, and why")


class ClusterStatus(StrEnum):
    """Whether the outlets agree on a cluster."""

    agreed = "agreed"
    conflict = "conflict"
    single_source = "single_source"


class ConflictKind(StrEnum):
    """The named ways outlets disagree."""

    number = "number"
    date = "date"
    quote_wording = "quote_wording"
    name_spelling = "name_spelling"
    contradiction = "contradiction"
    attribution = "attribution"
    paraphrase_shift = "paraphrase_shift"


class ClusterValue(_Model):
    """One distinct value inside a cluster and who reported it."""

    value: str
    normalized: NormalizedValue | None = None
    speaker: str | None = None
    speaker_inferred: bool = False  # the articles name no one: the speaker is the one other outlets give these words
    denied: bool = False  # a statement the source is reported to deny ("denied that S"): S is what it says is not so
    article_ids: list[str]
    fact_ids: list[str]


SHIFT_NOTE = "paraphrase shift: "  # how a cluster's note says what a shift changed, for readers


class Cluster(_Model):
    """Facts from one or more articles that state the same thing."""

    @model_validator(mode="before")
    @classmethod
    def _typed(cls, data: Any) -> Any:
        """Reports written by earlier versions appended " (before the change)" to an earlier
        value's attribute, held withheld values as claims, and said what a paraphrase shift
        changed only in a note: read them in the typed form."""
        data = _typed_withheld(data)
        if isinstance(data, dict) and str(data.get("attribute", "")).endswith(" (before the change)"):
            data = {**data, "attribute": data["attribute"].removesuffix(" (before the change)"), "previous": True}
        if isinstance(data, dict) and "shifts" not in data:
            said = [str(n) for n in data.get("notes") or [] if str(n).startswith(SHIFT_NOTE)]
            if said:
                data = {**data, "shifts": said[0].removeprefix(SHIFT_NOTE).split(", ")}
        return data

    id: str
    kind: FactKind
    subject: str
    attribute: str
    previous: bool = Field(
        default=False, description="A number's earlier value in a change ('from 5,300 to 2,500': 5,300)"
    )
    status: ClusterStatus
    conflict_kinds: list[ConflictKind] = Field(default_factory=list)
    values: list[ClusterValue]
    diff: str | None = Field(default=None, description="Word-level diff for quote_wording")
    shifts: list[str] = Field(
        default_factory=list,
        description="paraphrase_shift: what changed between the renderings (negation, number, qualifier, ...)",
    )
    notes: list[str] = Field(default_factory=list, description="Recorded model judgements on these facts")

    @property
    def what(self) -> str:
        """The attribute as a reader sees it: "troops (before the change)" for an earlier value,
        "withheld date" for a date not given."""
        if self.kind is FactKind.withheld:
            return f"withheld {self.attribute}"
        return self.attribute + (" (before the change)" if self.previous else "")


class EntityVariant(_Model):
    """One spelling of an entity and the articles that used it."""

    form: str
    article_ids: list[str]


class Entity(_Model):
    """One real person, organisation or place across all articles."""

    canonical: str
    kind: Literal["person", "organization", "place", "other"]
    variants: list[EntityVariant]


class SummarySentence(_Model):
    """One sentence of the summary and the clusters and articles it rests on."""

    text: str
    cluster_ids: list[str] = Field(default_factory=list)
    article_ids: list[str] = Field(default_factory=list)
    status: Literal["from_table", "cited", "dropped"] = Field(
        description="from_table: written from the clusters (digest); cited: the model's sentence, its citations known; "
        "dropped: left out, see reason"
    )
    reason: str | None = None


class Summary(_Model):
    """The neutral summary and how it was written."""

    text: str
    method: Literal["model", "digest"]
    cited_articles: list[str] = Field(default_factory=list)
    note: str | None = Field(default=None, description="Why the model's summary was not used")
    sentences: list[SummarySentence] = Field(default_factory=list)


class ArticleError(_Model):
    """An article that could not be read or extracted."""

    source: str
    message: str


class RunInfo(_Model):
    """What ran, for how long, with what."""

    version: str
    extractor: str
    model: str | None = None
    endpoint: str | None = None
    templates: list[TemplateRef] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    seconds: float = 0.0
    errors: list[ArticleError] = Field(
        default_factory=list, description="Articles that could not be read or extracted at all"
    )
    warnings: list[ArticleError] = Field(
        default_factory=list, description="Articles whose model extraction failed; their rules facts are kept"
    )


class Report(_Model):
    """Everything one run produced."""

    articles: list[Article]
    tables: list[FactTable]
    clusters: list[Cluster] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    summary: Summary | None = None
    run: RunInfo

    def facts(self) -> list[Fact]:
        """All facts of all tables, in table order."""
        return [fact for table in self.tables for fact in table.facts]
