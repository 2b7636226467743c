"""What to read next: related papers, "for you", trending, library stats (numpy, no UI).

``related(store, key, limit)``, ``for_you(store, list_name, limit)``, ``trending(store, days)``,
``library_stats(store)``; ``order_by_foryou`` / ``order_by_trending`` and ``foryou_scores`` /
``trending_scores`` for sorting search results. The tf-idf index they share is cached beside
the store and brought up to date lazily (``update_index`` after a sync does it eagerly).
"""

from paperterm.discover.build import BuildReport, current_index, papers_signature, update_index
from paperterm.discover.foryou import (
    ForYou,
    NoSuchList,
    Pick,
    for_you,
    foryou_scores,
    order_by_foryou,
)
from paperterm.discover.related import Related, related, related_to
from paperterm.discover.stats import LibraryStats, library_stats
from paperterm.discover.trending import (
    DEFAULT_DAYS,
    Trend,
    order_by_trending,
    trending,
    trending_scores,
)

__all__ = [
    "DEFAULT_DAYS",
    "BuildReport",
    "ForYou",
    "LibraryStats",
    "NoSuchList",
    "Pick",
    "Related",
    "Trend",
    "current_index",
    "for_you",
    "foryou_scores",
    "library_stats",
    "papers_signature",
    "order_by_foryou",
    "order_by_trending",
    "related",
    "related_to",
    "trending",
    "trending_scores",
    "update_index",
]
