"""Digest date lines: ``Mar 14``, ``March 14``, ``Mar 14, 2024``, ``2024-03-14``."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_NAMED = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date_line(line: str, reference: dt.date) -> dt.date | None:
    """The date a line names, or None when it is not a date line.

    A date with no year takes the latest year that does not put it after ``reference``
    (the file's modification date).
    """
    text = line.strip()
    if len(text) > 30:
        return None
    iso = _ISO.match(text)
    if iso:
        try:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    named = _NAMED.match(text)
    if not named or named[1].lower() not in _MONTHS:
        return None
    month, day = _MONTHS[named[1].lower()], int(named[2])
    if named[3]:
        try:
            return dt.date(int(named[3]), month, day)
        except ValueError:
            return None
    for year in range(reference.year, reference.year - 9, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue  # Feb 29 in a common year
        if candidate <= reference:
            return candidate
    return None


def looks_like_date(line: str) -> bool:
    """True when a line has the shape of a date line, valid or not."""
    text = line.strip()
    if _ISO.match(text):
        return True
    named = _NAMED.match(text)
    return bool(named and named[1].lower() in _MONTHS)
