"""The HTTP service: a thin translator from requests to the library, the store and an engine.

`create_app(ServiceConfig(...))` builds the FastAPI app; `summarizer serve` runs it on uvicorn.
Request and answer bodies are the library's pydantic models, so /docs and /openapi.json are
generated from the same types the Python API returns. Every error is JSON
(`{"error": {"type", "message"}}`), never a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import ConfigurationError, InputError, SummarizerError
from ..model.client import ModelConfig
from ..models import Report
from ..report.render import render
from ..settings import Settings
from .engine import Engine, Models, make_engine, worker_name
from .jobs import (
    ArticleAccepted,
    ArticleIn,
    Changes,
    JobOut,
    StoryIn,
    StoryOut,
    SummarizeRequest,
    run_job,
    story_report,
)
from .store import Job, Store, content_hash

log = logging.getLogger("summarizer.service.api")

MAX_BUCKETS = 10_000  # rate-limit state kept for at most this many callers at once


@dataclass
class ServiceConfig:
    """How `summarizer serve` runs: its command-line choices over the project settings."""

    db: str | None = None
    engine: str = "local"
    redis_url: str | None = None
    workers: int = 2
    api_keys: frozenset[str] = frozenset()
    max_body: int | None = None  # None: the settings' max_body (SUMMARIZER_MAX_BODY)
    rate_per_minute: int = 600  # per API key (or client address when no keys are set); 0: no limit
    model: ModelConfig | None = None
    sync_wait: float = 120.0  # seconds /v1/summarize and ?wait=true wait for a result
    settings: Settings = field(default_factory=Settings)

    @staticmethod
    def keys_from(env: str | None, keys_file: Path | None = None) -> frozenset[str]:
        keys = {k.strip() for k in (env or "").split(",") if k.strip()}
        if keys_file is not None:
            try:
                lines = keys_file.read_text(encoding="utf-8").splitlines()
            except OSError as err:
                raise ConfigurationError(f"cannot read the keys file {keys_file}: {err.strerror}") from None
            keys |= {line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")}
        return frozenset(keys)


@dataclass
class _State:
    settings: ServiceConfig
    store: Store
    engine: Engine
    models: Models
    requests: Counter[tuple[str, str, int]] = field(default_factory=Counter)
    buckets: dict[str, tuple[float, float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    started: float = field(default_factory=time.time)


def _error(status: int, kind: str, message: str, headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": {"type": kind, "message": message, **extra}}, status_code=status, headers=headers)


class BodyLimit:
    """413 for a body over the limit, by its Content-Length or, when streamed, as it arrives."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            if length.isdigit() and int(length) <= DRAIN_FACTOR * self.limit:
                await _drain(receive)  # read and drop it, so the client sees the answer, not a reset
            await _error(413, "too_large", f"the body is over the limit of {self.limit:,} bytes")(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await _error(413, "too_large", f"the body is over the limit of {self.limit:,} bytes")(scope, receive, send)


class _TooLarge(Exception):
    pass


DRAIN_FACTOR = 4  # bodies up to this many times the limit are read and dropped before the 413


async def _drain(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body"):
            return


def state(request: Request) -> _State:
    return request.app.state.s


def authorized(request: Request) -> str:
    """The caller's key (or address when the server has no keys), after the rate limit."""
    st = state(request)
    keys = st.settings.api_keys
    who = request.client.host if request.client else "unknown"
    if keys:
        given = request.headers.get("x-api-key")
        auth = request.headers.get("authorization", "")
        if not given and auth.lower().startswith("bearer "):
            given = auth[7:].strip()
        if not given or not any(hmac.compare_digest(given.encode(), k.encode()) for k in keys):
            raise HTTPException(
                401,
                "a valid API key is required (Authorization: Bearer KEY or X-Api-Key: KEY)",
                headers={"WWW-Authenticate": "Bearer"},
            )
        who = "key:" + content_hash(given)[:12]
    _rate_limit(st, who)
    return who


Caller = Annotated[str, Depends(authorized)]


def create_app(settings: ServiceConfig | None = None) -> FastAPI:
    settings = settings or ServiceConfig()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = Store(settings.db, settings=settings.settings)
        engine, models = make_engine(
            settings.engine,
            store,
            settings=settings.settings,
            model=settings.model,
            redis_url=settings.redis_url,
            workers=settings.workers,
        )
        app.state.s = _State(settings=settings, store=store, engine=engine, models=models)
        engine.start()
        log.info("summarizer %s serving; database %s; engine %s", __version__, store.where, engine.name)
        try:
            yield
        finally:
            engine.close()
            models.close()
            store.close()

    app = FastAPI(
        title="summarizer",
        version=__version__,
        summary="Grounded, reconciled fact tables and neutral summaries from several outlets' articles.",
        lifespan=lifespan,
    )
    app.add_middleware(BodyLimit, limit=settings.max_body or settings.settings.max_body)

    @app.middleware("http")
    async def count(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")
        st = getattr(request.app.state, "s", None)
        if st is not None:
            with st.lock:
                st.requests[(request.method, path, response.status_code)] += 1
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return _error(400, "invalid_json", "the body is not valid JSON")
        details = [{"loc": list(e.get("loc", ())), "message": str(e.get("msg", ""))} for e in errors[:20]]
        loc, message = (details[0]["loc"], details[0]["message"]) if details else ([], "invalid request")
        where = ".".join(str(p) for p in loc if p != "body")
        return _error(422, "invalid_request", f"{where}: {message}" if where else str(message), details=details)

    @app.exception_handler(StarletteHTTPException)  # FastAPI's HTTPException and the router's 404/405
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        kinds = {401: "unauthorized", 404: "not_found", 405: "method_not_allowed", 409: "conflict", 429: "rate_limited"}
        return _error(
            exc.status_code, kinds.get(exc.status_code, "error"), str(exc.detail), headers=dict(exc.headers or {})
        )

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> JSONResponse:
        return _error(422, "unreadable_article", str(exc))

    @app.exception_handler(SummarizerError)
    async def summarizer_error(request: Request, exc: SummarizerError) -> JSONResponse:
        return _error(400, type(exc).__name__, str(exc))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return _error(500, "internal", "internal error; the server log has the details")

    def _job_out(job: Job, st: _State, with_result: bool = True) -> JobOut:
        result = None
        if with_result and job.status == "done" and job.kind == "summarize":
            text = st.store.report(job.scope)
            result = Report.model_validate_json(text) if text else None
        story_id = job.scope.split(":", 1)[1] if job.scope.startswith("story:") else None
        article_id = job.request.get("article_id") if job.kind == "article" else None
        return JobOut(
            id=job.id,
            kind=job.kind,
            status=job.status,  # type: ignore[arg-type]
            done=job.done,
            total=job.total,
            attempts=job.attempts,
            error=job.error,
            story_id=story_id,
            article_id=article_id,
            created_at=job.created_at,
            finished_at=job.finished_at,
            result=result,
        )

    async def _wait(st: _State, job_id: str, seconds: float) -> Job:
        deadline = time.monotonic() + seconds
        delay = 0.02
        while True:
            job = await asyncio.to_thread(st.store.job, job_id)
            assert job is not None
            if job.status in ("done", "failed") or time.monotonic() > deadline:
                return job
            await asyncio.sleep(delay)
            delay = min(delay * 1.5, 0.5)

    def _check_articles(body: SummarizeRequest) -> None:
        """Refuse a request whose every article is unreadable before queueing it."""
        problems = []
        for i, item in enumerate(body.articles):
            try:
                item.parsed(i)
            except InputError as err:
                problems.append(str(err))
        if len(problems) == len(body.articles):
            raise HTTPException(422, "no readable article: " + "; ".join(problems)[:2000])

    @app.post("/v1/summarize", response_model=Report, tags=["summaries"])
    async def summarize(body: SummarizeRequest, request: Request, caller: Caller) -> Report:
        """Read, extract, ground, reconcile and summarise a small batch; answers with the Report."""
        st = state(request)
        await asyncio.to_thread(_check_articles, body)
        job_id = await asyncio.to_thread(
            st.store.create_job, "summarize", "", body.model_dump(mode="json"), len(body.articles)
        )
        await asyncio.to_thread(run_job, st.store, job_id, worker_name(), st.models, st.settings.settings.job_lease)
        job = await asyncio.to_thread(st.store.job, job_id)
        assert job is not None
        if job.status != "done":
            raise HTTPException(422, job.error or "the job failed")
        text = await asyncio.to_thread(st.store.report, job.scope)
        assert text is not None
        return Report.model_validate_json(text)

    @app.post("/v1/jobs", status_code=202, response_model=JobOut, tags=["jobs"])
    async def submit(body: SummarizeRequest, request: Request, response: Response, caller: Caller) -> JobOut:
        """Queue a summary; poll GET /v1/jobs/{id} for progress and the Report."""
        st = state(request)
        await asyncio.to_thread(_check_articles, body)
        job_id = await asyncio.to_thread(
            st.store.create_job, "summarize", "", body.model_dump(mode="json"), len(body.articles)
        )
        await asyncio.to_thread(st.engine.submit, job_id)
        job = await asyncio.to_thread(st.store.job, job_id)
        assert job is not None
        response.headers["Location"] = f"/v1/jobs/{job_id}"
        return _job_out(job, st, with_result=False)

    @app.get("/v1/jobs/{job_id}", response_model=JobOut, tags=["jobs"])
    async def job_status(job_id: str, request: Request, caller: Caller) -> JobOut:
        st = state(request)
        job = await asyncio.to_thread(st.store.job, job_id)
        if job is None:
            raise HTTPException(404, f"no job {job_id!r}")
        return await asyncio.to_thread(_job_out, job, st)

    @app.post("/v1/stories", status_code=201, response_model=StoryOut, tags=["stories"])
    async def new_story(body: StoryIn, request: Request, response: Response, caller: Caller) -> StoryOut:
        """A story collects articles as they arrive; its report is recomputed on each."""
        st = state(request)
        if body.webhook and not body.webhook.startswith(("http://", "https://")):
            raise HTTPException(422, "webhook must be an http(s) URL")
        story_id = await asyncio.to_thread(st.store.create_story, body.title, body.webhook, body.extractor)
        response.headers["Location"] = f"/v1/stories/{story_id}"
        return StoryOut(id=story_id, title=body.title, webhook=body.webhook)

    def _story(st: _State, story_id: str) -> dict[str, Any]:
        story = st.store.story(story_id)
        if story is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return story

    @app.get("/v1/stories/{story_id}", response_model=StoryOut, tags=["stories"])
    async def get_story(story_id: str, request: Request, caller: Caller) -> StoryOut:
        story = await asyncio.to_thread(_story, state(request), story_id)
        return StoryOut(id=story["id"], title=story["title"], webhook=story["webhook"])

    @app.post(
        "/v1/stories/{story_id}/articles",
        status_code=202,
        response_model=ArticleAccepted,
        tags=["stories"],
        responses={200: {"description": "The story already has this article"}, 201: {"description": "Done (wait)"}},
    )
    async def add_article(
        story_id: str,
        body: ArticleIn,
        request: Request,
        response: Response,
        caller: Caller,
        wait: Annotated[bool, Query(description="Answer when the report includes the article (201)")] = False,
    ) -> ArticleAccepted:
        """Queue one article's extraction (202); the story's report and change feed update when it is done."""
        st = state(request)
        story = await asyncio.to_thread(_story, st, story_id)
        article = await asyncio.to_thread(body.parsed)
        scope = f"story:{story_id}"
        digest = content_hash(article.text)
        existing = await asyncio.to_thread(st.store.article_exists, scope, digest)
        if existing is not None:
            response.status_code = 200
            return ArticleAccepted(story_id=story_id, article_id=existing, status="duplicate")
        if await asyncio.to_thread(st.store.article_id_taken, scope, article.id):
            raise HTTPException(409, f"the story already has a different article with id {article.id!r}")
        request_body = {
            "article": body.model_dump(mode="json"),
            "article_id": article.id,
            "extractor": story.get("extractor") or "rules",
        }
        job_id = await asyncio.to_thread(st.store.create_job, "article", scope, request_body, 1)
        await asyncio.to_thread(st.engine.submit, job_id)
        response.headers["Location"] = f"/v1/jobs/{job_id}"
        if not wait:
            return ArticleAccepted(story_id=story_id, article_id=article.id, job_id=job_id, status="queued")
        job = await _wait(st, job_id, st.settings.sync_wait)
        if job.status == "done":
            response.status_code = 201
        elif job.status == "failed":
            raise HTTPException(422, f"the article could not be added: {job.error}")
        return ArticleAccepted(
            story_id=story_id,
            article_id=article.id,
            job_id=job_id,
            status=job.status,  # type: ignore[arg-type]
            error=job.error,
        )

    @app.get(
        "/v1/stories/{story_id}/report",
        response_model=Report,
        tags=["stories"],
        responses={200: {"content": {"text/markdown": {}, "text/html": {}, "text/csv": {}}}},
    )
    async def story_report_view(
        story_id: str,
        request: Request,
        caller: Caller,
        format: Annotated[Literal["json", "md", "html", "csv"], Query()] = "json",  # noqa: A002
    ) -> Any:
        """The story's reconciled report, as of the last article that finished."""
        st = state(request)
        await asyncio.to_thread(_story, st, story_id)
        text = await asyncio.to_thread(st.store.report, f"story:{story_id}")
        report = Report.model_validate_json(text) if text else await asyncio.to_thread(story_report, [])
        if format == "json":
            return report
        media = {"md": "text/markdown", "html": "text/html", "csv": "text/csv"}[format]
        body = await asyncio.to_thread(render, report, format)
        return Response(body, media_type=f"{media}; charset=utf-8")

    @app.get("/v1/stories/{story_id}/changes", response_model=Changes, tags=["stories"])
    async def story_changes(
        story_id: str,
        request: Request,
        caller: Caller,
        since: Annotated[int, Query(ge=0, description="The `next` of the previous answer")] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 1000,
    ) -> Changes:
        """Articles added, clusters that appeared, conflicts new or changed; each names its article."""
        st = state(request)
        await asyncio.to_thread(_story, st, story_id)
        items = await asyncio.to_thread(st.store.changes_since, story_id, since, limit)
        return Changes.model_validate(
            {"story_id": story_id, "changes": items, "next": items[-1]["seq"] if items else since}
        )

    @app.get("/healthz", tags=["operations"])
    async def healthz(request: Request) -> dict[str, Any]:
        st = state(request)
        try:
            await asyncio.to_thread(st.store.job_counts)
        except Exception as err:
            raise HTTPException(503, f"database unavailable: {type(err).__name__}") from None
        return {"status": "ok", "version": __version__, "engine": st.engine.name}

    @app.get("/metrics", response_class=PlainTextResponse, tags=["operations"])
    async def metrics(request: Request, caller: Caller) -> str:
        """Prometheus text: requests, jobs, model calls, tokens, errors."""
        return await asyncio.to_thread(_metrics, state(request))

    return app


def _rate_limit(st: _State, who: str) -> None:
    rate = st.settings.rate_per_minute
    if rate <= 0:
        return
    per_second = rate / 60.0
    now = time.monotonic()
    with st.lock:
        if len(st.buckets) > MAX_BUCKETS:  # forget callers whose budget has refilled
            full = [k for k, (t, last) in st.buckets.items() if t + (now - last) * per_second >= rate]
            for k in full:
                del st.buckets[k]
        tokens, last = st.buckets.get(who, (float(rate), now))
        tokens = min(float(rate), tokens + (now - last) * per_second)
        if tokens < 1:
            retry = max(1, int((1 - tokens) / per_second + 0.999))
            st.buckets[who] = (tokens, now)
            raise HTTPException(429, f"rate limit of {rate} requests a minute", headers={"Retry-After": str(retry)})
        st.buckets[who] = (tokens - 1, now)


def _metrics(st: _State) -> str:
    lines = [
        "# HELP summarizer_requests_total HTTP requests by method, route and status.",
        "# TYPE summarizer_requests_total counter",
    ]
    with st.lock:
        requests = sorted(st.requests.items())
    for (method, path, status), n in requests:
        lines.append(f'summarizer_requests_total{{method="{method}",route="{path}",status="{status}"}} {n}')
    lines += ["# HELP summarizer_jobs Jobs in the store by status.", "# TYPE summarizer_jobs gauge"]
    for job_status, n in st.store.job_counts().items():
        lines.append(f'summarizer_jobs{{status="{job_status}"}} {n}')
    totals = st.store.call_totals()
    lines += [
        "# HELP summarizer_model_calls_total Model calls in the call log.",
        "# TYPE summarizer_model_calls_total counter",
        f"summarizer_model_calls_total {totals['calls']}",
        "# HELP summarizer_model_errors_total Model calls that failed.",
        "# TYPE summarizer_model_errors_total counter",
        f"summarizer_model_errors_total {totals['errors']}",
        "# HELP summarizer_tokens_total Tokens sent and received.",
        "# TYPE summarizer_tokens_total counter",
        f'summarizer_tokens_total{{direction="prompt"}} {totals["prompt_tokens"]}',
        f'summarizer_tokens_total{{direction="completion"}} {totals["completion_tokens"]}',
        "# HELP summarizer_uptime_seconds Seconds since the server started.",
        "# TYPE summarizer_uptime_seconds gauge",
        f"summarizer_uptime_seconds {time.time() - st.started:.0f}",
    ]
    return "\n".join(lines) + "\n"

