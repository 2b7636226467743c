"""What every part of the user's data shares: errors, records, clean names and key checks."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from paperterm.store.papers import in_chunks
from paperterm.text import sanitize, sanitize_line

DEFAULT_LIST = "Reading list"
MAX_LIST_NAME = 100
MAX_NOTE = 100_000
# A paper key as the store writes it: paperterm.text.paper_key() of the title.
PAPER_KEY = re.compile(r"^[0-9a-f]{16}$")
FIND_KEY = "Next: paperterm search WORDS to find its key."


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


def check_key(key: str) -> str:
    """The paper key in its stored form, or BookmarksError when it is not one."""
    clean = str(key).strip().lower()
    if not PAPER_KEY.match(clean):
        raise BookmarksError(
            f"{sanitize_line(str(key))!r} is not a paper key (16 hex digits). {FIND_KEY}"
        )
    return clean


def existing_keys(conn: sqlite3.Connection, keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` have a paper in the store, asked in chunks rather than per key."""
    found: set[str] = set()
    for chunk, marks in in_chunks(sorted(set(keys))):
        sql = f"SELECT key FROM papers WHERE key IN ({marks})"
        found.update(k for (k,) in conn.execute(sql, chunk))
    return found


def require_papers(conn: sqlite3.Connection, keys: Iterable[str]) -> None:
    """BookmarksError naming the first key with no paper in the store."""
    wanted = list(dict.fromkeys(keys))
    found = existing_keys(conn, wanted)
    missing = [k for k in wanted if k not in found]
    if missing:
        raise BookmarksError(f"no paper with key {missing[0]} in the store. {FIND_KEY}")


def list_row(conn: sqlite3.Connection, name: str) -> tuple[int, str] | None:
    """(id, stored name) of the list called ``name`` (any case), if there is one."""
    row = conn.execute("SELECT id, name FROM lists WHERE name = ?", (name,)).fetchone()
    return (row[0], row[1]) if row else None


def existing_list(conn: sqlite3.Connection, name: str) -> tuple[int, str]:
    """(id, stored name) of a list that must exist, or BookmarksError."""
    clean = clean_list_name(name)
    row = list_row(conn, clean)
    if row is None:
        raise BookmarksError(f'no list named "{clean}". Next: paperterm lists to see them.')
    return row
