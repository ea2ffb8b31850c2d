"""Hand-annotated fact tables for the reconciler tests.

Each annotation is an article text and the facts a careful reader would extract from it,
written by hand; `table()` locates each fact's evidence in the text (so offsets are real) and
normalises numbers and dates the way the extractors do.
"""

from __future__ import annotations

import datetime as dt

from summarizer.check.grounding import ground_fact
from summarizer.facts.dates import date_value
from summarizer.facts.numbers import number_value
from summarizer.language.text import text_value
from summarizer.models import Article, Evidence, Fact, FactKind, FactTable, Provenance

Row = tuple[str, str, str, str, str | None, str]  # kind, subject, attribute, value, speaker, evidence


def table(
    article_id: str,
    text: str,
    rows: list[Row],
    published: str | None = "2021-07-26",
    qualifiers: dict[str, str] | None = None,
) -> tuple[Article, FactTable]:
    article = Article(id=article_id, text=text, published=dt.date.fromisoformat(published) if published else None)
    facts = []
    for n, (kind, subject, attribute, value, speaker, evidence) in enumerate(rows, 1):
        k = FactKind(kind)
        normalized = text_value(value)
        if k is FactKind.number:
            qualifier = (qualifiers or {}).get(value)
            normalized = number_value(
                value.split(" ", 1)[-1] if qualifier else value, qualifier=qualifier, unit=attribute
            )
        elif k is FactKind.date:
            normalized = date_value(value, article.published)
        fact = Fact(
            id=f"{article_id}:a{n:03d}",
            article_id=article_id,
            kind=k,
            subject=subject,
            attribute=attribute,
            value=value,
            speaker=speaker,
            normalized=normalized,
            evidence=Evidence(text=evidence),
            extractor="llm",
        )
        facts.append(ground_fact(article, fact))
    return article, FactTable(article_id=article_id, facts=facts, provenance=Provenance(extractors=["annotation"]))
