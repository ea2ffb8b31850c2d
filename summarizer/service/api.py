"""The HTTP service: a thin translator from requests to the library, the store and an engine.

`create_app(ServiceConfig(...))` builds the FastAPI app; `summarizer serve` runs it on uvicorn.
Request and answer bodies are the library's pydantic models, so /docs and /openapi.json are
generated from the same types the Python API returns. Every error is JSON
(`{"error": {"type", "message"}}`), never a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
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
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import ConfigurationError, InputError, SummarizerError
from ..model.client import ModelConfig
from ..models import Report
from ..report.render import render
from ..settings import Settings
from .engine import Engine, Models, make_engine
from .jobs import story_report
from .outbound import Allowed, Refused, check_url, redacted
from .requests import ArticleAccepted, ArticleIn, Changes, JobOut, StoryIn, StoryOut, SummarizeRequest
from .store import Job, Store, content_hash, story_scope
from .webhooks import Deliverer, webhook_state

log = logging.getLogger("summarizer.service.api")

MAX_BUCKETS = 10_000  # rate-limit state kept for at most this many callers at once
MAX_SEQ = 2**63 - 1  # feed sequence numbers are 64-bit on every back end


MIN_KEY_LENGTH = 24


@dataclass(frozen=True)
class Keys:
    """The service's API keys and their tenants, held as SHA-256 digests (compared in constant
    time); an optional admin key reads and writes every tenant's stories and jobs."""

    tenants: dict[str, str] = field(default_factory=dict)  # sha256 hex of a key -> tenant name
    admin: str | None = None  # sha256 hex of the admin key

    def __bool__(self) -> bool:
        return bool(self.tenants or self.admin)

    @classmethod
    def parse(cls, env: str | None, keys_file: Path | None = None, admin: str | None = None) -> Keys:
        """Keys from `SUMMARIZER_API_KEYS` (comma-separated) and a keys file (one per line; `#`
        comments), each `tenant:key`, `tenant:sha256:<hex digest of the key>`, or a bare key (its
        own tenant, named by its digest). Keys shorter than 24 characters are refused."""
        items = [k.strip() for k in (env or "").split(",") if k.strip()]
        if keys_file is not None:
            try:
                lines = keys_file.read_text(encoding="utf-8").splitlines()
            except OSError as err:
                raise ConfigurationError(f"cannot read the keys file {keys_file}: {err.strerror}") from None
            items += [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
        tenants: dict[str, str] = {}
        for n, item in enumerate(items, 1):
            name, _, rest = item.partition(":") if ":" in item else ("", "", item)
            if rest.startswith("sha256:"):
                digest = rest[len("sha256:") :].lower()
                if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
                    raise ConfigurationError(f"API key {n}: a sha256: key is 64 hex digits")
            else:
                _long_enough(rest, f"API key {n}" + (f" (tenant {name})" if name else ""))
                digest = _digest(rest)
            tenants[digest] = name or f"key-{digest[:12]}"
        admin_digest = None
        if admin:
            _long_enough(admin, "the admin key")
            admin_digest = _digest(admin)
        return cls(tenants, admin_digest)

    def tenant_of(self, given: str) -> str | None:
        """The tenant of a presented key ("*" for the admin key), None when it is no key of ours."""
        digest = _digest(given)
        found = None
        for known, tenant in self.tenants.items():  # every comparison made, in constant time
            if hmac.compare_digest(digest, known):
                found = tenant
        if self.admin is not None and hmac.compare_digest(digest, self.admin):
            found = ADMIN
        return found


ADMIN = "*"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _long_enough(key: str, what: str) -> None:
    if len(key) < MIN_KEY_LENGTH:
        raise ConfigurationError(
            f"{what} is {len(key)} characters; keys must be at least {MIN_KEY_LENGTH} "
            "(python -c 'import secrets; print(secrets.token_urlsafe(32))' makes one)"
        )


@dataclass
class ServiceConfig:
    """How `summarizer serve` runs: its command-line choices over the project settings."""

    db: str | None = None
    engine: str = "local"
    redis_url: str | None = None
    workers: int = 2
    keys: Keys = field(default_factory=Keys)
    max_body: int | None = None  # None: the settings' max_body (SUMMARIZER_MAX_BODY)
    rate_per_minute: int = 600  # per API key (or client address when no keys are set); 0: no limit
    model: ModelConfig | None = None
    sync_wait: float = 120.0  # seconds /v1/summarize and ?wait=true wait for a result
    docs: bool = False  # /docs and /openapi.json (off unless asked for)
    settings: Settings = field(default_factory=Settings)


@dataclass(frozen=True)
class Caller:
    """Who is calling: their tenant (None: the admin key, every tenant) and a name for the rate
    limit and the logs (never the key)."""

    tenant: str | None
    who: str


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
    """413 for a body over the limit, by its Content-Length or, when streamed (chunked), as it
    arrives: the body is read whole before the app sees it, so the app never fails half-way
    through one."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = _error(413, "too_large", f"the body is over the limit of {self.limit:,} bytes")
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            if length.isdigit() and int(length) <= DRAIN_FACTOR * self.limit:
                await _drain(receive)  # read and drop it, so the client sees the answer, not a reset
            await too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.limit:
                if message.get("more_body") and seen <= DRAIN_FACTOR * self.limit:
                    await _drain(receive)
                await too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the client to disconnect

        await self.app(scope, replay, send)


DRAIN_FACTOR = 4  # bodies up to this many times the limit are read and dropped before the 413


async def _drain(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body"):
            return


class CatchAll:
    """An unexpected error becomes a JSON 500 here, inside the app, so the server keeps the
    connection (Starlette's outer error handler re-raises, and uvicorn then drops it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception:
            if started:
                raise
            log.exception("internal error on %s %s", scope.get("method"), scope.get("path"))
            await _error(500, "internal", "internal error; the server log has the details")(scope, receive, send)


_REPORT_CSP = (
    "default-src 'none'; script-src 'sha256-{script}'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
_DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)
_API_CSP = "default-src 'none'; frame-ancestors 'none'"


class SecurityHeaders:
    """On every answer: nosniff, no caching, no framing, no referrer, and a Content-Security-
    Policy (the HTML report may run its own script only, by hash; /docs its own files only)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        from ..report.review import script_hash

        self.report_csp = _REPORT_CSP.format(script=script_hash())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                kind = headers.get("content-type", "")
                if path.startswith("/docs"):
                    policy = _DOCS_CSP
                elif kind.startswith("text/html"):
                    policy = self.report_csp
                else:
                    policy = _API_CSP
                headers.setdefault("Content-Security-Policy", policy)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Cache-Control", "no-store")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "no-referrer")
            await send(message)

        await self.app(scope, receive, sending)


def _mount_docs(app: FastAPI) -> None:
    """/docs from the swagger-ui-bundle package's own files (no CDN), when `--docs` asks for it."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles

    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError as err:
        raise ConfigurationError("--docs needs the 'service' extra: pip install 'summarizer[service]'") from err
    app.mount("/docs/static", StaticFiles(directory=str(swagger_ui_path)), name="docs-static")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> Response:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="summarizer API",
            swagger_js_url="/docs/static/swagger-ui-bundle.js",
            swagger_css_url="/docs/static/swagger-ui.css",
            swagger_favicon_url="data:,",
        )


def state(request: Request) -> _State:
    return request.app.state.s


def authorized(request: Request) -> Caller:
    """The caller's tenant, after the key check and the rate limits. Wrong keys count against
    the client's address: past `auth_failures` a minute it gets 429 until its budget refills."""
    st = state(request)
    keys = st.settings.keys
    address = request.client.host if request.client else "unknown"
    if not keys:
        _rate_limit(st, address, st.settings.rate_per_minute)
        return Caller(tenant="", who=address)
    given = request.headers.get("x-api-key")
    auth = request.headers.get("authorization", "")
    if not given and auth.lower().startswith("bearer "):
        given = auth[7:].strip()
    _wait_if_blocked(st, address)
    tenant = keys.tenant_of(given) if given else None
    if tenant is None:
        log.warning("refused a request from %s: %s", address, "wrong API key" if given else "no API key")
        _rate_limit(st, "fail:" + address, st.settings.settings.auth_failures)
        raise HTTPException(
            401,
            "a valid API key is required (Authorization: Bearer KEY or X-Api-Key: KEY)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    caller = Caller(tenant=None if tenant == ADMIN else tenant, who=f"tenant:{tenant}")
    _rate_limit(st, caller.who, st.settings.rate_per_minute)
    return caller


CallerDep = Annotated[Caller, Depends(authorized)]


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
        deliverer = Deliverer(store, settings.settings)
        deliverer.start()
        log.info("summarizer %s serving; database %s; engine %s", __version__, store.where, engine.name)
        try:
            yield
        finally:
            deliverer.close()
            engine.close()
            models.close()
            store.close()

    app = FastAPI(
        title="summarizer",
        version=__version__,
        summary="Grounded, reconciled fact tables and neutral summaries from several outlets' articles.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json" if settings.docs else None,
    )
    app.add_middleware(CatchAll)  # innermost: a 500 is an answer, never a dropped connection
    app.add_middleware(BodyLimit, limit=settings.max_body or settings.settings.max_body)
    if origins := [o.strip() for o in (settings.settings.cors_origins or "").split(",") if o.strip()]:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "X-Api-Key", "Content-Type"],
            expose_headers=["Location", "Retry-After"],
        )
    app.add_middleware(SecurityHeaders)
    if settings.docs:
        _mount_docs(app)

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
        kinds = {
            401: "unauthorized",
            404: "not_found",
            405: "method_not_allowed",
            409: "conflict",
            413: "too_large",
            429: "rate_limited",
            504: "timeout",
        }
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
        story_id = job.story_id
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

    async def _fresh(st: _State, story: dict[str, Any], seconds: float) -> None:
        """Wait (up to `seconds`) until the story's stored report covers every article stored
        when asked: a report is rebuilt after arrivals, not by them, so a reader waits for the
        build under way or the one queued (handed to the engine again, in case its worker died
        before taking it). On timeout the last report built is what the reader gets."""
        scope = story_scope(story["id"])

        def behind() -> int | None:
            with st.store.engine.connect() as conn:
                revision = st.store.story_revision(conn, story["id"])
            return revision if st.store.report_revision(scope) < revision else None

        wanted = await asyncio.to_thread(behind)
        if wanted is None:
            return
        queued = await asyncio.to_thread(st.store.queued_build, story["id"])
        if queued is not None:
            await asyncio.to_thread(st.engine.submit, queued)
        deadline = time.monotonic() + seconds
        delay = 0.02
        while time.monotonic() < deadline:
            if await asyncio.to_thread(st.store.report_revision, scope) >= wanted:
                return
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
    async def summarize(body: SummarizeRequest, request: Request, caller: CallerDep) -> Report:
        """Read, extract, ground, reconcile and summarise a small batch; answers with the Report.
        The work runs in the engine like any job; past the server's wait (120 s) the answer is
        504 with the job's Location to poll."""
        st = state(request)
        await asyncio.to_thread(_check_articles, body)
        job_id = await asyncio.to_thread(
            st.store.create_job, "summarize", body.model_dump(mode="json"), len(body.articles), caller.tenant or ""
        )
        await asyncio.to_thread(st.engine.submit, job_id)
        job = await _wait(st, job_id, st.settings.sync_wait)
        if job.status == "failed":
            raise HTTPException(422, job.error or "the job failed")
        if job.status != "done":
            raise HTTPException(
                504, f"still running; poll /v1/jobs/{job_id}", headers={"Location": f"/v1/jobs/{job_id}"}
            )
        text = await asyncio.to_thread(st.store.report, job.scope)
        assert text is not None
        return Report.model_validate_json(text)

    @app.post("/v1/jobs", status_code=202, response_model=JobOut, tags=["jobs"])
    async def submit(body: SummarizeRequest, request: Request, response: Response, caller: CallerDep) -> JobOut:
        """Queue a summary; poll GET /v1/jobs/{id} for progress and the Report."""
        st = state(request)
        await asyncio.to_thread(_check_articles, body)
        job_id = await asyncio.to_thread(
            st.store.create_job, "summarize", body.model_dump(mode="json"), len(body.articles), caller.tenant or ""
        )
        await asyncio.to_thread(st.engine.submit, job_id)
        job = await asyncio.to_thread(st.store.job, job_id)
        assert job is not None
        response.headers["Location"] = f"/v1/jobs/{job_id}"
        return _job_out(job, st, with_result=False)

    @app.get("/v1/jobs/{job_id}", response_model=JobOut, tags=["jobs"])
    async def job_status(job_id: str, request: Request, caller: CallerDep) -> JobOut:
        st = state(request)
        job = await asyncio.to_thread(st.store.job, job_id, caller.tenant)
        if job is None:
            raise HTTPException(404, f"no job {job_id!r}")
        return await asyncio.to_thread(_job_out, job, st)

    @app.post("/v1/stories", status_code=201, response_model=StoryOut, tags=["stories"])
    async def new_story(body: StoryIn, request: Request, response: Response, caller: CallerDep) -> StoryOut:
        """A story collects articles as they arrive; its report is recomputed on each."""
        st = state(request)
        if body.webhook:
            allowed = Allowed.parse(st.settings.settings.webhook_allow)
            try:
                await asyncio.to_thread(check_url, body.webhook, allowed)
            except Refused as err:
                raise HTTPException(422, str(err)) from None
        tenant = caller.tenant or ""
        story_id = await asyncio.to_thread(st.store.create_story, body.title, body.webhook, body.extractor, tenant)
        response.headers["Location"] = f"/v1/stories/{story_id}"
        log.info("story %s created by %s; webhook %s", story_id, caller.who, redacted(body.webhook or "none"))
        return StoryOut(id=story_id, title=body.title, webhook=redacted(body.webhook) if body.webhook else None)

    def _story(st: _State, story_id: str, caller: Caller) -> dict[str, Any]:
        story = st.store.story(story_id, caller.tenant)
        if story is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return story

    @app.get("/v1/stories/{story_id}", response_model=StoryOut, tags=["stories"])
    async def get_story(story_id: str, request: Request, caller: CallerDep) -> StoryOut:
        story = await asyncio.to_thread(_story, state(request), story_id, caller)
        webhook = redacted(story["webhook"]) if story["webhook"] else None
        return StoryOut(id=story["id"], title=story["title"], webhook=webhook)

    @app.get("/v1/stories/{story_id}/webhook", tags=["stories"])
    async def story_webhook(story_id: str, request: Request, caller: CallerDep) -> dict[str, Any]:
        """The story's webhook deliveries: counts, and the latest with their attempts, last status
        and next attempt."""
        st = state(request)
        story = await asyncio.to_thread(_story, st, story_id, caller)
        return await asyncio.to_thread(webhook_state, st.store, story)

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
        caller: CallerDep,
        wait: Annotated[bool, Query(description="Answer when the report includes the article (201)")] = False,
    ) -> ArticleAccepted:
        """Queue one article's extraction (202); the story's report and change feed update when it is done."""
        st = state(request)
        story = await asyncio.to_thread(_story, st, story_id, caller)
        article = await asyncio.to_thread(body.parsed)
        scope = story_scope(story_id)
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
        job_id = await asyncio.to_thread(
            functools.partial(st.store.create_job, story_id=story_id), "article", request_body, 1, story["tenant"]
        )
        await asyncio.to_thread(st.engine.submit, job_id)
        response.headers["Location"] = f"/v1/jobs/{job_id}"
        if not wait:
            return ArticleAccepted(story_id=story_id, article_id=article.id, job_id=job_id, status="queued")
        started = time.monotonic()
        job = await _wait(st, job_id, st.settings.sync_wait)
        if job.status == "done":
            await _fresh(st, story, st.settings.sync_wait - (time.monotonic() - started))
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
        caller: CallerDep,
        format: Annotated[Literal["json", "md", "html", "csv"], Query()] = "json",
    ) -> Any:
        """The story's reconciled report, including every article whose job is done (the reader
        waits for the build that adds the latest, up to the service's wait)."""
        st = state(request)
        story = await asyncio.to_thread(_story, st, story_id, caller)
        await _fresh(st, story, st.settings.sync_wait)
        text = await asyncio.to_thread(st.store.report, story_scope(story_id))
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
        caller: CallerDep,
        since: Annotated[int, Query(ge=0, le=MAX_SEQ, description="The `next` of the previous answer")] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 1000,
    ) -> Changes:
        """Articles added; clusters added, merged or removed; conflicts new, changed or resolved. Each
        names its article and the cluster's lasting id; replayed from the start, the conflict events
        give exactly the report's conflicts."""
        st = state(request)
        story = await asyncio.to_thread(_story, st, story_id, caller)
        await _fresh(st, story, st.settings.sync_wait)
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
    async def metrics(request: Request, caller: CallerDep) -> str:
        """Prometheus text: requests, jobs, model calls, tokens, errors."""
        return await asyncio.to_thread(_metrics, state(request))

    return app


def _rate_limit(st: _State, who: str, rate: int) -> None:
    """A token bucket of `rate` a minute for `who`; 429 with Retry-After when it is empty."""
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


def _wait_if_blocked(st: _State, address: str) -> None:
    """429 while an address has spent its budget of wrong keys (checked before any key)."""
    rate = st.settings.settings.auth_failures
    per_second = rate / 60.0
    with st.lock:
        tokens, last = st.buckets.get("fail:" + address, (float(rate), time.monotonic()))
    tokens = min(float(rate), tokens + (time.monotonic() - last) * per_second)
    if tokens < 1:
        retry = max(1, int((1 - tokens) / per_second + 0.999))
        log.warning("refused a request from %s: too many wrong API keys", address)
        message = f"too many wrong API keys from this address; try again in {retry} s"
        raise HTTPException(429, message, headers={"Retry-After": str(retry)})


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
