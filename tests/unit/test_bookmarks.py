"""The Bookmarks service: default list, named lists, order, notes and read state."""

from __future__ import annotations

import pytest

from paperterm.bookmarks import DEFAULT_LIST, Bookmarks, BookmarksError, resolve_key
from paperterm.store import iter_papers


@pytest.fixture
def keys(synced_store) -> list[str]:
    return [p.key for p in iter_papers(synced_store.conn)]


@pytest.fixture
def marks(synced_store) -> Bookmarks:
    return Bookmarks(synced_store)


def test_first_bookmark_creates_the_default_list(marks, keys):
    assert marks.lists() == []
    assert marks.toggle_bookmark(keys[0]) is True
    assert [lst.name for lst in marks.lists()] == [DEFAULT_LIST]
    assert marks.is_bookmarked(keys[0])
    assert marks.bookmarked_keys() == {keys[0]}
    assert marks.list_keys(DEFAULT_LIST) == [keys[0]]


def test_toggle_takes_the_paper_out_again(marks, keys):
    marks.toggle_bookmark(keys[0])
    assert marks.toggle_bookmark(keys[0]) is False
    assert not marks.is_bookmarked(keys[0])
    assert marks.list_keys(DEFAULT_LIST) == []


def test_toggle_leaves_other_lists_alone(marks, keys):
    marks.add_to_list(keys[0], "Kernels")
    assert marks.toggle_bookmark(keys[0]) is True
    assert marks.toggle_bookmark(keys[0]) is False
    assert marks.is_bookmarked(keys[0])  # still in Kernels
    assert marks.lists_of(keys[0]) == ["Kernels"]


def test_a_paper_in_several_lists(marks, keys):
    marks.toggle_bookmark(keys[0])
    marks.add_to_list(keys[0], "Kernels")
    marks.add_to_list(keys[0], "Later")
    assert marks.lists_of(keys[0]) == [DEFAULT_LIST, "Kernels", "Later"]
    assert marks.add_to_list(keys[0], "kernels") is False  # names ignore case
    assert marks.remove_from_list(keys[0], "Later") is True
    assert marks.lists_of(keys[0]) == [DEFAULT_LIST, "Kernels"]
    assert {lst.name: lst.count for lst in marks.lists()} == {
        DEFAULT_LIST: 1,
        "Kernels": 1,
        "Later": 0,
    }


def test_order_appends_and_moves_up_and_down(marks, keys):
    for key in keys[:4]:
        marks.add_to_list(key, "Queue")
    assert marks.list_keys("Queue") == keys[:4]
    assert marks.move_item(keys[3], "Queue", -2) == 1
    assert marks.list_keys("Queue") == [keys[0], keys[3], keys[1], keys[2]]
    assert marks.move_item(keys[0], "Queue", +10) == 3  # clamped at the end
    assert marks.list_keys("Queue") == [keys[3], keys[1], keys[2], keys[0]]
    assert marks.move_item(keys[3], "Queue", -1) == 0  # already first
    marks.add_to_list(keys[5], "Queue")
    assert marks.list_keys("Queue")[-1] == keys[5]


def test_move_between_lists_keeps_the_added_time(marks, keys, synced_store):
    marks.add_to_list(keys[0], "A")
    marks.add_to_list(keys[1], "B")
    (added,) = synced_store.conn.execute(
        "SELECT added_at FROM list_items WHERE paper_key = ?", (keys[0],)
    ).fetchone()
    assert marks.move_to_list(keys[0], "A", "B") is True
    assert marks.list_keys("A") == []
    assert marks.list_keys("B") == [keys[1], keys[0]]
    (after,) = synced_store.conn.execute(
        "SELECT added_at FROM list_items WHERE paper_key = ?", (keys[0],)
    ).fetchone()
    assert after == added
    with pytest.raises(BookmarksError, match="not in the list"):
        marks.move_to_list(keys[0], "A", "B")


def test_list_management(marks, keys):
    assert marks.create_list("  To   read\tsoon ") == "To read soon"
    with pytest.raises(BookmarksError, match="already exists"):
        marks.create_list("to READ soon")
    assert marks.rename_list("to read soon", "Soon") == "Soon"
    assert marks.rename_list("soon", "SOON") == "SOON"  # a change of case alone
    marks.create_list("Other")
    with pytest.raises(BookmarksError, match="already exists"):
        marks.rename_list("SOON", "other")
    marks.add_to_list(keys[0], "SOON")
    with pytest.raises(BookmarksError, match="holds 1 paper"):
        marks.delete_list("SOON")
    assert marks.list_keys("SOON") == [keys[0]]
    assert marks.delete_list("SOON", force=True) == 1
    assert marks.delete_list("Other") == 0
    assert marks.lists() == []
    assert not marks.is_bookmarked(keys[0])
    with pytest.raises(BookmarksError, match="no list named"):
        marks.list_keys("SOON")


