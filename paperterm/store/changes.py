"""The papers' change log: what a cache of paper fields (the title index) must catch up on.

Triggers (migration ``_paper_changes``) append a paper's id to ``paper_changes`` whenever a
field the search index holds changes; the log's sequence number only grows (AUTOINCREMENT),
so together with the store's random epoch it names one state of the papers. A cache keyed
by it is current when the key matches, can catch up when the log still holds every change
since its key, and must be rebuilt otherwise.
"""

from __future__ import annotations

import sqlite3
from typing import Any

EPOCH = "index_epoch"
KEEP = 200_000  # log rows kept after a sync: a cache further behind is rebuilt


def generation(conn: sqlite3.Connection) -> int:
    """The sequence number of the newest change (0 before any)."""
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'paper_changes'").fetchone()
    return int(row[0]) if row else 0


def store_key(conn: sqlite3.Connection) -> dict[str, Any]:
    """The store's identity and state: its epoch, generation and top id (no paper count)."""
    row = conn.execute("SELECT value FROM reader_state WHERE name = ?", (EPOCH,)).fetchone()
    top = conn.execute("SELECT coalesce(max(id), 0) FROM papers").fetchone()[0]
    return {"epoch": row[0] if row else "", "generation": generation(conn), "top": top}


def changes_since(conn: sqlite3.Connection, since: int, limit: int) -> list[int] | None:
    """Ids of the papers changed after generation ``since``; None when the log cannot say.

    None also when more than ``limit`` papers changed (rebuilding is then cheaper).
    """
    now = generation(conn)
    if since > now:
        return None  # a key from the future: another store, or one restored from a backup
    if since == now:
        return []
    oldest = conn.execute("SELECT min(seq) FROM paper_changes").fetchone()[0]
    if oldest is None or oldest > since + 1:
        return None  # pruned past the cache's key
    ids = [
        pid
        for (pid,) in conn.execute(
            "SELECT DISTINCT paper_id FROM paper_changes WHERE seq > ? LIMIT ?",
            (since, limit + 1),
        )
    ]
    return None if len(ids) > limit else ids


def prune_changes(conn: sqlite3.Connection, keep: int = KEEP) -> None:
    """Forget all but the newest ``keep`` changes. Call inside a write transaction."""
    conn.execute("DELETE FROM paper_changes WHERE seq <= ?", (generation(conn) - keep,))
