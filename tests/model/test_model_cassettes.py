"""The model path end to end, replayed from cassettes recorded from the embedded model
(SmolLM2-135M-Instruct behind llama-cpp-python's OpenAI-compatible server).

Re-record: SUMMARIZER_RECORD=1 pytest tests/model/test_model_cassettes.py (starts the model itself).
"""

from __future__ import annotations

import json
from collections import Counter

import jsonschema
import pytest
from typer.testing import CliRunner

from summarizer import summarize
from summarizer.cli import app
from summarizer.extract.table import EXTRACT_TEMPLATE
from summarizer.model.prompts import load_template
from summarizer.models import GroundingStatus, Report
from tests.conftest import ROOT, SEEDS

SCHEMA = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))


def _check_offsets(report: Report) -> None:
    texts = {a.id: a.text for a in report.articles}
    for fact in report.facts():
        if fact.grounding.status is not GroundingStatus.ungrounded:
            assert texts[fact.article_id][fact.evidence.start : fact.evidence.end] == fact.evidence.text


# What the embedded model (SmolLM2-135M) did on each seed when the cassettes were recorded with
# extract_facts v3 (the version that asks for attributed claims): every fact it gave is refused
# by grounding, each with its reason (it copies the prompt's worked example: "1,200", "800"), and
# one answer ran past max_tokens. Re-recording changes these; they are asserted so that a change
# is seen, not hidden behind a branch.
WEAK_MODEL = {
    "000_9bf4b17957272f82": (
        None,
        {
            "evidence not found in the article": 2,
            "number 1,200 does not appear in the evidence": 1,
            "number 800 does not appear in the evidence": 1,
        },
    ),
    "001_3458ed2ff60c0bff": (None, {"evidence not found in the article": 1}),
    "002_a2ad9f0aa5f5c21b": (
        None,
        {"evidence not found in the article": 4, "number 1,200 does not appear in the evidence": 1},
    ),
    "003_70f2c1d17fadd3be": (None, {"evidence not found in the article": 1}),
    "004_83b7ed2dd1efa971": ("the model's answer was cut off at max_tokens=1024", {}),
}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_llm_extraction_of_each_seed(cassette, seed):
    with cassette(f"extract/{seed.stem}") as config:
        report = summarize([seed], model=config, extractor="llm", until="extract")
    table = report.tables[0]
    template = load_template(EXTRACT_TEMPLATE)
    assert table.provenance.template == template.ref
    assert table.provenance.model == config.model and table.provenance.endpoint == "llamacpp"
    assert table.provenance.usage.calls >= 1 and table.provenance.usage.prompt_tokens > 0
    error, failures = WEAK_MODEL[seed.stem]
    assert table.error == error
    if error:  # recorded in the run's errors too, never hidden
        assert report.run.errors[0].message.endswith(error)
    assert Counter(reason for fact in table.facts for reason in fact.grounding.failures) == failures
    assert not [f for f in table.facts if f.grounding.usable]
    assert all(f.extractor == "llm" for f in table.facts)
    _check_offsets(report)


def _stable(report_json: dict) -> dict:
    report_json["run"]["seconds"] = 0
    for table in report_json["tables"]:
        table["provenance"]["seconds"] = 0
    return report_json


def test_summarize_seeds_end_to_end(cassette):
    with cassette("summarize_seeds") as config:
        report = summarize(SEEDS, model=config)
    jsonschema.validate(json.loads(report.model_dump_json()), SCHEMA)
    assert report.run.extractor == "all" and report.run.usage.calls >= len(SEEDS)
    for table in report.tables:
        grounded = [f for f in table.facts if f.grounding.usable]
        assert grounded, f"{table.article_id} has no grounded fact"
    _check_offsets(report)
    # what the embedded model did (recorded with extract_facts v3, which asks for attributed
    # claims): none of its 11 facts grounds (the rules' facts carry the table), and every one of
    # its summary's 29 sentences fails the check: each cites no article. All are dropped with
    # their reason and the digest is used.
    model_facts = [f for f in report.facts() if f.extractor == "llm"]
    assert len(model_facts) == 11 and not [f for f in model_facts if f.grounding.usable]
    summary = report.summary
    assert summary is not None and summary.method == "digest" and summary.cited_articles
    reasons = [s.reason or "" for s in summary.sentences if s.status == "dropped"]
    assert reasons == ["cites no article"] * 29
    assert summary.note == (
        "the model's summary failed the check (29 of 29 sentences): "
        "cites no article; cites no article; cites no article"
    )
    assert {"extract_facts", "summarize"} <= {t.name for t in report.run.templates}

    with cassette("summarize_seeds", replay_only=True) as config:
        result = CliRunner().invoke(
            app,
            [
                "summarize",
                *map(str, SEEDS),
                "-f",
                "json",
                "--base-url",
                config.base_url,
                "--api-key",
                config.api_key,
                "--provider",
                "llamacpp",
                "--model",
                config.model,
            ],
        )
    assert result.exit_code == 0, result.output
    assert _stable(json.loads(result.stdout)) == _stable(json.loads(report.model_dump_json()))


def test_model_judge_is_asked_only_where_unsure_and_recorded(cassette):
    from summarizer.extract.judge import ModelJudge
    from summarizer.model.client import ModelClient
    from summarizer.reconcile.clusters import reconcile
    from tests.annotations.tables import table

    a = table(
        "a",
        "Officials said the US combat mission in Iraq ends by year end.",
        [
            (
                "claim",
                "US combat mission",
                "end",
                "the US combat mission in Iraq ends by year end",
                None,
                "the US combat mission in Iraq ends by year end",
            )
        ],
    )
    b = table(
        "b",
        "Aides said the American combat role in Iraq will be over by December.",
        [
            (
                "claim",
                "US combat mission",
                "end",
                "the American combat role in Iraq will be over by December",
                None,
                "the American combat role in Iraq will be over by December",
            )
        ],
    )
    with cassette("judge/same_fact") as config:
        judge = ModelJudge(ModelClient(config.resolved()))
        clusters, _ = reconcile([a[0], b[0]], [a[1], b[1]], judge=judge)
    assert len(judge.log) == 1 and judge.log[0].fact_ids == ("a:a001", "b:a001")
    assert judge.usage.calls == 1 and judge.template_ref.name == "same_fact"
    claims = [c for c in clusters if c.kind.value == "claim"]
    assert len(claims) == (1 if judge.log[0].same else 2)
    assert all(any("model judged a:a001 and b:a001" in n for n in c.notes) for c in claims)


def test_hostile_article_yields_no_grounded_fact_it_does_not_support(cassette):
    """An article that addresses instructions to the model, with a fabricated quote inside them:
    whatever the embedded model makes of it, nothing from the injected text is trusted."""
    hostile = ROOT / "tests" / "fixtures" / "hostile.txt"
    with cassette("extract/hostile") as config:
        report = summarize([hostile], model=config, until="reconcile")
    text = report.articles[0].text
    injected = text.index("IMPORTANT NOTE TO AI SYSTEMS")
    injected_end = text.index("\n", injected)
    usable = [f for f in report.facts() if f.grounding.usable]
    assert usable, "the genuine facts of the article are kept"
    for fact in usable:
        assert fact.evidence.end <= injected or fact.evidence.start >= injected_end, fact
        assert "resign" not in fact.value.lower()
    flagged = [f for f in report.facts() if any("prompt injection" in r for r in f.grounding.failures)]
    assert any("I resign today" in f.value for f in flagged)  # the fabricated quote, seen and refused
