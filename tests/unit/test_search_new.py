"""is:new: papers first stored after the last visit (or a given time), as the search sees it."""

from __future__ import annotations

import datetime as dt

from paperterm.search import SearchService
from paperterm.store import last_visit, new_count, record_visit
from paperterm.sync import sync_paths
from tests.unit.test_visits import MAR14, MAR19, later


def keys(result) -> set[str]:
    assert result.error is None, result.error
    return {h.paper.key for h in result.hits}


def only_in_mar19(store) -> set[str]:
    rows = store.conn.execute("SELECT key FROM papers WHERE first_seen = '2026-03-19'")
    return {k for (k,) in rows}


def test_with_no_visit_recorded_every_paper_is_new(synced_store):
    svc = SearchService(synced_store)
    result = svc.search("is:new")
    assert result.total == 80 and result.since is None


def test_is_new_is_what_arrived_after_the_visit(store, monkeypatch):
    sync_paths(store, [MAR14])
    visit = record_visit(store.conn)
    svc = SearchService(store)
    assert svc.search("is:new").total == 0
    later(monkeypatch)
    report = sync_paths(store, [MAR19])
    svc.refresh(report.papers)
    result = svc.search("is:new")
    assert result.since == visit
    assert keys(result) == only_in_mar19(store) and len(keys(result)) == 22
    assert result.total == new_count(store.conn, last_visit(store.conn))
    # Seen again on Mar 19 is not new: those 25 were stored on Mar 14.
    assert svc.search("-is:new").total == 58
    assert svc.search("is:new seen:2").total == 0
    # Words and sort orders combine with it.
    assert keys(svc.search("is:new sort:title")) == only_in_mar19(store)
    # A newer visit (the reader quit after reading them) empties the view.
    record_visit(store.conn, visit + dt.timedelta(hours=2))
    assert svc.search("is:new").total == 0


def test_since_overrides_the_last_visit(store, monkeypatch):
    sync_paths(store, [MAR14])
    record_visit(store.conn, dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    svc = SearchService(store)
    assert svc.search("is:new").total == 0
    long_ago = dt.date(2020, 1, 1)
    assert svc.search("is:new", since=long_ago).total == 58
    assert svc.search("is:new", since=long_ago).since.year == 2020
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    assert svc.search("is:new", since=tomorrow).total == 0


def test_is_new_and_unread_compose(store, monkeypatch):
    from paperterm.bookmarks import Bookmarks

    sync_paths(store, [MAR14])
    record_visit(store.conn)
    later(monkeypatch)
    sync_paths(store, [MAR19])
    svc = SearchService(store)
    fresh = sorted(only_in_mar19(store))
    Bookmarks(store).set_read(fresh[0])
    assert keys(svc.search("is:new is:unread")) == set(fresh[1:])


def test_an_upgraded_store_searches_with_nothing_new_until_the_next_sync(tmp_path, monkeypatch):
    import shutil

    from paperterm.store import Store
    from tests.unit.test_visits import V1_STORE

    path = tmp_path / "old.db"
    shutil.copy(V1_STORE, path)
    with Store(path) as store:
        svc = SearchService(store)
        assert svc.search("is:new").total == 0 and svc.search("").total == 58
        assert svc.search("is:read").total == 1 and svc.search("is:bookmarked").total == 2
        later(monkeypatch)
        report = sync_paths(store, [MAR19])
        svc.refresh(report.papers)
        assert keys(svc.search("is:new")) == only_in_mar19(store)
        assert [h.paper.seen for h in svc.search("sort:seen", limit=25).hits] == [2] * 25
        svc.close()
