"""Schema migrations: frozen named steps, a database from the previous release upgraded in
place, and several processes starting together on PostgreSQL migrating once."""

from __future__ import annotations

import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from summarizer.errors import ConfigurationError
from summarizer.service import migrations
from summarizer.service.store import Store
from tests.conftest import ROOT
from tests.servers import postgres

RELEASE_0_1_0 = ROOT / "tests" / "fixtures" / "store_0.1.0.sqlite"  # written by release 0.1.0's Store


def _applied(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.execute(sa.text("SELECT name FROM _migrations ORDER BY name")).scalars())


def test_a_new_database_records_every_step_by_name(tmp_path):
    store = Store(str(tmp_path / "new.db"))
    try:
        assert _applied(store) == [name for name, _ in migrations.MIGRATIONS]
        assert store.migrate() == []  # nothing left to do the second time
    finally:
        store.close()


def test_a_database_from_the_previous_release_is_upgraded_with_its_data(tmp_path):
    db = tmp_path / "old.db"
    shutil.copy(RELEASE_0_1_0, db)
    with sqlite3.connect(db) as conn:  # what the fixture holds: release 0.1.0's numbered schema
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(1,)]
        story_id = conn.execute("SELECT id FROM stories").fetchone()[0]
    store = Store(str(db))
    try:
        assert _applied(store) == [name for name, _ in migrations.MIGRATIONS]
        assert not sa.inspect(store.engine).has_table("schema_version")
        story = store.story(story_id)
        assert story is not None and story["title"] == "Cranes down in the storm"
        assert [c["kind"] for c in store.changes_since(story_id, 0)] == ["article_added"]
    finally:
        store.close()


def test_a_database_with_a_step_this_release_does_not_know_is_refused(tmp_path):
    db = tmp_path / "future.db"
    Store(str(db)).close()
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO _migrations (name, applied_at) VALUES ('m999_from_the_future', '2030-01-01')")
    with pytest.raises(ConfigurationError, match="m999_from_the_future"):
        Store(str(db))


def test_no_step_builds_from_the_current_table_definitions():
    """A shipped step carries its own frozen DDL: it never touches store.py's live tables."""
    import inspect

    for name, step in migrations.MIGRATIONS:
        source = inspect.getsource(step)
        assert "store." not in source and "metadata" not in source.replace("sa.MetaData()", ""), name


def test_processes_starting_together_on_postgresql_migrate_once():
    with postgres() as url:
        with ThreadPoolExecutor(6) as pool:
            stores = list(pool.map(lambda _: Store(url), range(6)))
        try:
            assert _applied(stores[0]) == [name for name, _ in migrations.MIGRATIONS]
        finally:
            for store in stores:
                store.close()
