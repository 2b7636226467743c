"""SearchResult: a search's hits, total, error, and the order (and is:new time) it used."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from paperterm.models import Hit
from paperterm.search.orders import SORTS, SortOrder


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
    order: str = "newest"  # the order used: a name in paperterm.search.orders.SORTS
    # What is:new compared with: the last visit (or the given time); None when the query has
    # no is:new and no time was given, or no visit is recorded (then every paper is new).
    since: dt.datetime | None = None

    @property
    def sort(self) -> SortOrder:
        """The order used, with its label and the date its rows show."""
        return SORTS[self.order]

    def date_of(self, hit: Hit) -> dt.date | None:
        """The date the row of ``hit`` shows: the one the order uses."""
        return SORTS[self.order].date_of(hit.paper)
