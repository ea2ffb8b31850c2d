"""Where the service keeps everything: stories, articles and their fact tables, reports, jobs,
the change feed and the model call log.

One schema on SQLite (the default: a file in the user's data directory) and on PostgreSQL (a
`postgresql://` URL, for several machines sharing one database). Tables are created and
migrated by `Store.migrate()` through the frozen, named steps in `migrations.py` (the tables
below are today's shape for queries; no migration builds from them).

Idempotency lives in the schema: an article is unique by (scope, content hash), so the same
article added twice, or a retried job, is stored once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..errors import ConfigurationError
from ..settings import Settings
from . import migrations

metadata = sa.MetaData()

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("webhook", sa.Text),
    sa.Column("extractor", sa.String(20), nullable=False, default="rules"),
    sa.Column("revision", sa.Integer, nullable=False, default=0),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("clusters_issued", sa.Integer, nullable=False, default=0),  # lasting cluster ids given so far
    sa.Column("tenant", sa.String(100), nullable=False, default=""),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("scope", sa.String(80), nullable=False),  # "story:<id>" or "job:<id>"
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("article_id", sa.Text, nullable=False),
    sa.Column("article", sa.Text, nullable=False),  # Article JSON
    sa.Column("fact_table", sa.Text),  # FactTable JSON
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("scope", "content_hash", name="uq_articles_scope_hash"),
)

reports = sa.Table(
    "reports",
    metadata,
    sa.Column("scope", sa.String(80), primary_key=True),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("report", sa.Text, nullable=False),  # Report JSON
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(20), nullable=False),  # summarize | article
    sa.Column("scope", sa.String(80), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),  # queued | running | done | failed
    sa.Column("request", sa.Text, nullable=False),
    sa.Column("error", sa.Text),
    sa.Column("done", sa.Integer, nullable=False, default=0),
    sa.Column("total", sa.Integer, nullable=False, default=0),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("lease_until", sa.DateTime(timezone=True)),
    sa.Column("worker", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("tenant", sa.String(100), nullable=False, default=""),
    sa.Column("story_id", sa.String(64)),
)

changes = sa.Table(
    "changes",
    metadata,
    sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("story_id", sa.String(64), nullable=False, index=True),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(30), nullable=False),
    sa.Column("article_id", sa.Text),
    sa.Column("cluster_id", sa.Text),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

outbox = sa.Table(
    "outbox",
    metadata,
    sa.Column("n", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(64), nullable=False, unique=True),  # the delivery id receivers de-duplicate by
    sa.Column("story_id", sa.String(64), nullable=False),
    sa.Column("tenant", sa.String(100), nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),  # the feed seq of the last change it carries
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("lease_until", sa.DateTime(timezone=True)),
    sa.Column("last_status", sa.Integer),
    sa.Column("last_error", sa.Text),
    sa.Column("delivered_at", sa.DateTime(timezone=True)),
    sa.Column("given_up_at", sa.DateTime(timezone=True)),
)

calls = sa.Table(
    "calls",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),  # structured | text
    sa.Column("template", sa.Text),
    sa.Column("template_version", sa.Text),
    sa.Column("model", sa.Text),
    sa.Column("endpoint", sa.Text),
    sa.Column("prompt_tokens", sa.Integer, nullable=False, default=0),
    sa.Column("completion_tokens", sa.Integer, nullable=False, default=0),
    sa.Column("latency_ms", sa.Integer, nullable=False, default=0),
    sa.Column("status", sa.String(20), nullable=False),  # ok | error
    sa.Column("cache_hit", sa.Boolean, nullable=False, default=False),
    sa.Column("error", sa.Text),
    sa.Column("story_id", sa.String(64)),
    sa.Column("job_id", sa.String(64)),
)

JOB_STATUSES = ("queued", "running", "done", "failed")


def story_scope(story_id: str) -> str:
    """The key a story's articles and report are stored under (ids themselves live in columns)."""
    return f"story:{story_id}"


