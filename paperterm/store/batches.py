"""Ending a write batch: new papers reach the full-text index in the same transaction."""

from __future__ import annotations

import sqlite3

from paperterm.store.deferred import defer_build
from paperterm.store.ingest import index_pending


def commit_batch(conn: sqlite3.Connection) -> None:
    """Index the batch's new papers for full-text search, then commit the batch."""
    index_pending(conn)
    conn.execute("COMMIT")


def begin_deferred(conn: sqlite3.Connection) -> None:
    """Start a first sync: what it stores waits for one build of the indexes (``deferred``).

    Any writer's next ``commit_batch`` finishes that build, so end the sync with one.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        defer_build(conn)
        conn.execute("COMMIT")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


def commit_deferred(conn: sqlite3.Connection) -> None:
    """Commit a batch of a first sync: its papers are indexed by the sync's last write."""
    conn.execute("COMMIT")
