"""A first sync into a new store: its secondary indexes and change log made once at the end."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperterm.bookmarks import Bookmarks
from paperterm.store import Store
from paperterm.store.changes import store_key
from paperterm.store.deferred import INDEXES, TRIGGERS, build_pending
from paperterm.store.maintenance import integrity_problems
from paperterm.sync import engine, sync_paths
from paperterm.sync.sources.folder import folder_units

HEADER = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n"
    "byAK and the research community\n\n"
)


class Crash(Exception):
    """Stands in for a kill after some batches were committed."""


def fts_ids(store: Store, word: str) -> set[int]:
    rows = store.conn.execute(
        "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?", (f"abstract : {word}",)
    )
    return {rowid for (rowid,) in rows}


def fts_count(store: Store) -> int:
    """Papers in the full-text index (``count(*)`` of the table would count the papers)."""
    return store.conn.execute("SELECT count(*) FROM papers_fts_docsize").fetchone()[0]


def unindexed(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM papers WHERE indexed = 0").fetchone()[0]


def schema_names(store: Store) -> set[str]:
    rows = store.conn.execute("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')")
    return {name for (name,) in rows}


def paper_count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM papers").fetchone()[0]


def crash_first_sync(store: Store, digests_dir: Path, monkeypatch, after: int = 1) -> None:
    """A first sync that stops (as if killed) once ``after`` units are committed."""
    monkeypatch.setattr(engine, "COLD_BATCH_SECONDS", 0.0)  # every unit is its own commit
    units, _ = folder_units([digests_dir])

    def crash(progress: engine.SyncProgress) -> None:
        if progress.done == after:
            raise Crash

    with pytest.raises(Crash):
        engine.sync_units(store, units, progress=crash)


def test_first_sync_indexes_every_abstract_and_keeps_the_schema(store, digests_dir):
    before = schema_names(store)
    assert set(INDEXES) | set(TRIGGERS) <= before
    report = sync_paths(store, [digests_dir])
    assert report.ok and len(report.papers) == 80
    assert unindexed(store) == 0 and fts_count(store) == 80
    assert schema_names(store) == before  # every index and trigger is back
    assert not build_pending(store.conn)
    with_word = {
        pid
        for (pid,) in store.conn.execute(
            "SELECT id FROM papers WHERE abstract LIKE '% diffusion %'"
        )
    }
    assert with_word and with_word <= fts_ids(store, "diffusion")
    assert integrity_problems(store.conn) == []


def test_a_first_sync_cut_short_is_finished_by_the_next_sync(store, digests_dir, monkeypatch):
    crash_first_sync(store, digests_dir, monkeypatch)
    # What was committed is whole and searchable: full text in step, only indexes pending.
    assert 0 < paper_count(store) == fts_count(store) and unindexed(store) == 0
    assert integrity_problems(store.conn) == []
    assert build_pending(store.conn)
    assert not set(INDEXES) & schema_names(store)

    report = sync_paths(store, [digests_dir])
    assert report.ok
    assert fts_count(store) == 80 and unindexed(store) == 0
    assert not build_pending(store.conn)
    assert set(INDEXES) | set(TRIGGERS) <= schema_names(store)
    assert integrity_problems(store.conn) == []
    assert fts_ids(store, "diffusion")


def test_a_sync_with_nothing_new_still_finishes_a_killed_build(store, digests_dir, monkeypatch):
    # Killed after the last unit was committed, before the build: every file is stored.
    crash_first_sync(store, digests_dir, monkeypatch, after=2)
    assert build_pending(store.conn)
    report = sync_paths(store, [digests_dir])
    assert report.unchanged == 2 and report.digests == 0
    assert not build_pending(store.conn)
    assert fts_count(store) == paper_count(store) == 80
    assert integrity_problems(store.conn) == []


def test_a_write_after_a_killed_first_sync_builds_the_index(store, digests_dir, monkeypatch):
    crash_first_sync(store, digests_dir, monkeypatch)
    Bookmarks(store).create_list("later")  # the reader's first write, before any sync
    assert fts_count(store) == paper_count(store)
    assert not build_pending(store.conn)
    # the triggers are back: a changed abstract is searchable under its new words
    pid = store.conn.execute("SELECT min(id) FROM papers").fetchone()[0]
    generation = store_key(store.conn)["generation"]
    with store.write() as conn:
        conn.execute("UPDATE papers SET abstract = 'zygomorphic petals' WHERE id = ?", (pid,))
        conn.execute("UPDATE papers SET title = 'Zygomorphic petals' WHERE id = ?", (pid,))
    assert fts_ids(store, "zygomorphic") == {pid}
    assert store_key(store.conn)["generation"] > generation  # the change log is back too
    assert integrity_problems(store.conn) == []


def test_a_cache_made_during_a_first_sync_is_not_taken_as_current(store, digests_dir, monkeypatch):
    """The change log missed a first sync's papers: the store's epoch changes at the end."""
    crash_first_sync(store, digests_dir, monkeypatch)
    key = store_key(store.conn)
    sync_paths(store, [digests_dir])
    after = store_key(store.conn)
    assert after["epoch"] and after["epoch"] != key["epoch"]


def test_a_later_sync_indexes_its_new_papers_at_once(synced_store, tmp_path: Path):
    more = tmp_path / "more"
    more.mkdir()
    abstract = "We study zygomorphic flowers with a new sparse kernel. " * 3
    body = f"Mar 20\n\nZygomorphic Kernels for Flowers\n\n{abstract.strip()}\n"
    (more / "new.txt").write_text(HEADER + body, encoding="utf-8")
    key = store_key(synced_store.conn)
    report = sync_paths(synced_store, [more])
    assert report.ok and report.new_papers == 1
    assert unindexed(synced_store) == 0
    (pid,) = report.papers
    assert fts_ids(synced_store, "zygomorphic") == {pid}
    after = store_key(synced_store.conn)
    assert after["epoch"] == key["epoch"] and after["generation"] > key["generation"]
