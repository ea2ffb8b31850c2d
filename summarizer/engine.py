"""Engines run the service's jobs: `local` (a thread pool inside the server, the default) or
`rq` (jobs on Redis, run by `summarizer worker` processes on any machine that shares Redis and
the database). One small interface, `submit(job_id)`, like docling-serve's orchestrators.

The store is the source of truth for jobs: a worker holds a job by a lease it renews while it
works. A reaper (in the server) puts a job whose lease ran out (its worker died) back on the
queue, up to `MAX_ATTEMPTS`, then marks it failed with the reason. Queued jobs left over from a
stopped server are submitted again when it starts.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from .errors import ConfigurationError
from .jobs import run_job
from .llm import ModelClient, ModelConfig, open_model
from .pipeline import model_available
from .store import Store

log = logging.getLogger(__name__)

LEASE = float(os.environ.get("SUMMARIZER_JOB_LEASE", "30"))  # seconds a worker holds a job unrenewed
REAP_EVERY = float(os.environ.get("SUMMARIZER_REAP_EVERY", str(max(1.0, LEASE / 3))))
MAX_ATTEMPTS = int(os.environ.get("SUMMARIZER_JOB_ATTEMPTS", "3"))
QUEUE = "summarizer"


class Models:
    """The model client jobs share, opened on first need and closed with the engine."""

    def __init__(self, config: ModelConfig | None, store: Store | None) -> None:
        self.config = config
        self.store = store
        self._stack = contextlib.ExitStack()
        self._client: ModelClient | None = None
        self._lock = threading.Lock()

    def __call__(self, extractor: str) -> ModelClient | None:
        if extractor == "rules" or (extractor == "auto" and not model_available(self.config)):
            return None
        with self._lock:
            if self._client is None:
                on_call = self.store.log_call if self.store else None
                self._client = self._stack.enter_context(open_model(self.config, on_call=on_call))
            return self._client

    def close(self) -> None:
        self._stack.close()


class Engine(Protocol):
    name: str

    def submit(self, job_id: str) -> None: ...

    def start(self) -> None: ...

    def close(self) -> None: ...


class _Reaper:
    """Requeues jobs whose worker died, every REAP_EVERY seconds, in a daemon thread."""

    def __init__(self, store: Store, requeue: Any) -> None:
        self.store = store
        self.requeue = requeue
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True, name="summarizer-reaper")

    def start(self) -> None:
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(REAP_EVERY):
            self.once()

    def once(self) -> None:
        try:
            requeued, failed = self.store.stale_jobs(MAX_ATTEMPTS)
        except Exception:
            log.exception("reaper: could not read the jobs")
            return
        for job_id in requeued:
            log.warning("job %s: its worker stopped; queued again", job_id)
            self.requeue(job_id)
        for job_id in failed:
            log.warning("job %s: its worker stopped %d times; failed", job_id, MAX_ATTEMPTS)

    def close(self) -> None:
        self._stop.set()


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class _Queueing:
    """What both engines do on start: queue again what a stopped server left queued, and reap."""

    store: Store
    reaper: _Reaper

    def submit(self, job_id: str) -> None:
        raise NotImplementedError

    def start(self) -> None:
        for job_id in self.store.queued_jobs():
            self.submit(job_id)
        self.reaper.start()


class LocalEngine(_Queueing):
    """Jobs run in a thread pool of the server process."""

    name = "local"

    def __init__(self, store: Store, models: Models, workers: int = 2) -> None:
        self.store = store
        self.models = models
        self.pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="summarizer-job")
        self.reaper = _Reaper(store, self.submit)
        self.worker = worker_name()

    def submit(self, job_id: str) -> None:
        self.pool.submit(self._run, job_id)

    def _run(self, job_id: str) -> None:
        try:
            run_job(self.store, job_id, self.worker, self.models, LEASE)
        except Exception:  # the store is away: the reaper will requeue the job later
            log.exception("job %s could not run", job_id)

    def close(self) -> None:
        self.reaper.close()
        self.pool.shutdown(wait=True, cancel_futures=True)


class RQEngine(_Queueing):
    """Jobs go to a Redis queue; `summarizer worker` processes run them."""

    name = "rq"

    def __init__(self, store: Store, redis_url: str) -> None:
        try:
            import redis
            from rq import Queue
        except ImportError as err:
            raise ConfigurationError(
                "the rq engine needs the 'service' extra: pip install 'summarizer[service]'"
            ) from err
        self.store = store
        self.redis = redis.Redis.from_url(redis_url)
        try:
            self.redis.ping()
        except redis.RedisError as err:
            raise ConfigurationError(f"cannot reach Redis at {_safe_url(redis_url)}: {type(err).__name__}") from None
        self.queue = Queue(QUEUE, connection=self.redis)
        self.reaper = _Reaper(store, self.submit)

    def submit(self, job_id: str) -> None:
        job = self.store.job(job_id)
        attempt = job.attempts if job else 0
        # one rq job per attempt: a requeued job gets a fresh rq id
        self.queue.enqueue(
            "summarizer.engine.work", job_id, job_id=f"{job_id}-{attempt}", result_ttl=600, failure_ttl=86400
        )

    def close(self) -> None:
        self.reaper.close()
        self.redis.close()


def _safe_url(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = parts.hostname or ""
    return f"{parts.scheme}://{host}{':' + str(parts.port) if parts.port else ''}{parts.path}"


def make_engine(
    kind: str, store: Store, *, model: ModelConfig | None = None, redis_url: str | None = None, workers: int = 2
) -> tuple[Engine, Models]:
    models = Models(model, store)
    if kind == "local":
        return LocalEngine(store, models, workers), models
    if kind == "rq":
        url = redis_url or os.environ.get("SUMMARIZER_REDIS") or "redis://127.0.0.1:6379/0"
        return RQEngine(store, url), models
    raise ConfigurationError(f"unknown engine {kind!r}; use local or rq")


# ----------------------------------------------------------------------------------------------
# the rq worker side

_WORKER: dict[str, Any] = {}


def work(job_id: str) -> str | None:
    """What an rq worker runs for one job (its database comes from `summarizer worker --db`)."""
    store = _WORKER.get("store")
    if store is None:
        store = _WORKER["store"] = Store(os.environ.get("SUMMARIZER_DB"))
        _WORKER["models"] = Models(None, store)
    return run_job(store, job_id, worker_name(), _WORKER["models"], LEASE)


def run_worker(db: str | None, redis_url: str, *, burst: bool = False, model: ModelConfig | None = None) -> None:
    """Run an rq worker in this process (no fork per job: the language model stays loaded)."""
    import redis
    from rq import SimpleWorker

    store = Store(db)
    _WORKER["store"] = store
    _WORKER["models"] = Models(model, store)
    from .nlp import pipeline

    pipeline()  # load the parser once, before the first job
    connection = redis.Redis.from_url(redis_url)
    SimpleWorker([QUEUE], connection=connection).work(burst=burst, with_scheduler=False)
