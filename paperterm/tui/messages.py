"""Messages from workers and the app to screens: search results, figures, sync, paper changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.message import Message

from paperterm.models import FilterCounts, Hit, Marks, PaperDetail, SearchResult


@dataclass
class SearchDone(Message):
    """A query's hits are ready; ``cursor`` is where the selection goes."""

    generation: int
    result: SearchResult
    cursor: int
    # The paper at ``cursor``, read right after the search: the list and the detail paint
    # in one frame (None: not read, the detail loads as the cursor moves).
    detail: PaperDetail | None = None
    # The hits around ``cursor`` (``block_of``), made on the database thread with the detail.
    block: tuple[int, Sequence[Hit]] | None = None
    # The paper the search kept the cursor on (a refresh of the same view), or None.
    kept: str | None = None


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
    run: int = 0  # which sync (the app numbers them): a late one never overwrites a newer


@dataclass
class SyncFinished(Message, bubble=False):
    """A sync run here finished; ``paper_ids`` are the papers it added or changed."""

    paper_ids: list[int]


@dataclass
class PaperChanged(Message, bubble=False):
    """A paper's marks, lists or note changed: whatever shows it redraws."""

    key: str
