"""Discovery benchmark at 100k papers: index build (full, incremental), related, for you.

usage: python bench/discover.py [--store DB] [--corpus DIR]

The store is ``gen_digests.py DIR 100000`` synced once (kept in /tmp for the next run).
Works on a copy of the store so the cache files it writes are its own. Prints:
1. the full index build (every paper tokenized, written to ``<store>.discover/``), its
   load from disk, and an incremental extension by 500 new papers (what a daily sync adds);
2. related-papers latency over 50 papers (p50 / p95, index in memory, as the reader runs);
3. "For you" ranking time over the whole library for a list of 20 papers, cold (model
   trained) and warm (model kept), and ordering 10,000 search hits by it and by trending.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
GEN = ROOT.parent / "shared" / "tools" / "gen_digests.py"
TMP = Path(tempfile.gettempdir())
TARGETS = {"related_p95_ms": 50.0}


def ensure_store(store: Path, corpus: Path) -> None:
    if store.exists():
        return
    if not corpus.exists():
        subprocess.run([sys.executable, str(GEN), str(corpus), "100000"], check=True)
    subprocess.run(
        [sys.executable, "-m", "paperterm", "--store", str(store), "sync", str(corpus)],
        check=True,
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, default=TMP / "g-100k.db")
    parser.add_argument("--corpus", type=Path, default=TMP / "g-100k-digests")
    args = parser.parse_args()
    ensure_store(args.store, args.corpus)

    from paperterm.bookmarks import Bookmarks
    from paperterm.discover import build, for_you, order_by_foryou, order_by_trending, related
    from paperterm.store import Store

    work = Path(tempfile.mkdtemp(prefix="bench-discover-"))
    try:
        db = work / "store.db"
        shutil.copy(args.store, db)
        store = Store(db)
        total = store.conn.execute("SELECT count(*) FROM papers").fetchone()[0]
        print(f"store: {total:,} papers")

        # 1. Build: full, then as a sync would leave it (500 papers more).
        cut = store.conn.execute("SELECT max(id) FROM papers").fetchone()[0] - 500
        hidden = work / "hidden.db"
        shutil.copy(db, hidden)
        with store.write() as conn:  # a store "before the sync": the newest 500 papers absent
            conn.execute("DELETE FROM appearances WHERE paper_id > ?", (cut,))
            conn.execute("DELETE FROM papers WHERE id > ?", (cut,))
        started = time.perf_counter()
        build.update_index(store)
        full = time.perf_counter() - started
        print(f"full index build ({total - 500:,} papers): {full:.1f} s")
        store.close()
        shutil.copy(hidden, db)  # "the sync": the 500 papers are back
        for suffix in ("-wal", "-shm"):
            (work / f"store.db{suffix}").unlink(missing_ok=True)
        store = Store(db)
        build.forget(store)
        started = time.perf_counter()
        index = build.update_index(store)
        incremental = time.perf_counter() - started
        print(f"incremental update (+500 papers, {build.last_report.action}): {incremental:.2f} s")
        build.forget(store)
        started = time.perf_counter()
        build.update_index(store)
        print(f"load from disk ({build.last_report.action}): {ms(time.perf_counter() - started)}")
        size = sum(f.stat().st_size for f in (work / "store.db.discover").iterdir())
        print(f"cache size: {size / 2**20:.0f} MiB, {int(index.rows.indptr[-1]):,} entries")

        # 2. Related papers, index in memory.
        rnd = random.Random(7)
        keys = [k for (k,) in store.conn.execute("SELECT key FROM papers")]
        sample = rnd.sample(keys, 50)
        related(store, sample[0])  # warm
        times = []
        for key in sample:
            started = time.perf_counter()
            related(store, key, 5)
            times.append(time.perf_counter() - started)
        times.sort()
        p50, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
        ok = "ok" if p95 * 1000 < TARGETS["related_p95_ms"] else "MISSED"
        print(
            f"related (5 papers) over 50 papers: p50 {ms(p50)}, p95 {ms(p95)} "
            f"(target p95 < 50 ms: {ok})"
        )

        # 3. For you.
        marks = Bookmarks(store)
        for key in rnd.sample(keys, 20):
            marks.toggle_bookmark(key)
        for label in ("cold (model trained)", "warm (model kept)"):
            started = time.perf_counter()
            result = for_you(store, limit=20)
            print(
                f"for you over {total:,} papers, {label}: {ms(time.perf_counter() - started)}"
                f" ({len(result.picks)} picks)"
            )
        ids = [i for (i,) in store.conn.execute("SELECT id FROM papers LIMIT 10000")]
        started = time.perf_counter()
        order_by_foryou(store, ids)
        print(f"order 10,000 ids by for you: {ms(time.perf_counter() - started)}")
        started = time.perf_counter()
        order_by_trending(store, ids)
        print(f"order 10,000 ids by trending: {ms(time.perf_counter() - started)}")
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
