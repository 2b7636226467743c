"""Ending a write batch: new papers reach the full-text index in the same transaction."""

from __future__ import annotations

import sqlite3

from paperterm.store.ingest import index_pending


def commit_batch(conn: sqlite3.Connection) -> None:
    """Index the batch's new papers for full-text search, then commit the batch."""
    index_pending(conn)
    conn.execute("COMMIT")
