"""Benchmark of the reader on a big store: first frame, keystroke-to-repaint, cursor, memory.

    python bench/tui.py [--store /tmp/c100k.db] [--size 120x40]

Make the store first (about a minute):

    python ../shared/tools/gen_digests.py /tmp/c100k 100000
    paperterm --store /tmp/c100k.db sync /tmp/c100k

The app runs headless (``App.run_test``); a paint is the moment Textual hands a finished frame
to its driver. "Start to first frame" runs a fresh interpreter per sample and counts from
just before the process is spawned. Figures are printed, nothing is written.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOALS = {
    "first_frame": (1.0, 0.5),
    "first_list_frame": (1.0, 0.5),
    "keystroke_p95_ms": (50.0, 16.0),
    "cursor_p95_ms": (16.0, 16.0),
    "rss_mb": (300.0, 300.0),
}

QUERIES = [
    "kernel density",
    "kernl densty",
    "diffusion model",
    "sparse attention",
    "neural radiance fields",
    "graph neural network",
    "is:unread scaling law",
    "quantum",
    "large language model reasoning",
    '"language model" -vision',
]


def rss_mb() -> tuple[float, float]:
    """Resident and peak resident memory of this process in MB."""
    fields: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", 0.0), fields.get("VmHWM", 0.0)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def encode(app, update) -> None:
    """What a real driver would do with the frame: turn it into terminal bytes (headless
    Textual skips this, so the benchmark does it to count its cost)."""
    render = getattr(update, "render_segments", None)
    if render is not None:
        render(app.console)


class PaintClock:
    """Hooks the app's display call and the list's updates to time what the user sees."""

    def __init__(self, app) -> None:
        from paperterm.tui.widgets import PaperList

        self.app = app
        self.paints: list[float] = []
        self.list_changes: list[float] = []
        original_display = type(app)._display
        clock = self

        def display(self_app, screen, renderable):  # noqa: ANN001
            if renderable is not None:
                encode(self_app, renderable)
                clock.paints.append(time.perf_counter())
            return original_display(self_app, screen, renderable)

        app._display = display.__get__(app)  # type: ignore[method-assign]
        original_set = PaperList.watch_listing
        original_move = PaperList.move_cursor

        def watch_listing(self_list, listing):  # noqa: ANN001
            clock.list_changes.append(time.perf_counter())
            return original_set(self_list, listing)

        def move_cursor(self_list, *args, **kwargs):  # noqa: ANN001
            clock.list_changes.append(time.perf_counter())
            return original_move(self_list, *args, **kwargs)

        PaperList.watch_listing = watch_listing
        PaperList.move_cursor = move_cursor

    def paint_after(self, moment: float) -> float | None:
        for t in self.paints:
            if t >= moment:
                return t
        return None


async def wait_until(pilot, condition, timeout: float = 30.0) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.001)
    return False


# -- one fresh process: start to first frame --------------------------------------------------


def child_first_frame(store: str, size: tuple[int, int], t0: float) -> None:
    """Run in a fresh interpreter: report seconds from spawn to first frame and to rows."""
    from paperterm.config import Config
    from paperterm.tui.app import create_app

    async def run() -> dict[str, float]:
        state = Path(tempfile.mkdtemp()) / "state.json"
        app = create_app(store, Config(), theme="textual-dark", state_path=state)
        first: list[float] = []
        rows: list[float] = []
        original_display = type(app)._display

        def display(self_app, screen, renderable):  # noqa: ANN001
            if renderable is not None:
                encode(self_app, renderable)
                now = time.time()
                if not first:
                    first.append(now)
                plist = getattr(screen, "paper_list", None) if screen else None
                if not rows and plist is not None and plist.row_count and plist.painted:
                    rows.append(now)
            return original_display(self_app, screen, renderable)

        app._display = display.__get__(app)  # type: ignore[method-assign]
        async with app.run_test(size=size) as pilot:
            await wait_until(pilot, lambda: bool(rows), timeout=60)
            await pilot.pause()
        return {"first_frame": first[0] - t0, "first_list_frame": rows[0] - t0}

    print(json.dumps(asyncio.run(run())))


def first_frame(store: str, size: tuple[int, int], samples: int) -> dict[str, float]:
    results: list[dict[str, float]] = []
    # An installed package has its bytecode compiled; let the children cache theirs too and
    # throw the first (compiling) run away.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for i in range(samples + 1):
        t0 = time.time()
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                "--store",
                store,
                "--size",
                f"{size[0]}x{size[1]}",
                "--t0",
                repr(t0),
            ],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        if i:
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {
        key: statistics.median(r[key] for r in results)
        for key in ("first_frame", "first_list_frame")
    }


# -- in one process: keystrokes, cursor, memory ------------------------------------------------


async def interactive(store: str, size: tuple[int, int]) -> dict[str, float]:
    from paperterm.config import Config
    from paperterm.tui.app import create_app
    from paperterm.tui.screens.main import MainScreen

    state = Path(tempfile.mkdtemp()) / "state.json"
    app = create_app(store, Config(), theme="textual-dark", state_path=state)
    clock = PaintClock(app)
    gc_pauses: list[float] = []
    gc_start: list[float] = []

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            gc_start[:] = [time.perf_counter()]
        elif gc_start and info.get("generation") == 2:
            gc_pauses.append((time.perf_counter() - gc_start[0]) * 1000)

    gc.callbacks.append(on_gc)
    keystrokes: list[float] = []
    typed: list[str] = []
    cursor: list[float] = []
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.loaded)
        screen = app.screen
        await wait_until(pilot, lambda: screen.result is not None)
        await pilot.pause(0.2)
        total = screen.result.total
        await pilot.press("slash")
        for query in QUERIES:
            screen.search_input.value = ""
            await wait_until(pilot, lambda: screen.result.total == total)
            await pilot.pause(0.05)
            for char in query:
                key = {" ": "space", '"': "quotation_mark", ":": "colon", "-": "minus"}.get(
                    char, char
                )
                before = len(clock.list_changes)
                pressed = time.perf_counter()
                await pilot.press(key)
                await wait_until(pilot, lambda b=before: len(clock.list_changes) > b)
                changed = clock.list_changes[before]
                await wait_until(pilot, lambda c=changed: clock.paint_after(c) is not None)
                keystrokes.append((clock.paint_after(changed) - pressed) * 1000)
                typed.append(screen.search_input.value)
        await pilot.press("enter")  # to the list, top hit selected
        screen.search_input.value = ""
        await wait_until(pilot, lambda: screen.result.total == total)
        screen.paper_list.focus()
        await pilot.pause(0.2)
        for key in ["j"] * 60 + ["pagedown"] * 10 + ["k"] * 30 + ["G", "g", "ctrl+d", "ctrl+u"]:
            before = len(clock.list_changes)
            pressed = time.perf_counter()
            await pilot.press(key)
            await wait_until(pilot, lambda b=before: len(clock.list_changes) > b)
            changed = clock.list_changes[before]
            await wait_until(pilot, lambda c=changed: clock.paint_after(c) is not None)
            cursor.append((clock.paint_after(changed) - pressed) * 1000)
        rss, peak = rss_mb()
        if os.environ.get("BENCH_VERBOSE"):
            slowest = sorted(zip(keystrokes, typed, strict=True), reverse=True)[:12]
            for ms, text in slowest:
                print(f"    slow keystroke {ms:6.1f} ms  {text!r}")
            if gc_pauses:
                print(f"    {len(gc_pauses)} full GC pauses, longest {max(gc_pauses):.1f} ms")
        papers = total
    return {
        "papers": papers,
        "keystrokes": len(keystrokes),
        "keystroke_p50_ms": percentile(keystrokes, 50),
        "keystroke_p95_ms": percentile(keystrokes, 95),
        "keystroke_max_ms": max(keystrokes),
        "cursor_moves": len(cursor),
        "cursor_p50_ms": percentile(cursor, 50),
        "cursor_p95_ms": percentile(cursor, 95),
        "cursor_max_ms": max(cursor),
        "rss_mb": rss,
        "peak_rss_mb": peak,
    }


def verdict(name: str, value: float) -> str:
    limit, goal = GOALS[name]
    if value <= goal:
        return "meets goal"
    return "under limit" if value <= limit else "OVER LIMIT"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="/tmp/c100k.db")
    parser.add_argument("--size", default="120x40", help="terminal size, WxH")
    parser.add_argument("--samples", type=int, default=5, help="fresh processes for start-up")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--t0", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.lower().split("x"))
    if args.child:
        child_first_frame(args.store, (width, height), args.t0)
        return 0
    if not Path(args.store).is_file():
        print(f"No store at {args.store}. Make one first (see the top of bench/tui.py).")
        return 2
    os.environ.pop("NO_COLOR", None)
    start = first_frame(args.store, (width, height), args.samples)
    figures = asyncio.run(interactive(args.store, (width, height)))
    print(
        f"paperterm reader benchmark: {figures['papers']:,} papers, {width}x{height}, "
        f"{os.cpu_count()} CPUs"
    )
    rows = [
        (
            f"start to first frame (median of {args.samples})",
            start["first_frame"],
            "s",
            "first_frame",
        ),
        ("start to first frame with the list", start["first_list_frame"], "s", "first_list_frame"),
        (
            f"keystroke to repainted list p50 ({figures['keystrokes']} keys)",
            figures["keystroke_p50_ms"],
            "ms",
            None,
        ),
        ("keystroke to repainted list p95", figures["keystroke_p95_ms"], "ms", "keystroke_p95_ms"),
        ("keystroke to repainted list max", figures["keystroke_max_ms"], "ms", None),
        (
            f"cursor move to repaint p50 ({figures['cursor_moves']} moves)",
            figures["cursor_p50_ms"],
            "ms",
            None,
        ),
        ("cursor move to repaint p95", figures["cursor_p95_ms"], "ms", "cursor_p95_ms"),
        ("cursor move to repaint max", figures["cursor_max_ms"], "ms", None),
        ("resident memory after the run", figures["rss_mb"], "MB", "rss_mb"),
        ("peak resident memory", figures["peak_rss_mb"], "MB", None),
    ]
    for label, value, unit, goal in rows:
        note = verdict(goal, value) if goal else ""
        print(f"  {label:<48} {value:>9.3f} {unit:<2}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