def job_scope(job_id: str) -> str:
    """The key a one-off job's articles and report are stored under."""
    return f"job:{job_id}"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands timestamps back without a zone; they were written in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def default_path(settings: Settings | None = None) -> Path:
    """The default database file: the settings' home (SUMMARIZER_HOME), else the XDG data directory."""
    if home := (settings or Settings()).home:
        return Path(home) / "summarizer.db"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "summarizer" / "summarizer.db"


def database_url(db: str | os.PathLike[str] | None = None, settings: Settings | None = None) -> str:
    """A SQLAlchemy URL from a path or URL (None: the settings' db (SUMMARIZER_DB), else the default file)."""
    settings = settings or Settings()
    db = db or settings.db or default_path(settings)
    text = str(db)
    if "://" in text:
        if text.startswith("postgres://"):
            text = "postgresql://" + text[len("postgres://") :]
        if text.startswith("postgresql://"):
            text = "postgresql+psycopg://" + text[len("postgresql://") :]
        return text
    path = Path(text).expanduser()
    if path.is_dir():
        raise ConfigurationError(f"--db {path} is a directory; give a file path or a database URL")
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def new_id() -> str:
    return uuid.uuid4().hex


@dataclass
class Job:
    id: str
    kind: str
    scope: str
    status: str
    request: dict[str, Any]
    error: str | None
    done: int
    total: int
    attempts: int
    created_at: dt.datetime
    finished_at: dt.datetime | None
    tenant: str = ""
    story_id: str | None = None

    @classmethod
    def from_row(cls, row: Any) -> Job:
        return cls(
            id=row.id,
            kind=row.kind,
            scope=row.scope,
            status=row.status,
            request=json.loads(row.request),
            error=row.error,
            done=row.done,
            total=row.total,
            attempts=row.attempts,
            created_at=_aware(row.created_at) or now(),
            finished_at=_aware(row.finished_at),
            tenant=row.tenant,
            story_id=row.story_id,
        )


