"""Garbage collection between keystrokes: the cyclic collector runs when the user pauses.

Python's automatic collector runs whenever enough objects were allocated, so in the middle of
a keystroke: every frame allocates thousands of strips and segments, and at 100k papers a full
collection took 25-45 ms — the keystroke it landed on missed two frames. Once the reader has
loaded its papers the automatic collector is off; it runs here instead: the young objects
between two keys while typing and everything once input has paused, what survives frozen
(never walked again). Frozen objects that later become cyclic garbage are freed by a deep
collection at a long pause. Reference counting frees the rest as usual.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from textual import events
from textual.app import App

PAUSE = 1.0  # seconds without input before a full collection (a pause in typing is shorter)
TICK = 0.1  # how often the reader checks (a timer callback: ~50 µs)
YOUNG = 2_000  # new container objects that make an idle collection worth it
TYPING_YOUNG = 4_000  # new container objects collected between two keys (a few ms, ~2 keys)
BETWEEN_KEYS = 0.06  # seconds since the last key: its frame is out, the next is not in yet
BURST = 200_000  # new container objects that get collected even right after a key
DEEP_PAUSE = 2.0  # a pause long enough for a deep collection (unfreeze, collect, freeze)
DEEP_EVERY = 600.0  # seconds between deep collections


class Collector:
    """When to collect, given the time of the last input (the policy, without the app)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.last_input = clock()
        self._last_deep = clock()
        self._was_enabled: bool | None = None

    @property
    def active(self) -> bool:
        return self._was_enabled is not None

    def take_over(self, collect: bool = False) -> None:
        """Freeze what is alive (``collect``: collect first) and turn the automatic collector
        off, remembering whether it was on. Called again after a reload."""
        if collect:
            gc.collect()
        gc.freeze()
        if self._was_enabled is None:
            self._was_enabled = gc.isenabled()
            gc.disable()

    def stop(self) -> None:
        """Give the automatic collector back as it was."""
        if self._was_enabled:
            gc.enable()
        self._was_enabled = None

    def saw_input(self) -> None:
        self.last_input = self._clock()

    def tick(self) -> str:
        """Collect if due; what ran: "" (nothing), "young", "idle" or "deep"."""
        if not self.active:
            return ""  # still starting: the automatic collector runs
        young = gc.get_count()[0]
        now = self._clock()
        paused = now - self.last_input
        if paused < PAUSE:
            # Typing: the young objects (about a third are cycles) go between two keys, and
            # what survives is frozen: collecting the survivors of many keys at once took
            # 17-42 ms at 100k papers, longer than the gap to the next key.
            if young < BURST and (young < TYPING_YOUNG or paused < BETWEEN_KEYS):
                return ""
            gc.collect(0)
            gc.freeze()
            return "young"
        if paused >= DEEP_PAUSE and now - self._last_deep >= DEEP_EVERY:
            self._last_deep = now
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            return "deep"
        if young < YOUNG:
            return ""
        gc.collect()  # walks only what is not frozen: a few ms
        gc.freeze()
        return "idle"


def input_quiet(app: App) -> float:
    """Seconds since the user last pressed a key or used the mouse in ``app`` (inf: unknown)."""
    collector = getattr(app, "collector", None)
    if collector is None:
        return float("inf")
    return time.monotonic() - collector.last_input


class IdleCollector(App[int]):
    """App mixin: ``collector`` decides when to collect once ``take_over`` was called."""

    collector: Collector

    def on_mount(self) -> None:
        self.collector = Collector()
        self.set_interval(TICK, self.collector.tick, name="idle-collector")

    def on_unmount(self) -> None:
        self.collector.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and hasattr(self, "collector"):
            self.collector.saw_input()
        await super().on_event(event)
