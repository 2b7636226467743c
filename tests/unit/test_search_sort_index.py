"""Sort orders on the index itself: ties, dead slots, and updates that must drop the cache."""

from __future__ import annotations

import numpy as np

from paperterm.search.index import TitleIndex
from paperterm.search.sorting import ordered_slots, position_of, sort_hits


def row(pid, title, first, last, seen=1, pos=0, upvotes=None, created=1_700_000_000):
    return (pid, f"k{pid:015d}", title, first, last, seen, pos, upvotes, created)


ROWS = [
    row(1, "Zeta networks", "2026-03-01", "2026-03-19", seen=3, pos=4, upvotes=7),
    row(2, "alpha networks", "2026-03-14", "2026-03-14", seen=1, pos=0, upvotes=None),
    row(3, "Émile graphs", "2026-03-10", "2026-03-19", seen=2, pos=1, upvotes=7),
    row(4, "beta kernels", "2026-03-14", "2026-03-14", seen=1, pos=1, upvotes=50),
    row(5, "Orphan", None, None, seen=0, pos=0, upvotes=0),  # kept only for the user's data
]


def ids(index, slots):
    return index.ids[np.asarray(slots)].tolist()


def test_each_order_on_a_small_index():
    index = TitleIndex([ROWS])
    # Same last day: earlier in that digest first; never in a digest: last.
    assert ids(index, ordered_slots(index, "newest")) == [3, 1, 2, 4, 5]
    assert ids(index, ordered_slots(index, "oldest")) == [1, 3, 2, 4, 5]  # same day: stored first
    assert ids(index, ordered_slots(index, "seen")) == [1, 3, 2, 4, 5]
    assert ids(index, ordered_slots(index, "upvotes")) == [4, 3, 1, 5, 2]  # 7 = 7: newest first
    assert ids(index, ordered_slots(index, "title")) == [2, 4, 3, 5, 1]  # É sorts as E


def test_subsets_follow_the_same_order():
    index = TitleIndex([ROWS])
    some = np.array([3, 0, 1])  # slots of ids 4, 1, 2
    assert ids(index, some[sort_hits(index, "upvotes", some)]) == [4, 1, 2]
    assert ids(index, some[sort_hits(index, "title", some)]) == [2, 4, 1]


def test_an_update_drops_the_cached_orders_and_dead_slots_never_show():
    index = TitleIndex([ROWS])
    before = position_of(index, "upvotes")
    assert ids(index, ordered_slots(index, "upvotes"))[0] == 4
    # Paper 2 gains upvotes, paper 4 is renamed (new slot, old one dead), paper 5 is gone.
    index.update(
        [
            row(2, "alpha networks", "2026-03-14", "2026-03-20", 2, 0, 99),
            row(4, "beta kernels v2", "2026-03-14", "2026-03-14", 1, 1, 50),
        ],
        [5],
    )
    assert ids(index, ordered_slots(index, "upvotes")) == [2, 4, 3, 1]
    assert ids(index, ordered_slots(index, "newest"))[0] == 2
    assert ids(index, ordered_slots(index, "title")) == [2, 4, 3, 1]
    assert len(position_of(index, "upvotes")) == index.n != len(before)
