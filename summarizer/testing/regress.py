"""Prompt regression suites: replay recorded model answers, compare fact tables and the
reconciled report with golden outputs, and show what changed fact by fact.

A suite is a directory with `suite.toml`::

    name = "seeds"
    description = "..."
    articles = ["../../seeds/*.txt"]   # globs, relative to the suite directory
    extractor = "all"                   # rules + llm; "llm" for the model alone
    summary = true                      # also a `report` case: clusters, entities, summary

and, written by the tool: `cassettes/<template>@<version>/<case>.json` (recorded requests and
answers: a changed template version never reuses an old answer) and `golden/<case>.json`.
Cases: `extract/<article id>` for each article, and `report` for the reconciled whole.
"""

from __future__ import annotations

import contextlib
import difflib
import glob
import json
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ..errors import ConfigurationError, SummarizerError
from ..extract.table import EXTRACT_TEMPLATE
from ..ingest.articles import read_article
from ..model.client import ModelClient, ModelConfig, open_model
from ..model.embedded import MODEL_ALIAS
from ..model.prompts import load_template
from ..models import Article, Cluster, FactTable, Report
from ..pipeline import Stage, reconcile_reports, summarize
from ..report.summary import SUMMARY_TEMPLATE
from .cassettes import REPLAY_BASE_URL, recorder

R = TypeVar("R")


@dataclass
class Suite:
    """A loaded suite: where it lives and what it runs."""

    root: Path
    name: str
    articles: list[Path]
    extractor: str = "all"
    summary: bool = True
    model: str = MODEL_ALIAS
    provider: str = "llamacpp"

    @classmethod
    def load(cls, path: Path) -> Suite:
        root = path if path.is_dir() else path.parent
        file = root / "suite.toml"
        if not file.is_file():
            raise ConfigurationError(f"{root}: no suite.toml (a suite is a directory with a suite.toml)")
        try:
            doc = tomllib.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
            raise ConfigurationError(f"{file}: not a valid suite file: {err}") from err
        patterns = doc.get("articles", [])
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise ConfigurationError(f"{file}: `articles` must be a list of path patterns (strings)")
        fence = _fence(root)
        paths = sorted({Path(p) for pattern in patterns for p in glob.glob(str(root / pattern))})
        outside = [p for p in paths if not p.resolve().is_relative_to(fence)]
        if outside:
            raise ConfigurationError(
                f"{file}: `articles` reaches outside {fence} ({outside[0]}); articles must live in the suite's project"
            )
        if not paths:
            raise ConfigurationError(f"{file}: `articles` matches no file")
        return cls(
            root=root,
            name=str(doc.get("name", root.name)),
            articles=paths,
            extractor=str(doc.get("extractor", "all")),
            summary=bool(doc.get("summary", True)),
            model=str(doc.get("model", MODEL_ALIAS)),
            provider=str(doc.get("provider", "llamacpp")),
        )

    def cassette(self, template: str, case: str) -> Path:
        tmpl = load_template(template)
        return self.root / "cassettes" / f"{tmpl.name}@{tmpl.version}" / f"{case.replace('/', '__')}.json"

    def golden(self, case: str) -> Path:
        return self.root / "golden" / f"{case.replace('/', '__')}.json"


def _fence(root: Path) -> Path:
    """Where a suite's articles may live: the project that holds the suite (the nearest ancestor
    with a pyproject.toml or .git), else the suite directory itself. Never the whole disk."""
    root = root.resolve()
    for folder in (root, *root.parents):
        if (folder / "pyproject.toml").exists() or (folder / ".git").exists():
            return folder
    return root


@dataclass
class CaseResult:
    """What one case did: passed, or why not, and what was written."""

    name: str
    passed: bool
    summary: str
    details: list[str] = field(default_factory=list)
    wrote: list[str] = field(default_factory=list)


# -- comparing outputs ----------------------------------------------------------------------


def _fact_key(f: dict[str, Any]) -> tuple[Any, ...]:
    ev = f["evidence"]
    return (f["kind"], f["extractor"], ev.get("start"), ev.get("end"), ev["text"] if ev.get("start") is None else "")


_FACT_FIELDS = ("subject", "attribute", "value", "speaker", "normalized", "grounding")


