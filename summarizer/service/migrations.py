"""Schema migrations: frozen, named steps, each applied once and recorded by name (the way
simonw/llm keeps its history). A step that has shipped is never edited and never builds tables
from today's definitions in `store.py`: it carries its own frozen DDL. To change the schema,
append a new step.

`migrate(conn)` runs inside one transaction; on PostgreSQL it first takes an advisory lock, so
several processes starting together migrate once (SQLite's BEGIN IMMEDIATE serialises them).
A database migrated by the release before named steps (a `schema_version` row holding 1) is
adopted: its version counts as the first steps applied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..errors import ConfigurationError

Step = Callable[[Connection], None]
MIGRATIONS: list[tuple[str, Step]] = []
_LOCK_KEY = 0x5355_4D4D  # "SUMM": the advisory lock every migrating process takes on PostgreSQL

_applied = sa.Table(
    "_migrations",
    sa.MetaData(),
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)


def migration(step: Step) -> Step:
    """Register `step` under its function name, after every step registered before it."""
    MIGRATIONS.append((step.__name__, step))
    return step


@migration
def m001_initial(conn: Connection) -> None:
    """The first schema (release 0.1.0): stories, articles, reports, jobs, changes, calls."""
    md = sa.MetaData()
    sa.Table(
        "stories",
        md,
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("webhook", sa.Text),
        sa.Column("extractor", sa.String(20), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    sa.Table(
        "articles",
        md,
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("scope", sa.String(80), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("article_id", sa.Text, nullable=False),
        sa.Column("article", sa.Text, nullable=False),
        sa.Column("fact_table", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("scope", "content_hash", name="uq_articles_scope_hash"),
    )
    sa.Table(
        "reports",
        md,
        sa.Column("scope", sa.String(80), primary_key=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("report", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    jobs = sa.Table(
        "jobs",
        md,
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("scope", sa.String(80), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("request", sa.Text, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("done", sa.Integer, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True)),
        sa.Column("worker", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
    )
    sa.Table(
        "changes",
        md,
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("story_id", sa.String(64), nullable=False, index=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("article_id", sa.Text),
        sa.Column("cluster_id", sa.Text),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    calls = sa.Table(
        "calls",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("template", sa.Text),
        sa.Column("template_version", sa.Text),
        sa.Column("model", sa.Text),
        sa.Column("endpoint", sa.Text),
        sa.Column("prompt_tokens", sa.Integer, nullable=False),
        sa.Column("completion_tokens", sa.Integer, nullable=False),
        sa.Column("latency_ms", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("cache_hit", sa.Boolean, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("story_id", sa.String(64)),
        sa.Column("job_id", sa.String(64)),
    )
    sa.Index("ix_jobs_status", jobs.c.status)
    sa.Index("ix_calls_story", calls.c.story_id)
    md.create_all(conn, checkfirst=True)


@migration
def m002_lasting_ids_tenants_outbox(conn: Connection) -> None:
    """Lasting cluster ids (a counter per story), tenants (stories and jobs belong to an API
    key's tenant), story ids of jobs as a column, 64-bit feed sequence numbers on PostgreSQL, and
    the webhook outbox (deliveries written with the change, sent by a loop that survives restarts)."""
    add = [
        "ALTER TABLE stories ADD COLUMN clusters_issued INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE stories ADD COLUMN tenant VARCHAR(100) NOT NULL DEFAULT ''",
        "ALTER TABLE jobs ADD COLUMN tenant VARCHAR(100) NOT NULL DEFAULT ''",
        "ALTER TABLE jobs ADD COLUMN story_id VARCHAR(64)",
    ]
    for statement in add:
        conn.execute(sa.text(statement))
    conn.execute(sa.text("UPDATE jobs SET story_id = substr(scope, 7) WHERE scope LIKE 'story:%'"))
    if conn.dialect.name == "postgresql":
        for table, column in (("changes", "seq"), ("articles", "pk"), ("calls", "id")):
            conn.execute(sa.text(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE BIGINT"))
            conn.execute(sa.text(f"ALTER SEQUENCE {table}_{column}_seq AS BIGINT"))
    md = sa.MetaData()
    big = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # SQLite's INTEGER key is 64-bit already
    outbox = sa.Table(
        "outbox",
        md,
        sa.Column("n", big, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True),
        sa.Column("story_id", sa.String(64), nullable=False),
        sa.Column("tenant", sa.String(100), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
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
    sa.Index("ix_outbox_story_pending", outbox.c.story_id, outbox.c.delivered_at, outbox.c.given_up_at)
    md.create_all(conn, checkfirst=True)
    conn.execute(sa.text("CREATE INDEX ix_stories_tenant ON stories (tenant)"))
    conn.execute(sa.text("CREATE INDEX ix_jobs_story ON jobs (story_id)"))


def migrate(conn: Connection) -> list[str]:
    """Apply the steps `conn`'s database has not seen, in order, inside the caller's
    transaction; returns the names applied now."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    _applied.create(conn, checkfirst=True)
    done = set(conn.execute(sa.select(_applied.c.name)).scalars())
    if not done:
        done = _adopt_numbered(conn)
    known = [name for name, _ in MIGRATIONS]
    if unknown := sorted(done - set(known)):
        raise ConfigurationError(
            f"the database has schema steps this summarizer does not know ({', '.join(unknown)}); upgrade summarizer"
        )
    ran = []
    for name, step in MIGRATIONS:
        if name not in done:
            step(conn)
            conn.execute(_applied.insert().values(name=name, applied_at=dt.datetime.now(dt.UTC)))
            ran.append(name)
    return ran


def _adopt_numbered(conn: Connection) -> set[str]:
    """A database from the release that numbered its steps: its version N means the first N
    named steps are applied. Recorded by name, and the old table dropped."""
    if not sa.inspect(conn).has_table("schema_version"):
        return set()
    version = conn.execute(sa.text("SELECT version FROM schema_version")).scalar() or 0
    if version > len(MIGRATIONS):
        raise ConfigurationError(
            f"the database schema is version {version}, newer than this summarizer knows; upgrade summarizer"
        )
    adopted = [name for name, _ in MIGRATIONS[:version]]
    for name in adopted:
        conn.execute(_applied.insert().values(name=name, applied_at=dt.datetime.now(dt.UTC)))
    conn.execute(sa.text("DROP TABLE schema_version"))
    return set(adopted)
