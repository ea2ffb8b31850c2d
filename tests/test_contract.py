"""The public surface: schemas generated from the models, the curated __all__."""

from __future__ import annotations

import summarizer
from summarizer.schemas import SCHEMAS, render_schema
from tests.conftest import ROOT


def test_schema_files_match_the_models():
    for name, model in SCHEMAS.items():
        stored = (ROOT / "schemas" / name).read_text(encoding="utf-8")
        assert stored == render_schema(model), (
            f"schemas/{name} drifted from {model.__name__}; regenerate with `python -m summarizer.schemas`"
        )


def test_public_api_is_sorted_and_importable():
    assert summarizer.__all__ == sorted(summarizer.__all__)
    for name in summarizer.__all__:
        assert hasattr(summarizer, name), name


def test_package_ships_py_typed():
    assert (ROOT / "summarizer" / "py.typed").exists()


def test_reports_written_by_earlier_versions_read_in_the_typed_form():
    """Stored stories and golden files from before the typed forms: a withheld value was a claim
    whose attribute began "withheld ", an earlier value's attribute ended " (before the change)"."""
    from summarizer.models import Cluster, Fact, FactKind

    fact = Fact.model_validate(
        {"id": "a:f1", "article_id": "a", "kind": "claim", "subject": "date", "attribute": "withheld date"}
        | {"value": "x", "evidence": {"text": "x"}, "extractor": "rules"}
    )
    assert (fact.kind, fact.attribute) == (FactKind.withheld, "date")
    earlier = Cluster.model_validate(
        {"id": "c1", "kind": "number", "subject": "troops", "attribute": "troop (before the change)"}
        | {"status": "agreed", "values": []}
    )
    assert (earlier.attribute, earlier.previous, earlier.what) == ("troop", True, "troop (before the change)")
    against = Cluster.model_validate(
        {"id": "c2", "kind": "claim", "subject": "s", "attribute": "withheld date against stated", "status": "conflict"}
        | {"values": []}
    )
    assert (against.kind, against.attribute, against.what) == (
        FactKind.withheld,
        "date against stated",
        "withheld date against stated",
    )
    shifted = Cluster.model_validate(
        {"id": "c3", "kind": "claim", "subject": "s", "attribute": "said", "status": "conflict"}
        | {"values": [], "notes": ["paraphrase shift: negation, number"]}
    )
    assert shifted.shifts == ["negation", "number"]


def test_article_notes_from_earlier_versions_read_with_their_kind():
    """Notes were plain strings; the run's warnings now come from the kind, not from the wording."""
    import pytest
    from pydantic import ValidationError

    from summarizer.models import Article, NoteKind

    article = Article.model_validate(
        {"id": "a", "text": "x", "notes": ["not valid UTF-8; decoded as cp1252", "extracted from HTML"]}
    )
    assert [(n.kind, n.warning) for n in article.notes] == [(NoteKind.encoding, True), (NoteKind.html, False)]
    with pytest.raises(ValidationError, match="not a note ingest writes"):
        Article.model_validate({"id": "a", "text": "x", "notes": ["something else"]})


def test_the_last_stage_is_one_typed_option():
    """`until` replaces summary=/reconciled= booleans: no combination that means nothing."""
    import pytest

    from summarizer import Stage, summarize
    from summarizer.ingest.articles import parse_article

    said = "The mayor said on Monday that 12 people were hurt when the bridge at Kalmar fell."
    text = [parse_article(said, id="a"), parse_article(said.replace("mayor", "governor"), id="b")]
    tables = summarize(text, extractor="rules", until=Stage.extract)
    assert tables.tables and not tables.clusters and tables.summary is None
    clusters = summarize(text, extractor="rules", until="reconcile")
    assert clusters.clusters and clusters.summary is None
    assert summarize(text, extractor="rules").summary is not None
    with pytest.raises(ValueError, match="until='everything': one of extract, reconcile, summary"):
        summarize(text, extractor="rules", until="everything")
    with pytest.raises(ValueError, match="assist judges merges while reconciling"):
        summarize(text, extractor="rules", until="extract", assist=True)
