"""A first sync writes with a rollback journal when the store is open nowhere else."""

from __future__ import annotations

import sqlite3
import time

import pytest

from paperterm.store import Store
from paperterm.store.journal import back_to_wal, leave_wal
from paperterm.sync import engine, pool, sync_paths
from paperterm.sync.sources.folder import folder_units


def mode(conn: sqlite3.Connection) -> str:
    return conn.execute("PRAGMA journal_mode").fetchone()[0]


def test_a_store_open_nowhere_else_leaves_wal_and_comes_back(tmp_path):
    store = Store(tmp_path / "s.db")
    assert leave_wal(store.conn)
    assert mode(store.conn) == "truncate"
    back_to_wal(store.conn)
    assert mode(store.conn) == "wal"
    # Left as a WAL store is while open: its -wal and -shm files are there.
    assert (tmp_path / "s.db-wal").exists() and (tmp_path / "s.db-shm").exists()


def test_a_store_another_connection_has_open_keeps_wal_without_waiting(tmp_path):
    store = Store(tmp_path / "s.db")
    reader = Store(tmp_path / "s.db")
    reader.conn.execute("SELECT count(*) FROM papers").fetchone()  # the reader is open
    started = time.monotonic()
    assert not leave_wal(store.conn)
    assert time.monotonic() - started < 5  # not the 30 s busy timeout
    assert mode(store.conn) == "wal"
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0  # restored


def test_a_store_opened_while_a_first_sync_writes_opens_reads_and_ends_in_wal(tmp_path):
    # A second sync or the reader starting in the middle of a first sync: turning WAL on
    # fails at once while the sync holds its write lock, and must not stop the opening.
    sync = Store(tmp_path / "s.db")
    assert leave_wal(sync.conn)
    sync.conn.execute("BEGIN IMMEDIATE")
    sync.conn.execute("CREATE TABLE probe (x)")
    sync.conn.execute("INSERT INTO probe VALUES ('a')")
    other = Store(tmp_path / "s.db")  # raised StoreError "database is locked"
    sync.conn.execute("COMMIT")
    assert other.conn.execute("SELECT x FROM probe").fetchall() == [("a",)]
    back_to_wal(sync.conn)
    assert other.conn.execute("SELECT count(*) FROM probe").fetchone()[0] == 1
    assert mode(other.conn) == "wal"  # the header says WAL: the other connection follows


def test_a_first_sync_uses_the_rollback_journal_and_ends_in_wal(store, digests_dir, monkeypatch):
    used: list[bool] = []
    real = engine.leave_wal

    def spy(conn: sqlite3.Connection) -> bool:
        used.append(real(conn))
        return used[-1]

    monkeypatch.setattr(engine, "leave_wal", spy)
    report = sync_paths(store, [digests_dir])
    assert report.ok and len(report.papers) == 80
    assert used == [True]
    assert mode(store.conn) == "wal"
    # A second connection (the reader) sees everything, in WAL mode.
    other = Store(store.path)
    assert other.conn.execute("SELECT count(*) FROM papers").fetchone()[0] == 80
    assert mode(other.conn) == "wal"


def test_a_first_sync_with_a_reader_open_keeps_wal_and_the_reader_reads(store, digests_dir):
    reader = Store(store.path)
    assert reader.conn.execute("SELECT count(*) FROM papers").fetchone()[0] == 0
    units, _ = folder_units([digests_dir])
    report = engine.sync_units(store, units)
    assert report.ok
    assert mode(store.conn) == "wal"
    assert reader.conn.execute("SELECT count(*) FROM papers").fetchone()[0] == 80


def test_a_failing_switch_back_is_not_fatal_to_a_finished_sync(store, digests_dir, monkeypatch):
    def busy(conn: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(engine, "back_to_wal", busy)
    report = sync_paths(store, [digests_dir])
    assert report.ok and len(report.papers) == 80
    # The next connection turns WAL on again, as every connection does.
    assert mode(Store(store.path).conn) == "wal"


@pytest.mark.parametrize(("cores", "workers"), [(1, 1), (2, 1), (4, 3), (64, pool.MAX_WORKERS)])
def test_one_core_is_left_to_the_writer(monkeypatch, cores, workers):
    monkeypatch.setattr(pool, "cores", lambda: cores)
    assert pool.worker_count() == workers
