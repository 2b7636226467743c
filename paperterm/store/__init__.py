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

__all__ = [
    "AmbiguousKey",
    "Store",
    "StoreError",
    "appearances_of",
    "digest_dates",
    "get_paper",
    "iter_papers",
    "papers_by_ids",
    "stats",
]