def diff_facts(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    """Fact-level differences: added, removed, changed (field by field)."""
    before = {_fact_key(f): f for f in old}
    after = {_fact_key(f): f for f in new}
    lines = [f"+ {f['kind']}: {f['value'][:90]!r}" for k, f in after.items() if k not in before]
    lines += [f"- {f['kind']}: {f['value'][:90]!r}" for k, f in before.items() if k not in after]
    for key in before.keys() & after.keys():
        a, b = before[key], after[key]
        changed = [name for name in _FACT_FIELDS if a.get(name) != b.get(name)]
        if changed:
            lines.append(
                f"~ {a['kind']} {a['value'][:60]!r}: "
                + ", ".join(
                    f"{name} {json.dumps(a.get(name))[:60]} -> {json.dumps(b.get(name))[:60]}" for name in changed
                )
            )
    return sorted(lines)


def _cluster_key(c: dict[str, Any]) -> tuple[str, str, str]:
    # an earlier value is its own cluster ("troops" now and "troops (before the change)")
    return c["kind"], c["subject"], c["attribute"] + (" (before the change)" if c.get("previous") else "")


def _cluster_shape(c: dict[str, Any]) -> dict[str, Any]:
    return {
        "status": c["status"],
        "conflict_kinds": c["conflict_kinds"],
        "values": sorted((v["value"], tuple(v["article_ids"])) for v in c["values"]),
    }


def diff_report(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Cluster-level differences, entity and summary changes."""
    before = {_cluster_key(c): c for c in old.get("clusters", [])}
    after = {_cluster_key(c): c for c in new.get("clusters", [])}
    lines = [f"+ cluster {k[0]} {k[1]!r} ({after[k]['status']})" for k in after.keys() - before.keys()]
    lines += [f"- cluster {k[0]} {k[1]!r} ({before[k]['status']})" for k in before.keys() - after.keys()]
    for key in before.keys() & after.keys():
        a, b = _cluster_shape(before[key]), _cluster_shape(after[key])
        if a != b:
            lines.append(f"~ cluster {key[0]} {key[1]!r}: {json.dumps(a)[:100]} -> {json.dumps(b)[:100]}")
    if old.get("entities") != new.get("entities"):
        lines.append("~ entities changed")
    if old.get("summary") != new.get("summary"):
        lines.append("~ summary changed")
    return sorted(lines)


# -- request differences --------------------------------------------------------------------


def _bodies(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for item in data["interactions"]:
        body = item["request"]["body"]
        out.append(body["json"] if isinstance(body, dict) and "json" in body else json.loads(body or "{}"))
    return out


def diff_requests(template: str, recorded: list[dict[str, Any]], sent: list[dict[str, Any]]) -> list[str]:
    """A readable diff of what was sent against the recording: template, message role, lines."""
    if not recorded:
        return ["the cassette holds no request"]
    lines: list[str] = []
    for body in sent:
        best = min(recorded, key=lambda r: _distance(r, body))
        lines += _message_diff(template, best.get("messages", []), body.get("messages", []))
        rest_a = {k: v for k, v in best.items() if k != "messages"}
        rest_b = {k: v for k, v in body.items() if k != "messages"}
        if rest_a != rest_b:
            a = json.dumps(rest_a, indent=1, sort_keys=True).splitlines()
            b = json.dumps(rest_b, indent=1, sort_keys=True).splitlines()
            lines.append("request settings or schema differ:")
            lines += [ln for ln in difflib.unified_diff(a, b, "recorded", "sent", lineterm="", n=0)][2:][:20]
    return lines or ["the requests differ in number (the code now makes different calls)"]


def _distance(a: dict[str, Any], b: dict[str, Any]) -> int:
    return sum(
        1
        for _ in difflib.unified_diff(
            json.dumps(a, sort_keys=True).split(","), json.dumps(b, sort_keys=True).split(","), n=0
        )
    )


def _message_diff(template: str, old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    lines = []
    for i in range(max(len(old), len(new))):
        a = old[i] if i < len(old) else {"role": "?", "content": ""}
        b = new[i] if i < len(new) else {"role": "?", "content": ""}
        if a == b:
            continue
        lines.append(f"template {template}, {b.get('role') or a.get('role')} message:")
        diff = difflib.unified_diff(
            str(a.get("content", "")).splitlines(),
            str(b.get("content", "")).splitlines(),
            "recorded",
            "sent",
            lineterm="",
            n=0,
        )
        lines += [f"  {ln}" for ln in list(diff)[2:][:20]]
    return lines


# -- running --------------------------------------------------------------------------------


def _stable_table(table: FactTable) -> dict[str, Any]:
    return {"error": table.error, "facts": [f.model_dump(mode="json") for f in table.facts]}


def diff_tables(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Fact-level differences of two fact tables, and a change of their model error."""
    lines = diff_facts(old.get("facts", []), new.get("facts", []))
    if old.get("error") != new.get("error"):
        lines.append(f"~ model error: {old.get('error')!r} -> {new.get('error')!r}")
    return lines


def _stable_report(clusters: list[Cluster], entities: list[Any], summary: Any) -> dict[str, Any]:
    return {
        "clusters": [c.model_dump(mode="json") for c in clusters],
        "entities": [e.model_dump(mode="json") for e in entities],
        "summary": summary.model_dump(mode="json") if summary else None,
    }


@dataclass
class _Live:
    """Where recordings come from: the configured endpoint, or the embedded model."""

    config: ModelConfig | None
    _stack: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)
    _client: ModelClient | None = None

    def client(self) -> ModelClient:
        if self._client is None:
            self._client = self._stack.enter_context(open_model(self.config))
        return self._client

    def close(self) -> None:
        self._stack.close()


def run_suite(
    path: Path,
    *,
    record: bool = False,
    update: bool = False,
    live: ModelConfig | None = None,
    echo: Callable[[str], None] | None = None,
) -> list[CaseResult]:
    """Run every case of the suite at `path`; see the module docstring."""
    suite = Suite.load(path)
    source = _Live(live)
    results: list[CaseResult] = []
    extracted: list[Report] = []
    try:
        for file in suite.articles:
            try:
                article = read_article(file)
                result, report = _extract_case(suite, article, record=record, update=update, source=source)
            except _CASE_ERRORS as err:
                result = _broken(f"extract/{file.stem}", err)
            else:
                extracted.append(report)
            results.append(result)
            if echo:
                echo(_line(result))
        if suite.summary:
            try:
                result = _report_case(suite, extracted, record=record, update=update, source=source)
            except _CASE_ERRORS as err:
                result = _broken("report", err)
            results.append(result)
            if echo:
                echo(_line(result))
    finally:
        source.close()
    return results


# what breaks one case (a bad article, a truncated or malformed cassette) without stopping the suite
_CASE_ERRORS = (SummarizerError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError)


def _broken(name: str, err: BaseException) -> CaseResult:
    message = str(err) if isinstance(err, SummarizerError) else f"{type(err).__name__}: {err}"
    return CaseResult(name, False, "case could not run", [message.splitlines()[0][:300] if message else ""])


def _line(result: CaseResult) -> str:
    head = f"{'PASS' if result.passed else 'FAIL'} {result.name}: {result.summary}"
    extra = [f"    {d}" for d in result.details] + [f"    wrote {w}" for w in result.wrote]
    return "\n".join([head, *extra])


def _replay_config(suite: Suite) -> ModelConfig:
    return ModelConfig(
        base_url=REPLAY_BASE_URL,
        api_key="replay-no-key",
        model=suite.model,
        provider=suite.provider,
        retry_attempts=1,
        parallel=1,
    )


@contextlib.contextmanager
def _session(cassette: Path, *, live: bool, source: _Live, suite: Suite) -> Iterator[tuple[ModelClient, Any, list]]:
    """A client whose calls replay (or record, when live) `cassette`, and the bodies it sent."""
    sent: list[dict[str, Any]] = []
    if live:
        client = source.client()
    else:
        client = ModelClient(_replay_config(suite).resolved())
    cassette.parent.mkdir(parents=True, exist_ok=True)

    def spy(request: Any) -> None:
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            body = None
        if body is not None and body not in sent:
            sent.append(body)

    with recorder(cassette, record=live, on_request=spy) as recorded:
        yield client, recorded, sent


def _replayed(
    suite: Suite, template: str, case: str, call: Callable[[ModelClient], R], *, record: bool, source: _Live
) -> tuple[R, list[str] | None, list[str]]:
    """Run `call` against the case's cassette: (its result, why the replay does not count, files written).
    With `record`, a case whose replay does not count is recorded again from the live endpoint."""
    cassette = suite.cassette(template, case)

    def attempt(live: bool) -> tuple[R, Any, list[dict[str, Any]]]:
        with _session(cassette, live=live, source=source, suite=suite) as (client, recorded, sent):
            result = call(client)
        return result, recorded, sent

    result, recorded, sent = attempt(False)
    problem = _replay_problem(template, cassette, recorded, sent)
    if problem and record:
        result, _, _ = attempt(True)
        return result, None, [str(cassette)]
    return result, problem, []


def _extract_case(
    suite: Suite, article: Article, *, record: bool, update: bool, source: _Live
) -> tuple[CaseResult, Report]:
    """One article through the pipeline's extraction, as `summarizer extract` runs it (no time
    budget: a suite's outputs never depend on the machine's speed)."""
    name = f"extract/{article.id}"
    extracted, problem, wrote = _replayed(
        suite,
        EXTRACT_TEMPLATE,
        name,
        lambda client: summarize(
            [article], extractor=suite.extractor, client=client, until=Stage.extract, article_timeout=None
        ),
        record=record,
        source=source,
    )
    [table] = extracted.tables
    if problem:
        return _unrecorded(suite, name, problem), extracted
    counts = f"{len(table.facts)} facts" + (f", model error: {table.error[:60]}" if table.error else "")
    return _compare(suite, name, _stable_table(table), diff_tables, update, wrote, counts), extracted


def _report_case(suite: Suite, extracted: list[Report], *, record: bool, update: bool, source: _Live) -> CaseResult:
    """The articles' extractions reconciled and summarised, as `summarizer reconcile` (with a
    model) and `summarize` run it after extraction."""
    done, problem, wrote = _replayed(
        suite,
        SUMMARY_TEMPLATE,
        "report",
        lambda client: reconcile_reports(extracted, client=client),
        record=record,
        source=source,
    )
    if problem:
        return _unrecorded(suite, "report", problem)
    clusters, entities, summary = done.clusters, done.entities, done.summary
    report = _stable_report(clusters, entities, summary)
    counts = f"{len(clusters)} clusters, summary by {summary.method if summary else 'nothing'}"
    return _compare(suite, "report", report, diff_report, update, wrote, counts)


def _replay_problem(template: str, cassette: Path, recorded: Any, sent: list[dict[str, Any]]) -> list[str] | None:
    """Why a replay does not count: requests with no recording, or recordings never asked for."""
    bodies = _bodies(cassette) if cassette.exists() else []
    if sent and not bodies:
        return [f"no recording for template {template} at {cassette}"]
    if any(body not in bodies for body in sent):
        return ["the request no longer matches the recording:", *diff_requests(template, bodies, sent)]
    if bodies and not recorded.all_played:
        return ["a recorded interaction was not played: the code now makes fewer calls"]
    return None


def _unrecorded(suite: Suite, name: str, problem: list[str]) -> CaseResult:
    summary = "no recording" if problem[0].startswith("no recording") else "request differs from the recording"
    return CaseResult(name, False, summary, [*problem, f"re-record: summarizer regress {suite.root} --record"])


def _compare(
    suite: Suite,
    name: str,
    output: Any,
    differ: Callable[[Any, Any], list[str]],
    update: bool,
    wrote: list[str],
    counts: str,
) -> CaseResult:
    golden = suite.golden(name)
    if golden.exists():
        try:
            lines = differ(json.loads(golden.read_text(encoding="utf-8")), output)
        except (ValueError, TypeError, AttributeError, KeyError):
            lines = [f"{golden} is not a golden output of this case"]
        if not lines:
            return CaseResult(name, True, counts, wrote=wrote)
        if not update:
            return CaseResult(
                name,
                False,
                f"output differs from golden ({len(lines)} changes)",
                [*lines[:30], f"accept: summarizer regress {suite.root} --update"],
                wrote,
            )
    elif not update:
        return CaseResult(
            name, False, "no golden output", [f"create it: summarizer regress {suite.root} --update"], wrote
        )
    golden.parent.mkdir(parents=True, exist_ok=True)
    golden.write_text(json.dumps(output, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    return CaseResult(name, True, f"{counts} (golden updated)", wrote=[*wrote, str(golden)])


__all__ = ["CaseResult", "Suite", "diff_facts", "diff_report", "diff_requests", "diff_tables", "run_suite"]
