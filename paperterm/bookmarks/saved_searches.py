"""Saved searches: a query and a filter under a name, the user's own data (backed up with lists)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from paperterm.store import Store
from paperterm.text import sanitize_line

MAX_NAME = 100
MAX_QUERY = 2_000


class SavedSearchError(ValueError):
    """A request the user must change; the message says what is wrong and what to do."""


@dataclass(frozen=True)
class SavedSearch:
    """A named query (and the filter pane's part of it, e.g. ``is:unread``)."""

    name: str
    query: str
    filter: str = ""
    created_at: str = ""
    updated_at: str = ""

    @property
    def full_query(self) -> str:
        """What to search for: the filter in front of the query, as the reader composes them."""
        return " ".join(part for part in (self.filter, self.query) if part)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def clean_name(name: str) -> str:
    clean = sanitize_line(str(name))
    if not clean:
        raise SavedSearchError("a saved search needs a name")
    if len(clean) > MAX_NAME:
        raise SavedSearchError(f"a saved search name holds at most {MAX_NAME} characters")
    return clean


def clean_query(text: str, what: str = "query") -> str:
    clean = sanitize_line(str(text))
    if len(clean) > MAX_QUERY:
        raise SavedSearchError(f"a saved {what} holds at most {MAX_QUERY:,} characters")
    return clean


def _row(conn: sqlite3.Connection, name: str) -> tuple | None:
    return conn.execute(
        "SELECT name, query, filter, created_at, updated_at FROM saved_searches WHERE name = ?",
        (name,),
    ).fetchone()


def save_search(store: Store, name: str, query: str, filter: str = "") -> SavedSearch:
    """Save (or replace the query and filter of) the search ``name``."""
    name, query, filter = clean_name(name), clean_query(query), clean_query(filter, "filter")
    if not query and not filter:
        raise SavedSearchError("nothing to save: the query and the filter are both empty")
    stamp = _now()
    with store.write(durable=True) as conn:
        conn.execute(
            "INSERT INTO saved_searches (name, query, filter, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
            " query = excluded.query, filter = excluded.filter, updated_at = excluded.updated_at",
            (name, query, filter, stamp, stamp),
        )
        row = _row(conn, name)
    return SavedSearch(*row)


def get_search(store: Store, name: str) -> SavedSearch | None:
    row = _row(store.conn, clean_name(name))
    return SavedSearch(*row) if row else None


def list_searches(store: Store) -> list[SavedSearch]:
    """Every saved search, by name."""
    rows = store.conn.execute(
        "SELECT name, query, filter, created_at, updated_at FROM saved_searches"
        " ORDER BY name COLLATE NOCASE"
    )
    return [SavedSearch(*row) for row in rows]


def _missing(name: str) -> SavedSearchError:
    return SavedSearchError(
        f'no saved search named "{name}". Next: paperterm searches list to see them.'
    )


def rename_search(store: Store, old: str, new: str) -> SavedSearch:
    old, new = clean_name(old), clean_name(new)
    with store.write(durable=True) as conn:
        row = _row(conn, old)
        if row is None:
            raise _missing(old)
        clash = _row(conn, new)
        if clash is not None and clash[0].casefold() != row[0].casefold():
            raise SavedSearchError(f'a saved search named "{clash[0]}" exists already')
        conn.execute(
            "UPDATE saved_searches SET name = ?, updated_at = ? WHERE name = ?",
            (new, _now(), row[0]),
        )
        renamed = _row(conn, new)
    return SavedSearch(*renamed)


def delete_search(store: Store, name: str) -> None:
    name = clean_name(name)
    with store.write(durable=True) as conn:
        if conn.execute("DELETE FROM saved_searches WHERE name = ?", (name,)).rowcount == 0:
            raise _missing(name)


# -- backup: export rows, validate them on import, merge them -------------------------------
def backup_records(conn: sqlite3.Connection) -> list[dict[str, str]]:
    """Saved searches as backup JSON, by name (deterministic)."""
    return [
        {"name": n, "query": q, "filter": f, "created_at": c, "updated_at": u}
        for n, q, f, c, u in conn.execute(
            "SELECT name, query, filter, created_at, updated_at FROM saved_searches"
            " ORDER BY name COLLATE NOCASE"
        )
    ]


def parse_records(raw: Any, fail: Callable[[str, str], None]) -> list[SavedSearch]:
    """Validate the backup's ``saved_searches`` array; problems go to ``fail(where, what)``."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        fail("saved_searches", f"expected a list, got {type(raw).__name__}")
        return []
    found: list[SavedSearch] = []
    for i, item in enumerate(raw):
        where = f"saved_searches[{i}]"
        if not isinstance(item, dict):
            fail(where, f"expected an object, got {type(item).__name__}")
            continue
        values = {}
        for field in ("name", "query", "filter", "created_at", "updated_at"):
            value = item.get(field, "")
            if value is None:
                value = ""
            if not isinstance(value, str):
                fail(f"{where}.{field}", f"expected text, got {type(value).__name__}")
                value = ""
            values[field] = value
        try:
            name = clean_name(values["name"])
            query = clean_query(values["query"])
            filt = clean_query(values["filter"], "filter")
        except SavedSearchError as exc:
            fail(where, str(exc))
            continue
        stamps = [_stamp(values[f]) for f in ("created_at", "updated_at")]
        found.append(SavedSearch(name, query, filt, stamps[0], stamps[1] or stamps[0]))
    return found


def _stamp(value: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def merge_records(conn: sqlite3.Connection, searches: list[SavedSearch]) -> int:
    """Add the saved searches the store lacks (by name); the store's own ones win. How many."""
    added = 0
    for s in searches:
        stamp = _now()
        cur = conn.execute(
            "INSERT INTO saved_searches (name, query, filter, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
            (s.name, s.query, s.filter, s.created_at or stamp, s.updated_at or stamp),
        )
        added += cur.rowcount
    return added
