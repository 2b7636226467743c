"""Issue 17's rows: CLI search (whole process) beside ``fzf --filter``, and the cold sync.

usage: python bench/speed.py [--corpus DIR] [--store DB] [--queries N] [--no-sync]

Runs the real ``paperterm`` in subprocesses, as a user would. The machine may be shared:
read the ratios (each pair is measured in the same run, query by query), not the absolute
times. ``--store`` reuses a synced store (its index cache is made on the first search);
without it the corpus is synced into a temporary store first (that is the cold-sync row).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from sync import corpus  # noqa: E402  (bench/sync.py: generates the corpus once)

TARGETS = {"search": 0.250, "search_goal": 0.133, "cold": 7.0, "cold_goal": 5.0}
QUERIES = [
    "kernl densty", "gausian splating", "difusion", "retrievl augmented", "vision transformr",
    "mixtur of experts", "reinforcment", "3d reconstrction", "languag model", "sparse atention",
    "graph neural", "video generaton", "point cloud", "robot manipulaton", "speech",
    "quantizaton", "federated", "benchmark", "multimodal reasonng", "agent",
]  # fmt: skip


def timed(cmd: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - start


def cli_search(store: Path, queries: list[str], titles: Path) -> dict[str, float]:
    """Median whole-process seconds of ``paperterm search`` and, query by query, of fzf."""
    cmd = [sys.executable, "-m", "paperterm", "--store", str(store), "search", "--json"]
    timed([*cmd, "warm"])  # makes the index cache if the store has none
    fzf = shutil.which("fzf")
    ours, theirs = [], []
    for q in queries:
        ours.append(timed([*cmd, *q.split()]))
        if fzf:
            with open(titles, "rb") as handle:
                theirs.append(timed([fzf, "--filter", q], stdin=handle))
    figures = {"search": statistics.median(ours), "queries": len(ours)}
    figures["search_p90"] = sorted(ours)[int(len(ours) * 0.9) - 1]
    if theirs:
        figures["fzf"] = statistics.median(theirs)
        figures["faster"] = sum(a < b for a, b in zip(ours, theirs, strict=True))
    return figures


def write_titles(store: Path, titles: Path) -> int:
    """The store's titles, one a line (fzf's input); how many."""
    with sqlite3.connect(store) as conn:
        rows = conn.execute("SELECT title FROM papers").fetchall()
    titles.write_text("".join(t + "\n" for (t,) in rows), encoding="utf-8")
    return len(rows)


def cold_sync(src: Path, store: Path) -> float:
    """Seconds of ``paperterm sync --quiet SRC`` into a store that does not exist yet."""
    sync = [sys.executable, "-m", "paperterm", "--store", str(store), "sync", "--quiet"]
    return timed([*sync, str(src)])


def print_search(figures: dict[str, float]) -> None:
    mine = figures["search"]
    print(
        f"CLI search --json, whole process: median {mine * 1000:5.0f} ms "
        f"(p90 {figures['search_p90'] * 1000:.0f})   "
        f"target < {TARGETS['search'] * 1000:.0f} ms, goal < fzf"
    )
    if "fzf" not in figures:
        print("  fzf --filter: skipped (fzf is not installed)")
        return
    other = figures["fzf"]
    print(
        f"  fzf --filter on the same titles:  median {other * 1000:5.0f} ms   "
        f"ratio paperterm/fzf {mine / other:.2f} "
        f"(paperterm faster on {figures['faster']}/{figures['queries']})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--store", type=Path)
    parser.add_argument("--queries", type=int, default=len(QUERIES))
    parser.add_argument("--no-sync", action="store_true", help="skip the cold-sync row")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if not args.no_sync or store is None:
            src = corpus(100_000, args.corpus)
            store = Path(tmp) / "bench.db"
            cold = cold_sync(src, store)
            print(
                f"cold sync of {src.name}: {cold:6.2f} s   "
                f"target < {TARGETS['cold']} s, goal < {TARGETS['cold_goal']} s"
            )
        titles = Path(tmp) / "titles.txt"
        print(f"store: {write_titles(store, titles):,} papers")
        print_search(cli_search(store, QUERIES[: args.queries], titles))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
