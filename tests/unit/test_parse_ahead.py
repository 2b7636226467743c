"""A big sync parses only a window of files ahead of the writer, in order (bounded memory)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from paperterm.models import ParseResult
from paperterm.sync.pool import Ahead
from paperterm.sync.units import Fetched, Unit


class CountingPool(ThreadPoolExecutor):
    def __init__(self) -> None:
        super().__init__(max_workers=2)
        self.submitted = 0

    def submit(self, fn, *args, **kwargs):
        self.submitted += 1
        return super().submit(fn, *args, **kwargs)


def unit(i: int) -> Unit:
    return Unit("file", f"/digests/{i}.txt", str(i), lambda: Fetched(str(i), ParseResult((), ())))


def test_results_come_in_unit_order_with_at_most_the_window_parsed_ahead():
    units = [unit(i) for i in range(200)]
    with CountingPool() as pool:
        ahead = Ahead(pool, units, window=16)
        seen = []
        for taken, future in enumerate(ahead, start=1):
            assert pool.submitted - taken <= 16  # never more than the window waiting
            seen.append(future.result().sha256)
    assert seen == [str(i) for i in range(200)]
    assert pool.submitted == 200


def test_a_sync_stopped_early_cancels_what_was_not_started():
    units = [unit(i) for i in range(50)]
    with CountingPool() as pool:
        ahead = Ahead(pool, units, window=8)
        next(iter(ahead))
        ahead.cancel()
        assert pool.submitted <= 9  # the rest was never handed to a worker
