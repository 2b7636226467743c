"""Sort orders: their names, aliases, labels and the date each order shows (pure).

*newest* orders by the latest appearance and shows the last-seen date; *oldest* orders by
the first appearance and shows the first-seen date; the other orders show the first-seen
date. Relevance needs query words: without any, the list is newest first.
"""

from __future__ import annotations

import datetime as dt

from paperterm.models import SORTS, Hit, SortOrder  # noqa: F401 (SortOrder re-exported)

# The order a key cycles through (relevance only counts when there are query words); for you
# and trending have their own filter entries (they may wait for the discovery index).
CYCLE = ("relevance", "newest", "oldest", "seen", "upvotes", "title")
DISCOVER = ("foryou", "trending")  # orders computed by paperterm.discover
ALIASES = {
    "best": "relevance",
    "rank": "relevance",
    "score": "relevance",
    "new": "newest",
    "latest": "newest",
    "recent": "newest",
    "date": "newest",
    "old": "oldest",
    "first": "oldest",
    "earliest": "oldest",
    "most-seen": "seen",
    "times": "seen",
    "count": "seen",
    "votes": "upvotes",
    "upvoted": "upvotes",
    "popular": "upvotes",
    "likes": "upvotes",
    "alpha": "title",
    "az": "title",
    "a-z": "title",
    "name": "title",
    "for-you": "foryou",
    "you": "foryou",
    "trend": "trending",
    "hot": "trending",
}


def resolve_sort(name: str) -> str | None:
    """The order a user's word names (``votes`` -> ``upvotes``), or None."""
    word = name.strip().lower().replace("_", "-")
    return word if word in SORTS else ALIASES.get(word)


def effective_order(requested: str | None, has_words: bool) -> str:
    """The order a search uses: relevance needs query words; the default follows them."""
    if requested is None:
        return "relevance" if has_words else "newest"
    if requested == "relevance" and not has_words:
        return "newest"
    return requested


def hit_date(hit: Hit, order: str) -> dt.date | None:
    """The date a hit's row shows in ``order``."""
    return SORTS[order].date_of(hit.paper)


def orders_for(has_words: bool) -> tuple[str, ...]:
    """The orders that mean something now: relevance only when there are query words."""
    return CYCLE if has_words else tuple(name for name in CYCLE if name != "relevance")


def next_order(current: str, has_words: bool) -> str:
    """The order after ``current`` for a key that cycles them (wraps round)."""
    names = orders_for(has_words)
    if current not in names:
        return names[0]
    return names[(names.index(current) + 1) % len(names)]
