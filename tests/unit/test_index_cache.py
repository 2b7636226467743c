"""The title index cache: loaded when current, caught up after changes, rebuilt when bad."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from paperterm.search import SearchService
from paperterm.search.index_cache import cache_file
from paperterm.store import Store
from paperterm.store.changes import generation
from paperterm.sync import sync_paths

QUERIES = ["kernl densty", "gaussian splat", "diffusion -video", "3d", "is:unread agent"]


def results(service: SearchService) -> list[list[str]]:
    return [[h.paper.key for h in service.search(q, limit=10).hits] for q in QUERIES]


def fresh(store: Store) -> list[list[str]]:
    service = SearchService(store, cache=False)
    try:
        assert service.index_source == "built"
        return results(service)
    finally:
        service.close()


def opened(store: Store) -> tuple[str, list[list[str]]]:
    service = SearchService(store)
    try:
        return service.index_source, results(service)
    finally:
        service.close()


def test_first_start_builds_and_writes_then_the_next_loads_it(synced_store):
    path = cache_file(synced_store.path)
    assert not path.exists()
    how, first = opened(synced_store)
    assert how == "built" and path.is_file()
    how, again = opened(synced_store)
    assert how == "loaded"
    assert again == first == fresh(synced_store)
    assert any(first)  # the queries do find papers


def test_a_sync_by_another_process_is_caught_up_not_rebuilt(store, tmp_path, digests_dir):
    one, two = sorted(digests_dir.glob("*.txt"))[:2]
    first = tmp_path / "first"
    first.mkdir()
    shutil.copy(one, first)
    sync_paths(store, [first])
    how, _ = opened(store)
    assert how == "built"
    sync_paths(store, [digests_dir])  # the second digest: new papers, re-seen ones
    how, got = opened(store)
    assert how == "updated"
    assert got == fresh(store)
    assert opened(store)[0] == "loaded"  # the caught-up index was written back


def test_a_changed_title_and_a_deleted_paper_are_caught_up(synced_store):
    opened(synced_store)
    conn = synced_store.conn
    key, title = conn.execute("SELECT key, title FROM papers ORDER BY id LIMIT 1").fetchone()
    with synced_store.write() as c:
        c.execute("UPDATE papers SET title = 'Zyxwvut Quokka Retrieval' WHERE key = ?", (key,))
        c.execute("DELETE FROM appearances WHERE paper_id = (SELECT max(id) FROM papers)")
        c.execute("DELETE FROM papers WHERE id = (SELECT max(id) FROM papers)")
    service = SearchService(synced_store)
    try:
        assert service.index_source == "updated"
        assert [h.paper.key for h in service.search("quokka").hits] == [key]
        assert service.size == 79
    finally:
        service.close()
    assert opened(synced_store)[1] == fresh(synced_store)


def test_refresh_catches_up_on_changes_it_was_not_told_about(synced_store):
    service = SearchService(synced_store)
    try:
        with synced_store.write() as c:
            c.execute("UPDATE papers SET title = 'Platypus Graph Kernels' WHERE id = 3")
        service.refresh([])  # told nothing changed; the change log knows better
        assert service.index_source == "updated"
        assert [h.paper.id for h in service.search("platypus").hits] == [3]
    finally:
        service.close()


def _damage(path: Path, how: str, other: Path) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif how == "flipped":
        middle = len(data) * 2 // 3
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0x55]) + data[middle + 1 :])
    elif how == "foreign":
        shutil.copy(other, path)


@pytest.mark.parametrize("loaded_first", [False, True], ids=["new", "checked-before"])
@pytest.mark.parametrize("how", ["truncated", "empty", "garbage", "flipped", "foreign"])
def test_a_damaged_or_foreign_cache_is_rebuilt_never_trusted(
    synced_store, tmp_path, how, loaded_first
):
    # Another store with other papers (one digest), whose cache is copied over ours.
    other = Store(tmp_path / "other.db")
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(sorted((tmp_path / "digests").glob("*.txt"))[0], one)
    sync_paths(other, [one])
    opened(other)
    other.close()
    opened(synced_store)
    path = cache_file(synced_store.path)
    if loaded_first:  # read and checked whole once: a later load checks only its sizes
        assert opened(synced_store)[0] == "loaded"
        assert path.with_name(path.name + ".checked").exists()
    _damage(path, how, cache_file(other.path))
    how_opened, got = opened(synced_store)
    assert how_opened == "built"
    assert got == fresh(synced_store)
    assert opened(synced_store)[0] == "loaded"  # and the rebuilt file is good again


def test_a_cache_checked_whole_once_is_not_checksummed_again(synced_store, monkeypatch):
    import paperterm.search.index_cache as index_cache

    opened(synced_store)  # built and written
    assert opened(synced_store)[0] == "loaded"  # read and checked whole, noted
    real = index_cache.zlib.adler32
    calls: list[int] = []

    def counted(data):  # noqa: ANN001
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr(index_cache.zlib, "adler32", counted)
    how, got = opened(synced_store)
    assert how == "loaded" and calls == [] and got == fresh(synced_store)
    path = cache_file(synced_store.path)
    path.write_bytes(path.read_bytes())  # the same bytes written again: checked again
    assert opened(synced_store)[0] == "loaded" and calls


def test_a_cache_older_than_the_kept_change_log_is_rebuilt(synced_store):
    from paperterm.store.changes import prune_changes

    opened(synced_store)
    with synced_store.write() as c:
        c.execute("UPDATE papers SET upvotes = 7 WHERE id = 5")
        c.execute("UPDATE papers SET upvotes = 8 WHERE id = 6")
        prune_changes(c, keep=1)  # the log no longer says that paper 5 changed
    how, got = opened(synced_store)
    assert how == "built"
    assert got == fresh(synced_store)


def test_the_change_log_counts_paper_writes_but_not_full_text_bookkeeping(synced_store):
    conn = synced_store.conn
    before = generation(conn)
    with synced_store.write() as c:
        c.execute("UPDATE papers SET indexed = 1")  # the FTS flag: not in the index
        c.execute("UPDATE papers SET seen = seen")  # no value changed
    assert generation(conn) == before
    with synced_store.write() as c:
        c.execute("UPDATE papers SET upvotes = 3 WHERE id = 1")
    assert generation(conn) == before + 1


WRITER = """
import os, sys, time
import paperterm.search.index_cache as cache
from paperterm.search import SearchService
from paperterm.store import Store

