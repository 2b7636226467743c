"""What the empty list says: what happened and what to try, for each query and filter."""

from __future__ import annotations

import pytest

from paperterm.tui.empty import empty_state, unreadable
from paperterm.tui.filters import ALL, BOOKMARKED, UNREAD, Filter
from paperterm.tui.render import ASCII


def test_a_query_error_wins_over_everything_else():
    lines = empty_state("seen:>=x", UNREAD, "seen: expects a number")
    assert lines == (
        "The query has a problem: seen: expects a number",
        "Next: fix it, or Esc to clear the search.",
    )


def test_no_match_with_a_filter_says_which_tokens_to_remove():
    first, hint = empty_state("kernl densty", UNREAD)
    assert first == "No papers match “kernl densty” in Unread."
    assert hint == "Try: remove is:unread (Esc twice shows all papers)."


def test_no_match_without_a_filter_suggests_other_words():
    first, hint = empty_state("  zzz  ", ALL)
    assert first == "No papers match “zzz”."
    assert hint.startswith("Try: fewer or other words")


@pytest.mark.parametrize(
    ("flt", "first"),
    [
        (UNREAD, "Nothing unread: you have read every paper."),
        (BOOKMARKED, "No bookmarks yet."),
        (Filter("list", "To read"), "The list To read is empty."),
        (Filter("date", "2026-03-14"), "No papers in the digest of 2026-03-14."),
        (ALL, "The library is empty."),
    ],
)
def test_each_filter_alone_says_why_it_is_empty(flt, first):
    assert empty_state("", flt)[0] == first


def test_untrusted_text_is_flattened_and_ascii_quotes_are_used_when_asked():
    first, _ = empty_state("evil\x1b[31m\nquery", ALL, glyphs=ASCII)
    assert "\x1b" not in first and "\n" not in first
    assert first.startswith('No papers match "')
    first, _ = empty_state("", Filter("list", "[b]x\x07"))
    assert "\x07" not in first and "[b]x" in first


def test_an_unreadable_library_says_why_on_one_line():
    assert unreadable("DatabaseError: file is not a database\nmore") == (
        "The library could not be read.",
        "DatabaseError: file is not a database more",
    )