class Store:
    """The database behind the service and the call log. Thread-safe; share one per process."""

    def __init__(self, db: str | os.PathLike[str] | None = None, *, settings: Settings | None = None) -> None:
        self.url = database_url(db, settings)
        self.is_sqlite = self.url.startswith("sqlite")
        kwargs: dict[str, Any] = {"future": True}
        if self.is_sqlite:
            kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
        else:
            kwargs["pool_pre_ping"] = True
        try:
            self.engine: Engine = sa.create_engine(self.url, **kwargs)
        except Exception as err:  # bad URL, missing driver
            raise ConfigurationError(f"cannot open the database: {type(err).__name__}: {err}") from None
        if self.is_sqlite:
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        self._local_lock = threading.Lock()
        self.migrate()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    @property
    def where(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One transaction. On SQLite, writers in this process take turns (the file has one writer)."""
        if self.is_sqlite:
            # BEGIN IMMEDIATE: take the write lock first, so a transaction that reads and then
            # writes never fails on a snapshot another process changed (busy_timeout waits)
            with self._local_lock, self.engine.connect() as conn:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    conn.rollback()
                    raise
                conn.commit()
        else:
            with self.engine.begin() as conn:
                yield conn

    def migrate(self) -> list[str]:
        """Bring the schema up to the newest step; returns the steps applied now."""
        try:
            with self.begin() as conn:
                return migrations.migrate(conn)
        except sa.exc.OperationalError as err:
            raise ConfigurationError(f"cannot open the database {self.where}: {err.orig}") from None

    # stories ---------------------------------------------------------------------------------

    def create_story(self, title: str, webhook: str | None = None, extractor: str = "rules", tenant: str = "") -> str:
        story_id = new_id()
        values = dict(
            id=story_id,
            title=title,
            webhook=webhook,
            extractor=extractor,
            revision=0,
            created_at=now(),
            clusters_issued=0,
            tenant=tenant,
        )
        with self.begin() as conn:
            conn.execute(stories.insert().values(**values))
        return story_id

    def story(self, story_id: str, tenant: str | None = None) -> dict[str, Any] | None:
        """A story's row; None when there is none, or it belongs to another tenant than `tenant`
        (None: any tenant, for the admin key and the workers)."""
        query = sa.select(stories).where(stories.c.id == story_id)
        if tenant is not None:
            query = query.where(stories.c.tenant == tenant)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return dict(row._mapping) if row else None

    def article_exists(self, scope: str, digest: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(articles.c.article_id).where(articles.c.scope == scope, articles.c.content_hash == digest)
            ).scalar()

    def article_id_taken(self, scope: str, article_id: str) -> bool:
        with self.engine.connect() as conn:
            query = sa.select(articles.c.pk).where(articles.c.scope == scope, articles.c.article_id == article_id)
            return conn.execute(query.limit(1)).first() is not None

    def stored_articles(self, scope: str, conn: Connection | None = None) -> list[tuple[str, str | None]]:
        """(article JSON, fact table JSON) of a scope, in the order they were added."""
        query = sa.select(articles.c.article, articles.c.fact_table).where(articles.c.scope == scope)
        query = query.order_by(articles.c.pk)
        if conn is not None:
            return [(r.article, r.fact_table) for r in conn.execute(query)]
        with self.engine.connect() as own:
            return [(r.article, r.fact_table) for r in own.execute(query)]

    def insert_article(
        self, conn: Connection, scope: str, digest: str, article_id: str, article: str, table: str
    ) -> bool:
        """Add an article and its table; False (and nothing written) when the scope has it."""
        values = dict(
            scope=scope,
            content_hash=digest,
            article_id=article_id,
            article=article,
            fact_table=table,
            created_at=now(),
        )
        if self.is_sqlite:
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert  # type: ignore[assignment]
        statement = insert(articles).values(**values).on_conflict_do_nothing(index_elements=["scope", "content_hash"])
        # the database's own uniqueness decides, read through RETURNING: rowcount is not to be
        # trusted here (on PostgreSQL SQLAlchemy's implicit RETURNING leaves it at -1, "true")
        return conn.execute(statement.returning(articles.c.pk)).first() is not None

    def bump_story(self, conn: Connection, story_id: str) -> int:
        """Take the story's write lock (a row lock on PostgreSQL, the file lock on SQLite) and
        return its next revision. Everything that changes a story's report runs after this."""
        conn.execute(stories.update().where(stories.c.id == story_id).values(revision=stories.c.revision + 1))
        return int(conn.execute(sa.select(stories.c.revision).where(stories.c.id == story_id)).scalar_one())

    def clusters_issued(self, conn: Connection, story_id: str) -> int:
        query = sa.select(stories.c.clusters_issued).where(stories.c.id == story_id)
        return int(conn.execute(query).scalar() or 0)

    def set_clusters_issued(self, conn: Connection, story_id: str, issued: int) -> None:
        conn.execute(stories.update().where(stories.c.id == story_id).values(clusters_issued=issued))

    # reports ---------------------------------------------------------------------------------

    def put_report(self, conn: Connection, scope: str, revision: int, report_json: str) -> None:
        conn.execute(reports.delete().where(reports.c.scope == scope))
        conn.execute(reports.insert().values(scope=scope, revision=revision, report=report_json, updated_at=now()))

    def report_row(self, scope: str, conn: Connection) -> tuple[int, str | None]:
        """(revision, report JSON) of a scope's report, read together; (0, None) before the first."""
        row = conn.execute(sa.select(reports.c.revision, reports.c.report).where(reports.c.scope == scope)).first()
        return (int(row.revision), row.report) if row else (0, None)

    def story_revision(self, conn: Connection, story_id: str, *, lock: bool = False) -> int:
        """The story's revision (with `lock`, its row lock on PostgreSQL; SQLite's writer already
        holds the file)."""
        query = sa.select(stories.c.revision).where(stories.c.id == story_id)
        if lock and not self.is_sqlite:
            query = query.with_for_update()
        return int(conn.execute(query).scalar() or 0)

    def report(self, scope: str, conn: Connection | None = None) -> str | None:
        query = sa.select(reports.c.report).where(reports.c.scope == scope)
        if conn is not None:
            return conn.execute(query).scalar()
        with self.engine.connect() as own:
            return own.execute(query).scalar()

    # changes ---------------------------------------------------------------------------------

    def add_changes(self, conn: Connection, story_id: str, revision: int, items: list[dict[str, Any]]) -> list[int]:
        """Append to the story's feed; returns the sequence numbers given."""
        at = now()
        seqs = []
        for item in items:
            result = conn.execute(
                changes.insert().values(
                    story_id=story_id,
                    revision=revision,
                    kind=item["kind"],
                    article_id=item.get("article_id"),
                    cluster_id=item.get("cluster_id"),
                    detail=json.dumps(item, ensure_ascii=False, sort_keys=True),
                    at=at,
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            seqs.append(int(key[0]))
        return seqs

    def changes_since(self, story_id: str, since: int = 0, limit: int = 1000) -> list[dict[str, Any]]:
        query = (
            sa.select(changes)
            .where(changes.c.story_id == story_id, changes.c.seq > since)
            .order_by(changes.c.seq)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        out = []
        for row in rows:
            item = json.loads(row.detail)
            item.update(seq=row.seq, revision=row.revision, at=_aware(row.at).isoformat())  # type: ignore[union-attr]
            out.append(item)
        return out

    # jobs ------------------------------------------------------------------------------------

    def create_job(
        self,
        kind: str,
        request: dict[str, Any],
        total: int,
        tenant: str = "",
        *,
        story_id: str | None = None,
        conn: Connection | None = None,
    ) -> str:
        """A queued job: for one of a story's articles or its report (the story's scope), or with
        articles of its own (a scope of its own); in `conn`'s transaction when given."""
        job_id = new_id()
        scope = story_scope(story_id) if story_id else job_scope(job_id)
        with self.begin() if conn is None else nullcontext(conn) as conn:
            conn.execute(
                jobs.insert().values(
                    id=job_id,
                    kind=kind,
                    scope=scope,
                    status="queued",
                    request=json.dumps(request, ensure_ascii=False),
                    done=0,
                    total=total,
                    attempts=0,
                    created_at=now(),
                    tenant=tenant,
                    story_id=story_id,
                )
            )
        return job_id

    def job(self, job_id: str, tenant: str | None = None) -> Job | None:
        """A job; None when there is none, or it belongs to another tenant than `tenant` (None: any)."""
        query = sa.select(jobs).where(jobs.c.id == job_id)
        if tenant is not None:
            query = query.where(jobs.c.tenant == tenant)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return Job.from_row(row) if row else None

    def queued_build(self, story_id: str, conn: Connection | None = None) -> str | None:
        """The story's queued report build, if one waits."""
        query = (
            sa.select(jobs.c.id)
            .where(jobs.c.kind == "build", jobs.c.story_id == story_id, jobs.c.status == "queued")
            .order_by(jobs.c.created_at)
            .limit(1)
        )
        with self.engine.connect() if conn is None else nullcontext(conn) as conn:
            return conn.execute(query).scalar()

    def ensure_build(self, conn: Connection, story_id: str, tenant: str = "") -> str:
        """The story's queued report build, created when none waits (in `conn`'s transaction,
        which holds the story's write lock: one queued build per story)."""
        return self.queued_build(story_id, conn) or self.create_job(
            "build", {}, 1, tenant, story_id=story_id, conn=conn
        )

    def report_revision(self, scope: str) -> int:
        """The revision the scope's stored report was built at (0 before the first)."""
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(reports.c.revision).where(reports.c.scope == scope)).scalar() or 0)

    def claim_job(self, job_id: str, worker: str, lease: float) -> Job | None:
        """Mark a queued job running for `worker` (one attempt more); None when it is not queued
        (another worker has it, or it is finished). A story's report build is claimed only while no
        other build of the story runs (a live lease): builds of one story never overlap, and the
        running one takes the queued one next."""
        other = jobs.alias("other")
        building = (
            sa.select(other.c.id)
            .where(
                other.c.kind == "build",
                other.c.story_id == jobs.c.story_id,
                other.c.status == "running",
                other.c.lease_until > now(),
                other.c.id != jobs.c.id,
            )
            .exists()
        )
        with self.begin() as conn:
            taken = conn.execute(
                jobs.update()
                .where(jobs.c.id == job_id, jobs.c.status == "queued", sa.or_(jobs.c.kind != "build", ~building))
                .values(
                    status="running",
                    attempts=jobs.c.attempts + 1,
                    worker=worker,
                    lease_until=now() + dt.timedelta(seconds=lease),
                )
            ).rowcount
            if not taken:
                return None
            row = conn.execute(sa.select(jobs).where(jobs.c.id == job_id)).first()
        return Job.from_row(row)

    def renew_lease(self, job_id: str, worker: str, lease: float) -> None:
        with self.begin() as conn:
            conn.execute(
                jobs.update()
                .where(jobs.c.id == job_id, jobs.c.worker == worker, jobs.c.status == "running")
                .values(lease_until=now() + dt.timedelta(seconds=lease))
            )

    def progress(self, job_id: str, done: int, total: int) -> None:
        with self.begin() as conn:
            conn.execute(jobs.update().where(jobs.c.id == job_id).values(done=done, total=total))

    def finish_job(self, job_id: str, *, error: str | None = None, conn: Connection | None = None) -> None:
        values = dict(status="failed" if error else "done", error=error, finished_at=now(), lease_until=None)
        statement = jobs.update().where(jobs.c.id == job_id).values(**values)
        if error is None:
            statement = statement.values(done=jobs.c.total)
        if conn is not None:
            conn.execute(statement)
            return
        with self.begin() as own:
            own.execute(statement)

    def stale_jobs(self, max_attempts: int) -> tuple[list[str], list[str]]:
        """Jobs whose worker stopped renewing its lease (it died): requeued while attempts remain,
        else failed. Returns (requeued ids, failed ids). Safe to run from every process."""
        cutoff = now()
        requeued, failed = [], []
        with self.begin() as conn:
            rows = conn.execute(
                sa.select(jobs.c.id, jobs.c.attempts).where(jobs.c.status == "running", jobs.c.lease_until < cutoff)
            ).all()
            for row in rows:
                still = (jobs.c.id == row.id) & (jobs.c.status == "running") & (jobs.c.lease_until < cutoff)
                if row.attempts < max_attempts:
                    if conn.execute(jobs.update().where(still).values(status="queued", worker=None)).rowcount:
                        requeued.append(row.id)
                else:
                    message = f"its worker stopped {row.attempts} times; given up"
                    values = dict(status="failed", error=message, finished_at=now())
                    if conn.execute(jobs.update().where(still).values(**values)).rowcount:
                        failed.append(row.id)
        return requeued, failed

    def queued_jobs(self) -> list[str]:
        with self.engine.connect() as conn:
            query = sa.select(jobs.c.id).where(jobs.c.status == "queued").order_by(jobs.c.created_at)
            return list(conn.execute(query).scalars())

    def job_counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(jobs.c.status, sa.func.count()).group_by(jobs.c.status)).all()
        counts = dict.fromkeys(JOB_STATUSES, 0)
        counts.update({row[0]: row[1] for row in rows})
        return counts

    # webhook outbox --------------------------------------------------------------------------

    def enqueue_delivery(
        self, conn: Connection, *, delivery_id: str, story_id: str, tenant: str, url: str, seq: int, body: str
    ) -> None:
        """A webhook delivery, written in the transaction of the change it announces."""
        at = now()
        conn.execute(
            outbox.insert().values(
                id=delivery_id,
                story_id=story_id,
                tenant=tenant,
                url=url,
                seq=seq,
                body=body,
                created_at=at,
                attempts=0,
                next_attempt_at=at,
            )
        )

    def due_deliveries(self, at: dt.datetime, limit: int = 50) -> list[dict[str, Any]]:
        """Deliveries to try now: each story's oldest pending one (in order per story), when its
        next attempt is due and no process holds it."""
        pending = (outbox.c.delivered_at.is_(None)) & (outbox.c.given_up_at.is_(None))
        first = sa.select(sa.func.min(outbox.c.n)).where(pending).group_by(outbox.c.story_id).scalar_subquery()
        query = (
            sa.select(outbox)
            .where(
                outbox.c.n.in_(first),
                outbox.c.next_attempt_at <= at,
                sa.or_(outbox.c.lease_until.is_(None), outbox.c.lease_until < at),
            )
            .order_by(outbox.c.n)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [_delivery(row) for row in conn.execute(query)]

    def claim_delivery(self, n: int, at: dt.datetime, lease: float) -> bool:
        """Hold a delivery for one attempt (False: another process has it)."""
        with self.begin() as conn:
            held = sa.or_(outbox.c.lease_until.is_(None), outbox.c.lease_until < at)
            statement = outbox.update().where(outbox.c.n == n, held, outbox.c.delivered_at.is_(None))
            return bool(conn.execute(statement.values(lease_until=at + dt.timedelta(seconds=lease))).rowcount)

    def record_attempt(
        self,
        n: int,
        *,
        status: int | None,
        error: str | None,
        delivered_at: dt.datetime | None = None,
        next_attempt_at: dt.datetime | None = None,
        given_up_at: dt.datetime | None = None,
    ) -> None:
        values: dict[str, Any] = dict(
            attempts=outbox.c.attempts + 1, last_status=status, last_error=error, lease_until=None
        )
        if delivered_at is not None:
            values["delivered_at"] = delivered_at
        if next_attempt_at is not None:
            values["next_attempt_at"] = next_attempt_at
        if given_up_at is not None:
            values["given_up_at"] = given_up_at
        with self.begin() as conn:
            conn.execute(outbox.update().where(outbox.c.n == n).values(**values))

    def deliveries(self, story_id: str, limit: int = 20) -> list[dict[str, Any]]:
        """A story's latest deliveries, newest first."""
        query = sa.select(outbox).where(outbox.c.story_id == story_id).order_by(outbox.c.n.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [_delivery(row) for row in conn.execute(query)]

    def delivery_counts(self, story_id: str) -> dict[str, int]:
        state = sa.case(
            (outbox.c.delivered_at.is_not(None), "delivered"),
            (outbox.c.given_up_at.is_not(None), "given_up"),
            else_="pending",
        )
        query = sa.select(state, sa.func.count()).where(outbox.c.story_id == story_id).group_by(state)
        with self.engine.connect() as conn:
            counts = {"pending": 0, "delivered": 0, "given_up": 0}
            counts.update({row[0]: row[1] for row in conn.execute(query)})
        return counts

    # call log --------------------------------------------------------------------------------

    def log_call(self, record: dict[str, Any]) -> None:
        values = {k: record.get(k) for k in calls.c.keys() if k != "id"}
        values["at"] = record.get("at") or now()
        for key in ("prompt_tokens", "completion_tokens", "latency_ms"):
            values[key] = int(values.get(key) or 0)
        values["cache_hit"] = bool(values.get("cache_hit"))
        with self.begin() as conn:
            conn.execute(calls.insert().values(**values))

    def calls(self, limit: int = 20, story_id: str | None = None) -> list[dict[str, Any]]:
        query = sa.select(calls).order_by(calls.c.id.desc()).limit(limit)
        if story_id:
            query = query.where(calls.c.story_id == story_id)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        out = []
        for row in reversed(rows):
            item = dict(row._mapping)
            item["at"] = _aware(item["at"]).isoformat()  # type: ignore[union-attr]
            out.append(item)
        return out

    def call_totals(self) -> dict[str, int]:
        query = sa.select(
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(calls.c.prompt_tokens), 0),
            sa.func.coalesce(sa.func.sum(calls.c.completion_tokens), 0),
            sa.func.count().filter(calls.c.status != "ok"),
        )
        with self.engine.connect() as conn:
            n, prompt, completion, errors = conn.execute(query).one()
        return {"calls": n, "prompt_tokens": prompt, "completion_tokens": completion, "errors": errors}


def _delivery(row: Any) -> dict[str, Any]:
    item = dict(row._mapping)
    for key in ("created_at", "next_attempt_at", "lease_until", "delivered_at", "given_up_at"):
        item[key] = _aware(item[key])
    return item


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun by Store.begin, explicitly
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
