"""Filters as boolean masks over index slots: user data, dates, counts and authors."""

from __future__ import annotations

import datetime as dt
import json
import operator
import re
import sqlite3
from collections.abc import Callable

import numpy as np

from paperterm.search.index import NO_DAY, TitleIndex, day_number
from paperterm.search.query import Filter, QueryError
from paperterm.search.tokens import tokens
from paperterm.text import sanitize_line

LISTS_SHOWN = 12

_OPS: dict[str, Callable] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "=": operator.eq,
}

_USER_SQL = {
    "bookmarked": "SELECT DISTINCT p.id FROM list_items li JOIN papers p ON p.key = li.paper_key",
    "read": "SELECT p.id FROM read_state r JOIN papers p ON p.key = r.paper_key",
}
_LIST_SQL = (
    "SELECT p.id FROM lists l JOIN list_items li ON li.list_id = l.id"
    " JOIN papers p ON p.key = li.paper_key WHERE l.name = ?"
)
_DATE_SQL = (
    "SELECT DISTINCT a.paper_id FROM digests d JOIN appearances a ON a.digest_id = d.id"
    " WHERE d.date BETWEEN ? AND ?"
)


class Filters:
    """Turns filters into masks; results from the user tables are cached per store version."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._cache: dict[tuple, np.ndarray] = {}
        self._version: int | None = None
        self._authors: tuple[int, str, np.ndarray, np.ndarray] | None = None

    def forget(self, *, index_changed: bool = False) -> None:
        """Drop cached masks (the store or the index changed)."""
        self._cache.clear()
        if index_changed:
            self._authors = None

    def check_version(self) -> None:
        """Forget cached user data if any other connection committed since the last search."""
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self._version = version
            self._cache.clear()

    def _ids_mask(self, index: TitleIndex, key: tuple, sql: str, args: tuple = ()) -> np.ndarray:
        mask = self._cache.get(key)
        if mask is None or len(mask) != index.n:
            mask = np.zeros(index.n, dtype=bool)
            ids = np.array([r[0] for r in self.conn.execute(sql, args)], dtype=np.int64)
            mask[index.slots_of(ids)] = True
            self._cache[key] = mask
        return mask

    def mask(self, f: Filter, index: TitleIndex) -> np.ndarray:
        """Slots that pass ``f`` (before negation)."""
        name, value = f.name, f.value
        if name == "is":
            if value == "unread":
                return ~self._ids_mask(index, ("is", "read"), _USER_SQL["read"])
            return self._ids_mask(index, ("is", value), _USER_SQL[str(value)])
        if name == "list":
            self.check_list(str(value))
            return self._ids_mask(index, ("list", str(value).casefold()), _LIST_SQL, (value,))
        if name in ("date", "after", "before"):
            lo, hi = value  # type: ignore[misc]
            return self.dates(index, lo, hi)
        if name in ("seen", "upvotes"):
            op, number = value  # type: ignore[misc]
            column = index.seen if name == "seen" else index.upvotes
            passed = _OPS[op](column, number)
            return passed & (column >= 0) if name == "upvotes" else passed
        if name == "author":
            return self.authors(index, str(value))
        raise ValueError(f"unknown filter {name}")  # the parser admits none

    def new(self, index: TitleIndex, since: dt.datetime | None) -> np.ndarray:
        """Papers first stored after ``since`` (a whole second; None: every paper is new)."""
        key = ("new", None if since is None else int(since.timestamp()))
        mask = self._cache.get(key)
        if mask is None or len(mask) != index.n:  # cached like is:unread: the same cost
            mask = np.ones(index.n, dtype=bool) if key[1] is None else index.created > key[1]
            self._cache[key] = mask
        return mask

    def check_list(self, name: str) -> None:
        """Raise QueryError naming the known lists when no list is called ``name``."""
        key = ("list-exists", name.casefold())
        if key in self._cache:
            return
        if self.conn.execute("SELECT 1 FROM lists WHERE name = ?", (name,)).fetchone():
            self._cache[key] = np.zeros(0, dtype=bool)
            return
        names = [
            sanitize_line(r[0])
            for r in self.conn.execute("SELECT name FROM lists ORDER BY name COLLATE NOCASE")
        ]
        shown = ", ".join(names[:LISTS_SHOWN]) + (", ..." if len(names) > LISTS_SHOWN else "")
        known = f"lists: {shown}" if names else "no lists yet"
        raise QueryError(f'no list named "{sanitize_line(name)}" ({known})')

    def dates(self, index: TitleIndex, lo: dt.date, hi: dt.date) -> np.ndarray:
        """Papers that appeared in a digest dated between ``lo`` and ``hi`` (inclusive)."""
        seen = index.last != NO_DAY
        if lo > hi:
            return np.zeros(index.n, dtype=bool)
        if lo == dt.date.min and hi == dt.date.max:
            return seen
        if hi == dt.date.max:  # appeared on or after lo: its last appearance is
            return seen & (index.last >= day_number(lo))
        if lo == dt.date.min:
            return seen & (index.first <= day_number(hi))
        return self._ids_mask(index, ("date", lo, hi), _DATE_SQL, (lo.isoformat(), hi.isoformat()))

    def authors(self, index: TitleIndex, name: str) -> np.ndarray:
        """Papers with an author whose name has words starting with ``name``'s words."""
        if self._authors is None or self._authors[0] != index.n:
            self._authors = (index.n, *self._load_authors(index))
        _, text, owners, starts = self._authors
        mask = np.zeros(index.n, dtype=bool)
        pattern = re.compile(r"(?<![^ |\n])" + re.escape(name))
        positions = np.array([m.start() for m in pattern.finditer(text)], dtype=np.int64)
        if len(positions):
            mask[owners[np.searchsorted(starts, positions, side="right") - 1]] = True
        return mask

    def _load_authors(self, index: TitleIndex) -> tuple[str, np.ndarray, np.ndarray]:
        # One string "a b | c d\n..." of folded names per paper, searched with one regex.
        lines, owners, starts = [], [], []
        offset = 0
        rows = self.conn.execute(
            "SELECT id, authors FROM papers WHERE authors IS NOT NULL AND authors != '[]'"
        )
        for pid, raw in rows:
            try:
                names = json.loads(raw)
            except ValueError:
                continue
            slot = index.slot_of_id[pid] if 0 <= pid < len(index.slot_of_id) else -1
            if slot < 0 or not isinstance(names, list):
                continue
            line = " | ".join(" ".join(tokens(str(n))) for n in names) + "\n"
            lines.append(line)
            owners.append(slot)
            starts.append(offset)
            offset += len(line)
        return "".join(lines), np.array(owners, np.int64), np.array(starts, np.int64)
