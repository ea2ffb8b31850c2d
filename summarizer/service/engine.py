"""Engines run the service's jobs: `local` (a thread pool inside the server, the default) or
`rq` (jobs on Redis, run by `summarizer worker` processes on any machine that shares Redis and
the database). One small interface, `submit(job_id)`, like docling-serve's orchestrators.

The store is the source of truth for jobs: a worker holds a job by a lease it renews while it
works. A reaper (in the server) puts a job whose lease ran out (its worker died) back on the
queue, up to `Settings.job_attempts` times, then marks it failed with the reason. Queued jobs left over from a
stopped server are submitted again when it starts.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import multiprocessing
import os
import socket
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from ..errors import ConfigurationError
from ..model.client import ModelClient, ModelConfig, open_model
from ..pipeline import choose_extractor
from ..settings import Settings
from .jobs import run_job
from .store import Store

log = logging.getLogger(__name__)

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
        if choose_extractor(extractor, self.config, None) == "rules":  # the pipeline's one rule for "auto"
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
    """Requeues jobs whose worker died, every `settings.reap_interval` seconds, in a daemon thread."""

    def __init__(self, store: Store, requeue: Any, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.requeue = requeue
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True, name="summarizer-reaper")

    def start(self) -> None:
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(self.settings.reap_interval):
            self.once()

    def once(self) -> None:
        try:
            requeued, failed = self.store.stale_jobs(self.settings.job_attempts)
        except Exception:
            log.exception("reaper: could not read the jobs")
            return
        for job_id in requeued:
            log.warning("job %s: its worker stopped; queued again", job_id)
            self.requeue(job_id)
        for job_id in failed:
            log.warning("job %s: its worker stopped %d times; failed", job_id, self.settings.job_attempts)

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
    """Jobs run beside the server, never on the loop that answers requests: rules jobs (CPU work
    the GIL would serialise) in `workers` worker processes, each with its own database connection
    and parser loaded once; jobs that ask a model (waiting on it, sharing the one client and the
    embedded model) on threads of the server process."""

    name = "local"

    def __init__(self, store: Store, models: Models, workers: int = 2, *, settings: Settings) -> None:
        self.store = store
        self.models = models
        self.lease = settings.job_lease
        self.workers = max(1, workers)
        self.threads = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="summarizer-job")
        context = multiprocessing.get_context("spawn")  # never fork a process that holds threads
        self.processes = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=context,
            initializer=_start_worker_process,
            initargs=(os.getpid(), store.url, models.config, settings),
        )
        self.reaper = _Reaper(store, self.submit, settings)
        self.worker = worker_name()

    def start(self) -> None:
        for _ in range(self.workers):  # start the processes and load their parsers now
            self.processes.submit(_ready)
        super().start()

    def submit(self, job_id: str) -> None:
        job = self.store.job(job_id)
        extractor = (job.request.get("extractor") if job else None) or "rules"
        rules_only = choose_extractor(extractor, self.models.config, None) == "rules"
        if rules_only:
            future = self.processes.submit(work, job_id)
            future.add_done_callback(functools.partial(_report_failure, job_id))
        else:
            self.threads.submit(self._run, job_id)

    def _run(self, job_id: str) -> None:
        try:
            run_job(self.store, job_id, self.worker, self.models, self.lease)
        except Exception:  # the store is away: the reaper will requeue the job later
            log.exception("job %s could not run", job_id)

    def close(self) -> None:
        self.reaper.close()
        self.threads.shutdown(wait=True, cancel_futures=True)
        self.processes.shutdown(wait=True, cancel_futures=True)


def _report_failure(job_id: str, future: Future[str | None]) -> None:
    if future.cancelled():
        return
    if (error := future.exception()) is not None:  # the store is away, or the process died: the reaper requeues
        log.error("job %s could not run in a worker process: %s", job_id, type(error).__name__)


def _start_worker_process(server: int, db: str, config: ModelConfig | None, settings: Settings) -> None:
    """What a local engine's worker process does once, before its first job."""
    global _PROCESS
    _leave_with_parent(server)
    store = Store(db, settings=settings)
    _PROCESS = _WorkerProcess(store, Models(config, store), settings.job_lease)
    from ..language.nlp import pipeline

    pipeline()


def _leave_with_parent(parent: int, every: float = 1.0) -> None:
    """A worker process exits when the server that started it is gone (killed hard, its pool
    never told; perhaps before this process was ready): it is adopted by another process, so its
    parent id is no longer the server's. A job it held goes back on the queue when its lease runs
    out (the next server's reaper)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(0)

    threading.Thread(target=watch, name="summarizer-parent-watch", daemon=True).start()


def _ready() -> bool:
    return _PROCESS is not None


class RQEngine(_Queueing):
    """Jobs go to a Redis queue; `summarizer worker` processes run them."""

    name = "rq"

    def __init__(self, store: Store, redis_url: str, *, settings: Settings) -> None:
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
        self.reaper = _Reaper(store, self.submit, settings)

    def submit(self, job_id: str) -> None:
        job = self.store.job(job_id)
        attempt = job.attempts if job else 0
        # one rq job per attempt: a requeued job gets a fresh rq id
        self.queue.enqueue(
            "summarizer.service.engine.work", job_id, job_id=f"{job_id}-{attempt}", result_ttl=600, failure_ttl=86400
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
    kind: str,
    store: Store,
    *,
    settings: Settings,
    model: ModelConfig | None = None,
    redis_url: str | None = None,
    workers: int = 2,
) -> tuple[Engine, Models]:
    models = Models(model, store)
    if kind == "local":
        return LocalEngine(store, models, workers, settings=settings), models
    if kind == "rq":
        return RQEngine(store, redis_url or settings.redis, settings=settings), models
    raise ConfigurationError(f"unknown engine {kind!r}; use local or rq")


# ----------------------------------------------------------------------------------------------
# the rq worker side


@dataclass
class _WorkerProcess:
    """What an rq worker process holds for its jobs: set once by `run_worker` when it starts."""

    store: Store
    models: Models
    lease: float


_PROCESS: _WorkerProcess | None = None


def work(job_id: str) -> str | None:
    """What an rq worker runs for one job (`summarizer worker` started the process)."""
    if _PROCESS is None:
        raise ConfigurationError("summarizer.service.engine.work runs inside `summarizer worker` only")
    return run_job(_PROCESS.store, job_id, worker_name(), _PROCESS.models, _PROCESS.lease)


def run_worker(
    db: str | None,
    redis_url: str,
    *,
    burst: bool = False,
    model: ModelConfig | None = None,
    settings: Settings | None = None,
) -> None:
    """Run an rq worker in this process (no fork per job: the language model stays loaded)."""
    global _PROCESS
    import redis
    from rq import SimpleWorker

    settings = settings or Settings()
    store = Store(db or settings.db)
    _PROCESS = _WorkerProcess(store, Models(model, store), settings.job_lease)
    from ..language.nlp import pipeline

    pipeline()  # load the parser once, before the first job
    from .webhooks import Deliverer

    deliverer = Deliverer(store, settings)  # webhooks go out from every worker as well as the server
    deliverer.start()
    connection = redis.Redis.from_url(redis_url)
    try:
        SimpleWorker([QUEUE], connection=connection).work(burst=burst, with_scheduler=False)
    finally:
        deliverer.close()
