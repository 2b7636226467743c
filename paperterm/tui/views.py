"""Plain data the screens hand to the widgets: a paper's details, marks, filter figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from paperterm.models import Appearance, Paper


@dataclass(frozen=True)
class PaperDetail:
    """Everything the detail pane and the reading view show about one paper."""

    paper: Paper
    appearances: tuple[Appearance, ...] = ()
    lists: tuple[str, ...] = ()
    note: str | None = None
    read: bool = False
    bookmarked: bool = False


@dataclass(frozen=True)
class FilterCounts:
    """The figures of the filter pane."""

    total: int = 0
    unread: int = 0
    bookmarked: int = 0
    lists: tuple[tuple[str, int], ...] = ()
    digests: tuple[tuple[dt.date, int], ...] = ()


@dataclass
class Marks:
    """Keys of read and of bookmarked papers (bookmarked = in any reading list)."""

    read: set[str] = field(default_factory=set)
    bookmarked: set[str] = field(default_factory=set)
