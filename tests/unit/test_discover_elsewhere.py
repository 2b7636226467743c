"""The reader's discovery index is rebuilt by a child process, then loaded, not rebuilt again."""

from __future__ import annotations

from paperterm.discover import build, related_to
from paperterm.discover.cache import index_file
from paperterm.discover.elsewhere import long_work, update_elsewhere
from paperterm.store.papers import get_paper


def test_a_missing_index_is_built_by_a_child_and_then_only_loaded(synced_store):
    build.forget(synced_store)
    assert not index_file(synced_store.path).exists()
    assert long_work(synced_store)
    assert update_elsewhere(synced_store)  # the child built and saved it
    assert index_file(synced_store.path).exists() and not long_work(synced_store)
    key = synced_store.conn.execute("SELECT key FROM papers LIMIT 1").fetchone()[0]
    found = related_to(synced_store, get_paper(synced_store.conn, key), 3)
    assert build.last_report.action == "loaded" and found  # read from the child's file
    assert not update_elsewhere(synced_store)  # current: no child


def test_a_current_file_is_loaded_and_checked_once(synced_store, monkeypatch):
    import paperterm.discover.elsewhere as elsewhere
    from paperterm.discover import cache

    update_elsewhere(synced_store) or build.update_index(synced_store)
    build.forget(synced_store)
    loads: list[object] = []

    def counted(path):
        loads.append(path)
        return cache.load(path)

    monkeypatch.setattr(elsewhere, "load", counted)
    monkeypatch.setattr(build, "load", counted)
    assert not update_elsewhere(synced_store)  # the reader's related pane asks this first
    key = synced_store.conn.execute("SELECT key FROM papers LIMIT 1").fetchone()[0]
    assert related_to(synced_store, get_paper(synced_store.conn, key), 3)
    assert len(loads) == 1  # at 1M papers each load and check is ~0.8 s of CPU
