"""Keeping the discovery index in step with the store: load, extend, rebuild, remember.

Nothing hooks the sync: every query asks ``current_index(store)``, which extends the cached
index with the papers added since it was written (or rebuilds it when it does not match the
store), so the work done "at sync time" is done by the first query after a sync, or by
calling ``update_index(store, paper_ids)`` right after one.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from paperterm.discover.cache import index_file, load, make_index, save
from paperterm.discover.index import Index
from paperterm.discover.vectors import Rows, Vocabulary, concat, drop, read_papers, vectorize
from paperterm.store import Store
from paperterm.store.changes import generation

REBUILD_SHARE = 0.25  # changing more than this share of the papers: rebuild the whole index


@dataclass
class BuildReport:
    """What the last update did, for the benchmark and for logs."""

    action: str = "none"  # none, loaded, extended, rebuilt
    papers: int = 0
    seconds: float = 0.0


last_report = BuildReport()
_memo: dict[Path, tuple[tuple[int, int], Index]] = {}
_lock = threading.Lock()


def _key_of(conn: sqlite3.Connection, paper_id: int) -> str | None:
    row = conn.execute("SELECT key FROM papers WHERE id = ?", (paper_id,)).fetchone()
    return row[0] if row else None


def _meta(conn: sqlite3.Connection, rows: Rows) -> dict[str, Any]:
    if not len(rows):
        return {"count": 0, "min_id": 0, "max_id": 0, "min_key": None, "max_key": None}
    lo, hi = int(rows.ids[0]), int(rows.ids[-1])
    return {
        "count": len(rows),
        "min_id": lo,
        "max_id": hi,
        "min_key": _key_of(conn, lo),
        "max_key": _key_of(conn, hi),
    }


def _matches(conn: sqlite3.Connection, meta: dict[str, Any]) -> bool:
    """Does the cached index cover exactly the store's papers up to its last id?"""
    hi = int(meta["max_id"])
    count = conn.execute("SELECT count(*) FROM papers WHERE id <= ?", (hi,)).fetchone()[0]
    if count != meta["count"]:
        return False
    return not count or (
        _key_of(conn, int(meta["min_id"])) == meta["min_key"]
        and _key_of(conn, hi) == meta["max_key"]
    )


def _count_and_top(conn: sqlite3.Connection) -> tuple[int, int]:
    count, top = conn.execute("SELECT count(*), coalesce(max(id), 0) FROM papers").fetchone()
    return int(count), int(top)


_signatures: dict[str, tuple[int, tuple[int, int]]] = {}


def _signature(conn: sqlite3.Connection) -> tuple[int, int]:
    """(paper count, top id). ``count(*)`` reads the whole table (~8 ms at 100k papers, and
    the reader asks per cursor move), so it is remembered per change-log generation: every
    insert and delete of a paper appends to the log (``store.changes``)."""
    name = conn.execute("PRAGMA database_list").fetchone()[2]
    now = generation(conn)
    remembered = _signatures.get(name)
    if remembered is not None and remembered[0] == now:
        return remembered[1]
    signature = _count_and_top(conn)
    _signatures[name] = (now, signature)
    return signature


def papers_signature(store: Store) -> tuple[int, int]:
    """Changes when papers are added or removed (then related papers may change)."""
    return _signature(store.conn)


def _total(conn: sqlite3.Connection) -> int:
    return _signature(conn)[0]


def rebuild(store: Store) -> Index:
    """Vectorize every paper of the store and write the cache."""
    conn = store.conn
    vocab = Vocabulary()
    rows = vectorize(vocab, read_papers(conn), _total(conn))
    index = make_index(rows, vocab, generation=1)
    save(index_file(store.path), index, _meta(conn, rows))
    return index


def _extend(store: Store, index: Index, changed: list[int]) -> Index:
    conn = store.conn
    top = int(index.rows.ids[-1]) if len(index) else 0
    vocab = index.vocab
    fresh = vectorize(vocab, read_papers(conn, after_id=top), _total(conn))
    parts = [index.rows, fresh]
    if changed:
        # Papers whose title or abstract changed: their old rows go, new ones come. Their old
        # words stay counted in the document frequencies (a rebuild settles that).
        redone = vectorize(vocab, read_papers(conn, ids=changed), _total(conn))
        parts = [drop(index.rows, redone.ids), fresh, redone]
    if not len(fresh) and not changed:
        return index
    rows = concat(parts)
    new = make_index(rows, vocab, generation=index.generation + 1)
    save(index_file(store.path), new, _meta(conn, rows))
    return new


def update_index(store: Store, paper_ids: list[int] | None = None) -> Index:
    """The index for ``store``: loaded, extended with new papers (and re-read ``paper_ids``),
    or rebuilt when the cache is missing, corrupt or does not match the store."""
    started = time.perf_counter()
    conn = store.conn
    loaded = load(index_file(store.path))
    action = "loaded"
    if loaded is None or not _matches(conn, loaded[1]):
        index, action = rebuild(store), "rebuilt"
    else:
        index = loaded[0]
        top = int(index.rows.ids[-1]) if len(index) else 0
        changed = sorted({int(i) for i in paper_ids or () if int(i) <= top})
        changed = [i for i in changed if index.row(i) is not None]
        if len(changed) > REBUILD_SHARE * max(len(index), 1):
            index, action = rebuild(store), "rebuilt"
        else:
            before = index.generation
            index = _extend(store, index, changed)
            action = "extended" if index.generation != before else "loaded"
    remember(store, index, action, started)
    return index


def remember(store: Store, index: Index, action: str = "loaded", started: float = 0.0) -> None:
    """Keep ``index`` in memory as the store's current one, and report what was done."""
    global last_report
    with _lock:
        _memo[store.path.resolve()] = (_signature(store.conn), index)
    last_report = BuildReport(action, len(index), time.perf_counter() - started if started else 0)


def current_index(store: Store) -> Index:
    """The index, from memory while the store holds the same papers (count and last id)."""
    with _lock:
        remembered = _memo.get(store.path.resolve())
    if remembered and remembered[0] == _signature(store.conn):
        return remembered[1]
    return update_index(store)


def forget(store: Store) -> None:
    """Drop the in-memory index of ``store`` (the next query reads the cache file again)."""
    with _lock:
        _memo.pop(store.path.resolve(), None)


def rows_of(index: Index, paper_ids: list[int]) -> np.ndarray:
    """Rows of the given paper ids that the index holds (others are skipped)."""
    ids = np.asarray(paper_ids, np.int64)
    at = np.searchsorted(index.rows.ids, ids)
    at = np.clip(at, 0, max(len(index.rows.ids) - 1, 0))
    ok = len(index.rows.ids) > 0
    found = (index.rows.ids[at] == ids) if ok else np.zeros(len(ids), bool)
    return at[found]
