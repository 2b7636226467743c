"""Warming the sort orders in a worker never holds up a search, nor keeps a stale order."""

from __future__ import annotations

import threading

from paperterm.search import SearchService, sorting


def test_a_search_runs_while_an_order_is_being_sorted(synced_store, monkeypatch):
    service = SearchService(synced_store, cache=False)
    started, release = threading.Event(), threading.Event()
    original = sorting._compute

    def slow_compute(index, name):
        if name == "title":
            started.set()
            release.wait(10)
        return original(index, name)

    monkeypatch.setattr(sorting, "_compute", slow_compute)
    worker = threading.Thread(target=service.warm_orders, args=(("title",),))
    worker.start()
    assert started.wait(10)
    found = service.search("diffusion")  # would wait for the sort if it held the lock
    assert found.total > 0 and worker.is_alive()
    release.set()
    worker.join(10)
    titles = [h.paper.title.casefold() for h in service.search("sort:title").hits]
    assert titles == sorted(titles)


def test_an_order_sorted_across_a_refresh_is_not_kept(synced_store, monkeypatch):
    service = SearchService(synced_store, cache=False)
    index = service._index
    original = sorting._compute

    def refresh_meanwhile(idx, name):
        slots = original(idx, name)
        idx._rank()  # what a refresh does: a new state, a new cache
        return slots

    monkeypatch.setattr(sorting, "_compute", refresh_meanwhile)
    old_cache = index.sort_cache
    service.warm_orders(("oldest",))
    assert "oldest" not in index.sort_cache and "oldest" not in old_cache
