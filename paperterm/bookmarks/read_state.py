"""Read state: mark one paper or a whole set read or unread, and undo a bulk change."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from paperterm.bookmarks.common import FIND_KEY, BookmarksError, check_key, now, require_papers
from paperterm.store import Store

# Every key of the view in one string: checking them is one regex call, not one per key.
ALL_KEYS = re.compile(r"(?:[0-9a-f]{16}\n)*[0-9a-f]{16}")


@dataclass(frozen=True)
class ReadUndo:
    """What a bulk change replaced, as two compact arrays.

    ``unread`` holds the papers the change marked read (they were unread), ``read`` the papers
    it marked unread with their previous first-read time. Only the papers the change flipped
    are in it, so undoing it leaves every other paper, and the first-read time of papers that
    were read already, as they were.
    """

    unread: tuple[str, ...] = ()
    read: tuple[tuple[str, str], ...] = ()

    @property
    def count(self) -> int:
        """How many papers the change flipped."""
        return len(self.unread) + len(self.read)

    @property
    def previous(self) -> tuple[tuple[str, str | None], ...]:
        """Each changed paper's previous ``read_at`` (None = unread)."""
        return tuple((k, None) for k in self.unread) + self.read


def clean_keys(keys: Iterable[str]) -> list[str]:
    """The keys in stored form, each once, in first-seen order (BookmarksError on a bad one)."""
    items = list(keys)
    try:
        if items and ALL_KEYS.fullmatch("\n".join(items)):
            return list(dict.fromkeys(items))
    except TypeError:  # not all strings: check_key says which one is wrong
        pass
    return list(dict.fromkeys(check_key(k) for k in items))


def load_keys(conn: sqlite3.Connection, keys: list[str]) -> None:
    """Put ``keys`` (in order) into this connection's temp table ``bulk_keys``, replacing it.

    One statement for the lot: 100k ``executemany`` rows cost more than the change itself.
    """
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS bulk_keys (k TEXT NOT NULL)")
    conn.execute("DELETE FROM temp.bulk_keys")
    try:
        conn.execute(
            "INSERT INTO temp.bulk_keys (k) SELECT value FROM json_each(?)", (json.dumps(keys),)
        )
    except sqlite3.OperationalError:  # an SQLite built without JSON
        conn.executemany("INSERT INTO temp.bulk_keys (k) VALUES (?)", [(k,) for k in keys])


def first_missing(conn: sqlite3.Connection) -> str | None:
    """The first key of ``bulk_keys`` with no paper in the store."""
    row = conn.execute(
        "SELECT k FROM temp.bulk_keys b WHERE NOT EXISTS (SELECT 1 FROM papers WHERE key = b.k)"
        " ORDER BY b.rowid LIMIT 1"
    ).fetchone()
    return row[0] if row else None


UNREAD_OF_BULK = (
    "FROM temp.bulk_keys b WHERE NOT EXISTS (SELECT 1 FROM read_state r WHERE r.paper_key = b.k)"
)


def _mark(conn: sqlite3.Connection, read: bool) -> ReadUndo:
    """Flip the papers of ``bulk_keys`` (in one open transaction); the undo token."""
    if read:
        missing = first_missing(conn)
        if missing is not None:
            raise BookmarksError(f"no paper with key {missing} in the store. {FIND_KEY}")
        sql = f"SELECT k {UNREAD_OF_BULK} ORDER BY b.rowid"
        flipped = tuple(k for (k,) in conn.execute(sql))
        conn.execute(
            # In key order: the B-tree takes sorted inserts at its end, not scattered splits.
            f"INSERT INTO read_state (paper_key, read_at)"
            f" SELECT k, ? {UNREAD_OF_BULK} ORDER BY b.k",
            (now(),),
        )
        return ReadUndo(unread=flipped)
    was = conn.execute(
        "SELECT r.paper_key, r.read_at FROM temp.bulk_keys b"
        " JOIN read_state r ON r.paper_key = b.k ORDER BY b.rowid"
    ).fetchall()
    conn.execute("DELETE FROM read_state WHERE paper_key IN (SELECT k FROM temp.bulk_keys)")
    return ReadUndo(read=tuple(was))


class ReadStateMixin:
    """The read-state half of Bookmarks."""

    store: Store

    def read_keys(self) -> set[str]:
        """Keys of every paper marked read."""
        return {k for (k,) in self.store.conn.execute("SELECT paper_key FROM read_state")}

    def is_read(self, key: str) -> bool:
        """Whether the paper is marked read."""
        return self.read_at(key) is not None

    def read_at(self, key: str) -> str | None:
        """When the paper was marked read, or None when it is unread."""
        row = self.store.conn.execute(
            "SELECT read_at FROM read_state WHERE paper_key = ?", (str(key).lower(),)
        ).fetchone()
        return row[0] if row else None

    def set_read(self, key: str, read: bool = True) -> None:
        """Mark the paper read (keeping the first time) or unread."""
        self.set_read_many([key], read)

    def set_read_many(self, keys: Iterable[str], read: bool = True) -> ReadUndo:
        """Mark papers read (keeping first-read times) or unread, in one transaction.

        Returns the undo token for exactly the papers whose state changed.
        """
        wanted = clean_keys(keys)
        if not wanted:
            return ReadUndo()
        with self.store.write(durable=True) as conn:
            load_keys(conn, wanted)
            try:
                return _mark(conn, read)
            finally:
                conn.execute("DELETE FROM temp.bulk_keys")

    def undo_read(self, token: ReadUndo) -> int:
        """Put back the read state a bulk change replaced, in one transaction; how many."""
        with self.store.write(durable=True) as conn:
            load_keys(conn, list(token.unread))
            conn.execute("DELETE FROM read_state WHERE paper_key IN (SELECT k FROM temp.bulk_keys)")
            conn.execute("DELETE FROM temp.bulk_keys")
            conn.executemany(
                "INSERT INTO read_state (paper_key, read_at) VALUES (?, ?)"
                " ON CONFLICT (paper_key) DO UPDATE SET read_at = excluded.read_at",
                token.read,
            )
        return token.count

    def toggle_read(self, key: str) -> bool:
        """Flip the read state; True when the paper is now read."""
        key = check_key(key)
        with self.store.write(durable=True) as conn:
            if conn.execute("DELETE FROM read_state WHERE paper_key = ?", (key,)).rowcount:
                return False
            require_papers(conn, [key])
            conn.execute("INSERT INTO read_state (paper_key, read_at) VALUES (?, ?)", (key, now()))
            return True
