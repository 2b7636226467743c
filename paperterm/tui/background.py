"""A daemon thread for slow core calls (related papers, enrichment); the newest job wins.

Not the database thread: a related-papers index can take half a minute to build and a
title look-up waits on the network, and neither may hold up a search. A daemon thread,
because quitting the reader must never wait for either.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

SKIPPED = object()  # the result of a job replaced by a newer one before it started


class Background:
    """One daemon thread running one job at a time; a queued job is replaced by a newer one."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Condition()
        self._next: tuple[Callable[[], Any], asyncio.Future, asyncio.AbstractEventLoop] | None
        self._next = None
        self.busy = False
        self._thread: threading.Thread | None = None

    def run(self, func: Callable[[], Any]) -> asyncio.Future:
        """Queue ``func``; the future gives its result (or ``SKIPPED``, or raises its error)."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        with self._lock:
            if self._next is not None:
                _, old, old_loop = self._next
                _settle(old_loop, old, SKIPPED)
            self._next = (func, future, loop)
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
                self._thread.start()
            self._lock.notify()
        return future

    def _loop(self) -> None:
        while True:
            with self._lock:
                while self._next is None:
                    self._lock.wait()
                func, future, loop = self._next
                self._next = None
                self.busy = True
            try:
                result: Any = func()
            except BaseException as exc:  # handed to the awaiting side
                _settle(loop, future, exc, error=True)
            else:
                _settle(loop, future, result)
            finally:
                self.busy = False


def _settle(loop: asyncio.AbstractEventLoop, future: asyncio.Future, value, error=False) -> None:
    def apply() -> None:
        if not future.done():
            if error:
                future.set_exception(value)
            else:
                future.set_result(value)

    try:
        loop.call_soon_threadsafe(apply)
    except RuntimeError:  # the loop is closed: the reader quit meanwhile
        pass
