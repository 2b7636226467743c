"""The SQLite store: one connection per thread, WAL, immediate write transactions."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from paperterm.store.batches import commit_batch
from paperterm.store.migrations import MigrationError, migrate

BUSY_TIMEOUT_MS = 30_000
CACHE_KIB = 8_192  # per connection; a sync raises its own (see sync.engine)


class StoreError(Exception):
    """The store cannot be opened or used; the message says why and what to do."""


class Store:
    """A paperterm store at ``path``. Safe to share between threads and processes."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[sqlite3.Connection] = []
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            migrate(self.conn)
        except (sqlite3.Error, OSError, MigrationError) as exc:
            self.close()
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise StoreError(
                f"Could not open the store {self.path}. Why: {why}. "
                "Next: check the path, or pass --store with another file."
            ) from exc

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextmanager
    def write(self, *, durable: bool = False) -> Iterator[sqlite3.Connection]:
        """A short ``BEGIN IMMEDIATE`` transaction; ``durable`` syncs it to disk (user data)."""
        conn = self.conn
        if durable:
            conn.execute("PRAGMA synchronous = FULL")
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            commit_batch(conn)  # papers inserted by any writer reach the full-text index
        finally:
            if conn.in_transaction:  # an error anywhere above: never leave the lock held
                conn.execute("ROLLBACK")
            if durable:
                conn.execute("PRAGMA synchronous = NORMAL")

    def data_version(self) -> int:
        """Changes whenever another connection (another process, a worker) commits."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                try:
                    conn.close()
                except sqlite3.Error:
                    pass
            self._all.clear()
        self._local = threading.local()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
