"""sort:foryou, sort:trending and for:"List" in the query language, over the two real digests."""

from __future__ import annotations

import pytest

from paperterm.search import SearchService, parse_query
from paperterm.search.query import QueryError
from tests.unit.test_discover import KERNEL_THEORY, NOT_KERNEL_THEORY, NTK, bookmark

THEORY = [
    NTK,
    "Feature Learning in Infinite-Width Neural Networks",
    "Scale Mixtures of Neural Network Gaussian Processes",
]


@pytest.fixture
def service(synced_store):
    svc = SearchService(synced_store)
    yield svc
    svc.close()


def titles(service, query: str) -> list[str]:
    result = service.search(query)
    assert result.error is None, result.error
    return [h.paper.title for h in result.hits]


def test_for_names_a_list_and_ranks_by_it():
    q = parse_query('for:"Reading list" kernel')
    assert q.for_list == "Reading list" and q.sort == "foryou"
    assert parse_query('for:"Reading list" sort:newest').sort == "newest"
    with pytest.raises(QueryError):
        parse_query('-for:"Reading list"')


def test_sort_foryou_puts_kernel_theory_first(synced_store, service):
    bookmark(synced_store, THEORY)
    top = titles(service, "is:unread -is:bookmarked sort:foryou")[:5]
    assert len(set(top) & KERNEL_THEORY) >= 4, top
    assert not set(top) & NOT_KERNEL_THEORY and NTK not in top
    assert titles(service, 'for:"Reading list" is:unread -is:bookmarked')[:5] == top
    # With words, the hits that match are ordered the same way.
    assert titles(service, "kernel sort:foryou")[0] in KERNEL_THEORY | {NTK}


def test_for_an_unknown_list_is_an_error_naming_the_lists(synced_store, service):
    bookmark(synced_store, THEORY)
    result = service.search('for:"Nope"')
    assert result.error and "Reading list" in result.error


def test_sort_foryou_without_a_model_keeps_newest_first(service):
    assert titles(service, "sort:foryou") == titles(service, "")


def test_sort_trending_ranks_papers_seen_in_both_digests_first(service):
    result = service.search("sort:trending")
    seen = [h.paper.seen for h in result.hits]
    assert result.order == "trending" and result.sort.date_label == "last seen"
    assert seen == sorted(seen, reverse=True) and seen[0] == 2 and seen[-1] == 1
