"""The parse pool: files read and parsed ahead on every core, by workers that die with the sync.

Workers are forked by a forkserver (so they inherit neither the sync lock nor the reader's
threads). A killed sync must leave nothing behind: the forkserver exits when its parent's
pipe closes, and each worker dies with the forkserver (``PR_SET_PDEATHSIG`` on Linux) and,
everywhere, when a watch thread sees its parent change or the sync's process vanish.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice

try:
    import fcntl
except ImportError:  # not on Windows
    fcntl = None  # type: ignore[assignment]

from paperterm.sync.units import Fetched, Unit
from paperterm.text_links import FoundLink, find_links, might_link

# How long a batch may keep the write lock while the next parsed file is not ready.
LOCK_WAIT_SECONDS = 0.05
# Below this many units to read, a process pool costs more than it saves.
POOL_THRESHOLD = 64
MAX_WORKERS = 8
AHEAD_PER_WORKER = 64  # files parsed ahead of the writer, per worker
TASK_UNITS = 8  # files per task sent to a worker
RESULT_PIPE_BYTES = 1 << 20  # the default /proc/sys/fs/pipe-max-size
WATCH_SECONDS = 0.2  # how often a worker checks that the sync is still alive
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Parsed(Fetched):
    """A fetched unit with the links of its abstracts already found (by the worker)."""

    links: dict[str, list[FoundLink]] = field(default_factory=dict)


def fetch(unit: Unit) -> Fetched | OSError:
    """Read and parse one unit; an OSError is returned (it is reported, not raised).

    The links in its abstracts are found here too: in a worker, that work (a quarter of a
    cold sync) leaves the writing process.
    """
    try:
        fetched = unit.fetch()
    except OSError as exc:
        return exc
    links = {
        entry.abstract: find_links(entry.abstract)
        for digest in fetched.result.digests
        for entry in digest.entries
        if might_link(entry.abstract)
    }
    return Parsed(fetched.sha256, fetched.result, links)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch(sync_pid: int, parent: int) -> None:
    while os.getppid() == parent and _alive(sync_pid):
        time.sleep(WATCH_SECONDS)
    os._exit(1)  # the sync is gone: nobody will read what this worker makes


def _worker_init(sync_pid: int) -> None:
    """Run in each worker: die with the forkserver, and with the sync."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watch thread still covers it
    if os.getppid() != parent or not _alive(sync_pid):
        os._exit(1)  # the parent died before the death signal was armed
    threading.Thread(target=_watch, args=(sync_pid, parent), daemon=True).start()


def _picklable(unit: Unit) -> bool:
    try:
        pickle.dumps(unit.fetch)
    except Exception:
        return False
    return True


class Inline:
    """A fetch run when its result is asked for (units that are not parsed in a pool)."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit

    def result(self) -> Fetched | OSError:
        return fetch(self.unit)


def ready(result: Slot | Inline) -> bool:
    """Whether the result is there (waiting a moment for it)."""
    if isinstance(result, Inline):
        return False
    return bool(wait([result.task], timeout=LOCK_WAIT_SECONDS).done)


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def worker_count() -> int:
    """Parse workers: one core is left to the writer, the busiest process of a big sync.

    On 2 cores a second worker took that core from the writer it feeds (100k papers,
    alternated: as fast as one worker at best, up to 1 s slower).
    """
    return max(1, min(cores() - 1, MAX_WORKERS))


def use_pool(units: list[Unit]) -> bool:
    return len(units) >= POOL_THRESHOLD and cores() > 1 and _picklable(units[0])


def fetch_many(units: list[Unit]) -> list[Fetched | OSError]:
    """``fetch`` for a few units at once: one task, one result message for them all."""
    return [fetch(unit) for unit in units]


class Slot:
    """One unit's result inside a task that fetched several (``fetch_many``)."""

    def __init__(self, task: Future, index: int) -> None:
        self.task = task
        self.index = index

    def result(self) -> Fetched | OSError:
        return self.task.result()[self.index]

    def cancel(self) -> bool:
        return self.task.cancel()


class Ahead:
    """Pending results in unit order, at most ``window`` units submitted ahead of the reader.

    A result leaves this object when it is handed out, so a sync holds only the window's
    parsed files, not every file it has stored (a 1M-paper sync peaked at 3.4 GB before).
    Units go to the workers ``TASK_UNITS`` at a time: a worker waits for its next task only
    once every few files (one file per task left it idle half the time on 2 cores, waiting
    for the busy writing process to hand it the next file and take its result).
    """

    def __init__(self, pool: ProcessPoolExecutor, units: list[Unit], window: int) -> None:
        self._pool = pool
        self._units = iter(units)
        self._queue: deque[Slot] = deque()
        while len(self._queue) < window and self._submit():
            pass

    def _submit(self) -> bool:
        batch = list(islice(self._units, TASK_UNITS))
        if batch:
            task = self._pool.submit(fetch_many, batch)
            self._queue.extend(Slot(task, i) for i in range(len(batch)))
        return bool(batch)

    def __iter__(self) -> Iterator[Slot]:
        while self._queue:
            slot = self._queue.popleft()
            if slot.index == 0:  # a task is being handed out: keep the window full
                self._submit()
            yield slot

    def cancel(self) -> None:
        for slot in self._queue:
            slot.cancel()


def _widen_result_pipe(pool: ProcessPoolExecutor) -> None:
    """Let a worker write its results without waiting for the writer to read them (Linux).

    A task's result is several 100 KB: in the default 64 KB pipe a worker blocks until the
    writing process's result thread gets the GIL and reads it. Best effort: CPython's
    executor keeps that pipe in private attributes.
    """
    reader = getattr(getattr(pool, "_result_queue", None), "_reader", None)
    setpipe = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl else None
    if reader is None or setpipe is None:
        return
    try:
        fcntl.fcntl(reader.fileno(), setpipe, RESULT_PIPE_BYTES)
    except (OSError, ValueError):
        pass  # over /proc/sys/fs/pipe-max-size: the default pipe still works


@contextmanager
def fetchers(units: list[Unit]) -> Iterator[Iterable[Slot | Inline]]:
    """One pending result per unit, in order; files are parsed ahead on every core."""
    if not use_pool(units):
        yield [Inline(unit) for unit in units]
        return
    # forkserver: workers must not inherit the sync lock or the reader's threads.
    context = multiprocessing.get_context("forkserver")
    workers = worker_count()
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_worker_init,
        initargs=(os.getpid(),),
    ) as pool:
        _widen_result_pipe(pool)
        ahead = Ahead(pool, units, workers * AHEAD_PER_WORKER)
        try:
            yield ahead
        finally:
            ahead.cancel()
