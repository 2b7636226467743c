"""Messages from workers to screens and the app: search results, library figures, sync progress."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from paperterm.tui.library import SearchOutcome
from paperterm.tui.views import FilterCounts, Marks


@dataclass
class SearchDone(Message):
    """A query's hits are ready; ``cursor`` is where the selection goes."""

    generation: int
    outcome: SearchOutcome
    cursor: int


@dataclass
class LibraryLoaded(Message):
    """Marks and filter figures (re)loaded; ``papers_changed`` when the papers did too."""

    marks: Marks
    counts: FilterCounts
    papers_changed: bool = True


@dataclass
class SyncProgressed(Message):
    """A sync finished one more unit."""

    done: int
    total: int
    current: str
    papers: int
    errors: int
