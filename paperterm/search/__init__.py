"""Search service: the single way paperterm finds papers (fuzzy titles + FTS5 abstracts).

``SearchService(store).search(query, limit=None) -> SearchResult(hits, total, error)``;
``refresh(paper_ids)`` after a sync. The query language is in ``paperterm.search.query``.
"""

from paperterm.search.query import FILTERS, Query, QueryError, parse_query
from paperterm.search.ranking import HitList
from paperterm.search.service import SearchResult, SearchService

__all__ = [
    "FILTERS",
    "HitList",
    "Query",
    "QueryError",
    "SearchResult",
    "SearchService",
    "parse_query",
]
