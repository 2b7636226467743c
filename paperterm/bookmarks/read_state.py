"""Read state: mark one paper or a whole set read or unread, and undo a bulk change."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from paperterm.bookmarks.common import check_key, now, require_papers
from paperterm.store import Store
from paperterm.store.papers import in_chunks


@dataclass(frozen=True)
class ReadUndo:
    """What a bulk change replaced: each changed paper's previous ``read_at`` (None = unread).

    Only the papers the change flipped are in it, so undoing it leaves every other paper, and
    the first-read time of papers that were read already, as they were.
    """

    previous: tuple[tuple[str, str | None], ...] = ()

    @property
    def count(self) -> int:
        """How many papers the change flipped."""
        return len(self.previous)


def _read_at(conn: sqlite3.Connection, keys: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for chunk, marks in in_chunks(keys):
        sql = f"SELECT paper_key, read_at FROM read_state WHERE paper_key IN ({marks})"
        found.update(conn.execute(sql, chunk).fetchall())
    return found


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
        wanted = list(dict.fromkeys(check_key(k) for k in keys))
        with self.store.write(durable=True) as conn:
            was = _read_at(conn, wanted)
            if read:
                require_papers(conn, wanted)
                stamp = now()
                changed = [(k, None) for k in wanted if k not in was]
                conn.executemany(
                    "INSERT INTO read_state (paper_key, read_at) VALUES (?, ?)",
                    [(k, stamp) for k, _ in changed],
                )
            else:
                changed = [(k, was[k]) for k in wanted if k in was]
                conn.executemany(
                    "DELETE FROM read_state WHERE paper_key = ?", [(k,) for k, _ in changed]
                )
        return ReadUndo(tuple(changed))

    def undo_read(self, token: ReadUndo) -> int:
        """Put back the read state a bulk change replaced, in one transaction; how many."""
        with self.store.write(durable=True) as conn:
            conn.executemany(
                "DELETE FROM read_state WHERE paper_key = ?",
                [(k,) for k, was in token.previous if was is None],
            )
            conn.executemany(
                "INSERT INTO read_state (paper_key, read_at) VALUES (?, ?)"
                " ON CONFLICT (paper_key) DO UPDATE SET read_at = excluded.read_at",
                [(k, was) for k, was in token.previous if was is not None],
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
