"""Search benchmark: index build, per-keystroke latency, fzf side by side, relevance at 100k.

usage: python bench/search.py [--store DB] [--corpus DIR] [--common-store DB]
                              [--common-corpus DIR] [--million] [--skip-fzf]

1. Speed corpus: ``gen_digests.py DIR 100000`` (every word of the real digests, rare names
   in hundreds of papers: the worst case for speed), synced into ``--store`` if missing.
   Prints the index build time (median of 3), its memory (tracemalloc), and the latency of
   every keystroke while realistic 1-4 word queries (typos included) are typed one
   character at a time, with the first 50 hits built as a list view would; p50/p95/max per
   number of words.
2. ``fzf --filter`` on the same 100k titles, same queries, as a whole process (what a
   terminal user would otherwise run), against a cold paperterm search: ratio.
3. Relevance: ``gen_digests.py DIR 100000 50 0.3 --common`` plus the two real digests; for
   each query the real paper must be in the top 3. Prints the hit rate and the misses.
4. Sort orders and is:new (``bench/search_orders.py``): per-order sort time and switching
   to it at 100k (target < 100 ms to a repaint); ``is:new`` against ``is:unread``.
5. ``--million``: the same keystroke run over 1,000,000 papers (generating and syncing it
   takes a while; the store is kept for the next run).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GEN = ROOT.parent / "shared" / "tools" / "gen_digests.py"
REAL = ROOT / "tests" / "fixtures" / "digests"
TMP = Path(tempfile.gettempdir())
TARGETS = {"p50_ms": 5.0, "p95_ms": 16.0, "build_s": 1.0, "memory_mb": 150.0, "p95_1m_ms": 100.0}

# (what a user types, the start of the title they want). Typos, swapped words, partial
# words, names, and words found only in abstracts.
QUERIES: list[tuple[str, str]] = [
    ("kernl densty", "Kernel Density Estimators"),
    ("convnext inception", "InceptionNeXt"),
    ("equiang", "Equiangular Basis Vectors"),
    ("equiangluar basis", "Equiangular Basis Vectors"),
    ("muvera", "MUVERA"),
    ("shiftaddvit", "ShiftAddViT"),
    ("gs livo", "GS-LIVO"),
    ("jetson orin", "GS-LIVO"),
    ("piuma", "SMASH"),
    ("gta5 cityscapes", "Informative Data Mining"),
    ("neural tangent kernel", "Neural Tangent Kernel"),
    ("self supervised dataset distillation", "Self-Supervised Dataset Distillation"),
    ("difusion score estimation", "Neural Network-Based Score Estimation"),
    ("lie group equivariant", "Lie Group Decompositions"),
    ("gaussian splats dataset", "ShapeSplat"),
    ("spherical harmonics location", "Geographic Location Encoding"),
    ("hyperspectral foundation models", "SpectralEarth"),
    ("linear mode connectivity", "Analysis of Linear Mode Connectivity"),
    ("vectormapnet", "VectorMapNet"),
    ("bayesian tucker decomposition", "Functional Bayesian Tucker"),
    ("kolmogorov arnold attention", "Kolmogorov-Arnold Attention"),
    ("marlin mixed precision", "MARLIN"),
    ("openai codex hpc", "Evaluation of OpenAI Codex"),
    ("melanoma fpga", "A system on chip for melanoma"),
    ("bessel functions gpus", "Accurate Computation of the Logarithm"),
    ("dendromap", "DendroMap"),
    ("cunerf", "CuNeRF"),
    ("geo2sigmap", "Geo2SigMap"),
    ("ecoformer", "EcoFormer"),
    ("sparsebytenn", "SparseByteNN"),
    ("unireplknet", "UniRepLKNet"),
    ("softmax free transformers", "Softmax-free Linear Transformers"),
    ("deblurring uncertainty", "Uncertainty-Aware Unsupervised Image Deblurring"),
    ("diagonal state space", "On the Parameterization and Initialization of Diagonal"),
    ("heirarchical polynomials", "Learning Hierarchical Polynomials"),
    ("logarithmic proximity clustering", "Do logarithmic proximity measures"),
    ("kgym linux kernel", "KGym"),
    ("neurbf radial basis", "NeuRBF"),
    ("colbert", "MUVERA"),
    ("spgemm", "SMASH"),
    ("phate geodesic", "A Heat Diffusion Perspective"),
    ("hippo", "On the Parameterization and Initialization of Diagonal"),
    ("webassembly", "SparseByteNN"),
    ("teacher guidance distillation", "Even your Teacher Needs Guidance"),
    ("infinite width feature learning", "Feature Learning in Infinite-Width"),
]


def ensure_corpus(out: Path, papers: int, *, common: bool = False) -> Path:
    """Generate a corpus once (kept between runs)."""
    if (out / ".complete").exists():
        return out
    shutil.rmtree(out, ignore_errors=True)
    args = [sys.executable, str(GEN), str(out), str(papers)]
    if common:
        args += ["50", "0.3", "--common"]
    print(f"generating {papers:,} papers into {out} ...", flush=True)
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    if common:
        for path in REAL.glob("*.txt"):
            shutil.copy(path, out / path.name)
    (out / ".complete").touch()
    return out


def ensure_store(store: Path, corpus: Path) -> Path:
    """Sync a corpus into a store once, with the real CLI."""
    if store.exists():
        return store
    print(f"syncing {corpus} into {store} ...", flush=True)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "paperterm", "--store", str(store), "sync", str(corpus)],
        check=False,
        stdout=subprocess.DEVNULL,
    )
    if done.returncode not in (0, 4):  # 4: synced, with warnings (repeated titles)
        raise SystemExit(f"sync failed with status {done.returncode}")
    print(f"  synced in {time.perf_counter() - started:.1f} s", flush=True)
    return store


def open_service(path: Path):
    from paperterm.search import SearchService
    from paperterm.store import Store

    return SearchService(Store(path))


def build_figures(path: Path, runs: int = 3) -> tuple[float, float, object]:
    """Median build seconds, index MiB (tracemalloc, a separate build), and a service."""
    from paperterm.search import SearchService
    from paperterm.store import Store

    store = Store(path)
    times, service = [], None
    for _ in range(runs):
        service = SearchService(store)
        times.append(service.build_seconds)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    measured = SearchService(store)
    size = (tracemalloc.get_traced_memory()[0] - before) / 2**20
    tracemalloc.stop()
    measured.close()
    return statistics.median(times), size, service


def keystrokes(service, queries: list[str], rows: int = 50) -> dict[int, list[float]]:
    """Milliseconds per keystroke, by number of words typed so far."""
    by_words: dict[int, list[float]] = {}
    for query in queries:
        for end in range(1, len(query) + 1):
            typed = query[:end]
            if typed.endswith(" "):
                continue  # a space changes nothing a user would wait for
            started = time.perf_counter()
            result = service.search(typed)
            result.hits[:rows]
            elapsed = (time.perf_counter() - started) * 1000
            by_words.setdefault(len(typed.split()), []).append(elapsed)
    return by_words


def print_latency(by_words: dict[int, list[float]], title: str) -> np.ndarray:
    print(f"\n{title}")
    print(f"  {'words':>5} {'keys':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for words in sorted(by_words):
        a = np.array(by_words[words])
        print(
            f"  {words:>5} {len(a):>6} {np.percentile(a, 50):>8.2f} "
            f"{np.percentile(a, 95):>8.2f} {a.max():>8.2f}"
        )
    every = np.concatenate([np.array(v) for v in by_words.values()])
    print(
        f"  {'all':>5} {len(every):>6} {np.percentile(every, 50):>8.2f} "
        f"{np.percentile(every, 95):>8.2f} {every.max():>8.2f}"
    )
    return every


def fzf_side_by_side(service, queries: list[str]) -> None:
    fzf = shutil.which("fzf")
    if not fzf:
        print("\nfzf not found (apt-get install -y fzf): side-by-side skipped")
        return
    index = service._index
    titles = TMP / "paperterm-bench-titles.txt"
    titles.write_text("\n".join(index.titles[s] for s in index.newest.tolist()) + "\n")
    print(f"\nfzf --filter vs paperterm, whole query, {index.count:,} titles")
    print(f"  {'query':<38} {'fzf ms':>8} {'hits':>6} {'ours ms':>8} {'hits':>6} {'ratio':>6}")
    ratios = []
    for query in queries:
        fzf_ms = []
        for _ in range(3):
            with titles.open("rb") as stdin:
                started = time.perf_counter()
                out = subprocess.run(
                    [fzf, "--filter", query], stdin=stdin, capture_output=True, check=False
                )
                fzf_ms.append((time.perf_counter() - started) * 1000)
        fzf_hits = out.stdout.count(b"\n")
        ours_ms = []
        for _ in range(3):
            service.clear_cache()  # cold: nothing remembered from typing it
            started = time.perf_counter()
            result = service.search(query)
            result.hits[:50]
            ours_ms.append((time.perf_counter() - started) * 1000)
        f, o = statistics.median(fzf_ms), statistics.median(ours_ms)
        ratios.append(f / o)
        print(f"  {query:<38} {f:>8.1f} {fzf_hits:>6} {o:>8.2f} {result.total:>6} {f / o:>5.0f}x")
    print(f"  median ratio fzf/paperterm: {statistics.median(ratios):.0f}x (cold query)")


def relevance(service, queries: list[tuple[str, str]]) -> float:
    found, misses = 0, []
    for query, expected in queries:
        result = service.search(query, limit=3)
        titles = [h.paper.title for h in result.hits]
        if any(t.startswith(expected) for t in titles):
            found += 1
        else:
            misses.append((query, expected, titles))
    rate = found / len(queries)
    print(f"\nrelevance: {found}/{len(queries)} real papers in the top 3 ({rate:.0%})")
    for query, expected, titles in misses:
        print(f"  miss {query!r}: wanted {expected!r}, got {[t[:40] for t in titles]}")
    return rate


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=TMP / "paperterm-bench-100k.db")
    parser.add_argument("--corpus", type=Path, default=TMP / "paperterm-bench-corpus-100000")
    parser.add_argument("--common-store", type=Path, default=TMP / "paperterm-bench-common.db")
    parser.add_argument("--common-corpus", type=Path, default=TMP / "paperterm-bench-common-corpus")
    parser.add_argument("--million", action="store_true", help="also run 1,000,000 papers")
    parser.add_argument("--million-store", type=Path, default=TMP / "paperterm-bench-1m.db")
    parser.add_argument("--million-corpus", type=Path, default=TMP / "paperterm-bench-corpus-1m")
    parser.add_argument("--skip-fzf", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, numpy {np.__version__}")

    if not args.store.exists():
        ensure_corpus(args.corpus, 100_000)
    store = ensure_store(args.store, args.corpus)
    rss = rss_mb()
    build_s, memory, service = build_figures(store)
    print(
        f"\nindex over {service.size:,} papers: build {build_s:.2f} s (median of 3), "
        f"memory {memory:.0f} MiB (tracemalloc; process RSS +{rss_mb() - rss:.0f} MiB "
        "for 4 builds)"
    )
    queries = [q for q, _ in QUERIES]
    service.clear_cache()
    every = print_latency(keystrokes(service, queries), "per keystroke, 100k papers")
    if not args.skip_fzf:
        fzf_side_by_side(service, queries[:12])
    from search_orders import new_vs_unread, order_figures  # beside this script

    worst_switch = order_figures(service)
    new_ms, unread_ms = new_vs_unread(service)

    if not args.common_store.exists():
        ensure_corpus(args.common_corpus, 100_000, common=True)
    common = open_service(ensure_store(args.common_store, args.common_corpus))
    rate = relevance(common, QUERIES)

    print("\ntargets (100k): p50 < 5 ms, p95 < 16 ms, build < 1 s, memory < 150 MiB")
    print(
        f"  p50 {np.percentile(every, 50):.2f} ms, p95 {np.percentile(every, 95):.2f} ms, "
        f"build {build_s:.2f} s, memory {memory:.0f} MiB, relevance {rate:.0%}"
    )
    print(
        f"  sort switch worst {worst_switch:.1f} ms (< 100 ms); is:new {new_ms:.2f} ms vs"
        f" is:unread {unread_ms:.2f} ms"
    )
    if args.million:
        if not args.million_store.exists():
            ensure_corpus(args.million_corpus, 1_000_000)
        big = ensure_store(args.million_store, args.million_corpus)
        build_s, memory, service = build_figures(big, runs=1)
        print(
            f"\nindex over {service.size:,} papers: build {build_s:.2f} s, memory {memory:.0f} MiB"
        )
        service.clear_cache()
        every = print_latency(keystrokes(service, queries), "per keystroke, 1M papers")
        print(f"  goal p95 < 100 ms: p95 {np.percentile(every, 95):.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
