"""Date lines: the four formats, year inference from the file's date, Feb 29, year ends."""

from __future__ import annotations

import datetime as dt

import pytest

from paperterm.sync.dates import looks_like_date, parse_date_line
from paperterm.sync.digest import parse_digest

D = dt.date
REF = D(2025, 6, 1)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Mar 14", D(2025, 3, 14)),
        ("March 14", D(2025, 3, 14)),
        ("Mar 14, 2024", D(2024, 3, 14)),
        ("March 14 2023", D(2023, 3, 14)),
        ("2024-03-14", D(2024, 3, 14)),
        ("  Mar 14  ", D(2025, 3, 14)),
        ("mar 14", D(2025, 3, 14)),
        ("Mar. 14", D(2025, 3, 14)),
        ("Sept 3", D(2024, 9, 3)),
        ("Sep 3", D(2024, 9, 3)),
        ("March 14th", D(2025, 3, 14)),
        ("Jun 1", D(2025, 6, 1)),  # the reference day itself
        ("Jun 2", D(2024, 6, 2)),  # one day after the reference: last year
        ("Dec 31, 2030", D(2030, 12, 31)),  # an explicit year is taken as written
    ],
)
def test_formats(line: str, expected: dt.date) -> None:
    assert looks_like_date(line)
    assert parse_date_line(line, REF) == expected


@pytest.mark.parametrize(
    ("line", "reference", "expected"),
    [
        ("Dec 31", D(2025, 1, 2), D(2024, 12, 31)),  # year boundary: last year
        ("Jan 1", D(2024, 12, 31), D(2024, 1, 1)),
        ("Jan 2", D(2025, 1, 1), D(2024, 1, 2)),
        ("Feb 29", D(2025, 3, 1), D(2024, 2, 29)),  # the leap day before a common year
        ("Feb 29", D(2024, 2, 29), D(2024, 2, 29)),
        ("Feb 29", D(2024, 2, 28), D(2020, 2, 29)),  # not yet this year: previous leap year
        ("Feb 29", D(2101, 3, 1), D(2096, 2, 29)),  # 2100 is not a leap year
        ("Feb 28", D(2024, 2, 28), D(2024, 2, 28)),
    ],
)
def test_year_inference_takes_the_latest_year_not_after_the_reference(
    line: str, reference: dt.date, expected: dt.date
) -> None:
    assert parse_date_line(line, reference) == expected


@pytest.mark.parametrize("line", ["Feb 30", "Mar 32", "2024-13-01", "2023-02-29", "Apr 31, 2024"])
def test_impossible_dates_look_like_dates_but_do_not_parse(line: str) -> None:
    assert looks_like_date(line)
    assert parse_date_line(line, REF) is None


@pytest.mark.parametrize(
    "line",
    [
        "March madness",
        "May the force",
        "Mar",
        "14 Mar",
        "Marc 14",
        "Mar 14 is a date",
        "2024/03/14",
    ],
)
def test_other_lines_are_not_dates(line: str) -> None:
    assert not looks_like_date(line)


def test_the_file_mtime_decides_the_year_of_a_digest() -> None:
    data = b"Dec 30\n\nA Title\n\nAn abstract ends here.\n"
    (digest,) = parse_digest(data, "d.txt", D(2026, 1, 3)).digests
    assert digest.date == D(2025, 12, 30)
    (digest,) = parse_digest(data, "d.txt", D(2026, 12, 31)).digests
    assert digest.date == D(2026, 12, 30)


def test_an_impossible_date_line_is_an_error_naming_its_line_and_skips_its_papers() -> None:
    data = b"new\n\nFeb 30\n\nLost Paper\n\nIts abstract.\n\nMar 14\n\nKept Paper\n\nKept.\n"
    result = parse_digest(data, "d.txt", REF)
    assert [str(i) for i in result.issues if i.severity == "error"] == [
        "d.txt:3: not a valid date: 'Feb 30'; papers up to the next date line skipped"
    ]
    assert [(d.date, [e.title for e in d.entries]) for d in result.digests] == [
        (D(2025, 3, 14), ["Kept Paper"])
    ]
