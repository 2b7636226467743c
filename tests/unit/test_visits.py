"""New since the last visit: the store's visit record, created_at, and the upgrade to it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from paperterm.bookmarks import Bookmarks
from paperterm.store import Store, last_visit, new_count, record_visit
from paperterm.store.migrations import MIGRATIONS
from paperterm.sync import sync_paths

FIXTURES = Path(__file__).parent.parent / "fixtures"
V1_STORE = FIXTURES / "stores" / "v1-one-digest.db"  # schema 1, the Mar 14 digest, user data
MAR14 = FIXTURES / "digests" / "000_07fb1349b4f10f4a.txt"
MAR19 = FIXTURES / "digests" / "002_cd2a24c24b2445f0.txt"

UTC = dt.UTC


def user_rows(store: Store) -> dict[str, list[tuple]]:
    tables = ("lists", "list_items", "notes", "read_state")
    return {t: store.conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}


def test_a_fresh_store_has_no_visit_and_everything_is_new(store, digests_dir):
    assert last_visit(store.conn) is None
    sync_paths(store, [digests_dir])
    assert new_count(store.conn, last_visit(store.conn)) == 80


def later(monkeypatch, hours: int = 1) -> None:
    """Let time pass: papers stored from now on are stamped ``hours`` in the future."""
    from paperterm.store import ingest

    when = (dt.datetime.now(UTC) + dt.timedelta(hours=hours)).isoformat(timespec="seconds")
    monkeypatch.setattr(ingest, "_now", lambda: when)


def test_papers_stored_after_the_visit_are_new(store, monkeypatch):
    sync_paths(store, [MAR14])
    recorded = record_visit(store.conn)
    assert last_visit(store.conn) == recorded
    assert new_count(store.conn, recorded) == 0
    later(monkeypatch)
    sync_paths(store, [MAR19])
    # The Mar 19 digest has 47 papers, 25 of them already seen on Mar 14.
    assert new_count(store.conn, recorded) == 22
    stored = store.conn.execute("SELECT count(*) FROM papers WHERE created_at IS NULL")
    assert stored.fetchone()[0] == 0


def test_record_visit_replaces_the_previous_one_and_survives_reopening(tmp_path):
    path = tmp_path / "s.db"
    with Store(path) as store:
        record_visit(store.conn, dt.datetime(2026, 3, 14, 9, 12, tzinfo=UTC))
        record_visit(store.conn, dt.datetime(2026, 3, 19, 8, 0, 30, 999, tzinfo=UTC))
    with Store(path) as store:
        assert last_visit(store.conn) == dt.datetime(2026, 3, 19, 8, 0, 30, tzinfo=UTC)


def test_a_naive_time_is_local_time(store):
    local = dt.datetime(2026, 3, 14, 9, 12)
    assert last_visit(store.conn) is None
    assert record_visit(store.conn, local) == local.astimezone(UTC)


def test_upgrading_a_schema_1_store_keeps_user_data_and_makes_nothing_new(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    shutil.copy(V1_STORE, path)
    import sqlite3

    old = sqlite3.connect(path)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    before = {
        t: old.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
        for t in ("lists", "list_items", "notes", "read_state")
    }
    papers = old.execute("SELECT key, title, first_seen, seen FROM papers ORDER BY key").fetchall()
    old.close()
    assert before["notes"] and before["read_state"] and before["list_items"]

    with Store(path) as store:
        conn = store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert user_rows(store) == before
        again = conn.execute("SELECT key, title, first_seen, seen FROM papers ORDER BY key")
        assert again.fetchall() == papers
        upgraded = last_visit(conn)
        assert upgraded is not None
        assert abs(upgraded - dt.datetime.now(UTC)) < dt.timedelta(minutes=5)
        assert new_count(conn, upgraded) == 0  # the upgrade alone makes nothing new
        # Old papers date from their sync, not from the upgrade.
        (oldest,) = conn.execute("SELECT min(created_at) FROM papers").fetchone()
        synced = conn.execute("SELECT min(synced_at) FROM origins").fetchone()[0]
        assert oldest == synced
        # The store keeps working: a new digest brings exactly its new papers as new.
        later(monkeypatch)
        report = sync_paths(store, [MAR19])
        assert report.ok, report.errors
        assert new_count(conn, upgraded) == 22
        Bookmarks(store).set_note(papers[0][0], "after the upgrade")
        assert Bookmarks(store).note(papers[0][0]).body == "after the upgrade"
