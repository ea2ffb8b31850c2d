"""The job bodies both engines run: a one-off summary, one article joining a story (stored, with
a queued build of the story's report), and that build (the report rebuilt, its change feed and
webhooks written in the same transaction). The HTTP models
are in `requests.py`, lasting cluster ids and events in `feed.py`, deliveries in `webhooks.py`.

A job is a row in the store. Running it means: claim it (one worker only), do the slow work
(reading and extracting the articles) outside any transaction, then write every result and
mark the job done in one transaction. A worker that dies before that commit leaves nothing
behind and the job is claimed again; one that dies after it has nothing left to do. Articles are
unique per story (or job) by content hash, so nothing is ever stored twice.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from .. import __version__
from ..errors import InputError, SummarizerError
from ..model.client import CALL_CONTEXT, ModelClient
from ..models import Article, ArticleError, FactTable, Report, RunInfo
from ..pipeline import Stage, reconcile_reports, summarize
from .feed import carry_ids
from .requests import ArticleIn, SummarizeRequest
from .store import Job, Store, content_hash, story_scope
from .webhooks import enqueue

log = logging.getLogger(__name__)

ClientFor = Callable[[str], ModelClient | None]  # extractor -> an open client (None for rules)


def run_job(store: Store, job_id: str, worker: str, client_for: ClientFor, lease: float) -> str | None:
    """Claim and run one job; returns its final status, or None when another worker has it.

    A story's article job ends when its article is stored (its cost does not grow with the
    story); the same worker then runs the story's queued report build, and each build the next
    one queued meanwhile, so that one worker per story rebuilds its report while others take the
    arrivals, and the arrivals during a build are covered together by the next."""
    status, story_id = _run_one(store, job_id, worker, client_for, lease)
    while story_id is not None and (follow := store.queued_build(story_id)) is not None:
        if _run_one(store, follow, worker, client_for, lease)[0] is None:
            break  # another worker took it (or runs a build of this story): it goes on from there
    return status


def _run_one(
    store: Store, job_id: str, worker: str, client_for: ClientFor, lease: float
) -> tuple[str | None, str | None]:
    """Claim and run one job: its final status (None when not claimed) and its story, if any."""
    job = store.claim_job(job_id, worker, lease)
    if job is None:
        return None, None
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(store, job_id, worker, lease, stop), daemon=True)
    beat.start()
    token = CALL_CONTEXT.set({"job_id": job.id, **({"story_id": job.story_id} if job.story_id else {})})
    try:
        if job.kind == "summarize":
            _summarize_job(store, job, client_for)
        elif job.kind == "article":
            _article_job(store, job, client_for)
        elif job.kind == "build" and job.story_id:
            build_story(store, job.story_id, _revision(store, job.story_id))
            store.finish_job(job.id)
        else:
            store.finish_job(job.id, error=f"unknown job kind {job.kind!r}")
    except SummarizerError as err:
        store.finish_job(job.id, error=str(err))
    except Exception as err:  # a bug: the job fails with a message, the worker goes on
        log.exception("job %s failed", job.id)
        store.finish_job(job.id, error=f"internal error: {type(err).__name__}")
    finally:
        CALL_CONTEXT.reset(token)
        stop.set()
        beat.join()
    final = store.job(job.id)
    return (final.status if final else None), job.story_id


def _heartbeat(store: Store, job_id: str, worker: str, lease: float, stop: threading.Event) -> None:
    while not stop.wait(lease / 3):
        try:
            store.renew_lease(job_id, worker, lease)
        except Exception:  # the database is briefly away: the next beat tries again
            log.warning("could not renew the lease of job %s", job_id)


def _parsed(items: Iterable[ArticleIn]) -> tuple[list[Article], list[tuple[str, str]]]:
    articles, failed = [], []
    for i, item in enumerate(items):
        try:
            articles.append(item.parsed(i))
        except InputError as err:
            failed.append((item.id or f"article {i + 1}", str(err)))
    return articles, failed


def _summarize_job(store: Store, job: Job, client_for: ClientFor) -> None:
    request = SummarizeRequest.model_validate(job.request)
    articles, failed = _parsed(request.articles)
    client = client_for(request.extractor)
    last = [0.0]

    def progress(done: int, total: int) -> None:
        if time.monotonic() - last[0] > 0.5 or done == total:
            last[0] = time.monotonic()
            store.progress(job.id, done + len(failed), total + len(failed))

    report = summarize(
        articles,
        extractor=_resolved(request.extractor, client),
        until=Stage.summary if request.summary else Stage.reconcile,
        client=client,
        progress=progress,
    )
    report = _with_input_errors(report, failed)
    tables = {t.article_id: t for t in report.tables}
    with store.begin() as conn:
        for article in report.articles:
            table = tables.get(article.id)
            store.insert_article(
                conn,
                job.scope,
                content_hash(article.text),
                article.id,
                article.model_dump_json(),
                table.model_dump_json() if table else "null",
            )
        store.put_report(conn, job.scope, 1, report.model_dump_json())
        store.finish_job(job.id, conn=conn)


def _resolved(extractor: str, client: ModelClient | None) -> str:
    """`auto` as the engine resolved it: it opens a client exactly when `pipeline.choose_extractor`
    finds a model."""
    if extractor == "auto":
        return "all" if client is not None else "rules"
    return extractor


def _with_input_errors(report: Report, failed: list[tuple[str, str]]) -> Report:
    if not failed:
        return report
    errors = [ArticleError(source=src, message=msg) for src, msg in failed]
    return report.model_copy(update={"run": report.run.model_copy(update={"errors": errors + report.run.errors})})


def _revision(store: Store, story_id: str) -> int:
    with store.engine.connect() as conn:
        return store.story_revision(conn, story_id)


def _article_job(store: Store, job: Job, client_for: ClientFor) -> None:
    """Extract the article and store it with a queued build of the story's report, in one short
    transaction; the job is then done (arrivals never wait for a rebuild), and `run_job` runs the
    build (see `build_story`)."""
    story_id = job.story_id
    if story_id is None:
        raise ValueError(f"job {job.id} is an article job with no story")
    extractor = job.request.get("extractor", "rules")
    client = client_for(extractor)
    parsed, failed = _parsed([ArticleIn.model_validate(job.request["article"])])
    if failed:
        store.finish_job(job.id, error=failed[0][1])
        return
    article = parsed[0]
    extracted = summarize([article], extractor=_resolved(extractor, client), client=client, until=Stage.extract)
    if extracted.run.errors or not extracted.tables:
        message = "; ".join(e.message for e in extracted.run.errors) or "no fact table"
        store.finish_job(job.id, error=message)
        return
    table = extracted.tables[0]
    digest = content_hash(article.text)
    try:
        with store.begin() as conn:
            arrival = store.bump_story(conn, story_id)  # the story's write lock, held to the commit
            if not store.insert_article(
                conn, job.scope, digest, article.id, article.model_dump_json(), table.model_dump_json()
            ):
                raise _Duplicate  # a retry, or the same article twice: the bumped revision is rolled back
            store.add_changes(conn, story_id, arrival, [_added(article)])
            store.ensure_build(conn, story_id, job.tenant)
    except _Duplicate:
        with store.begin() as conn:  # stored already; its build may have been lost with a worker
            store.ensure_build(conn, story_id, job.tenant)
    store.finish_job(job.id)


def build_story(store: Store, story_id: str, upto: int) -> None:
    """Make the story's stored report include every article up to revision `upto`.

    The report is built outside any transaction from what is stored, then written in a short one
    if no other process wrote a report meanwhile (else the new one is looked at: it may include
    this article already). So arrivals that come while a report is being built are covered
    together by the next build: each stores its article at once, and the builds coalesce. The
    build's events name, for each cluster, the newest arriving article among its sources."""
    scope = story_scope(story_id)
    story = store.story(story_id) or {"id": story_id}
    while True:
        with store.engine.connect() as conn:
            built, before = store.report_row(scope, conn)
            if built >= upto:
                return
            revision = store.story_revision(conn, story_id)  # read first: every article up to it is visible next
            stored = store.stored_articles(scope, conn)
        fresh = story_report(stored)
        with store.begin() as conn:
            store.story_revision(conn, story_id, lock=True)
            if store.report_row(scope, conn)[0] != built:
                continue  # another process wrote a report meanwhile: look again
            previous = Report.model_validate_json(before) if before else None
            known = {a.id for a in previous.articles} if previous else set()
            arrived = [a.id for a in fresh.articles if a.id not in known]
            revised = carry_ids(previous, fresh, store.clusters_issued(conn, story_id), arrived)
            store.put_report(conn, scope, revision, revised.report.model_dump_json())
            store.set_clusters_issued(conn, story_id, revised.issued)
            seqs = store.add_changes(conn, story_id, revision, revised.events)
            enqueue(store, conn, story, revision, revised.events, seqs)
            return


def _added(article: Article) -> dict[str, Any]:
    return {
        "kind": "article_added",
        "article_id": article.id,
        "detail": {"outlet": article.outlet, "title": article.title},
    }


class _Duplicate(Exception):
    """The story has the article already: the transaction is rolled back."""


def story_report(stored: list[tuple[str, str | None]]) -> Report:
    """A story's reconciled report from its stored articles and tables (deterministic)."""
    articles = [Article.model_validate_json(a) for a, _ in stored]
    tables = [FactTable.model_validate_json(t) for _, t in stored if t and t != "null"]
    base = Report(articles=articles, tables=tables, run=RunInfo(version=__version__, extractor="stored"))
    return reconcile_reports([base])
