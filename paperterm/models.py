"""Plain data shared by every room: entries, digests, papers, hits, issues."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # plain data either way: no import at run time
    from paperterm.text_links import FoundLink


@dataclass(frozen=True)
class Entry:
    """One title/abstract pair as a source gave it, with whatever metadata it carried."""

    title: str
    abstract: str
    line: int = 0
    arxiv_id: str | None = None
    authors: tuple[str, ...] = ()
    upvotes: int | None = None
    github: str | None = None
    project_page: str | None = None
    published: str | None = None
    key: str = ""  # the paper key when a source computed it already (parse workers do)


@dataclass(frozen=True)
class Digest:
    """One day's list of papers from one source."""

    date: dt.date
    entries: tuple[Entry, ...]
    line: int = 0


@dataclass(frozen=True)
class Issue:
    """A problem found while reading a source: ``where:line: message``."""

    where: str
    line: int
    message: str
    severity: str = "error"  # "error" loses data of that unit; "warning" does not

    def __str__(self) -> str:
        loc = f"{self.where}:{self.line}" if self.line else self.where
        return f"{loc}: {self.message}"


@dataclass(frozen=True)
class ParseResult:
    """What a parser made of one unit: its digests and the problems it met."""

    digests: tuple[Digest, ...] = ()
    issues: tuple[Issue, ...] = ()

    @property
    def failed(self) -> bool:
        return any(i.severity == "error" for i in self.issues)


@dataclass(frozen=True)
class Appearance:
    """A paper's place in one digest."""

    date: dt.date
    origin: str
    position: int


# A paper kept only by an imported backup, or by your data after its source was removed.
NO_DIGEST = "no digest left (from your backup or a removed source)"


def seen_in(count: int) -> str:
    """``in 2 digests``, ``in 1 digest``, or why a paper is in no digest: never "0 times"."""
    if count <= 0:
        return NO_DIGEST
    return f"in {count:,} digest{'s' * (count != 1)}"


@dataclass(frozen=True)
class Paper:
    """A paper as the store knows it: one per paper key."""

    id: int
    key: str
    title: str
    abstract: str
    first_seen: dt.date | None
    last_seen: dt.date | None
    seen: int  # how many distinct digest days it appeared on (an appearance is one entry)
    arxiv_id: str | None = None
    authors: tuple[str, ...] = ()
    upvotes: int | None = None
    github: str | None = None
    project_page: str | None = None
    published: str | None = None
    last_position: int = 0
    ai_summary: str | None = None  # from a title match (Hugging Face)
    arxiv_category: str | None = None  # primary class from a title match (arXiv), e.g. cs.CV


@dataclass(frozen=True)
class Hit:
    """A search result: the paper, its score and the title spans that matched."""

    paper: Paper
    score: float
    spans: tuple[tuple[int, int], ...] = field(default=())


@dataclass(frozen=True)
class PaperDetail:
    """Everything the detail pane and the reading view show about one paper."""

    paper: Paper
    appearances: tuple[Appearance, ...] = ()
    lists: tuple[str, ...] = ()
    note: str | None = None
    read: bool = False
    bookmarked: bool = False
    # Links stored for the paper (found in its abstract or given by a title match), in order.
    found_links: tuple[FoundLink, ...] = ()
    why: tuple[str, ...] = ()  # in the For you view: the words that made it rank


@dataclass(frozen=True)
class FilterCounts:
    """The figures of the filter pane."""

    total: int = 0
    unread: int = 0
    bookmarked: int = 0
    lists: tuple[tuple[str, int], ...] = ()
    digests: tuple[tuple[dt.date, int], ...] = ()
    new: int = 0  # papers first stored since the last visit (0 when none is recorded)
    new_unread: int = 0
    since: dt.datetime | None = None  # the last visit
    saved: tuple[tuple[str, str, int], ...] = ()  # saved searches: name, full query, count


@dataclass
class Marks:
    """Keys of read, bookmarked (in any reading list) and new (since the last visit) papers."""

    read: set[str] = field(default_factory=set)
    bookmarked: set[str] = field(default_factory=set)
    new: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class SortOrder:
    """One way to order the list: ``label`` for headers, ``date`` the Paper field it shows."""

    name: str
    label: str
    date: str  # "last_seen" or "first_seen"

    @property
    def date_label(self) -> str:
        """The heading of the date column in this order (``last seen``)."""
        return self.date.replace("_", " ")

    def date_of(self, paper: Paper) -> dt.date | None:
        """The date a row shows in this order."""
        return getattr(paper, self.date)


# newest orders by the latest appearance and shows it; the others show the first-seen date.
SORTS: dict[str, SortOrder] = {
    s.name: s
    for s in (
        SortOrder("relevance", "best match", "first_seen"),
        SortOrder("newest", "newest first", "last_seen"),
        SortOrder("oldest", "oldest first", "first_seen"),
        SortOrder("seen", "most seen", "first_seen"),
        SortOrder("upvotes", "most upvoted", "first_seen"),
        SortOrder("title", "title A-Z", "first_seen"),
        SortOrder("foryou", "for you", "first_seen"),  # ranked against the reading lists
        SortOrder("trending", "trending", "last_seen"),  # most digests of the last days
    )
}


@dataclass(frozen=True)
class SearchResult:
    """Ranked hits (``len(hits)`` may be less than ``total`` when limited) or an error.

    ``total_is_estimate``: ``total`` is a lower bound (a word too common in abstracts to
    check in every paper); the hits still hold the best matches. Show it as "200+".
    """

    hits: Sequence[Hit] = field(default_factory=list)
    total: int = 0
    error: str | None = None
    total_is_estimate: bool = False
    query: str = ""  # the query these hits answer (set by the reader service)
    order: str = "newest"  # the order used: a name in SORTS
    # What is:new compared with: the last visit (or the given time); None when the query has
    # no is:new and no time was given, or no visit is recorded (then every paper is new).
    since: dt.datetime | None = None
    # Query words no listed paper matches: dropped so that a typo does not empty the list.
    ignored: tuple[str, ...] = ()

    @property
    def sort(self) -> SortOrder:
        """The order used, with its label and the date its rows show."""
        return SORTS[self.order]

    def date_of(self, hit: Hit) -> dt.date | None:
        """The date the row of ``hit`` shows: the one the order uses."""
        return SORTS[self.order].date_of(hit.paper)
