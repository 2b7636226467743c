"""The stats view's chart of papers per day: every day with papers shows, empty days stay blank."""

from __future__ import annotations

import datetime as dt

from paperterm.tui.widgets.day_chart import column_rows, per_calendar_day

D = dt.date(2026, 3, 14)


def test_days_without_a_digest_are_zero_and_the_window_ends_at_the_newest():
    days = per_calendar_day([(D, 40), (D + dt.timedelta(5), 20)], 30)
    assert [n for _, n in days] == [40, 0, 0, 0, 0, 20]
    assert per_calendar_day([(D, 40), (D + dt.timedelta(5), 20)], 2) == [
        (D + dt.timedelta(4), 0),
        (D + dt.timedelta(5), 20),
    ]
    assert per_calendar_day([], 10) == []


def test_the_busiest_day_fills_the_column_and_a_small_one_still_shows():
    rows = column_rows([40, 0, 1], 3)
    assert [r[0] for r in rows] == ["█", "█", "█"]
    assert [r[1] for r in rows] == [" ", " ", " "]
    assert rows[-1][2] != " " and rows[0][2] == " "


def test_ascii_mode_uses_only_ascii():
    rows = column_rows([40, 20, 1], 4, ascii_only=True)
    assert all(r.isascii() for r in rows)
    assert [r[1] for r in rows] == [" ", " ", "#", "#"]
    assert [r[0] for r in rows] == ["#"] * 4
    assert rows[-1][2] == "#"


def test_ascii_bars_of_different_days_differ():
    rows = column_rows([58, 47], 5, ascii_only=True)
    assert [r[0] for r in rows].count("#") == 5
    assert [r[1] for r in rows].count("#") == 4
