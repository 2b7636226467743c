"""Filters of the filter pane as small pure objects that compose with the search query."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from paperterm.text import sanitize_line

FilterKind = Literal[
    "all", "unread", "bookmarked", "list", "date", "new", "foryou", "trending", "saved", "month"
]
KINDS: tuple[FilterKind, ...] = (
    "all",
    "unread",
    "bookmarked",
    "list",
    "date",
    "new",
    "foryou",
    "trending",
    "saved",
    "month",
)
NAMED = {"all": "All papers", "unread": "Unread", "bookmarked": "Bookmarked", "new": "New"}
NAMED |= {"foryou": "For you", "trending": "Trending"}
TOKENS = {"unread": "is:unread", "bookmarked": "is:bookmarked", "new": "is:new"}
TOKENS |= {"foryou": "is:unread -is:bookmarked sort:foryou", "trending": "sort:trending"}
_MONTH = re.compile(r"\d{4}-\d{2}")


def quoted(value: str) -> str:
    """``value`` as a quoted filter value of the query language."""
    return '"' + sanitize_line(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class Filter:
    """One choice of the filter pane: a library view, a reading list, a digest or its month,
    a saved search (``query`` holds its full query) or the papers related to one
    (``kind`` "related", ``value`` its key, ``query`` its title; never saved)."""

    kind: FilterKind | Literal["related"] = "all"
    value: str = ""
    query: str = ""

    @property
    def label(self) -> str:
        """How the header and the pane name this filter."""
        if self.kind in NAMED:
            return NAMED[self.kind]
        if self.kind == "list":
            return f"List: {sanitize_line(self.value)}"
        if self.kind == "saved":
            return f"Saved: {sanitize_line(self.value)}"
        if self.kind == "related":
            return f"Related to: {sanitize_line(self.query)}"
        if self.kind == "month":
            year, month = (int(part) for part in self.value.split("-"))
            return dt.date(year, month, 1).strftime("%B %Y")
        return f"Digest {self.value}"

    def tokens(self) -> str:
        """The query tokens that express this filter in the search language."""
        if self.kind in TOKENS:
            return TOKENS[self.kind]
        if self.kind == "list":
            return f"list:{quoted(self.value)}"
        if self.kind in ("date", "month"):
            return f"date:{self.value}"
        if self.kind == "saved":
            return sanitize_line(self.query)
        return ""

    def to_json(self) -> dict[str, str]:
        if self.kind in ("related", "new"):  # views of one session: the next start shows All
            return {"kind": "all", "value": ""}  # (New is chosen again when there is news)
        return {"kind": self.kind, "value": self.value, "query": self.query}

    @classmethod
    def from_json(cls, data: object) -> Filter:
        """A filter from saved state; anything unexpected means All."""
        if not isinstance(data, dict):
            return cls()
        kind, value = data.get("kind"), data.get("value", "")
        query = data.get("query", "")
        if kind not in KINDS or not isinstance(value, str) or not isinstance(query, str):
            return cls()
        if kind == "date":
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return cls()
        if kind == "month" and not (_MONTH.fullmatch(value) and 1 <= int(value[5:]) <= 12):
            return cls()
        if kind in ("list", "saved") and not sanitize_line(value):
            return cls()
        if kind in ("list", "date", "month"):
            return cls(kind, value)
        if kind == "saved":
            return cls(kind, value, sanitize_line(query)[:2000])
        return cls(kind)


ALL = Filter()
UNREAD = Filter("unread")
BOOKMARKED = Filter("bookmarked")
NEW = Filter("new")
FOR_YOU = Filter("foryou")
TRENDING = Filter("trending")


def compose_query(flt: Filter, query: str, order: str | None = None, window: str = "") -> str:
    """The query the search service runs: the chosen order, the filter's tokens, then what
    the user typed (a later ``sort:`` wins, so a typed one beats the filter's and the key's).

    ``window`` is the trending window as a date range: the Trending view holds only the
    papers of those digests."""
    sort = f"sort:{order}" if order else ""
    tokens = flt.tokens()
    if flt.kind == "trending" and window:
        tokens = f"{tokens} date:{window}"
    return " ".join(part for part in (sort, tokens, query.strip()) if part)
