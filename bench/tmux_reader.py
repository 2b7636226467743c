"""The reader measured as a user sees it: the real app in tmux, the screen polled every 2 ms.

The screen is read with ``capture-pane`` sent through one tmux control-mode client (``tmux -C
attach``): a poll is a round trip to the tmux server (~0.1 ms), not a new tmux process per
poll, whose fork and exec took a core of this 2-core machine away from the reader.

usage: python bench/tmux_reader.py --store DB [--size 120x40] [--samples 5]

Start → first painted list: from just before ``tmux new-session`` to the first capture that
shows a list row (a date and a times-seen count). Keystroke → repainted list: each character
of a query is sent with ``tmux send-keys``; its latency is the last screen change before
150 ms of quiet. Resident memory is ``ps -o rss`` of the reader after it has painted.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

POLL_SECONDS = 0.002
QUIET_SECONDS = 0.150
ROW = re.compile(r"\d{4}-\d{2}-\d{2}\s+\d+[×x]")
QUERIES = ["kernl densty", "gausian splating", "difusion modl", "sparse atention", "graph"]
ROOT = Path(__file__).resolve().parent.parent


class Control:
    """A tmux control-mode client of one session: commands and their output, no processes."""

    def __init__(self, session: str) -> None:
        self.session = session
        self.proc = subprocess.Popen(
            ["tmux", "-C", "attach", "-f", "no-output", "-t", session],  # no %output copies
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
        )
        self._block()  # the reply to the attach itself

    def _block(self) -> list[str]:
        assert self.proc.stdout is not None
        lines: list[str] | None = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                return lines or []
            if line.startswith("%begin"):
                lines = []
            elif line.startswith(("%end", "%error")) and lines is not None:
                return lines
            elif lines is not None:
                lines.append(line)  # %output and other notifications come outside blocks

    def command(self, text: str) -> list[str]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()
        return self._block()

    def capture(self) -> str:
        return "".join(self.command(f"capture-pane -p -t {self.session}"))

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=5)


@dataclass
class Reader:
    """One reader running in its own tmux session."""

    session: str
    pid: int
    started: float
    painted: float
    control: Control

    def screen(self) -> str:
        return self.control.capture()

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.session], check=False)
        self.control.close()


def start(store: Path, size: tuple[int, int], timeout: float = 120.0) -> Reader:
    """Start the reader in tmux and wait for its first painted list."""
    session = f"bench-{os.getpid()}-{time.monotonic_ns()}"
    home = f"/tmp/{session}"  # no user config or state is read or written
    env = " ".join(
        f"{name}={home}/{name.lower()}"
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")
    )
    env = f"PYTHONPATH={ROOT} {env}"
    command = f"exec env {env} {sys.executable} -m paperterm --store {store}"
    started = time.perf_counter()
    for attempt in range(3):  # a tmux server still shutting down refuses the first try
        made = subprocess.run(
            ["tmux", "new-session", "-d", "-c", str(ROOT), "-s", session]
            + ["-x", str(size[0]), "-y", str(size[1]), command],  # -c: `-m` imports from the cwd
            check=attempt == 2,
        )
        if made.returncode == 0:
            break
        time.sleep(0.5)
        started = time.perf_counter()
    pid = int(
        subprocess.run(
            ["tmux", "display", "-p", "-t", session, "#{pane_pid}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    # The window keeps the size it was made with, whatever size the control client has.
    subprocess.run(["tmux", "set-option", "-t", session, "window-size", "manual"], check=True)
    control = Control(session)
    while time.perf_counter() - started < timeout:
        if ROW.search(control.capture()):
            return Reader(session, pid, started, time.perf_counter(), control)
        time.sleep(POLL_SECONDS)
    subprocess.run(["tmux", "kill-session", "-t", session], check=False)
    control.close()
    raise TimeoutError(f"no list painted within {timeout:.0f} s")


def settle(reader: Reader, since: float, before: str) -> float | None:
    """Seconds from ``since`` to the last change before 150 ms of quiet (None: no change)."""
    last_change: float | None = None
    screen = before
    quiet_from = time.perf_counter()
    while time.perf_counter() - quiet_from < QUIET_SECONDS:
        time.sleep(POLL_SECONDS)
        now = reader.screen()
        if now != screen:
            screen = now
            last_change = quiet_from = time.perf_counter()
    return None if last_change is None else last_change - since


def keystrokes(reader: Reader, queries: list[str]) -> list[float]:
    """Latency of each character typed in the search bar, in seconds."""
    times: list[float] = []
    for query in queries:
        subprocess.run(["tmux", "send-keys", "-t", reader.session, "/"], check=True)
        settle(reader, time.perf_counter(), reader.screen())
        for char in query:
            before = reader.screen()
            sent = time.perf_counter()
            subprocess.run(["tmux", "send-keys", "-t", reader.session, "-l", char], check=True)
            took = settle(reader, sent, before)
            if took is not None:
                times.append(took)
        subprocess.run(["tmux", "send-keys", "-t", reader.session, "C-u", "Escape"], check=True)
        settle(reader, time.perf_counter(), reader.screen())
    return times


def rss_mb(pid: int) -> float:
    out = subprocess.run(["ps", "-o", "rss=", "-p", str(pid)], capture_output=True, text=True)
    return int(out.stdout.strip() or 0) / 1024


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def index_ready(store: Path) -> None:
    """Write the store's title index and discovery caches if missing, as the reader does on
    its first start: at 1M papers they take ~10 s and ~3 min (the second in a child at
    the lowest priority, which took a core away from every start measured while it ran)."""
    sys.path.insert(0, str(ROOT))
    from paperterm.discover.elsewhere import long_work
    from paperterm.search import SearchService
    from paperterm.store import Store

    opened = Store(store)
    SearchService(opened).close()
    if long_work(opened):
        print("  building the discovery cache first (minutes at 1M papers)", flush=True)
        child = [sys.executable, "-m", "paperterm.discover.elsewhere", str(store)]
        subprocess.run(child, check=True)


def measure(
    store: Path, size: tuple[int, int], samples: int, queries: list[str] | None
) -> dict[str, float]:
    """Median start-up over ``samples`` starts; keystrokes and memory from the last one."""
    index_ready(store)
    starts: list[float] = []
    result: dict[str, float] = {}
    for i in range(samples + 1):  # the first start warms the page cache: not counted
        reader = start(store, size)
        try:
            if i:
                starts.append(reader.painted - reader.started)
            if i == samples:
                time.sleep(0.5)
                result["rss_mb"] = rss_mb(reader.pid)
                if queries:
                    keys = keystrokes(reader, queries)
                    result["keys"] = len(keys)
                    result["key_p50_ms"] = percentile(keys, 50) * 1000
                    result["key_p95_ms"] = percentile(keys, 95) * 1000
        finally:
            reader.close()
    result["start_s"] = statistics.median(starts)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--samples", type=int, default=5)
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    print(measure(args.store, (width, height), args.samples, QUERIES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
