"""The CLI as a user runs it: real files, exit codes, output formats (rules extractor, no model)."""

from __future__ import annotations

import json

import jsonschema
import pytest
from typer.testing import CliRunner

from summarizer.cli import EXIT_PARTIAL, app
from tests.conftest import ROOT, SEEDS

runner = CliRunner()
SCHEMA = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))


def _run(*args: str, stdin: bytes | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_summarize_rules_json_validates_and_finds_real_conflicts():
    result = _run("summarize", *map(str, SEEDS), "--extractor", "rules", "-f", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    jsonschema.validate(report, SCHEMA)
    kinds = {k for c in report["clusters"] for k in c["conflict_kinds"]}
    assert {"name_spelling", "quote_wording"} <= kinds
    texts = {a["id"]: a["text"] for a in report["articles"]}
    for table in report["tables"]:
        for fact in table["facts"]:
            ev = fact["evidence"]
            assert texts[fact["article_id"]][ev["start"] : ev["end"]] == ev["text"]


def test_markdown_output_to_file(tmp_path):
    out = tmp_path / "report.md"
    result = _run("summarize", *map(str, SEEDS), "--extractor", "rules", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "## Where the outlets differ" in text and "name_spelling" in text and "## Agreed" in text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "empty"),
        ("binary.bin", bytes(range(256)) * 4, "binary"),
        ("junk.html", b"<html><body><nav>Home</nav><footer>Share</footer></body></html>", "no article text"),
    ],
)
def test_bad_input_next_to_a_good_article_is_partial(tmp_path, name, content, message):
    bad = tmp_path / name
    if content is not None:
        bad.write_bytes(content)
    result = _run("summarize", str(SEEDS[0]), str(bad), "--extractor", "rules", "-f", "json")
    assert result.exit_code == EXIT_PARTIAL
    report = json.loads(result.stdout)
    assert [a["id"] for a in report["articles"]] == [SEEDS[0].stem]
    assert report["tables"][0]["facts"]
    assert message in report["run"]["errors"][0]["message"]
    assert message in result.stderr and "Traceback" not in result.stderr


def test_stdin_article():
    result = _run("extract", "-", "--extractor", "rules", stdin=SEEDS[2].read_bytes())
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["articles"][0]["id"] == "stdin" and report["clusters"] == []


def test_extract_then_reconcile_equals_summarize(tmp_path):
    parts = []
    for seed in SEEDS:
        out = tmp_path / f"{seed.stem}.json"
        assert _run("extract", str(seed), "--extractor", "rules", "-o", str(out)).exit_code == 0
        parts.append(str(out))
    merged = _run("reconcile", *parts, "-f", "json")
    whole = _run("summarize", *map(str, SEEDS), "--extractor", "rules", "-f", "json")
    assert merged.exit_code == 0 and whole.exit_code == 0
    assert json.loads(merged.stdout)["clusters"] == json.loads(whole.stdout)["clusters"]


def test_reconcile_rejects_non_reports(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("{}", encoding="utf-8")
    result = _run("reconcile", str(bad))
    assert result.exit_code == 1 and "not a summarizer report" in result.stderr


def test_prompts_commands():
    listed = _run("prompts", "list")
    assert listed.exit_code == 0 and "extract_facts" in listed.stdout
    rendered = _run("prompts", "render", "extract_facts", str(SEEDS[0]))
    messages = json.loads(rendered.stdout)
    assert messages[1]["role"] == "user" and "Psaki" in messages[1]["content"]
    assert _run("prompts", "show", "nope").exit_code == 1


def test_missing_key_for_openai_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    result = _run(
        "summarize",
        str(SEEDS[0]),
        "--provider",
        "openai",
        "--model",
        "gpt-4o-mini",
        "--base-url",
        "https://api.openai.com/v1",
    )
    assert result.exit_code == 1
    assert "OPENAI_API_KEY" in result.stderr


def test_key_never_appears_in_errors(monkeypatch):
    secret = "sk-test" + "A" * 40
    result = _run(
        "summarize",
        str(SEEDS[0]),
        "--extractor",
        "llm",
        "--base-url",
        "http://127.0.0.1:9/v1",
        "--api-key",
        secret,
        "--model",
        "m",
        "-f",
        "json",
    )
    assert secret not in result.output and secret not in result.stderr
    assert result.exit_code == EXIT_PARTIAL
    assert "cannot reach the model server" in result.stderr


def test_ctrl_c_says_how_to_resume(monkeypatch):
    from summarizer import pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "summarize", interrupted)
    result = _run("summarize", str(SEEDS[0]))
    assert result.exit_code == 130
    assert "run the same command again" in result.stderr