def test_list_names_are_sanitized(marks, keys):
    name = marks.create_list("\x1b[31mRed\x1b[0m \x1b]52;c;aGVsbG8=\x07list\u202e")
    assert name == "Red list"
    with pytest.raises(BookmarksError, match="empty"):
        marks.create_list("\x1b[2J \t ")
    with pytest.raises(BookmarksError, match="at most"):
        marks.create_list("x" * 500)


def test_notes_are_multiline_with_times(marks, keys):
    assert marks.note(keys[0]) is None
    first = marks.set_note(keys[0], "Line one\n\n  indented line two  \n")
    assert first.body == "Line one\n\n  indented line two"
    assert first.created_at == first.updated_at
    again = marks.set_note(keys[0], "Line one\n\n  indented line two")
    assert again == first  # same text: not an update
    assert marks.note_keys() == {keys[0]}
    assert marks.set_note(keys[0], "   \n ") is None  # empty deletes
    assert marks.note(keys[0]) is None


def test_note_update_keeps_created_time(marks, keys, synced_store):
    marks.set_note(keys[0], "first")
    synced_store.conn.execute(
        "UPDATE notes SET created_at = '2020-01-01T00:00:00+00:00',"
        " updated_at = '2020-01-01T00:00:00+00:00'"
    )
    note = marks.set_note(keys[0], "second")
    assert note.body == "second"
    assert note.created_at == "2020-01-01T00:00:00+00:00"
    assert note.updated_at > note.created_at


def test_notes_are_sanitized(marks, keys):
    note = marks.set_note(
        keys[0], "ok\x1b[2J\x1b]8;;http://x\x07link\x1b]8;;\x07\r\nnext\x9b6n\u202e"
    )
    assert note.body == "oklink\nnext"


def test_read_state(marks, keys):
    assert not marks.is_read(keys[0])
    marks.set_read(keys[0])
    first = marks.read_at(keys[0])
    assert first and marks.is_read(keys[0])
    marks.set_read(keys[0])  # keeps the first time
    assert marks.read_at(keys[0]) == first
    assert marks.read_keys() == {keys[0]}
    assert marks.toggle_read(keys[0]) is False
    assert marks.toggle_read(keys[0]) is True
    marks.set_read(keys[0], False)
    assert marks.read_keys() == set()


@pytest.mark.parametrize(
    "action",
    [
        lambda m, k: m.toggle_bookmark(k),
        lambda m, k: m.add_to_list(k, "X"),
        lambda m, k: m.set_note(k, "text"),
        lambda m, k: m.set_read(k),
        lambda m, k: m.toggle_read(k),
    ],
)
def test_unknown_keys_are_refused_with_a_clear_message(marks, action, synced_store):
    with pytest.raises(BookmarksError, match="no paper with key 0123456789abcdef"):
        action(marks, "0123456789abcdef")
    with pytest.raises(BookmarksError, match="not a paper key"):
        action(marks, "not-a-key")
    for table in ("lists", "list_items", "notes", "read_state"):
        assert synced_store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_keys_are_case_insensitive(marks, keys):
    marks.toggle_bookmark(keys[0].upper())
    assert marks.is_bookmarked(keys[0])
    assert marks.bookmarked_keys() == {keys[0]}


def test_resolve_key_accepts_unique_prefixes(synced_store, keys):
    assert resolve_key(synced_store, keys[0][:10]) == keys[0]
    with pytest.raises(BookmarksError, match="no paper"):
        resolve_key(synced_store, "ffffffffffffffff")


def test_bulk_add_and_remove(marks, keys):
    assert marks.add_many(keys[:5], "Bulk") == 5
    assert marks.add_many(keys[:6], "Bulk") == 1
    assert marks.list_keys("Bulk") == keys[:6]
    assert marks.remove_many(keys[:3], "Bulk") == 3
    assert marks.list_keys("Bulk") == keys[3:6]
    with pytest.raises(BookmarksError):
        marks.add_many([keys[0], "0123456789abcdef"], "Bulk")
    assert marks.list_keys("Bulk") == keys[3:6]  # nothing half-done


def test_writes_are_visible_to_another_store_object(synced_store, keys):
    from paperterm.store import Store

    Bookmarks(synced_store).toggle_bookmark(keys[0])
    Bookmarks(synced_store).set_note(keys[0], "note")
    other = Store(synced_store.path)
    try:
        assert Bookmarks(other).bookmarked_keys() == {keys[0]}
        assert Bookmarks(other).note(keys[0]).body == "note"
    finally:
        other.close()
