"""next_unread and unread_keys: where "next unread" and triage go in a list of papers."""

from __future__ import annotations

import datetime as dt

from paperterm.models import Hit, Paper
from paperterm.reader.unread import hit_keys, next_unread, unread_keys

KEYS = ["a", "b", "c", "d", "e"]


def test_the_next_unread_after_the_current_paper():
    assert next_unread(KEYS, 0, {"b", "c"}) == 3


def test_the_current_paper_is_skipped_even_when_unread():
    assert next_unread(KEYS, 1, set()) == 2


def test_it_wraps_past_the_end_to_the_top():
    assert next_unread(KEYS, 3, {"e"}) == 0


def test_none_when_every_other_paper_is_read():
    assert next_unread(KEYS, 2, {"a", "b", "d", "e"}) is None
    assert next_unread([], 0, set()) is None


def test_from_before_the_first_paper_the_first_unread_counts():
    assert next_unread(KEYS, -1, {"a"}) == 1


def test_unread_keys_keep_the_list_order():
    hits = [
        Hit(Paper(i, k, k.upper(), "", dt.date(2026, 3, 14), None, 1), 0.0)
        for i, k in enumerate(KEYS)
    ]
    assert hit_keys(hits) == KEYS
    assert unread_keys(hits, {"b", "d"}) == ["a", "c", "e"]
