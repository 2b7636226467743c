"""A first sync's journal: a rollback journal while no other connection has the store open.

In WAL mode every page a sync writes is written twice (to the WAL, then by the checkpoint
into the store) and a growing store rewrites its WAL over and over: ~1 s of a 100k-paper
first sync. A store that is new and open nowhere else can use a rollback journal instead:
a new store only grows, and SQLite journals only the pages that existed before each
transaction, so nearly every page is written once. A killed sync stays safe (the journal
is written before the pages it protects; ``synchronous = OFF`` only risks a power cut).

Leaving WAL needs every other connection closed: when one is open (a reader on the store),
the sync keeps WAL. A connection opened during the sync (a reader, a second sync) turns
WAL back on between two of the sync's batches (``Store`` tries at every connection), or
reads in the rollback mode until the sync's end turns it on: both correct.
"""

from __future__ import annotations

import sqlite3

from paperterm.store.connection import BUSY_TIMEOUT_MS


def leave_wal(conn: sqlite3.Connection) -> bool:
    """Switch to a rollback journal if no other connection has the store; True if done."""
    conn.execute("PRAGMA busy_timeout = 0")  # someone else has it open: do not wait, keep WAL
    try:
        mode = conn.execute("PRAGMA journal_mode = TRUNCATE").fetchone()[0]
    except sqlite3.OperationalError:
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return str(mode).lower() == "truncate"


def back_to_wal(conn: sqlite3.Connection) -> None:
    """WAL again, as every store is between syncs (waits for readers, as a write does)."""
    conn.execute("PRAGMA journal_mode = WAL")
    # A read opens the WAL now, as at every connection: the store is left as a sync in WAL
    # mode leaves it (its -wal and -shm there while this connection is open).
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
