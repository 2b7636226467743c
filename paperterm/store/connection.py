"""The SQLite store: one connection per thread, WAL, immediate write transactions."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from paperterm.store.migrations import MIGRATIONS, MigrationError, migrate

BUSY_TIMEOUT_MS = 30_000
CACHE_KIB = 8_192  # per connection; a sync raises its own (see sync.engine)
# A new store's page size (an existing store keeps its own). Measured at 100k papers
# against 4 KiB: a first sync ~10% faster (half the page writes), the store 5% smaller.
PAGE_BYTES = 8_192


def _use_wal(conn: sqlite3.Connection) -> None:
    """WAL, unless a first sync is writing with a rollback journal (store.journal).

    Turning WAL on needs the write lock, and SQLite does not wait for it once the switch
    has read the header: while that sync writes, it fails at once. The connection works in
    the rollback mode meanwhile, and the sync turns WAL back on when it ends.
    """
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode != sqlite3.SQLITE_BUSY:
            raise


class StoreError(Exception):
    """The store cannot be opened or used; the message says why and what to do."""


class Store:
    """A paperterm store at ``path``. Safe to share between threads and processes."""

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._immutable = False
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[sqlite3.Connection] = []
        if readonly:
            self._open_readonly()
            return
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

    @classmethod
    def open_readonly(cls, path: str | os.PathLike[str]) -> Store:
        """An existing store, only for reading: never creates a file, a folder or a table.

        Works on a store the user can only read (a read-only file and folder); a missing
        store is a StoreError naming the path.
        """
        return cls(path, readonly=True)

    def _open_readonly(self) -> None:
        if not self.path.is_file():
            raise StoreError(
                f"No store at {self.path}. Next: check the path (--store, PAPERTERM_STORE), "
                "or run paperterm sync PATH to create it."
            )
        try:
            try:
                version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            except sqlite3.OperationalError:
                # A WAL store in a folder the user cannot write, without its -shm file:
                # SQLite cannot open it read-only; no one can write it either, so read it
                # as an immutable file.
                self.close()
                self._immutable = True
                version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as exc:
            self.close()
            raise StoreError(
                f"Could not read the store {self.path}. Why: {exc}. "
                "Next: check the path, or pass --store with another file."
            ) from exc
        if version != len(MIGRATIONS):
            self.close()
            raise StoreError(
                f"The store {self.path} is not at this version of paperterm (schema {version}, "
                f"expected {len(MIGRATIONS)}). Next: run paperterm sync once to upgrade it."
            )

    def _connect(self) -> sqlite3.Connection:
        if not self.readonly:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute(f"PRAGMA page_size = {PAGE_BYTES}")  # before WAL fixes it
            _use_wal(conn)
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            return conn
        mode = "ro&immutable=1" if self._immutable else "ro"
        uri = f"{self.path.resolve().as_uri()}?mode={mode}"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        return conn

    def new_connection(self) -> sqlite3.Connection:
        """A connection of the caller's own (not this thread's), opened like the store's.

        For a read-only store it is read-only too, so a search service works there.
        """
        return self._connect()

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextmanager
    def write(self, *, durable: bool = False) -> Iterator[sqlite3.Connection]:
        """A short ``BEGIN IMMEDIATE`` transaction; ``durable`` syncs it to disk (user data)."""
        from paperterm.store.batches import commit_batch  # ingest: only when writing

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
