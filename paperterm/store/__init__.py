"""The local SQLite store: papers, appearances, full-text index and the user's tables."""

from paperterm.store.connection import Store, StoreError
from paperterm.store.papers import (
    AmbiguousKey,
    appearances_of,
    digest_dates,
    get_paper,
    iter_papers,
    papers_by_ids,
    stats,
)
from paperterm.store.visits import last_visit, new_count, record_visit

__all__ = [
    "AmbiguousKey",
    "Store",
    "StoreError",
    "appearances_of",
    "digest_dates",
    "get_paper",
    "iter_papers",
    "last_visit",
    "new_count",
    "papers_by_ids",
    "record_visit",
    "stats",
]
