"""Bookmarks benchmark: 100k papers into one list, a 100k-item backup imported, 100k read.

usage: python bench/bookmarks.py [-n 100000]

Builds a throwaway store of N papers (rows written directly, no digests), then prints the
seconds for: ``add_many`` of every paper to one list (what ``paperterm bookmark QUERY --all``
does after the search), ``bookmark QUERY --all`` end to end (search + add), importing the JSON
backup of that list into the store it came from (items only: the papers are known) and into
an empty store (every paper record validated and inserted too; no target), and marking all N
papers read and undoing it. Target: under 2 s each at 100k.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from paperterm.bookmarks import Bookmarks, find_keys  # noqa: E402
from paperterm.bookmarks.export import export_text  # noqa: E402
from paperterm.bookmarks.importer import import_file  # noqa: E402
from paperterm.store import Store  # noqa: E402
from paperterm.text import paper_key  # noqa: E402

TARGET_S = 2.0
T = TypeVar("T")


def fill(store: Store, n: int) -> list[str]:
    """N papers with distinct titles that all hold the word 'benchmark'; their keys."""
    titles = [f"Benchmark paper number {i} on sparse kernels" for i in range(n)]
    keys = [paper_key(t) for t in titles]
    with store.write() as conn:
        conn.executemany(
            "INSERT INTO papers (key, title, abstract, first_seen, last_seen, seen)"
            " VALUES (?, ?, 'An abstract.', '2026-03-14', '2026-03-14', 1)",
            zip(keys, titles, strict=True),
        )
    return keys


def timed(label: str, fn: Callable[[], T], target: float | None = TARGET_S) -> T:
    start, cpu = time.perf_counter(), time.process_time()
    value = fn()
    took = time.perf_counter() - start
    cpu = time.process_time() - cpu  # what a busy machine's other processes do not inflate
    flag = "" if target is None else "ok" if took < target else "SLOW"
    print(f"{label:<48} {took:7.2f} s  (CPU {cpu:5.2f} s)  {flag}".rstrip())
    return value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="papers (default 100,000)")
    n = parser.parse_args().n
    # This machine is shared: the load says how far to trust the seconds below.
    print("load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        keys = fill(store, n)
        marks = Bookmarks(store)
        added = timed(f"bookmark {n:,} keys (add_many)", lambda: marks.add_many(keys, "Bench"))
        assert added == n and marks.list_keys("Bench") == keys
        found = timed(
            f"bookmark 'benchmark' --all ({n:,} papers)",
            lambda: marks.add_many(find_keys(store, ["benchmark"]), "Query"),
        )
        assert found == n
        marks.delete_list("Query", force=True)
        backup = Path(tmp) / "backup.json"
        backup.write_text(export_text(store, "json"), encoding="utf-8")
        marks.delete_list("Bench", force=True)
        report = timed(
            f"import {n:,} list items (papers known)", lambda: import_file(store, backup)
        )
        assert report.items_added == n and marks.list_keys("Bench") == keys
        fresh = Store(Path(tmp) / "fresh.db")
        report = timed(
            f"import {n:,} list items + papers (empty store)",
            lambda: import_file(fresh, backup),
            target=None,
        )
        assert report.items_added == n and report.papers_added == n
        undo = timed(f"mark {n:,} papers read", lambda: marks.set_read_many(keys))
        timed(f"undo marking {n:,} papers read", lambda: marks.undo_read(undo))
        assert marks.read_keys() == set()
        store.close()
        fresh.close()
    print("load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
