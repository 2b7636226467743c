"""Marking a whole view read: keys cleaned once, the first missing paper named, undo exact."""

from __future__ import annotations

import pytest
from bulk_papers import fill

from paperterm.bookmarks import Bookmarks, BookmarksError
from paperterm.reader.library import Library
from paperterm.store import Store


def _state(store: Store) -> dict[str, str]:
    return dict(store.conn.execute("SELECT paper_key, read_at FROM read_state"))


def test_keys_as_typed_are_cleaned_and_each_paper_counts_once(store):
    keys = fill(store, 6, "bulk marks")
    marks = Bookmarks(store)
    typed = [f"  {keys[0].upper()} ", keys[1], keys[0], keys[1], *keys[2:]]
    token = marks.set_read_many(typed)
    assert token.count == 6 and sorted(token.unread) == sorted(keys)
    assert marks.read_keys() == set(keys)


def test_a_bad_key_is_named_and_nothing_is_marked(store):
    keys = fill(store, 5, "bulk marks")
    marks = Bookmarks(store)
    with pytest.raises(BookmarksError, match="'not-a-key' is not a paper key"):
        marks.set_read_many([*keys, "not-a-key"])
    assert marks.read_keys() == set()


def test_the_first_missing_paper_in_the_given_order_is_named(store):
    keys = fill(store, 1200, "bulk marks")  # past SQLite's 999 variables of one statement
    marks = Bookmarks(store)
    gone = ["fedcba9876543210", "0123456789abcdef"]
    with pytest.raises(BookmarksError, match="no paper with key fedcba9876543210"):
        marks.set_read_many([*keys[:700], gone[0], *keys[700:], gone[1]])
    assert marks.read_keys() == set()


def test_marking_a_mixed_set_read_and_back_restores_every_first_read_time(store):
    keys = fill(store, 1500, "bulk marks")
    marks = Bookmarks(store)
    marks.set_read_many(keys[:300])
    store.conn.execute("UPDATE read_state SET read_at = '2021-01-0' || (rowid % 9 + 1)")
    before = _state(store)
    token = marks.set_read_many(keys)
    assert token.count == 1200 and set(token.unread) == set(keys[300:]) and token.read == ()
    assert {k: v for k, v in _state(store).items() if k in before} == before
    assert marks.undo_read(token) == 1200
    assert _state(store) == before

    unread = marks.set_read_many(keys[100:], read=False)
    assert unread.count == 200 and dict(unread.read) == {k: before[k] for k in keys[100:300]}
    assert set(_state(store)) == set(keys[:100])
    marks.undo_read(unread)
    assert _state(store) == before


def test_one_bulk_change_does_not_carry_into_the_next(store):
    keys = fill(store, 40, "bulk marks")
    marks = Bookmarks(store)
    first = marks.set_read_many(keys[:20])
    second = marks.set_read_many(keys[20:])
    assert set(second.unread) == set(keys[20:])
    marks.undo_read(second)
    assert marks.read_keys() == set(keys[:20]) and first.count == 20
    assert marks.set_read_many([]).count == 0 and marks.read_keys() == set(keys[:20])


def test_a_view_marked_read_counts_exactly_the_papers_it_shows(synced_store):
    library = Library(synced_store)
    shown = library.view_keys("date:2026-03-14")
    assert shown and len(shown) == library.search("date:2026-03-14").total
    library.bookmarks.set_read(shown[0])
    token = library.mark_read(shown)
    assert token.count == len(shown) - 1
    assert library.search("is:unread date:2026-03-14").total == 0
    library.undo_read(token)
    assert library.search("is:unread date:2026-03-14").total == len(shown) - 1
