"""A first sync inserts its papers marked indexed; full text stays in step with every edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cold_sync import fts_ids

from paperterm.bookmarks import Bookmarks
from paperterm.store import Store
from paperterm.store.deferred import FTS_TRIGGERS, build_pending
from paperterm.store.maintenance import integrity_problems
from paperterm.sync import engine
from paperterm.sync.sources.folder import folder_units

HEADER = "new\n\nSubscribe\n\n"
FILLER = "An abstract long enough to read as prose, with several words in it."


def digest(day: int, papers: list[tuple[str, str]]) -> str:
    body = "".join(f"{title}\n\n{abstract} {FILLER}\n\n" for title, abstract in papers)
    return f"{HEADER}Mar {day}\n\n{body}"


def corpus(root: Path) -> Path:
    """Three files: the second rewrites the abstract of a paper of the first."""
    root.mkdir()
    (root / "a.txt").write_text(
        digest(1, [("Kept Paper One", "Alpha zebrafinch words."), ("Other One", "Beta.")])
    )
    (root / "b.txt").write_text(
        digest(2, [("Kept Paper One", "Alpha hummingbird words."), ("Other Two", "Gamma.")])
    )
    (root / "c.txt").write_text(digest(3, [("Other Three", "Delta kingfisher.")]))
    return root


def kept_id(store: Store) -> int:
    return store.conn.execute("SELECT id FROM papers WHERE title = 'Kept Paper One'").fetchone()[0]


def check_in_step(store: Store) -> None:
    assert integrity_problems(store.conn) == []
    count, marked = store.conn.execute("SELECT count(*), sum(indexed) FROM papers").fetchone()
    assert count == marked == 4
    assert store.conn.execute("SELECT count(*) FROM papers_fts_docsize").fetchone()[0] == 4
    # The newest digest's abstract is what full text finds; the old one is gone from it.
    assert fts_ids(store, "hummingbird") == {kept_id(store)}
    assert fts_ids(store, "zebrafinch") == set()
    assert len(fts_ids(store, "kingfisher")) == 1


@pytest.mark.parametrize("batch_seconds", [0.0, 60.0], ids=["each-file-committed", "one-batch"])
def test_an_abstract_rewritten_later_in_a_first_sync_is_found_as_rewritten(
    tmp_path, monkeypatch, batch_seconds
):
    """Rewritten after its batch committed (temporary triggers) or inside the open batch."""
    monkeypatch.setattr(engine, "COLD_BATCH_SECONDS", batch_seconds)
    monkeypatch.setattr(engine, "ready", lambda result: True)  # no commit while waiting
    store = Store(tmp_path / "s.db")
    units, _ = folder_units([corpus(tmp_path / "digests")])
    commits: list[int] = []
    real_commit = engine.commit_appended

    def counted(*args, **kwargs) -> None:
        commits.append(1)
        real_commit(*args, **kwargs)

    monkeypatch.setattr(engine, "commit_appended", counted)
    report = engine.sync_units(store, units)
    assert report.ok
    assert len(commits) == (3 if batch_seconds == 0 else 1)
    check_in_step(store)
    names = {n for (n,) in store.conn.execute("SELECT name FROM sqlite_master")}
    assert set(FTS_TRIGGERS) <= names  # the store's own triggers are back
    assert not store.conn.execute("SELECT name FROM sqlite_temp_master").fetchall()


def test_a_reader_writing_during_a_first_sync_builds_the_triggers_and_the_sync_goes_on(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(engine, "COLD_BATCH_SECONDS", 0.0)
    store = Store(tmp_path / "s.db")
    reader = Store(tmp_path / "s.db")
    units, _ = folder_units([corpus(tmp_path / "digests")])
    seen: list[bool] = []

    def reader_writes(progress: engine.SyncProgress) -> None:
        if progress.done == 1:  # between two batches: the reader's write finishes the build
            Bookmarks(reader).create_list("later")
            seen.append(build_pending(reader.conn))

    report = engine.sync_units(store, units, progress=reader_writes)
    assert report.ok and seen == [False]
    check_in_step(store)
    assert [lst.name for lst in Bookmarks(store).lists()] == ["later"]


def test_a_build_deferred_by_an_older_version_keeps_marking_after_indexing(tmp_path):
    """A pending build whose full-text triggers were not deferred: papers are not marked early."""
    store = Store(tmp_path / "s.db")
    from paperterm.store import first_fts

    with store.write():
        pass
    store.conn.execute("BEGIN IMMEDIATE")
    assert first_fts.marking(store.conn) is False  # the store's triggers are there
    assert not store.conn.execute("SELECT name FROM sqlite_temp_master").fetchall()
    store.conn.execute("ROLLBACK")
