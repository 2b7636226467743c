"""Benchmark of triage at 100k papers: sort switch, marking a whole view read, is:new.

    python bench/triage.py [--store /tmp/x1-100k.db] [--size 120x40]

Make the store first (a few minutes):

    python ../shared/tools/gen_digests.py /tmp/x1-corpus 100000
    paperterm --store /tmp/x1-100k.db sync /tmp/x1-corpus

In-process, headless (``App.run_test``, as bench/tui.py): a repaint is the first frame Textual
hands its driver after the list took the new listing. The store is left as it was: the bulk
read is undone with ``u``. The machine may be loaded, so each figure comes with a ratio to a
baseline measured in the same run where there is one.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tui import PaintClock, percentile, wait_until  # noqa: E402

TARGETS = {"sort_switch_ms": 100.0, "read_all_s": 1.0, "keypress_during_read_ms": 100.0}


T0 = time.perf_counter()


def step(what: str) -> None:
    print(f"    .. {time.perf_counter() - T0:7.2f}s {what}", file=sys.stderr, flush=True)


def line(name: str, value: float, unit: str, target: float | None = None, extra: str = ""):
    goal = ""
    if target is not None:
        goal = f"  target < {target:g} {unit}: {'ok' if value < target else 'MISSED'}"
    print(f"  {name:<34} {value:9.1f} {unit}{goal}{extra}")


def sort_search_ms(store_path: str) -> tuple[float, float]:
    """The search behind a switch, median ms over the orders: cold (index not warmed, the
    first pass of the code before warm_orders was called) and warm."""
    from paperterm.search import SearchService
    from paperterm.store import Store

    orders = ("oldest", "seen", "upvotes", "title")
    service = SearchService(Store.open_readonly(Path(store_path)))
    service.search("")
    cold, warm = [], []
    for order in orders:
        started = time.perf_counter()
        service.search(f"sort:{order}")
        cold.append((time.perf_counter() - started) * 1000)
    for order in orders:
        started = time.perf_counter()
        service.search(f"sort:{order}")
        warm.append((time.perf_counter() - started) * 1000)
    service.close()
    return statistics.median(cold), statistics.median(warm)


def new_vs_unread(store_path: str, rounds: int = 5) -> tuple[float, float]:
    """Median cold search time (ms) of ``is:new`` and of ``is:unread``."""
    import datetime as dt

    from paperterm.search import SearchService
    from paperterm.store import Store

    service = SearchService(Store.open_readonly(Path(store_path)))
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    times: dict[str, list[float]] = {"is:new": [], "is:unread": []}
    for _ in range(rounds):
        for query in times:
            service.clear_cache()
            started = time.perf_counter()
            service.search(query, since=since)
            times[query].append((time.perf_counter() - started) * 1000)
    service.close()
    return statistics.median(times["is:new"]), statistics.median(times["is:unread"])


class MessageLog:
    """Every message the app said, with when (perf_counter seconds)."""

    def __init__(self) -> None:
        self.said: list[tuple[float, str]] = []

    def first(self, start: str) -> float | None:
        """When the first message beginning with ``start`` was said, or None."""
        return next((at for at, text in self.said if text.startswith(start)), None)

    def last(self) -> str:
        return self.said[-1][1] if self.said else ""


def message_log(app) -> MessageLog:
    """Record every ``app.say`` from now on."""
    log, say = MessageLog(), app.say

    def logged(message: str, *args, **kwargs) -> None:
        log.said.append((time.perf_counter(), message))
        say(message, *args, **kwargs)

    app.say = logged
    return log


def time_calls(obj: object, names: tuple[str, ...]) -> dict[str, list[float]]:
    """Wrap ``obj``'s methods ``names`` so each call's wall time (s) is recorded."""
    spent: dict[str, list[float]] = {name: [] for name in names}
    for name in names:
        method = getattr(obj, name)

        def timed(*args, _method=method, _times=spent[name]):
            started = time.perf_counter()
            try:
                return _method(*args)
            finally:
                _times.append(time.perf_counter() - started)

        setattr(obj, name, timed)
    return spent


async def interactive(store: str, size: tuple[int, int]) -> dict[str, float]:
    from paperterm.config import Config
    from paperterm.tui.app import create_app
    from paperterm.tui.screens.main import MainScreen

    state = Path(tempfile.mkdtemp()) / "state.json"
    app = create_app(store, Config(), theme="textual-dark", state_path=state)
    clock = PaintClock(app)
    figures: dict[str, float] = {}
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.loaded)
        screen = app.screen
        await wait_until(pilot, lambda: screen.result is not None, 120)
        step("list painted")
        library = app.library
        warm = await wait_until(  # the warm-up worker sorted the index by every order
            pilot, lambda: library.ready and "title" in library._search._index.sort_cache, 60
        )
        step(f"orders warm: {warm}")
        await pilot.pause(0.3)
        figures["papers"] = screen.result.total
        switches = []
        for _ in range(12):  # two rounds of every order
            before = len(clock.list_changes)
            pressed = time.perf_counter()
            await pilot.press("O")
            await wait_until(pilot, lambda b=before: len(clock.list_changes) > b)
            changed = clock.list_changes[before]
            await wait_until(pilot, lambda c=changed: clock.paint_after(c) is not None)
            switches.append((clock.paint_after(changed) - pressed) * 1000)
            await pilot.pause(0.05)
        figures["sort_switch_p50_ms"] = percentile(switches, 50)
        figures["sort_switch_max_ms"] = max(switches)
        step("sort switches done")

        spent = time_calls(library, ("view_keys", "mark_read"))
        said = message_log(app)
        await pilot.press("M")
        await pilot.pause(0.2)
        step(f"after M: {type(app.screen).__name__} {app.last_message!r}")
        started = time.perf_counter()
        await pilot.press("y")
        # The log, not the status line: a fast bulk read replaces "Marking" before a poll.
        await wait_until(pilot, lambda: said.first("Marking") is not None, 10)
        step(f"after y: {app.last_message!r}")
        screen.paper_list.focus()
        cursor = screen.paper_list.cursor
        before = len(clock.list_changes)
        pressed = time.perf_counter()
        await pilot.press("j")  # handled while the worker marks 100k papers
        await wait_until(pilot, lambda: screen.paper_list.cursor == cursor + 1, 10)
        await wait_until(pilot, lambda b=before: len(clock.list_changes) > b, 10)
        moved = clock.list_changes[before]
        await wait_until(pilot, lambda: clock.paint_after(moved) is not None, 10)
        figures["keypress_during_read_ms"] = (clock.paint_after(moved) - pressed) * 1000
        figures["still_marking"] = float(said.first("Marked") is None)
        done = await wait_until(pilot, lambda: said.first("Marked") is not None, 60)
        figures["read_all_s"] = said.first("Marked") - started if done else float("inf")
        figures["marked"] = float(screen._undo.count) if screen._undo else 0.0
        figures.update({f"{name}_s": sum(times) for name, times in spent.items()})
        step(f"bulk read done: {done} {said.last()!r}")
        await pilot.press("u")
        await wait_until(pilot, lambda: said.first("Undone") is not None, 60)
        step(f"undone: {said.last()!r}")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="/tmp/x1-100k.db")
    parser.add_argument("--size", default="120x40")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.split("x"))
    if not Path(args.store).exists():
        print(f"No store at {args.store}; see the docstring to make one.")
        return 1
    print(f"Triage benchmark over {args.store} at {args.size}")
    figures = asyncio.run(interactive(args.store, (width, height)))
    cold, warm = sort_search_ms(args.store)
    new_ms, unread_ms = new_vs_unread(args.store)
    print(f"  papers in the view                 {int(figures['papers']):9,d}")
    print("Sort order switch (O), key press to repainted list, 12 switches, orders warmed:")
    line("median", figures["sort_switch_p50_ms"], "ms", TARGETS["sort_switch_ms"])
    line("slowest", figures["sort_switch_max_ms"], "ms", TARGETS["sort_switch_ms"])
    line("the search alone, orders warmed", warm, "ms")
    line("the search alone, not warmed", cold, "ms", extra=f"  ({cold / max(warm, 1e-6):.0f}x)")
    print("Mark the whole view read (M, y), then undo (u):")
    print(f"  papers marked                      {int(figures['marked']):9,d}")
    line("confirm to 'Marked' message", figures["read_all_s"], "s", TARGETS["read_all_s"])
    line("  of which the view's keys", figures["view_keys_s"], "s")
    line("  of which marking them read", figures["mark_read_s"], "s")
    line(
        "j during the bulk read to repaint",
        figures["keypress_during_read_ms"],
        "ms",
        TARGETS["keypress_during_read_ms"],
        "  (bulk read still running then)" if figures["still_marking"] else "  (after it)",
    )
    print("is:new vs is:unread, cold search (caches cleared), median of 5:")
    line("is:new", new_ms, "ms")
    line(
        "is:unread",
        unread_ms,
        "ms",
        extra=f"  (is:new / is:unread {new_ms / unread_ms:.2f}x; target <= 1x)",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
