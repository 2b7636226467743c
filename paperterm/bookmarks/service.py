"""The Bookmarks service: reading lists, notes and read state, keyed by paper key."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass

from paperterm.store import AmbiguousKey, Store, get_paper
from paperterm.text import sanitize, sanitize_line

DEFAULT_LIST = "Reading list"
MAX_LIST_NAME = 100
MAX_NOTE = 100_000
# A paper key as the store writes it: paperterm.text.paper_key() of the title.
PAPER_KEY = re.compile(r"^[0-9a-f]{16}$")


class BookmarksError(ValueError):
    """A request the user must change; the message says what is wrong and what to do."""


@dataclass(frozen=True)
class ReadingList:
    """A named reading list with how many papers it holds."""

    name: str
    count: int
    created_at: str


@dataclass(frozen=True)
class Note:
    """The user's note on a paper."""

    body: str
    created_at: str
    updated_at: str


def now() -> str:
    """The current time as stored in user tables: ISO 8601, UTC, whole seconds."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def clean_list_name(name: str) -> str:
    """A list name on one clean line; raises BookmarksError when nothing usable is left."""
    clean = sanitize_line(str(name))  # lone surrogates become U+FFFD
    if not clean:
        raise BookmarksError("a list name cannot be empty")
    if len(clean) > MAX_LIST_NAME:
        raise BookmarksError(f"a list name holds at most {MAX_LIST_NAME} characters")
    return clean


def clean_note(body: str) -> str:
    """A note body: control characters gone, newlines kept, blank edges trimmed."""
    text = sanitize(str(body))
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def insert_list(conn: sqlite3.Connection, name: str, created_at: str | None = None) -> int:
    """Create the list row ``name`` (already clean and free); its id."""
    cur = conn.execute(
        "INSERT INTO lists (name, created_at) VALUES (?, ?)", (name, created_at or now())
    )
    return int(cur.lastrowid or 0)


def append_item(conn: sqlite3.Connection, list_id: int, key: str, added_at: str | None) -> bool:
    """Put the paper at the end of a list; False when it is already in it.

    The key needs no row in ``papers``: user tables are keyed by paper key, so a bookmark
    outlives its paper and finds it again when a later sync brings it back.
    """
    exists = conn.execute(
        "SELECT 1 FROM list_items WHERE list_id = ? AND paper_key = ?", (list_id, key)
    ).fetchone()
    if exists:
        return False
    (last,) = conn.execute(
        "SELECT coalesce(max(position), -1) FROM list_items WHERE list_id = ?", (list_id,)
    ).fetchone()
    conn.execute(
        "INSERT INTO list_items (list_id, paper_key, position, added_at) VALUES (?, ?, ?, ?)",
        (list_id, key, last + 1, added_at or now()),
    )
    return True


def resolve_key(store: Store, key_or_prefix: str) -> str:
    """The full key of the paper named by a key or a unique key prefix, or BookmarksError."""
    try:
        paper = get_paper(store.conn, key_or_prefix)
    except AmbiguousKey as exc:
        raise BookmarksError(str(exc)) from None
    if paper is None:
        raise BookmarksError(
            f"no paper with key {sanitize_line(key_or_prefix)!r} in the store. "
            "Next: paperterm search WORDS to find its key."
        )
    return paper.key


class Bookmarks:
    """The user's reading lists, notes and read state in a store."""

    DEFAULT_LIST = DEFAULT_LIST

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- helpers -------------------------------------------------------------------------------

    @staticmethod
    def _key(key: str) -> str:
        clean = str(key).strip().lower()
        if not PAPER_KEY.match(clean):
            raise BookmarksError(
                f"{sanitize_line(str(key))!r} is not a paper key (16 hex digits). "
                "Next: paperterm search WORDS to find its key."
            )
        return clean

    @staticmethod
    def _require_paper(conn: sqlite3.Connection, key: str) -> None:
        if conn.execute("SELECT 1 FROM papers WHERE key = ?", (key,)).fetchone() is None:
            raise BookmarksError(
                f"no paper with key {key} in the store. "
                "Next: paperterm search WORDS to find its key."
            )

    @staticmethod
    def _list_row(conn: sqlite3.Connection, name: str) -> tuple[int, str] | None:
        row = conn.execute("SELECT id, name FROM lists WHERE name = ?", (name,)).fetchone()
        return (row[0], row[1]) if row else None

    def _existing_list(self, conn: sqlite3.Connection, name: str) -> tuple[int, str]:
        clean = clean_list_name(name)
        row = self._list_row(conn, clean)
        if row is None:
            raise BookmarksError(f'no list named "{clean}". Next: paperterm lists to see them.')
        return row

    # -- bookmarks -----------------------------------------------------------------------------

    def toggle_bookmark(self, key: str) -> bool:
        """Add the paper to the default list, or take it out; True when it is now in it."""
        key = self._key(key)
        with self.store.write(durable=True) as conn:
            row = self._list_row(conn, DEFAULT_LIST)
            if (
                row
                and conn.execute(
                    "DELETE FROM list_items WHERE list_id = ? AND paper_key = ?", (row[0], key)
                ).rowcount
            ):
                return False
            self._require_paper(conn, key)
            list_id = row[0] if row else insert_list(conn, DEFAULT_LIST)
            append_item(conn, list_id, key, None)
            return True

    def is_bookmarked(self, key: str) -> bool:
        """Whether the paper is in any list."""
        row = self.store.conn.execute(
            "SELECT 1 FROM list_items WHERE paper_key = ? LIMIT 1", (str(key).lower(),)
        ).fetchone()
        return row is not None

    def bookmarked_keys(self) -> set[str]:
        """Keys of every paper in at least one list."""
        return {k for (k,) in self.store.conn.execute("SELECT DISTINCT paper_key FROM list_items")}

    # -- lists ---------------------------------------------------------------------------------

    def lists(self) -> list[ReadingList]:
        """Every list, the default list first, then by creation."""
        rows = self.store.conn.execute(
            "SELECT l.name, count(i.paper_key), l.created_at FROM lists l"
            " LEFT JOIN list_items i ON i.list_id = l.id GROUP BY l.id"
            " ORDER BY l.name != ? COLLATE NOCASE, l.created_at, l.id",
            (DEFAULT_LIST,),
        )
        return [ReadingList(name, count, created) for name, count, created in rows]

    def lists_of(self, key: str) -> list[str]:
        """Names of the lists holding the paper."""
        rows = self.store.conn.execute(
            "SELECT l.name FROM list_items i JOIN lists l ON l.id = i.list_id"
            " WHERE i.paper_key = ? ORDER BY l.name != ? COLLATE NOCASE, l.created_at, l.id",
            (str(key).lower(), DEFAULT_LIST),
        )
        return [name for (name,) in rows]

    def list_keys(self, name: str) -> list[str]:
        """Keys of the papers in a list, in the list's order."""
        conn = self.store.conn
        list_id, _ = self._existing_list(conn, name)
        rows = conn.execute(
            "SELECT paper_key FROM list_items WHERE list_id = ? ORDER BY position, added_at",
            (list_id,),
        )
        return [key for (key,) in rows]

    def create_list(self, name: str) -> str:
        """Create an empty list; returns its clean name."""
        clean = clean_list_name(name)
        with self.store.write(durable=True) as conn:
            row = self._list_row(conn, clean)
            if row:
                raise BookmarksError(f'a list named "{row[1]}" already exists')
            insert_list(conn, clean)
        return clean

    def rename_list(self, old: str, new: str) -> str:
        """Rename a list (a change of case alone is allowed); returns the new clean name."""
        clean = clean_list_name(new)
        with self.store.write(durable=True) as conn:
            list_id, _ = self._existing_list(conn, old)
            other = self._list_row(conn, clean)
            if other and other[0] != list_id:
                raise BookmarksError(f'a list named "{other[1]}" already exists')
            conn.execute("UPDATE lists SET name = ? WHERE id = ?", (clean, list_id))
        return clean

    def delete_list(self, name: str, force: bool = False) -> int:
        """Delete a list; one that holds papers needs ``force``. Returns how many it held."""
        with self.store.write(durable=True) as conn:
            list_id, real = self._existing_list(conn, name)
            (count,) = conn.execute(
                "SELECT count(*) FROM list_items WHERE list_id = ?", (list_id,)
            ).fetchone()
            if count and not force:
                raise BookmarksError(
                    f'the list "{real}" holds {count} paper{"s" * (count != 1)}; '
                    "delete it with force (--force) to remove it anyway"
                )
            conn.execute("DELETE FROM list_items WHERE list_id = ?", (list_id,))
            conn.execute("DELETE FROM lists WHERE id = ?", (list_id,))
        return count

    def add_to_list(self, key: str, name: str, create: bool = True) -> bool:
        """Append the paper to a list (created when missing); False if it was already there."""
        key = self._key(key)
        clean = clean_list_name(name)
        with self.store.write(durable=True) as conn:
            self._require_paper(conn, key)
            row = self._list_row(conn, clean)
            if row is None:
                if not create:
                    raise BookmarksError(f'no list named "{clean}". Next: create it first.')
                list_id = insert_list(conn, clean)
            else:
                list_id = row[0]
            return append_item(conn, list_id, key, None)

    def add_many(self, keys: list[str], name: str) -> int:
        """Append several papers to a list (created when missing) in one transaction."""
        clean_keys = [self._key(k) for k in keys]
        clean = clean_list_name(name)
        with self.store.write(durable=True) as conn:
            for key in clean_keys:
                self._require_paper(conn, key)
            row = self._list_row(conn, clean)
            list_id = row[0] if row else insert_list(conn, clean)
            return sum(append_item(conn, list_id, key, None) for key in clean_keys)

    def remove_many(self, keys: list[str], name: str) -> int:
        """Take several papers out of a list; how many were in it."""
        clean_keys = [self._key(k) for k in keys]
        with self.store.write(durable=True) as conn:
            list_id, _ = self._existing_list(conn, name)
            return sum(
                conn.execute(
                    "DELETE FROM list_items WHERE list_id = ? AND paper_key = ?", (list_id, key)
                ).rowcount
                for key in clean_keys
            )

    def remove_from_list(self, key: str, name: str) -> bool:
        """Take the paper out of a list; False if it was not in it."""
        key = self._key(key)
        with self.store.write(durable=True) as conn:
            list_id, _ = self._existing_list(conn, name)
            cur = conn.execute(
                "DELETE FROM list_items WHERE list_id = ? AND paper_key = ?", (list_id, key)
            )
            return cur.rowcount > 0

    def move_to_list(self, key: str, source: str, target: str) -> bool:
        """Move the paper from one list to the end of another (created when missing)."""
        key = self._key(key)
        clean = clean_list_name(target)
        with self.store.write(durable=True) as conn:
            source_id, real = self._existing_list(conn, source)
            row = conn.execute(
                "SELECT added_at FROM list_items WHERE list_id = ? AND paper_key = ?",
                (source_id, key),
            ).fetchone()
            if row is None:
                raise BookmarksError(f'the paper {key} is not in the list "{real}"')
            target_row = self._list_row(conn, clean)
            target_id = target_row[0] if target_row else insert_list(conn, clean)
            if target_id == source_id:
                return False
            conn.execute(
                "DELETE FROM list_items WHERE list_id = ? AND paper_key = ?", (source_id, key)
            )
            append_item(conn, target_id, key, row[0])
            return True

    def move_item(self, key: str, name: str, delta: int) -> int:
        """Move the paper ``delta`` places within a list (negative = up); its new index."""
        key = self._key(key)
        with self.store.write(durable=True) as conn:
            list_id, real = self._existing_list(conn, name)
            keys = [
                k
                for (k,) in conn.execute(
                    "SELECT paper_key FROM list_items WHERE list_id = ?"
                    " ORDER BY position, added_at",
                    (list_id,),
                )
            ]
            if key not in keys:
                raise BookmarksError(f'the paper {key} is not in the list "{real}"')
            index = keys.index(key)
            target = max(0, min(len(keys) - 1, index + int(delta)))
            if target == index:
                return index
            keys.insert(target, keys.pop(index))
            conn.executemany(
                "UPDATE list_items SET position = ? WHERE list_id = ? AND paper_key = ?",
                [(pos, list_id, k) for pos, k in enumerate(keys)],
            )
            return target

    # -- notes ---------------------------------------------------------------------------------

    def note(self, key: str) -> Note | None:
        """The note on a paper, if any."""
        row = self.store.conn.execute(
            "SELECT body, created_at, updated_at FROM notes WHERE paper_key = ?",
            (str(key).lower(),),
        ).fetchone()
        return Note(*row) if row else None

    def set_note(self, key: str, body: str) -> Note | None:
        """Write the note on a paper; an empty body deletes it. Returns the stored note."""
        key = self._key(key)
        text = clean_note(body)
        if len(text) > MAX_NOTE:
            raise BookmarksError(f"a note holds at most {MAX_NOTE:,} characters")
        with self.store.write(durable=True) as conn:
            if not text:
                conn.execute("DELETE FROM notes WHERE paper_key = ?", (key,))
                return None
            self._require_paper(conn, key)
            stamp = now()
            conn.execute(
                "INSERT INTO notes (paper_key, body, created_at, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (paper_key) DO UPDATE SET body = excluded.body,"
                " updated_at = excluded.updated_at WHERE body != excluded.body",
                (key, text, stamp, stamp),
            )
            row = conn.execute(
                "SELECT body, created_at, updated_at FROM notes WHERE paper_key = ?", (key,)
            ).fetchone()
        return Note(*row)

    def note_keys(self) -> set[str]:
        """Keys of every paper with a note."""
        return {k for (k,) in self.store.conn.execute("SELECT paper_key FROM notes")}

    # -- read state ----------------------------------------------------------------------------

    def read_keys(self) -> set[str]:
        """Keys of every paper marked read."""
        return {k for (k,) in self.store.conn.execute("SELECT paper_key FROM read_state")}

    def is_read(self, key: str) -> bool:
        return self.read_at(key) is not None

    def read_at(self, key: str) -> str | None:
        """When the paper was marked read, or None when it is unread."""
        row = self.store.conn.execute(
            "SELECT read_at FROM read_state WHERE paper_key = ?", (str(key).lower(),)
        ).fetchone()
        return row[0] if row else None

    def set_read(self, key: str, read: bool = True) -> None:
        """Mark the paper read (keeping the first time) or unread."""
        key = self._key(key)
        with self.store.write(durable=True) as conn:
            if not read:
                conn.execute("DELETE FROM read_state WHERE paper_key = ?", (key,))
                return
            self._require_paper(conn, key)
            conn.execute(
                "INSERT INTO read_state (paper_key, read_at) VALUES (?, ?)"
                " ON CONFLICT (paper_key) DO NOTHING",
                (key, now()),
            )

    def toggle_read(self, key: str) -> bool:
        """Flip the read state; True when the paper is now read."""
        key = self._key(key)
        with self.store.write(durable=True) as conn:
            if conn.execute("DELETE FROM read_state WHERE paper_key = ?", (key,)).rowcount:
                return False
            self._require_paper(conn, key)
            conn.execute("INSERT INTO read_state (paper_key, read_at) VALUES (?, ?)", (key, now()))
            return True
