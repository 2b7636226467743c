"""The reader's garbage collection: none while keys arrive, at the next pause, deep at a rest."""

from __future__ import annotations

import gc
import weakref

import pytest

from paperterm.tui import collector as col
from paperterm.tui.collector import Collector


class Node:
    """A cycle only the cyclic collector can free."""

    def __init__(self) -> None:
        self.me = self


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def collector():
    clock = Clock()
    found = Collector(clock)
    yield found, clock
    found.stop()
    gc.unfreeze()
    gc.enable()


def garbage_cycle() -> weakref.ref:
    node = Node()
    ref = weakref.ref(node)
    del node
    return ref


def test_before_it_takes_over_python_collects_as_usual(collector):
    found, clock = collector
    assert gc.isenabled()
    clock.now += 60
    assert found.tick() == ""
    assert gc.isenabled()


def test_while_keys_arrive_garbage_waits_and_the_next_pause_frees_it(collector, monkeypatch):
    found, clock = collector
    monkeypatch.setattr(col, "YOUNG", 1)
    found.take_over()
    assert not gc.isenabled()
    cycle = garbage_cycle()
    found.saw_input()
    clock.now += col.PAUSE / 2
    assert found.tick() == ""  # typing: no pause for a collection
    assert cycle() is not None
    clock.now += col.PAUSE
    assert found.tick() == "idle"
    assert cycle() is None


@pytest.mark.parametrize(
    ("limit", "waits_for_the_frame"),
    [("TYPING_YOUNG", True), ("BURST", False)],  # between two keys; a long burst: at once
)
def test_while_typing_the_young_are_collected(collector, monkeypatch, limit, waits_for_the_frame):
    found, clock = collector
    monkeypatch.setattr(col, limit, 50)
    found.take_over()
    many = [garbage_cycle() for _ in range(50)]
    found.saw_input()
    if waits_for_the_frame:
        assert found.tick() == ""  # right after a key: its frame first
        clock.now += col.BETWEEN_KEYS * 2
    assert found.tick() == "young"
    assert all(ref() is None for ref in many)


def test_frozen_garbage_is_freed_by_the_deep_collection_at_a_long_pause(collector, monkeypatch):
    found, clock = collector
    monkeypatch.setattr(col, "YOUNG", 1)
    kept = [Node()]  # alive when the reader freezes what it loaded
    ref = weakref.ref(kept[0])
    found.take_over()
    kept.clear()  # now garbage, but frozen: an idle collection does not walk it
    clock.now += col.PAUSE * 2
    assert found.tick() in ("idle", "")
    assert ref() is not None
    clock.now += col.DEEP_EVERY + col.DEEP_PAUSE
    assert found.tick() == "deep"
    assert ref() is None


def test_stop_gives_the_automatic_collector_back(collector):
    found, _ = collector
    found.take_over()
    found.take_over(collect=True)  # after a reload: still one take-over to undo
    assert not gc.isenabled()
    found.stop()
    assert gc.isenabled()


def test_what_survives_a_collection_while_typing_is_not_walked_again(collector, monkeypatch):
    # The survivors of many keys collected at once took 17-42 ms at 100k papers: a stall
    # on the next key. They are frozen instead, so each collection walks only the newest.
    found, clock = collector
    monkeypatch.setattr(col, "TYPING_YOUNG", 50)
    found.take_over()
    kept = [Node() for _ in range(100)]
    frozen = gc.get_freeze_count()
    found.saw_input()
    clock.now += col.BETWEEN_KEYS * 2
    assert found.tick() == "young"
    assert gc.get_freeze_count() >= frozen + len(kept)
    assert gc.get_count()[1] == 0  # nothing left for an older generation's collection
