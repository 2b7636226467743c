"""Sort orders over the two real digests: defaults, each order, the date shown, aliases."""

from __future__ import annotations

import pytest

from paperterm.search import SORTS, SearchService, next_order, orders_for, parse_query, resolve_sort
from paperterm.search.tokens import fold
from paperterm.sync import sync_paths
from tests.unit.test_visits import MAR14, MAR19


@pytest.fixture
def service(synced_store):
    svc = SearchService(synced_store)
    yield svc
    svc.close()


def hits(service, query, **kw):
    result = service.search(query, **kw)
    assert result.error is None, result.error
    return result, list(result.hits)


def test_without_words_the_default_is_newest_by_last_appearance(service):
    result, found = hits(service, "")
    assert result.order == "newest" and result.sort.date_label == "last seen"
    lasts = [h.paper.last_seen for h in found]
    assert lasts == sorted(lasts, reverse=True) and len(found) == 80
    assert [result.date_of(h) for h in found] == lasts  # the row shows the date it sorts by


def test_with_words_the_default_is_relevance(service):
    result, found = hits(service, "kernel density")
    assert result.order == "relevance"
    assert found[0].paper.title.startswith("Kernel Density Estimators")
    assert result.date_of(found[0]) == found[0].paper.first_seen


def test_sort_seen_puts_the_25_papers_of_both_digests_first(service):
    result, found = hits(service, "sort:seen")
    assert result.order == "seen" and result.sort.label == "most seen"
    assert [h.paper.seen for h in found] == [2] * 25 + [1] * 55


def test_sort_oldest_by_first_appearance_and_shows_it(service):
    result, found = hits(service, "sort:oldest")
    firsts = [result.date_of(h) for h in found]
    assert firsts == [h.paper.first_seen for h in found] == sorted(firsts)
    assert firsts[0].isoformat() == "2026-03-14" and firsts[-1].isoformat() == "2026-03-19"


def test_sort_title_is_alphabetical_ignoring_case_and_accents(service):
    _, found = hits(service, "sort:title")
    titles = [fold(h.paper.title) for h in found]
    assert titles == sorted(titles)


def test_sort_upvotes_most_first_and_unknown_last(service, synced_store):
    keys = [k for (k,) in synced_store.conn.execute("SELECT key FROM papers ORDER BY id LIMIT 3")]
    with synced_store.write() as conn:
        for key, votes in zip(keys, (5, 120, 0), strict=True):
            conn.execute("UPDATE papers SET upvotes = ? WHERE key = ?", (votes, key))
    service.refresh()
    _, found = hits(service, "sort:votes")  # an alias
    assert [h.paper.upvotes for h in found[:4]] == [120, 5, 0, None]
    assert [h.paper.key for h in found[:3]] == [keys[1], keys[0], keys[2]]


def test_a_sort_order_with_words_keeps_the_same_hits_in_that_order(service):
    best, by_relevance = hits(service, "kernel")
    newest, by_date = hits(service, "kernel sort:newest")
    assert newest.total == best.total and newest.order == "newest"
    assert {h.paper.key for h in by_date} == {h.paper.key for h in by_relevance}
    lasts = [h.paper.last_seen for h in by_date]
    assert lasts == sorted(lasts, reverse=True) and by_date != by_relevance
    assert any(h.spans for h in by_date)  # still highlighted


def test_sort_relevance_without_words_falls_back_to_newest(service):
    result, found = hits(service, "sort:relevance is:unread")
    assert result.order == "newest" and len(found) == 80


def test_a_limit_cuts_the_sorted_list_not_the_other_way_round(service):
    _, full = hits(service, "sort:title")
    _, head = hits(service, "sort:title", limit=5)
    assert [h.paper.key for h in head] == [h.paper.key for h in full[:5]]


def test_the_last_sort_wins_and_filters_still_apply(service):
    result, found = hits(service, "sort:title seen:2 sort:oldest")
    assert result.order == "oldest" and len(found) == 25


@pytest.mark.parametrize("query", ["sort:sideways", "-sort:newest", "sort:"])
def test_bad_sort_orders_are_errors_naming_the_orders(service, query):
    result = service.search(query)
    assert result.error and list(result.hits) == []
    if query != "sort:":
        assert all(f"sort:{name}" in result.error for name in SORTS)


def test_aliases_resolve_and_parse():
    assert resolve_sort("Most-Seen") == "seen" and resolve_sort("a-z") == "title"
    assert resolve_sort("latest") == "newest" and resolve_sort("nope") is None
    assert parse_query("gan sort:Upvoted").sort == "upvotes"


def test_orders_follow_a_sync_into_the_running_service(store):
    sync_paths(store, [MAR14])
    svc = SearchService(store)
    assert hits(svc, "sort:oldest")[0].total == 58
    report = sync_paths(store, [MAR19])
    svc.refresh(report.papers)  # the papers the sync touched: an incremental update
    result, found = hits(svc, "")
    assert result.total == 80 and found[0].paper.last_seen.isoformat() == "2026-03-19"
    _, oldest = hits(svc, "sort:oldest")
    assert oldest[-1].paper.first_seen.isoformat() == "2026-03-19"
    _, seen = hits(svc, "sort:seen")
    assert [h.paper.seen for h in seen[:25]] == [2] * 25
    svc.close()


def test_cycling_orders_skips_relevance_without_words():
    assert orders_for(True)[0] == "relevance" and "relevance" not in orders_for(False)
    assert next_order("relevance", True) == "newest"
    assert next_order("title", True) == "relevance"
    assert next_order("title", False) == "newest"  # wraps round, relevance skipped
    assert next_order("relevance", False) == "newest"
    seen, order = [], "newest"
    for _ in range(5):
        seen.append(order)
        order = next_order(order, False)
    assert seen == ["newest", "oldest", "seen", "upvotes", "title"] and order == "newest"
    assert {SORTS[name].label for name in SORTS} == {
        "best match",
        "newest first",
        "oldest first",
        "most seen",
        "most upvoted",
        "title A-Z",
        "for you",
        "trending",
    }
