"""Papers per day as a column chart: eighth blocks, or ``#`` in ASCII mode; no colour needed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.text import Text
from textual.widget import Widget

EIGHTHS = " ▁▂▃▄▅▆▇█"
MAX_COLUMN = 6  # cells per day when few days fill the width


def per_calendar_day(counts: Sequence[tuple[dt.date, int]], days: int) -> list[tuple[dt.date, int]]:
    """The last ``days`` calendar days up to the newest digest, 0 where no digest came."""
    if not counts or days <= 0:
        return []
    by_day = dict(counts)
    last = max(by_day)
    first = max(min(by_day), last - dt.timedelta(days=days - 1))
    span = (last - first).days + 1
    return [(d, by_day.get(d, 0)) for d in (first + dt.timedelta(i) for i in range(span))]


def column_rows(values: Sequence[int], height: int, ascii_only: bool = False) -> list[str]:
    """The chart's rows, top first, one character per value; any value above 0 shows."""
    top = max(values, default=0)
    rows = [[" "] * len(values) for _ in range(height)]
    if top <= 0 or height <= 0:
        return ["".join(r) for r in rows]
    for x, value in enumerate(values):
        if value <= 0:
            continue
        if ascii_only:
            full, part = max(1, round(value / top * height)), 0
        else:
            eighths = max(1, round(value / top * height * 8))
            full, part = divmod(eighths, 8)
        for y in range(full):
            rows[height - 1 - y][x] = "#" if ascii_only else EIGHTHS[8]
        if part and full < height:
            rows[height - 1 - full][x] = EIGHTHS[part]
    return ["".join(r) for r in rows]


def column_width(days: int, width: int) -> int:
    return max(1, min(MAX_COLUMN, width // max(1, days)))


class DayChart(Widget):
    """Papers per digest day over the last days that fit, with the first and last date."""

    DEFAULT_CLASSES = "day-chart"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.counts: list[tuple[dt.date, int]] = []
        self.ascii_only = False

    def show(self, counts: Sequence[tuple[dt.date, int]], ascii_only: bool = False) -> None:
        self.counts = list(counts)
        self.ascii_only = ascii_only
        self.refresh()

    def days_shown(self, width: int) -> list[tuple[dt.date, int]]:
        return per_calendar_day(self.counts, max(1, width))

    def render(self) -> Text:
        width, height = self.content_size.width, max(1, self.content_size.height - 1)
        days = self.days_shown(width)
        if not days:
            return Text("No digests yet.")
        col = column_width(len(days), width)
        gap = 1 if col >= 3 else 0
        rows = column_rows([n for _, n in days], height, self.ascii_only)
        text = Text(no_wrap=True, overflow="crop")
        for row in rows:
            text.append("".join(ch * (col - gap) + " " * gap for ch in row).rstrip() + "\n")
        first, last = days[0][0].isoformat(), days[-1][0].isoformat()
        used = len(days) * col
        pad = max(1, used - len(first) - len(last) - gap)
        text.append(first + " " * pad + last if len(days) > 1 else first, style="dim")
        return text
