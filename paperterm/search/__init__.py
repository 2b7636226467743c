"""Search service: the single way paperterm finds papers (fuzzy titles + FTS5 abstracts).

``SearchService(store).search(query, limit=None, since=None) -> SearchResult(hits, total,
error, order, since)``; ``refresh(paper_ids)`` after a sync. The query language is in
``paperterm.search.query``; sort orders (``SORTS``, ``sort:NAME``) in ``orders``; typed
dates for "jump to a date" and month groups of digest dates in ``dates``.
"""

from paperterm.models import SearchResult
from paperterm.search.dates import DateError, DateJump, group_by_month, jump_to_date
from paperterm.search.orders import (
    CYCLE,
    SORTS,
    SortOrder,
    effective_order,
    next_order,
    orders_for,
    resolve_sort,
)
from paperterm.search.query import FILTERS, Query, QueryError, parse_query
from paperterm.search.ranking import HitList
from paperterm.search.service import SearchService

__all__ = [
    "CYCLE",
    "DateError",
    "DateJump",
    "FILTERS",
    "SORTS",
    "HitList",
    "Query",
    "QueryError",
    "SearchResult",
    "SearchService",
    "SortOrder",
    "effective_order",
    "group_by_month",
    "jump_to_date",
    "next_order",
    "orders_for",
    "parse_query",
    "resolve_sort",
]
