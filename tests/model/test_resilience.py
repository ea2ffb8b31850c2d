"""Faults from a real server on 127.0.0.1 (tests/fault_server.py): every article finishes or
reports its error, retries honour Retry-After and stop within their budget, nothing finished is
lost, and usage counts failed attempts. Plus bad input next to a good article, through the CLI."""

from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner

from summarizer import ModelConfig, summarize
from summarizer.cli import EXIT_PARTIAL, app
from summarizer.ingest.articles import parse_article
from tests.fault_server import FaultServer

TEXTS = {
    "a1": "The council approved the new budget on Monday after a long debate in the chamber.",
    "a2": "Flood waters reached the old bridge in the east of the city late on Tuesday night.",
    "a3": "The national team won the final match in front of forty thousand supporters on Sunday.",
}


def _articles(*ids: str):
    return [parse_article(TEXTS[i] + "\n\nA second paragraph with more words for the article body.", id=i) for i in ids]


def _config(server: FaultServer, **overrides) -> ModelConfig:
    options = {"timeout": 2.0, "retry_budget": 20.0, "retry_attempts": 6, "max_retries": 2} | overrides
    return ModelConfig(
        base_url=server.base_url, api_key="test-key", model="fault-model", provider="openai-compatible", **options
    )


def _run(server: FaultServer, *ids: str, **overrides):
    return summarize(
        _articles(*ids),
        model=_config(server, **overrides),
        extractor="llm",
        until="extract",
        concurrency=3,
    )


def _grounded(table) -> bool:
    return any(f.grounding.usable for f in table.facts)


def test_all_faults_recover_and_every_article_finishes():
    script = {"a1": ["429", "ok"], "a2": ["500", "500", "ok"], "a3": ["cut", "ok"]}
    with FaultServer(script, retry_after=1.0) as server:
        report = _run(server, "a1", "a2", "a3")
    assert report.run.errors == []
    assert all(_grounded(t) for t in report.tables)
    retries = {t.article_id: t.provenance.usage.retries for t in report.tables}
    assert retries == {"a1": 1, "a2": 2, "a3": 1}
    assert report.run.usage.failed_calls == 4 and report.run.usage.calls == 7


def test_retry_after_is_honoured():
    with FaultServer({"a1": ["429", "ok"]}, retry_after=1.5) as server:
        _run(server, "a1")
        (_, _, first), (_, _, second) = server.requests
    assert second - first >= 1.4


def test_hanging_server_times_out_and_is_retried():
    with FaultServer({"a1": ["hang", "ok"]}, hang=3.0) as server:
        report = _run(server, "a1", timeout=0.5)
    assert _grounded(report.tables[0]) and report.tables[0].provenance.usage.retries == 1


def test_truncated_json_is_reasked_and_the_failed_attempt_is_counted():
    with FaultServer({"a1": ["truncated", "ok"]}) as server:
        report = _run(server, "a1")
    usage = report.tables[0].provenance.usage
    assert _grounded(report.tables[0])
    assert usage.calls == 2 and usage.prompt_tokens == 200  # the failed attempt's tokens are in the count


def test_retries_stop_within_the_budget_and_other_articles_survive():
    with FaultServer({"a1": ["500"] * 50}) as server:
        started = time.monotonic()
        report = _run(server, "a1", "a2", retry_budget=2.0)
        elapsed = time.monotonic() - started
    assert elapsed < 6
    assert [e.source for e in report.run.errors] == ["a1"] and "HTTP 500" in report.run.errors[0].message
    assert _grounded(report.tables[1])
    assert report.tables[0].provenance.usage.failed_calls >= 2


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("garbage", "not the OpenAI protocol"),
        ("invalid", "did not fit the schema"),
    ],
)
def test_unusable_answers_are_reported_not_raised(fault, message):
    with FaultServer({"a1": [fault] * 10}) as server:
        report = _run(server, "a1", "a2", retry_budget=1.0)
    assert message in report.run.errors[0].message
    assert _grounded(report.tables[1])


