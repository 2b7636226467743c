"""Every row of issue 17's table, measured in one run, each beside its target and goal.

usage: python bench/run.py [--corpus DIR] [--million DIR | --million-store DB] [--store DB]

Rows: CLI search (whole process) beside ``fzf --filter``; cold sync of 100k papers; the
reader in tmux (keystroke → repainted list p50/p95, start → first painted list, resident
memory) and the in-process keystroke figure of ``bench/tui.py``; start-up and keystrokes at
1M papers when ``--million`` names a 1M corpus (``gen_digests.py DIR 1000000``), skipped with
a note otherwise. The machine may be shared: the load is printed; compare ratios in one run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import speed  # noqa: E402
import tmux_reader  # noqa: E402
from sync import corpus  # noqa: E402

# (label, unit, target, goal): lower is better for every row.
ROWS = {
    "search": ("paperterm search --json, whole process, 100k", "ms", 250, 133),
    "cold": ("cold sync of 100k papers", "s", 7.0, 5.0),
    "key_tmux": ("reader keystroke → repainted list, tmux, p95", "ms", 33, 16),
    "key_inproc": ("reader keystroke → repainted list, in-process, p95", "ms", 33, 16),
    "start": ("reader start → first painted list, 100k, tmux", "s", 0.4, 0.3),
    "start_1m": ("reader start → first painted list, 1M, tmux", "s", 1.5, 0.5),
    "key_1m": ("reader keystroke p95 at 1M papers, tmux", "ms", 50, 33),
    "rss": ("reader resident memory at 100k (ps rss after start)", "MB", 220, 150),
}


def row(name: str, value: float | None, note: str = "") -> None:
    label, unit, target, goal = ROWS[name]
    if value is None:
        print(f"{label:<54} {'skipped':>9}      {note}", flush=True)
        return
    verdict = "goal met" if value < goal else "met" if value < target else "not met"
    shown = f"{value:9.2f}" if unit == "s" else f"{value:9.0f}"
    print(
        f"{label:<54} {shown} {unit:<2}  target < {target} {unit}, goal < {goal} {unit}: "
        f"{verdict}{'  ' + note if note else ''}",
        flush=True,
    )


def in_process_keys(store: Path, size: tuple[int, int]) -> dict[str, float]:
    import tui  # bench/tui.py: imports Textual, so only when this row runs

    return asyncio.run(tui.interactive(str(store), size))


def reader_rows(store: Path, size: tuple[int, int], samples: int, suffix: str = "") -> None:
    figures = tmux_reader.measure(store, size, samples, tmux_reader.QUERIES)
    note = f"median of {samples} starts"
    keys = f"p50 {figures['key_p50_ms']:.0f} ms over {figures['keys']:.0f} keys"
    if suffix:
        row("start_1m", figures["start_s"], note)
        row("key_1m", figures["key_p95_ms"], keys)
        return
    row("start", figures["start_s"], note)
    row("key_tmux", figures["key_p95_ms"], keys)
    row("rss", figures["rss_mb"])


def million_store(src: Path | None, tmp: Path, synced: Path | None) -> tuple[Path | None, str]:
    if synced is not None:
        return synced, "a synced 1M store (--million-store)"
    if src is None or not (src / ".complete").exists():
        return None, "no 1M corpus: gen_digests.py DIR 1000000, then --million DIR"
    store = tmp / "million.db"
    took = speed.cold_sync(src, store)
    return store, f"synced in {took:.0f} s"


def compiled() -> None:
    """Byte-compile paperterm first, as an install does: with PYTHONDONTWRITEBYTECODE set (or
    a fresh checkout) every measured process would otherwise compile it from source."""
    import compileall

    import paperterm

    compileall.compile_dir(str(Path(paperterm.__file__).parent), quiet=1)
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("  PYTHONDONTWRITEBYTECODE is set: paperterm was byte-compiled once before measuring")


def pageout_note() -> str:
    """A note when the kernel pages out idle memory, file cache included (DAMON "pageout"):
    then a store read minutes ago is read from disk again, and every figure includes it."""
    root = Path("/sys/kernel/mm/damon/admin/kdamonds")
    try:
        for kdamond in root.iterdir():
            if (kdamond / "state").read_text().strip() != "on":
                continue
            actions = kdamond.glob("contexts/*/schemes/*/action")
            if any(action.read_text().strip() == "pageout" for action in actions):
                return (
                    "  this machine pages out idle file cache (DAMON pageout is on): the stores"
                    " are partly read from disk again, figures vary more"
                )
    except OSError:
        pass
    return ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a 100k corpus (made if missing)")
    parser.add_argument("--million", type=Path, help="a 1M corpus (the 1M rows)")
    parser.add_argument("--million-store", type=Path, help="a synced 1M store (1M rows)")
    parser.add_argument("--store", type=Path, help="a synced 100k store: skip the cold sync")
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--samples", type=int, default=5)
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    load = os.getloadavg()[0]
    print(f"issue 17 benchmark, {os.cpu_count()} cores, load {load:.1f}, {args.size} terminal")
    if note := pageout_note():
        print(note)
    compiled()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        store = args.store
        if store is None:
            store = tmp / "bench.db"
            row("cold", speed.cold_sync(corpus(100_000, args.corpus), store))
        else:
            row("cold", None, "--store given: no cold sync")
        titles = tmp / "titles.txt"
        speed.write_titles(store, titles)
        found = speed.cli_search(store, speed.QUERIES, titles)
        vs = f"fzf {found['fzf'] * 1000:.0f} ms" if "fzf" in found else "fzf not installed"
        row("search", found["search"] * 1000, f"{vs}, same queries, same run")
        if not os.environ.get("TMUX_BENCH_SKIP"):
            reader_rows(store, size, args.samples)
        inproc = in_process_keys(store, size)
        row("key_inproc", inproc["keystroke_p95_ms"], f"p50 {inproc['keystroke_p50_ms']:.0f} ms")
        started = time.perf_counter()
        big, note = million_store(args.million, tmp, args.million_store)
        if big is None:
            row("start_1m", None, note)
            row("key_1m", None, note)
        else:
            print(f"  1M store: {note} ({time.perf_counter() - started:.0f} s)", flush=True)
            reader_rows(big, size, max(1, args.samples // 2), suffix="1m")
    print(f"load at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
