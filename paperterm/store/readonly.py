"""The read-only connection the search index reads through."""

from __future__ import annotations

import os
import sqlite3

from paperterm.store.connection import BUSY_TIMEOUT_MS


def read_connection(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """A read-only connection usable from any thread.

    It never writes, so ``PRAGMA data_version`` on it changes exactly when another
    connection commits.
    """
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA query_only = ON")
    return conn
