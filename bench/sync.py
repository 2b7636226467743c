"""Sync benchmark: cold sync, no-op re-sync and store size over a generated corpus.

usage: python bench/sync.py [PAPERS] [--corpus DIR] [--keep]

Generates ``gen_digests.py OUT PAPERS`` (default 100,000 papers: 2,856 files, 257 MB) once,
then runs the real ``paperterm sync`` in a subprocess, as a user would. The baseline is
reading the same bytes (``cat``), printed as a ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GEN = HERE.parent.parent / "shared" / "tools" / "gen_digests.py"
TARGETS = {"cold": 7.0, "cold_goal": 5.0, "noop": 0.5, "size_ratio": 2.0}  # issue 17


def corpus(papers: int, where: Path | None) -> Path:
    out = where or Path(tempfile.gettempdir()) / f"paperterm-bench-corpus-{papers}"
    if where and any(out.glob("*.txt")):
        return out  # a corpus the caller made
    if not (out / ".complete").exists():
        shutil.rmtree(out, ignore_errors=True)
        print(f"generating {papers:,} papers into {out} ...", flush=True)
        subprocess.run([sys.executable, str(GEN), str(out), str(papers)], check=True)
        (out / ".complete").touch()
    return out


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL)
    if done.returncode not in (0, 4):  # 4: synced with warnings (repeated titles)
        raise SystemExit(f"{cmd[0]} exited {done.returncode}")
    return time.perf_counter() - start


def size_of(paths: list[Path]) -> int:
    return sum(p.stat().st_size for p in paths if p.exists())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("papers", type=int, nargs="?", default=100_000)
    parser.add_argument("--corpus", type=Path)
    args = parser.parse_args()
    src = corpus(args.papers, args.corpus)
    files = sorted(src.glob("*.txt"))
    corpus_bytes = size_of(files)
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "bench.db"
        read = timed(["cat", *map(str, files)]) if len(files) < 20_000 else float("nan")
        sync = [sys.executable, "-m", "paperterm", "--store", str(store), "sync", "--quiet"]
        cold = timed([*sync, str(src)])
        noop = timed([*sync, str(src)])
        store_bytes = size_of([store, Path(f"{store}-wal"), Path(f"{store}-shm")])
    mb = corpus_bytes / 1e6
    print(
        f"corpus: {args.papers:,} papers, {len(files):,} files, {mb:,.0f} MB "
        f"({os.cpu_count()} cores)"
    )
    print(f"baseline read (cat):  {read:6.2f} s")
    print(
        f"cold sync:            {cold:6.2f} s  {mb / cold:6.1f} MB/s  "
        f"{args.papers / cold:8,.0f} papers/s  {cold / read:5.1f}x read   "
        f"target < {TARGETS['cold']} s, goal < {TARGETS['cold_goal']} s"
    )
    print(f"no-op re-sync:        {noop:6.2f} s  target < {TARGETS['noop']} s")
    ratio = store_bytes / corpus_bytes
    print(
        f"store size:           {store_bytes / 1e6:6.0f} MB  {ratio:.2f}x corpus  "
        f"target < {TARGETS['size_ratio']}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
