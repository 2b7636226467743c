"""Jump to a date: typed dates (``mar 14``, ``2026-03-14``) -> a digest date; month groups.

Pure functions over the library's digest dates (``paperterm.store.digest_dates``); no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

from paperterm.text import sanitize_line

MONTH_GROUPS_ABOVE = 60  # the filter pane groups digest dates by month past this many

_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
_NAME = r"([a-z]{3,9})\.?"
_YEAR = r"(?:,?\s+(\d{4}))?"
_NAME_DAY = re.compile(rf"{_NAME}\s*{_ORDINAL}{_YEAR}")  # mar 14, March 14th, Mar 14, 2026
_DAY_NAME = re.compile(rf"{_ORDINAL}\s*{_NAME}{_YEAR}")  # 14 mar, 14th March 2026
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")  # 2026-03-14, 2026/3/14
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")  # 20260314
_MONTH_DAY = re.compile(r"(\d{1,2})[-/.](\d{1,2})")  # 03-14, 3/14 (month first)


class DateError(ValueError):
    """Text that names no day, or no digest to go to; the message says what to type."""


@dataclass(frozen=True)
class DateJump:
    """Where a typed date leads: ``date`` is the digest date to select.

    ``typed`` is the day the text named (its year resolved); ``exact`` is false when no
    digest has that day and ``date`` is the nearest one (ties: the earlier).
    """

    date: dt.date
    typed: dt.date
    exact: bool


@dataclass(frozen=True)
class MonthGroup:
    """The digest dates of one month, newest first, for the filter pane."""

    year: int
    month: int
    dates: tuple[tuple[dt.date, int], ...]  # (digest date, papers on it)

    @property
    def label(self) -> str:
        """``March 2026``."""
        return f"{_MONTH_NAMES[self.month - 1].capitalize()} {self.year}"

    @property
    def query(self) -> str:
        """The filter that shows this month's papers: ``date:2026-03``."""
        return f"date:{self.year:04d}-{self.month:02d}"

    @property
    def papers(self) -> int:
        """Papers summed over the dates (a paper in two of this month's digests counts twice)."""
        return sum(count for _, count in self.dates)


def _month(name: str) -> int | None:
    """1-12 for a month name or its first three (or more) letters."""
    for number, full in enumerate(_MONTH_NAMES, start=1):
        if full.startswith(name) and len(name) >= 3:
            return number
    return None


def parse_typed_date(text: str) -> tuple[int | None, int, int]:
    """``(year or None, month, day)`` of a typed date; raises DateError.

    Accepts ``2026-03-14`` (also with ``/`` or ``.``), ``20260314``, ``mar 14``,
    ``March 14th``, ``Mar 14 2026``, ``Mar 14, 2026``, ``14 mar``, ``14 March 2026``,
    ``03-14`` and ``3/14`` (month first; ``14/3`` is read as day first, as it can only be).
    """
    shown = sanitize_line(text).strip()[:40]  # echoed in messages: no escape codes
    value = " ".join(text.strip().lower().split())
    year: int | None
    if m := (_ISO.fullmatch(value) or _COMPACT.fullmatch(value)):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _NAME_DAY.fullmatch(value):
        month, day, year = _named(m[1], shown), int(m[2]), _year(m[3])
    elif m := _DAY_NAME.fullmatch(value):
        day, month, year = int(m[1]), _named(m[2], shown), _year(m[3])
    elif m := _MONTH_DAY.fullmatch(value):
        month, day, year = int(m[1]), int(m[2]), None
        if month > 12 >= day:
            month, day = day, month
    else:
        raise DateError(f'not a date: "{shown}" (type 2026-03-14, mar 14, 14 mar or 03-14)')
    try:
        dt.date(year if year is not None else 2000, month, day)  # 2000: a leap year
    except ValueError:
        raise DateError(f'no such day: "{shown}"') from None
    return year, month, day


def _named(name: str, value: str) -> int:
    month = _month(name)
    if month is None:
        raise DateError(f'not a month: "{name}" in "{value}" (type mar 14 or 14 march)')
    return month


def _year(value: str | None) -> int | None:
    return int(value) if value else None


def nearest(day: dt.date, dates: Sequence[dt.date]) -> dt.date:
    """The date in ``dates`` (sorted ascending) closest to ``day``; ties go to the earlier."""
    i = bisect_left(dates, day)
    if i == len(dates):
        return dates[-1]
    if i == 0 or dates[i] == day:
        return dates[i]
    before, after = dates[i - 1], dates[i]
    return before if day - before <= after - day else after


def jump_to_date(text: str, digest_dates: Iterable[dt.date]) -> DateJump:
    """The digest date a typed date selects; raises DateError (bad text, no digests).

    A date without a year takes the year that puts it nearest a digest in the library
    (``dec 31`` in a library of January digests is the December before them).
    """
    year, month, day = parse_typed_date(text)
    dates = sorted(set(digest_dates))
    if not dates:
        raise DateError("there are no digests yet (run paperterm sync PATH)")
    if year is not None:
        typed = dt.date(year, month, day)
    else:
        candidates = []
        for y in range(dates[0].year - 1, dates[-1].year + 2):
            try:
                candidates.append(dt.date(y, month, day))
            except ValueError:
                continue  # Feb 29 in a common year
        # Nearest a digest; on a tie the later year (the more recent library).
        typed = min(candidates, key=lambda c: (abs((nearest(c, dates) - c).days), -c.year))
    target = nearest(typed, dates)
    return DateJump(target, typed, target == typed)


def group_by_month(dates: Iterable[tuple[dt.date, int]]) -> list[MonthGroup]:
    """Digest dates with their paper counts, grouped by month, newest month first."""
    ordered = sorted(dates, key=lambda item: item[0], reverse=True)
    return [
        MonthGroup(year, month, tuple(items))
        for (year, month), items in groupby(ordered, key=lambda item: (item[0].year, item[0].month))
    ]


def needs_month_groups(count: int) -> bool:
    """Whether a filter pane with ``count`` digest dates should group them by month."""
    return count > MONTH_GROUPS_ABOVE
