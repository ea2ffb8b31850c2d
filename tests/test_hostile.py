"""What a hostile tester broke (issue: hardening), one test per case, with sentences written here.

Each test names the numbered case it reproduces. Inputs are crafted here; no data set is used.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
import textwrap
import types
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from summarizer import Article, ConfigurationError, ModelConfig, asummarize, summarize
from summarizer.check.grounding import ground_facts
from summarizer.cli import EXIT_ERROR, app
from summarizer.errors import InvalidModelOutput, ModelUnavailable, TemplateError
from summarizer.extract.table import ExtractedFacts, extract_table
from summarizer.ingest.articles import decode, parse_article
from summarizer.model.cache import ResponseCache
from summarizer.model.client import Meter, ModelClient
from summarizer.model.prompts import list_templates, load_template
from summarizer.models import Fact, FactKind, GroundingStatus
from summarizer.pipeline import reconcile_reports
from summarizer.report.render import render
from summarizer.report.review import safe_id
from summarizer.testing.regress import Suite, run_suite
from tests.fault_server import FaultServer

GOOD = textwrap.dedent(
    """\
    Flood waters rise in river town

    The mayor of Riverton, Ana Lima, said on Tuesday that 40 homes were flooded.
    "We are moving families to the school gym tonight," Lima told reporters.
    """
)
runner = CliRunner()


def _article(text: str = GOOD, id: str = "a1", **meta) -> Article:
    return parse_article(text, id=id, **meta)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# -- case 1: the test command is deterministic ---------------------------------------------


@pytest.mark.skipif(os.environ.get("HYPOTHESIS_PROFILE") == "explore", reason="a local random hunt")
def test_1_hypothesis_runs_from_a_fixed_seed():
    assert settings().derandomize is True


# -- case 2: a named model with nowhere to send it ------------------------------------------


def test_2_model_without_key_or_base_url_exits_1(monkeypatch, tmp_path):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    article = _write(tmp_path / "a.txt", GOOD)
    result = runner.invoke(app, ["summarize", str(article), "--model", "gpt-4o-mini"])
    assert result.exit_code == EXIT_ERROR
    assert "OPENAI_API_KEY" in result.output and "--base-url" in result.output


def test_2_run_model_is_the_id_the_server_answered_with():
    with FaultServer(answer_model="served-model-2025") as server:
        config = ModelConfig(base_url=server.base_url, api_key="k", model="asked-model", provider="openai-compatible")
        report = summarize([_article()], model=config, extractor="llm", until="reconcile")
    assert report.run.model == "served-model-2025"


# -- case 3: crafted repetitive text, and the per-article time budget -----------------------

CRAFTED = ["Mr. ", "1 ", '“ said "Mr. ‘ the ', "on 12 March 2021 by the end of the year, ", "Dr. Smith said 2 "]


@pytest.mark.parametrize("unit", CRAFTED)
def test_3_crafted_text_is_extracted_with_bounded_facts(unit):
    text = unit * (20_000 // len(unit))
    table = extract_table(_article(text), extractor="rules", client=None)
    assert table.error is None
    per_kind: dict[str, int] = {}
    for fact in table.facts:
        per_kind[fact.kind.value] = per_kind.get(fact.kind.value, 0) + 1
    from summarizer.facts.rules import fact_limit

    assert all(n <= fact_limit(text) for k, n in per_kind.items() if k != "entity"), per_kind


def test_3_fact_cap_is_reported_as_a_warning():
    report = summarize([_article("1 " * 10_000), _article(GOOD, id="good")], extractor="rules")
    assert any("only the first" in w.message for w in report.run.warnings)
    assert {t.article_id for t in report.tables} == {"a1", "good"}


def test_3_article_timeout_reports_the_article_and_keeps_the_others():
    slow = _article("The minister said 2,500 troops would stay. " * 200, id="slow")
    table = extract_table(slow, extractor="rules", client=None, timeout=0.0)
    assert table.facts == [] and "--article-timeout" in (table.error or "")
    report = summarize([_article(GOOD, id="good")], extractor="rules", article_timeout=30)
    assert report.tables[0].facts and not report.run.errors


def test_3_article_timeout_in_a_batch_is_an_error_of_that_article_only(monkeypatch):
    from summarizer import pipeline

    real = pipeline.extract_table

    def budgeted(article, **kwargs):
        if article.id == "slow":
            kwargs["timeout"] = 0.0  # this one article has no time at all
        return real(article, **kwargs)

    monkeypatch.setattr(pipeline, "extract_table", budgeted)
    report = summarize([_article(GOOD, id="good"), _article(GOOD + " Again.", id="slow")], extractor="rules")
    assert [e.source for e in report.run.errors] == ["slow"]
    good = next(t for t in report.tables if t.article_id == "good")
    assert good.facts


def test_3_model_calls_do_not_count_against_the_article_budget():
    import time

    from summarizer import deadline
    from summarizer.errors import ArticleTimeout

    with deadline.budget(0.2, "a"):
        with deadline.paused():  # a model call (or a wait for the server's slot)
            time.sleep(0.3)
        deadline.check()  # still within budget: the call's time was not counted
        time.sleep(0.3)
        with pytest.raises(ArticleTimeout):
            deadline.check()


@settings(max_examples=60, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_3_fuzz_random_bytes_never_crash_ingest_extraction_grounding(data):
    try:
        article = parse_article(data, id="fuzz")
    except ConfigurationError:  # pragma: no cover - never raised for bytes
        raise
    except Exception as err:
        from summarizer.errors import InputError

        assert isinstance(err, InputError), f"{type(err).__name__}: {err}"
        return
    table = extract_table(article, extractor="rules", client=None)
    for fact in table.facts:
        assert article.text[fact.evidence.start : fact.evidence.end] == fact.evidence.text


_TAGS = st.sampled_from(["p", "div", "span", "script", "style", "a", "h1", "article", "table", "td"])
_HTML_TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=80)


@st.composite
def _html(draw):
    parts = ["<html><body>"]
    for _ in range(draw(st.integers(1, 30))):
        tag = draw(_TAGS)
        parts.append(f"<{tag}>{draw(_HTML_TEXT)}</{tag}>" if draw(st.booleans()) else f"<{tag}>")
    return "".join(parts)


@settings(max_examples=40, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(_html())
def test_3_fuzz_random_html(page):
    from summarizer.errors import InputError

    try:
        article = parse_article(page, id="html")
    except InputError:
        return
    facts = ground_facts(article, extract_table(article, extractor="rules", client=None).facts)
    assert all(f.grounding.status is not GroundingStatus.ungrounded for f in facts)


@settings(max_examples=30, deadline=5000)
@given(st.sampled_from(CRAFTED + ["“", "‘a’ ", "12:30 a.m. ", "al-", "\u2028", "3 of 4, "]), st.integers(100, 3000))
def test_3_fuzz_crafted_repetition(unit, times):
    article = _article("Start of the story here. " + unit * times)
    table = extract_table(article, extractor="rules", client=None)
    assert table.error is None
    for fact in table.facts:
        assert article.text[fact.evidence.start : fact.evidence.end] == fact.evidence.text


# -- case 4: decoding ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expect_text", "expect_note"),
    [
        (b"\xef\xbb\xbfThe mayor said \xff\xfe forty homes flooded today.", "The mayor said", "replaced"),
        ("The mayor said forty homes flooded today.".encode("utf-16"), "The mayor said forty", None),
        (b"\xfe\xff" + "The mayor said forty homes flooded.".encode("utf-16-be"), "The mayor said forty", None),
        ("Caf\u00e9 owners said forty homes flooded.".encode("cp1252"), "Café owners", "cp1252"),
    ],
)
def test_4_decoding(data, expect_text, expect_note):
    text, notes = decode(data, "x")
    assert text.startswith(expect_text)
    assert (expect_note is None and not notes) or any(expect_note in n for n in notes)


def test_4_nul_bytes_anywhere_are_binary(tmp_path):
    from summarizer.errors import UnreadableArticle

    data = b"The mayor said forty homes flooded. " * 200 + b"\x00\x01\x02"
    assert len(data) > 4096
    with pytest.raises(UnreadableArticle, match="binary"):
        decode(data, "x")


def test_4_a_bad_file_never_loses_the_good_ones(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xef\xbb\xbfThe minister said \xff\xff 300 people were evacuated on Monday.")
    good = _write(tmp_path / "good.txt", GOOD)
    report = summarize([bad, good], extractor="rules")
    assert len(report.articles) == 2 and not report.run.errors


# -- case 5: the answer cache -------------------------------------------------------------


@pytest.mark.parametrize("stored", ["[]", "null", '{"value": 42}', '{"value": {"facts": "x"}}', "{trunc"])
def test_5_cache_entries_of_the_wrong_shape_heal(tmp_path, stored):
    cache = ResponseCache(tmp_path)
    parts = {"k": 1}
    path = cache.path(parts)
    path.parent.mkdir(parents=True)
    path.write_text(stored, encoding="utf-8")
    value = cache.get(parts)
    assert value is None or not isinstance(value, dict) or "facts" in value
    with FaultServer() as server:
        config = ModelConfig(base_url=server.base_url, api_key="k", model="m", provider="openai-compatible")
        client = ModelClient(config.resolved(), cache=cache)
        messages = [{"role": "user", "content": "Article id: a1\n" + GOOD}]
        client.structured(messages, ExtractedFacts)  # the answer is cached: find its entry, spoil it
        [target] = [p for p in tmp_path.rglob("*.json") if p != path]
        target.write_text(stored, encoding="utf-8")
        meter = Meter()
        answer = client.structured(messages, ExtractedFacts, meter=meter)
    assert answer.facts and meter.usage.calls == 1  # asked again
    assert json.loads(target.read_text(encoding="utf-8"))["value"]["facts"]  # and the entry healed


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_5_a_fifo_in_the_cache_is_a_miss_not_a_hang(tmp_path):
    cache = ResponseCache(tmp_path)
    path = cache.path({"k": 2})
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    assert cache.get({"k": 2}) is None
    cache.put({"k": 2}, {"v": 1})  # leaves the FIFO alone, does not block


def test_5_cache_dir_naming_a_file_is_an_error(tmp_path):
    file = _write(tmp_path / "not-a-dir", "x")
    with pytest.raises(ConfigurationError, match="not a directory"):
        ResponseCache(file)
    article = _write(tmp_path / "a.txt", GOOD)
    result = runner.invoke(
        app, ["summarize", str(article), "--base-url", "http://127.0.0.1:9/v1", "--cache-dir", str(file)]
    )
    assert result.exit_code == EXIT_ERROR and "not a directory" in result.output


# -- case 6: the review page and Markdown ---------------------------------------------------

HOSTILE_QUOTE = 'The spokesman said: "Close it now <!--<script>alert(1)</script> &amp; \u2028 go home," and left.'


def test_6_embedded_json_escapes_everything_that_can_end_a_script():
    report = summarize([_article(HOSTILE_QUOTE + "\n" + GOOD, id="x")], extractor="rules")
    page = render(report, "html")
    blob = re.search(r'<script type="application/json" id="facts">(.*?)</script>', page, re.S).group(1)
    assert not re.search(r"[<>&\u2028\u2029]", blob)
    facts = json.loads(blob)
    assert any("<!--<script>" in f["value"] for f in facts.values())
    assert page.count("<script") == 2  # the data block and the page's own script, nothing injected


def test_6_element_ids_are_unique_and_safe_for_odd_article_ids():
    ids = ["a:b", "a b", "a-b", "a_b"]
    assert len({safe_id(i) for i in ids}) == len(ids)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", safe_id(i)) for i in ids)
    report = summarize([_article(GOOD + f"\n{n}.", id=i) for n, i in enumerate(ids)], extractor="rules")
    page = render(report, "html")
    element_ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(element_ids) == len(set(element_ids))
    tokens = {t for group in re.findall(r'data-facts="([^"]+)"', page) for t in group.split()}
    assert tokens and all(re.fullmatch(r"[A-Za-z0-9_-]+", t) for t in tokens)


def test_6_markdown_escapes_html_from_titles_and_quotes():
    text = (
        '<b>Flood</b> hits <img src=x onerror=alert(1)> town\n\n"<script>x()</script> we stay here," Lima said.\n'
        + GOOD
    )
    report = summarize([_article(text, title="<i>Title</i> <script>")], extractor="rules")
    md = render(report, "md")
    assert "<script>" not in md and "<i>" not in md and "<img" not in md
    assert "&lt;script&gt;" in md


# -- case 7: the output path ----------------------------------------------------------------


@pytest.mark.parametrize("where", ["missing-dir/out.md", "a-directory", "input"])
def test_7_bad_output_paths_fail_before_any_work(tmp_path, where, monkeypatch):
    from summarizer import pipeline

    called = []
    monkeypatch.setattr(pipeline, "summarize", lambda *a, **k: called.append(1))
    article = _write(tmp_path / "a.txt", GOOD)
    (tmp_path / "a-directory").mkdir()
    target = article if where == "input" else tmp_path / where
    result = runner.invoke(app, ["summarize", str(article), "--extractor", "rules", "-o", str(target)])
    assert result.exit_code == EXIT_ERROR and not called
    assert "error: -o" in result.output
    assert article.read_text(encoding="utf-8") == GOOD


@pytest.mark.parametrize(("name", "marker"), [("r.html", "<!doctype html>"), ("r.json", '"articles"'), ("r.md", "# ")])
def test_7_format_follows_the_extension(tmp_path, name, marker):
    article = _write(tmp_path / "a.txt", GOOD)
    out = tmp_path / name
    result = runner.invoke(app, ["summarize", str(article), "--extractor", "rules", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").lstrip().startswith(marker) or marker in out.read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # written atomically, nothing left


# -- case 8: the library ------------------------------------------------------------------


def test_8_summarize_inside_a_running_event_loop(tmp_path):
    path = _write(tmp_path / "a.txt", GOOD)

    async def inside() -> tuple[int, int]:
        sync = summarize(str(path), extractor="rules")  # called from a running loop (Jupyter, FastAPI)
        report = await asummarize(path, extractor="rules")
        return len(sync.tables[0].facts), len(report.tables[0].facts)

    a, b = asyncio.run(inside())
    assert a == b > 0


def test_8_a_single_path_is_one_input(tmp_path):
    path = _write(tmp_path / "a.txt", GOOD)
    report = summarize(str(path), extractor="rules")
    assert len(report.articles) == 1 and not report.run.errors


@pytest.mark.parametrize("bad", [None, 42, b"bytes", [Path("x.txt"), None], ["ok.txt", 3.5]])
def test_8_other_types_raise_type_error_naming_the_item(bad, monkeypatch):
    from summarizer.ingest import articles as ingest

    monkeypatch.setattr(ingest, "read_article", lambda *a, **k: pytest.fail("work started"))
    with pytest.raises(TypeError, match=r"input|inputs"):
        summarize(bad, extractor="rules")


# -- case 9: regression suites --------------------------------------------------------------


def _suite(tmp_path: Path, toml: str, articles: dict[str, str] | None = None) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n", encoding="utf-8")
    suite = tmp_path / "suite"
    suite.mkdir()
    for name, text in (articles or {}).items():
        _write(suite / name, text)
    _write(suite / "suite.toml", toml)
    return suite


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("articles = [", "not a valid suite file"),
        ("articles = [1]", "list of path patterns"),
        ('articles = "a.txt"', "list of path patterns"),
        ('articles = ["../../../../../../../etc/passwd"]', "reaches outside"),
    ],
)
def test_9_bad_suite_files_are_clear_errors(tmp_path, toml, message):
    suite = _suite(tmp_path, toml)
    with pytest.raises(ConfigurationError, match=message):
        Suite.load(suite)


@pytest.mark.parametrize("cassette", ['{"interactions": [{"request"', "[]", '{"interactions": 3}'])
def test_9_a_broken_cassette_fails_its_case_and_the_suite_goes_on(tmp_path, cassette):
    suite = _suite(
        tmp_path,
        'articles = ["*.txt"]\nextractor = "llm"\nsummary = false\n',
        {"a.txt": GOOD, "b.txt": GOOD.replace("Lima", "Costa")},
    )
    tmpl = load_template("extract_facts")
    folder = suite / "cassettes" / f"{tmpl.name}@{tmpl.version}"
    folder.mkdir(parents=True)
    _write(folder / "extract__a.json", cassette)
    lines: list[str] = []
    results = run_suite(suite, echo=lines.append)
    assert [r.name for r in results] == ["extract/a", "extract/b"]
    assert all(not r.passed for r in results)
    assert lines[0].startswith("FAIL extract/a")


@pytest.mark.parametrize("name", ["../../evil", "a/b", "x y", ""])
def test_9_template_names_are_identifiers(tmp_path, name):
    path = _write(
        tmp_path / "t.toml",
        f'name = "{name}"\nversion = "1"\ndescription = "d"\n[messages]\nuser = "hi"\n',
    )
    with pytest.raises(TemplateError, match="identifier"):
        load_template(str(path))


# -- case 10: templates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{% include "other.toml" %}', "self-contained"),
        ('{% import "x" as y %}', "self-contained"),
        ('{% extends "base" %}', "self-contained"),
        ("{{ range(10**9) | list }}", "MAX_RANGE|too big"),
        ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "looped more"),
        ('{{ "x" * 1000000000 }}', "too large"),
        ("{{ 2 ** 100000 }}", "too large"),
    ],
)
def test_10_templates_are_bounded(tmp_path, body, message):
    path = _write(
        tmp_path / "t.toml", f"name = \"t\"\nversion = \"1\"\ndescription = \"d\"\n[messages]\nuser = '''{body}'''\n"
    )
    with pytest.raises(TemplateError, match=message):
        load_template(str(path)).render()


def test_10_one_malformed_template_does_not_break_the_list(tmp_path, monkeypatch):
    for p in load_template("extract_facts").path.parent.glob("*.toml"):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    _write(tmp_path / "broken.toml", "name = [")
    problems: list[str] = []
    names = [t.name for t in list_templates(tmp_path, problems=problems)]
    assert "extract_facts" in names and len(problems) == 1
    monkeypatch.setenv("SUMMARIZER_PROMPTS", str(tmp_path))
    result = runner.invoke(app, ["prompts", "list"])
    assert "extract_facts" in result.output and "broken.toml" in result.output and result.exit_code == EXIT_ERROR


# -- case 11: errors that say what happened ------------------------------------------------------


def test_11_schema_failure_after_a_server_error_is_invalid_output():
    with FaultServer({"a1": ["500", "invalid", "invalid", "invalid"]}) as server:
        config = ModelConfig(
            base_url=server.base_url, api_key="k", model="m", provider="openai-compatible", retry_budget=10, timeout=5
        )
        client = ModelClient(config.resolved())
        with pytest.raises(InvalidModelOutput, match="did not fit the schema"):
            client.structured([{"role": "user", "content": "Article id: a1\n" + GOOD}], ExtractedFacts)


def test_11_a_handled_connection_error_does_not_colour_a_later_schema_failure():
    import httpx2 as httpx
    import openai

    from summarizer.model.retry import openai_error

    request = httpx.Request("POST", "http://127.0.0.1:9/v1/chat/completions")
    try:
        try:
            raise openai.APIConnectionError(request=request)  # an earlier attempt, already handled
        except openai.APIConnectionError:
            raise ValueError("facts: Input should be a valid list") from None  # the real failure
    except ValueError as schema_failure:
        assert schema_failure.__context__ is not None  # Python keeps the handled error as context
        assert openai_error(schema_failure) is None


def test_11_unreachable_server_says_it_once_with_the_reason():
    config = ModelConfig(base_url="http://127.0.0.1:9/v1", api_key="k", model="m", retry_attempts=1)
    with pytest.raises(ModelUnavailable) as caught:
        ModelClient(config.resolved()).text([{"role": "user", "content": "hi"}])
    message = str(caught.value)
    assert "Connection error.: Connection error." not in message
    assert "refused" in message.lower()


# -- case 12: one-slot servers --------------------------------------------------------------


@pytest.mark.parametrize(("provider", "slots", "expected"), [("llamacpp", None, 1), ("llamacpp", 3, 3)])
def test_12_parallel_requests_follow_the_server_slots(provider, slots, expected):
    with FaultServer(latency=0.3, slots=slots) as server:
        config = ModelConfig(base_url=server.base_url, api_key="k", model="m", provider=provider, timeout=5)
        report = summarize(
            [
                _article(GOOD.replace("Lima", name), id=f"a{i}")
                for i, name in enumerate(["Lima", "Costa", "Sousa", "Reis"])
            ],
            model=config,
            extractor="llm",
            until="reconcile",
            concurrency=4,
        )
    assert not report.run.errors
    assert server.max_in_flight == expected


# -- case 13: smaller ones --------------------------------------------------------------------


def test_13_the_same_file_three_times_is_one_outlet(tmp_path):
    path = _write(tmp_path / "a.txt", GOOD)
    copy = _write(tmp_path / "copy.txt", GOOD)
    report = summarize([path, path, copy], extractor="rules")
    assert len(report.articles) == 1
    assert len(report.run.warnings) == 2 and all("same text" in w.message for w in report.run.warnings)


def test_13_all_inputs_bad_exits_1(tmp_path):
    empty = _write(tmp_path / "empty.txt", "")
    result = runner.invoke(app, ["summarize", str(empty), str(tmp_path / "missing.txt"), "--extractor", "rules"])
    assert result.exit_code == EXIT_ERROR


def test_13_ctrl_c_at_start_up_exits_130_without_a_traceback(monkeypatch, capsys):
    from summarizer import _entry

    def interrupted() -> None:
        raise KeyboardInterrupt  # as if Ctrl-C landed while the CLI was still loading

    fake = types.ModuleType("summarizer.cli")
    fake.main = interrupted  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "summarizer.cli", fake)
    with pytest.raises(SystemExit) as caught:
        _entry.main()
    assert caught.value.code == 130
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(("start", "end"), [(-50, 10), (0, 10**9), (5, 3), (0, 12)])
def test_13_reconcile_rechecks_tampered_offsets(start, end):
    report = summarize([_article()], extractor="rules", until="reconcile")
    table = report.tables[0]
    quote = next(f for f in table.facts if f.kind is FactKind.quote)
    tampered_ev = quote.evidence.model_copy(update={"start": start, "end": end})
    tampered: Fact = quote.model_copy(update={"evidence": tampered_ev})
    facts = [tampered if f.id == quote.id else f for f in table.facts]
    edited = report.model_copy(update={"tables": [table.model_copy(update={"facts": facts})]})
    merged = reconcile_reports([edited], summary=False)
    fact = next(f for f in merged.tables[0].facts if f.id == quote.id)
    text = merged.articles[0].text
    # the quote's words are still in the article: it is found again where they really are
    assert text[fact.evidence.start : fact.evidence.end] == fact.evidence.text == quote.evidence.text
    assert (fact.evidence.start, fact.evidence.end) == (quote.evidence.start, quote.evidence.end)
    assert any("located again" in flag for flag in fact.flags)


def test_13_reconcile_refuses_evidence_that_is_not_in_the_article():
    report = summarize([_article()], extractor="rules", until="reconcile")
    table = report.tables[0]
    quote = next(f for f in table.facts if f.kind is FactKind.quote)
    forged = quote.model_copy(
        update={"evidence": quote.evidence.model_copy(update={"text": "I resign today, he said"})}
    )
    edited = report.model_copy(update={"tables": [table.model_copy(update={"facts": [forged]})]})
    fact = reconcile_reports([edited], summary=False).tables[0].facts[0]
    assert fact.grounding.status is GroundingStatus.ungrounded and not fact.grounding.usable