def test_cache_makes_a_rerun_free_and_keeps_finished_work(tmp_path):
    with FaultServer({"a2": ["500"] * 50}) as server:
        first = _run(server, "a1", "a2", cache_dir=str(tmp_path), retry_budget=1.0)
        assert [e.source for e in first.run.errors] == ["a2"]
        calls_before = len(server.requests)
        server.script["a2"] = []  # the server recovers
        second = _run(server, "a1", "a2", cache_dir=str(tmp_path))
        assert len(server.requests) == calls_before + 1  # only the article that failed is asked again
        assert second.tables[0].provenance.usage.cached == 1 and second.run.errors == []
        third = _run(server, "a1", "a2", cache_dir=str(tmp_path))
        assert len(server.requests) == calls_before + 1 and third.run.usage.cached == 2


def test_concurrency_overlaps_calls():
    with FaultServer(latency=0.5) as server:
        report = summarize(
            _articles("a1", "a2", "a3"),
            model=_config(server),
            extractor="llm",
            until="extract",
            concurrency=3,
        )
        starts = sorted(t for _, _, t in server.requests)
    assert report.run.errors == []
    assert starts[-1] - starts[0] < 0.4  # all three were in flight together


runner = CliRunner()
GOOD = "The mayor opened the new library on Friday, and 300 residents attended the ceremony.\n"


@pytest.mark.parametrize(
    ("name", "content", "exit_code", "message"),
    [
        ("missing.txt", None, EXIT_PARTIAL, "no such file"),
        ("folder", "DIR", EXIT_PARTIAL, "is a directory"),
        ("empty.txt", b"", EXIT_PARTIAL, "the file is empty"),
        ("binary.dat", bytes(range(256)) * 8, EXIT_PARTIAL, "binary file"),
        (
            "latin1.txt",
            "Le maire a inauguré la bibliothèque, déclaré François Dupont.".encode("latin-1"),
            0,
            "decoded as cp1252",
        ),
        (
            "nav.html",
            b"<html><body><nav><a href='/'>Home</a></nav><footer>Share</footer></body></html>",
            EXIT_PARTIAL,
            "no article text",
        ),
        ("huge.txt", b"word " * 1_100_000, EXIT_PARTIAL, "the limit is"),
    ],
)
def test_bad_input_next_to_a_good_article(tmp_path, name, content, exit_code, message):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / name
    if content == "DIR":
        bad.mkdir()
    elif content is not None:
        bad.write_bytes(content)
    result = runner.invoke(app, ["summarize", str(good), str(bad), "--extractor", "rules", "-f", "json"])
    assert result.exit_code == exit_code, result.output
    report = json.loads(result.stdout)
    good_table = next(t for t in report["tables"] if t["article_id"] == "good")
    assert any(f["kind"] == "number" and f["value"] == "300" for f in good_table["facts"])
    assert message in result.stderr and "Traceback" not in result.stderr
    assert str(bad) in result.stderr


def test_article_longer_than_the_context_is_chunked_not_truncated():
    from summarizer.extract.table import CHUNK_CHARS, chunks

    paragraphs = [f"Paragraph {i} reports that {i} families returned home after the storm." for i in range(800)]
    text = "\n".join(paragraphs)
    pieces = chunks(text)
    assert len(pieces) > 1 and all(len(p) <= CHUNK_CHARS for _, p in pieces)
    covered = set()
    for offset, piece in pieces:
        assert text[offset : offset + len(piece)] == piece
        covered.update(range(offset, offset + len(piece)))
    assert covered == set(range(len(text)))


def test_what_a_failed_call_cost_is_on_the_callers_meter():
    """A call that fails after retries still counts what it cost, on the meter its caller passed
    (before, a failed summary or judge call counted nothing)."""
    from summarizer.errors import ModelError
    from summarizer.model.client import Meter, ModelClient

    with FaultServer(default=["500", "500", "500"]) as server:
        client = ModelClient(_config(server, retry_attempts=2).resolved())
        meter = Meter()
        with pytest.raises(ModelError, match="HTTP 500"):
            client.text([{"role": "user", "content": "Say hello."}], meter=meter)
        assert (meter.usage.calls, meter.usage.failed_calls, meter.usage.retries) == (2, 2, 1)
        answered = Meter()
        client.text([{"role": "user", "content": "Say hello."}], meter=answered)  # the script's last 500, then ok
        assert (answered.usage.calls, answered.usage.failed_calls, answered.usage.retries) == (2, 1, 1)
