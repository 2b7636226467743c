"""Sort-order and is:new figures for bench/search.py (also runnable alone on a store).

usage: python bench/search_orders.py [--store DB]

1. Per sort order at 100k papers: the first use after a (re)build (the one numpy sort that
   is then cached), and switching to it (``sort:X`` search plus the 50 rows a list pane
   draws), without words and with a word; target < 100 ms to a repaint.
2. ``is:new`` against ``is:unread``, alone and with a word: the same work (one boolean mask
   over the index), so the same time.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SWITCH_TARGET_MS = 100.0


def _ms(service, query: str, runs: int = 15, rows: int = 50, **kw) -> float:
    """Median milliseconds of a search plus building the rows a list pane shows."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = service.search(query, **kw)
        result.hits[:rows]
        times.append((time.perf_counter() - started) * 1000)
    assert result.error is None, result.error
    return statistics.median(times)


def order_figures(service) -> float:
    """Print per-order timings; returns the worst warm switch (ms)."""
    from paperterm.search import SORTS

    index = service._index
    print(f"\nsort orders, {index.count:,} papers (median of 15; 50 rows built)")
    print(f"  {'order':<10} {'first use ms':>12} {'switch ms':>10} {'+word ms':>9}")
    worst = 0.0
    started = time.perf_counter()
    service.warm_orders()
    warm_ms = (time.perf_counter() - started) * 1000
    for name in SORTS:
        index.sort_cache.clear()  # as after a sync: the next use sorts once
        started = time.perf_counter()
        service.search(f"sort:{name}", limit=50).hits[:50]
        first = (time.perf_counter() - started) * 1000
        switch = _ms(service, f"sort:{name}")
        word = _ms(service, f"network sort:{name}")
        worst = max(worst, switch, word)
        print(f"  {name:<10} {first:>12.1f} {switch:>10.2f} {word:>9.2f}")
    print(f"  every order at once (warm_orders, in a worker after start-up): {warm_ms:.0f} ms")
    verdict = "ok" if worst < SWITCH_TARGET_MS else "MISSED"
    print(f"  worst switch {worst:.1f} ms (target < {SWITCH_TARGET_MS:.0f} ms): {verdict}")
    return worst


def _mark_read(store, keys: list[str]) -> list[str]:
    """Mark papers read; returns the keys that were not read before (to undo exactly)."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with store.write() as conn:
        before = {k for (k,) in conn.execute("SELECT paper_key FROM read_state")}
        added = [k for k in keys if k not in before]
        conn.executemany("INSERT INTO read_state VALUES (?, ?)", [(k, now) for k in added])
    return added


def _unmark(store, keys: list[str]) -> None:
    with store.write() as conn:
        conn.executemany("DELETE FROM read_state WHERE paper_key = ?", [(k,) for k in keys])


def new_vs_unread(service, runs: int = 21) -> tuple[float, float]:
    """Print is:new against is:unread over the same papers; returns the medians (ms).

    The papers that are not new are marked read for the run (and only those rows are
    removed afterwards), so both filters pick the very same papers: a mask that keeps
    some papers costs more to apply than one that keeps all, whichever filter made it.
    """
    index = service._index
    created = index.created[index.created > 0]
    middle = int(created.min() + (created.max() - created.min()) // 2) if len(created) else 0
    since = dt.datetime.fromtimestamp(middle, dt.UTC)  # about half the papers are new
    old = [index.keys[s] for s in np.flatnonzero(index.alive & (index.created <= middle))]
    added = _mark_read(service.store, old)
    try:
        print(f"\nis:new vs is:unread, {index.count:,} papers (median of {runs}, interleaved)")
        figures = []
        for words in ("", "network "):
            times: dict[str, list[float]] = {"is:new": [], "is:unread": []}
            for _ in range(runs):  # alternate, so both see the same machine load
                for flt in times:
                    times[flt].append(_ms(service, f"{words}{flt}", runs=1, since=since))
            new, unread = (statistics.median(times[f]) for f in ("is:new", "is:unread"))
            figures.append((new, unread))
            total = service.search(f"{words}is:new", since=since).total
            same = service.search(f"{words}is:unread").total
            label = repr(f"{words}is:new")
            print(
                f"  {label:<20} {new:>7.2f} ms ({total:,} papers)  vs is:unread"
                f" {unread:>7.2f} ms ({same:,})"
            )
    finally:
        _unmark(service.store, added)
    return figures[0]


def main() -> int:
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(tempfile.gettempdir()) / "paperterm-bench-100k.db"
    parser.add_argument("--store", type=Path, default=default)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from paperterm.search import SearchService
    from paperterm.store import Store

    service = SearchService(Store(args.store))
    order_figures(service)
    new_vs_unread(service)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
