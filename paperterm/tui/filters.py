"""Filters of the filter pane as small pure objects that compose with the search query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from paperterm.text import sanitize_line

FilterKind = Literal["all", "unread", "bookmarked", "list", "date"]
KINDS: tuple[FilterKind, ...] = ("all", "unread", "bookmarked", "list", "date")


@dataclass(frozen=True)
class Filter:
    """One choice of the filter pane: the whole library, a mark, a reading list or a digest."""

    kind: FilterKind = "all"
    value: str = ""

    @property
    def label(self) -> str:
        """How the header and the pane name this filter."""
        if self.kind == "all":
            return "All papers"
        if self.kind == "unread":
            return "Unread"
        if self.kind == "bookmarked":
            return "Bookmarked"
        if self.kind == "list":
            return f"List: {sanitize_line(self.value)}"
        return f"Digest {self.value}"

    def tokens(self) -> str:
        """The query tokens that express this filter in the search language."""
        if self.kind == "unread":
            return "is:unread"
        if self.kind == "bookmarked":
            return "is:bookmarked"
        if self.kind == "list":
            name = sanitize_line(self.value).replace("\\", "\\\\").replace('"', '\\"')
            return f'list:"{name}"'
        if self.kind == "date":
            return f"date:{self.value}"
        return ""

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "value": self.value}

    @classmethod
    def from_json(cls, data: object) -> Filter:
        """A filter from saved state; anything unexpected means All."""
        if not isinstance(data, dict):
            return cls()
        kind, value = data.get("kind"), data.get("value", "")
        if kind not in KINDS or not isinstance(value, str):
            return cls()
        if kind == "date":
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return cls()
        if kind == "list" and not sanitize_line(value):
            return cls()
        return cls(kind, value if kind in ("list", "date") else "")


ALL = Filter()
UNREAD = Filter("unread")
BOOKMARKED = Filter("bookmarked")


def compose_query(flt: Filter, query: str) -> str:
    """The query the search service runs: the filter's tokens, then what the user typed."""
    return " ".join(part for part in (flt.tokens(), query.strip()) if part)