real_open = open
class Slow:
    def __init__(self, handle):
        self.handle = handle
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return self.handle.__exit__(*exc)
    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        print("writing", flush=True)
        time.sleep(60)  # killed here, half the file written
def slow_open(path, mode="r", *args, **kwargs):
    handle = real_open(path, mode, *args, **kwargs)
    if "w" in mode and str(path).endswith(".tmp"):
        return Slow(handle)
    return handle
cache.open = slow_open
SearchService(Store(sys.argv[1]))
"""


def test_killed_while_writing_the_cache_the_next_start_is_right(synced_store, tmp_path):
    opened(synced_store)  # a good cache of the papers as they were
    with synced_store.write() as c:
        c.execute("UPDATE papers SET title = 'Wombat Sparse Attention' WHERE id = 2")
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, str(script), str(synced_store.path)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "writing"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    path = cache_file(synced_store.path)
    assert list(path.parent.glob(".*.tmp"))  # the torn write is left behind, unused
    service = SearchService(synced_store)
    try:
        assert service.index_source in ("updated", "built")
        assert [h.paper.id for h in service.search("wombat").hits] == [2]
    finally:
        service.close()
    assert opened(synced_store)[1] == fresh(synced_store)


def test_a_store_folder_that_cannot_be_written_still_searches(synced_store, monkeypatch):
    import paperterm.search.index_cache as cache

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache.Path, "mkdir", refuse)
    how, got = opened(synced_store)
    assert how == "built" and got == fresh(synced_store)
    assert not cache_file(synced_store.path).exists()
