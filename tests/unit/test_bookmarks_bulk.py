"""Bulk user-data changes: many papers appended in order, bulk read/unread with an exact undo."""

from __future__ import annotations

import pytest
from bulk_papers import fill

from paperterm.bookmarks import Bookmarks, BookmarksError, find_keys
from paperterm.bookmarks.export import export_text
from paperterm.bookmarks.importer import import_file
from paperterm.store import Store, iter_papers


def _positions(store: Store, name: str) -> list[tuple[str, int]]:
    return store.conn.execute(
        "SELECT i.paper_key, i.position FROM list_items i JOIN lists l ON l.id = i.list_id"
        " WHERE l.name = ? ORDER BY i.position",
        (name,),
    ).fetchall()


def test_adding_many_papers_keeps_their_order_and_positions(store):
    keys = fill(store, 3000, "sparse kernels")
    marks = Bookmarks(store)
    assert marks.add_many(keys[:5], "Big") == 5
    shuffled = keys[2000:] + keys[:2000]  # the first five again, now in the middle
    assert marks.add_many(shuffled, "Big") == 2995
    expected = keys[:5] + [k for k in shuffled if k not in set(keys[:5])]
    assert marks.list_keys("Big") == expected
    assert _positions(store, "Big") == [(k, i) for i, k in enumerate(expected)]


def test_adding_a_key_twice_in_one_call_adds_it_once(store):
    keys = fill(store, 3, "sparse kernels")
    marks = Bookmarks(store)
    assert marks.add_many([keys[1], keys[0], keys[1]], "L") == 2
    assert marks.list_keys("L") == [keys[1], keys[0]]


def test_adding_an_unknown_key_changes_nothing(store):
    keys = fill(store, 3, "sparse kernels")
    marks = Bookmarks(store)
    with pytest.raises(BookmarksError, match="no paper with key 0123456789abcdef"):
        marks.add_many([keys[0], "0123456789abcdef"], "L")
    assert marks.lists() == []


def test_importing_a_large_list_restores_its_order(store, tmp_path):
    keys = fill(store, 2500, "sparse kernels")
    marks = Bookmarks(store)
    marks.add_many(list(reversed(keys)), "Backlog")
    backup = tmp_path / "backup.json"
    backup.write_text(export_text(store, "json"), encoding="utf-8")
    fresh = Store(tmp_path / "fresh.db")
    report = import_file(fresh, backup)
    assert report.items_added == 2500 and report.papers_added == 2500
    assert Bookmarks(fresh).list_keys("Backlog") == list(reversed(keys))
    assert _positions(fresh, "Backlog") == [(k, i) for i, k in enumerate(reversed(keys))]
    again = import_file(fresh, backup)  # idempotent: nothing doubles
    assert again.items_added == 0 and len(Bookmarks(fresh).list_keys("Backlog")) == 2500
    fresh.close()


def test_bulk_read_changes_only_unread_papers_and_undo_restores_exactly(store):
    keys = fill(store, 50, "sparse kernels")
    marks = Bookmarks(store)
    marks.set_read(keys[0])
    first_read = marks.read_at(keys[0])
    store.conn.execute("UPDATE read_state SET read_at = '2020-01-01T00:00:00+00:00'")
    token = marks.set_read_many(keys)
    assert token.count == 49 and keys[0] not in dict(token.previous)
    assert marks.read_keys() == set(keys)
    assert marks.read_at(keys[0]) == "2020-01-01T00:00:00+00:00"  # first read time kept
    assert marks.undo_read(token) == 49
    assert marks.read_keys() == {keys[0]} and first_read is not None


def test_bulk_unread_undo_puts_back_the_original_read_times(store):
    keys = fill(store, 10, "sparse kernels")
    marks = Bookmarks(store)
    marks.set_read_many(keys[:4])
    store.conn.execute("UPDATE read_state SET read_at = '2021-05-05T10:00:00+00:00'")
    token = marks.set_read_many(keys, read=False)
    assert token.count == 4 and marks.read_keys() == set()
    marks.undo_read(token)
    assert {k: marks.read_at(k) for k in marks.read_keys()} == {
        k: "2021-05-05T10:00:00+00:00" for k in keys[:4]
    }


def test_bulk_read_is_one_transaction(store):
    keys = fill(store, 20, "sparse kernels")
    marks = Bookmarks(store)
    with pytest.raises(BookmarksError):
        marks.set_read_many([*keys, "fedcba9876543210"])  # no such paper: nothing is marked
    assert marks.read_keys() == set()


def test_find_keys_returns_every_match_not_a_first_page(synced_store):
    keys = find_keys(synced_store, ["date:2026-03-14"])
    on_day = {
        k
        for (k,) in synced_store.conn.execute(
            "SELECT DISTINCT p.key FROM papers p JOIN appearances a ON a.paper_id = p.id"
            " JOIN digests d ON d.id = a.digest_id WHERE d.date = '2026-03-14'"
        )
    }
    assert len(keys) == len(on_day) == 58 and set(keys) == on_day
    every = [p.key for p in iter_papers(synced_store.conn)]
    assert find_keys(synced_store, every[:3]) == every[:3]  # keys stay keys
