"""A big sync parses only a window of files ahead of the writer, in order (bounded memory)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from paperterm.models import ParseResult
from paperterm.sync.pool import TASK_UNITS, Ahead
from paperterm.sync.units import Fetched, Unit


class CountingPool(ThreadPoolExecutor):
    """Counts the units handed to its workers (a task holds up to TASK_UNITS of them)."""

    def __init__(self) -> None:
        super().__init__(max_workers=2)
        self.submitted = 0
        self.tasks = 0

    def submit(self, fn, units, *args, **kwargs):
        self.submitted += len(units)
        self.tasks += 1
        return super().submit(fn, units, *args, **kwargs)


def unit(i: int) -> Unit:
    return Unit("file", f"/digests/{i}.txt", str(i), lambda: Fetched(str(i), ParseResult((), ())))


def test_results_come_in_unit_order_with_at_most_the_window_parsed_ahead():
    units = [unit(i) for i in range(203)]
    with CountingPool() as pool:
        ahead = Ahead(pool, units, window=16)
        seen = []
        for taken, slot in enumerate(ahead, start=1):
            # never more than the window and one task waiting
            assert pool.submitted - taken <= 16 + TASK_UNITS
            seen.append(slot.result().sha256)
    assert seen == [str(i) for i in range(203)]
    assert pool.submitted == 203
    assert pool.tasks == -(-203 // TASK_UNITS)  # files go to workers a few at a time


def test_a_sync_stopped_early_cancels_what_was_not_started():
    units = [unit(i) for i in range(50)]
    with CountingPool() as pool:
        ahead = Ahead(pool, units, window=8)
        next(iter(ahead))
        ahead.cancel()
        assert pool.submitted <= 8 + 2 * TASK_UNITS  # the rest was never handed to a worker
