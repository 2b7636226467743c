"""Cold sync, this checkout against another one, runs alternated in one session.

usage: python bench/cold_ab.py OTHER_CHECKOUT [--corpus DIR] [--rounds N]

On a shared machine absolute times drift by 2x within minutes; a before/after figure only
means something when both run in turns, under the same load. Each round syncs the corpus
into a new store with this checkout's ``paperterm`` and then with OTHER's (``PYTHONPATH``
set to each), printing wall, user and system seconds and the load average; the medians
and their ratio come last. OTHER is a checkout or an export (``git archive main | tar -x``).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from sync import TARGETS, corpus  # noqa: E402  (bench/sync.py: generates the corpus once)

SYNCED = (0, 4)  # 4: completed with warnings (the generated corpus repeats titles)


def cold_sync(tree: Path, src: Path, store: Path) -> tuple[float, float, float]:
    """(wall, user, sys) seconds of ``paperterm sync --quiet SRC`` from ``tree``, new store."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    cmd = [sys.executable, "-m", "paperterm", "--store", str(store), "sync", "--quiet", str(src)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=tree, env=env, stdout=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in SYNCED:
        raise SystemExit(f"{tree}: sync exited {done.returncode}")
    return wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="the checkout to compare with (e.g. main)")
    parser.add_argument("--corpus", type=Path, help="default: gen_digests.py OUT 100000")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    src = corpus(100_000, args.corpus)
    trees = {"this": HERE.parent, "other": args.other.resolve()}
    walls: dict[str, list[float]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory() as tmp:
        for round_no in range(1, args.rounds + 1):
            for name, tree in trees.items():
                store = Path(tmp) / f"{name}-{round_no}.db"
                load = os.getloadavg()[0]
                wall, user, system = cold_sync(tree, src, store)
                walls[name].append(wall)
                print(
                    f"round {round_no} {name:5}: {wall:6.2f} s wall  {user:5.2f} s user  "
                    f"{system:5.2f} s sys   load {load:.2f}",
                    flush=True,
                )
                for path in Path(tmp).glob(f"{name}-{round_no}.db*"):
                    path.unlink()
    mine, theirs = (statistics.median(walls[name]) for name in trees)
    print(
        f"median cold sync: this {mine:.2f} s, other {theirs:.2f} s, ratio {mine / theirs:.2f}"
        f"   target < {TARGETS['cold']} s, goal < {TARGETS['cold_goal']} s (quiet machine)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
