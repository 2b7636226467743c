"""Ending a write batch: new papers reach the full-text index in the same transaction."""

from __future__ import annotations

import sqlite3

from paperterm.store.deferred import defer_build
from paperterm.store.first_fts import committed_up_to
from paperterm.store.ingest import index_new, index_pending

FTS_HASH_BYTES = 16 << 20


def commit_batch(conn: sqlite3.Connection) -> None:
    """Index the batch's new papers for full-text search, then commit the batch."""
    index_pending(conn)
    conn.execute("COMMIT")


def begin_deferred(conn: sqlite3.Connection) -> None:
    """Start a first sync: its papers wait for one build of the indexes (``deferred``).

    Any writer's next ``commit_batch`` finishes that build, so end the sync with one.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        defer_build(conn)
        # FTS5 flushes its in-memory terms to a new segment every 1 MiB by default: a
        # batch of thousands of abstracts made dozens of segments that merges rewrote.
        # 16 MiB makes about one per batch (measured: 6 batches 6.9 s -> 4.4 s at 100k).
        conn.execute(
            "INSERT INTO papers_fts(papers_fts, rank) VALUES ('hashsize', ?)", (FTS_HASH_BYTES,)
        )
        conn.execute("COMMIT")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


def top_id(conn: sqlite3.Connection) -> int:
    """The highest paper id: a first sync's batch indexes the papers above it."""
    return conn.execute("SELECT coalesce(max(id), 0) FROM papers").fetchone()[0]


def commit_appended(conn: sqlite3.Connection, above: int, *, marked: bool = False) -> None:
    """Commit a first sync's batch: its new papers (ids above ``above``) reach full text.

    Every commit leaves the full-text index in step with the papers, so a kill at any
    moment leaves a store whose search finds everything it holds. ``marked``: the papers
    were inserted marked as indexed, and from now on ``first_fts`` keeps them in step.
    """
    index_new(conn, above, marked=marked)
    if marked:
        committed_up_to(conn, top_id(conn))
    conn.execute("COMMIT")
