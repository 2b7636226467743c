"""``paperterm stats`` for people: figures, a sparkline and bars of papers per digest day."""

from __future__ import annotations

import os
import sys
from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from paperterm.cli.output import out, safe
from paperterm.discover.stats import LibraryStats

SPARK = "▁▂▃▄▅▆▇█"
SPARK_ASCII = "_.-:=+*#"
BAR, BAR_ASCII = "█", "#"
BAR_DAYS = 14  # the newest days get a bar each; the sparkline covers up to SPARK_DAYS
SPARK_DAYS = 60
BAR_WIDTH = 40


def use_ascii() -> bool:
    """ASCII charts when asked (PAPERTERM_ASCII=1) or when stdout cannot encode the blocks."""
    env = os.environ.get("PAPERTERM_ASCII", "")
    if env:
        return env not in ("0", "false", "no")
    return "utf" not in (getattr(sys.stdout, "encoding", None) or "utf-8").lower()


def sparkline(values: list[int], ascii_only: bool = False) -> str:
    """One character per value, the tallest the largest."""
    glyphs = SPARK_ASCII if ascii_only else SPARK
    top = max(values, default=0)
    if top <= 0:
        return glyphs[0] * len(values)
    return "".join(glyphs[min(len(glyphs) - 1, v * len(glyphs) // (top + 1))] for v in values)


def bar(value: int, top: int, ascii_only: bool = False) -> str:
    if top <= 0 or value <= 0:
        return ""
    return (BAR_ASCII if ascii_only else BAR) * max(1, round(value * BAR_WIDTH / top))


def stats_json(s: LibraryStats) -> dict[str, Any]:
    """The figures for scripts (dates as YYYY-MM-DD)."""
    return {
        "unread": s.unread,
        "per_day": [{"date": d.isoformat(), "papers": n} for d, n in s.per_day],
        "new_terms": {
            f"{days}d": [{"term": t, "papers": n} for t, n in terms]
            for days, terms in s.new_terms.items()
        },
        "lists": [{"name": name, "papers": n} for name, n in s.lists],
    }


def print_stats(s: LibraryStats) -> None:
    ascii_only = use_ascii()
    span = f"{s.first_date} to {s.last_date}" if s.first_date else "no digests yet"
    figures = Table(show_header=False, show_edge=False, box=None)
    for name, value in (
        ("papers", f"{s.papers:,}"),
        ("digests", f"{s.digests:,} ({span})"),
        ("read", f"{s.read:,}"),
        ("unread", f"{s.unread:,}"),
        ("bookmarked", f"{s.bookmarked:,}"),
        ("notes", f"{s.notes:,}"),
    ):
        figures.add_row(Text(name, style="bold"), value)
    out.print(figures)
    if s.per_day:
        recent = s.per_day[-SPARK_DAYS:]
        out.print()
        out.print(Text(f"Papers per digest day, last {len(recent)} days", style="bold"))
        out.print(Text(sparkline([n for _, n in recent], ascii_only)))
        top = max(n for _, n in s.per_day[-BAR_DAYS:])
        bars = Table(show_header=False, show_edge=False, box=None)
        for day, n in s.per_day[-BAR_DAYS:]:
            bars.add_row(day.isoformat(), str(n), bar(n, top, ascii_only))
        out.print(bars)
    for days, terms in s.new_terms.items():
        if terms:
            out.print()
            out.print(Text(f"New title words, last {days} days", style="bold"))
            out.print(safe((" | " if ascii_only else " · ").join(f"{t} {n}" for t, n in terms)))
    out.print()
    if s.lists:
        lists = Table(show_edge=False, box=box.ASCII if ascii_only else box.HEAVY_HEAD)
        lists.add_column("list")
        lists.add_column("papers", justify="right")
        for name, n in s.lists:
            lists.add_row(safe(name), str(n))
        out.print(lists)
    else:
        out.print("No reading lists yet. Next: paperterm bookmark KEY.")
