"""Jump to a date: typed dates resolve to a digest date; digest dates group by month."""

from __future__ import annotations

import datetime as dt

import pytest

from paperterm.search.dates import (
    DateError,
    group_by_month,
    jump_to_date,
    needs_month_groups,
    parse_typed_date,
)
from paperterm.store import digest_dates

D = dt.date
LIBRARY = [D(2026, 3, 14), D(2026, 3, 19), D(2026, 3, 20), D(2025, 12, 30)]


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("2026-03-14", (2026, 3, 14)),
        ("2026/3/14", (2026, 3, 14)),
        ("20260314", (2026, 3, 14)),
        ("mar 14", (None, 3, 14)),
        ("  MAR   14 ", (None, 3, 14)),
        ("March 14th", (None, 3, 14)),
        ("mar. 14", (None, 3, 14)),
        ("Mar 14 2026", (2026, 3, 14)),
        ("Mar 14, 2026", (2026, 3, 14)),
        ("14 mar", (None, 3, 14)),
        ("14th March 2026", (2026, 3, 14)),
        ("03-14", (None, 3, 14)),
        ("3/14", (None, 3, 14)),
        ("14/3", (None, 3, 14)),  # day first is the only reading
        ("sept 2", (None, 9, 2)),
        ("feb 29", (None, 2, 29)),
    ],
)
def test_typed_dates_parse(text, parsed):
    assert parse_typed_date(text) == parsed


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "not a date"),
        ("yesterday", "not a date"),
        ("mar", "not a date"),
        ("foo 14", "not a month"),
        ("feb 30", "no such day"),
        ("2026-13-01", "no such day"),
        ("13-13", "no such day"),
        ("2025-02-29", "no such day"),
        ("\x1b[2J 14", "not a date"),
    ],
)
def test_bad_dates_say_what_to_type(text, why):
    with pytest.raises(DateError) as info:
        parse_typed_date(text)
    message = str(info.value)
    assert why in message and "\n" not in message and "\x1b" not in message


def test_an_exact_digest_date_is_selected():
    jump = jump_to_date("2026-03-19", LIBRARY)
    assert jump.date == D(2026, 3, 19) and jump.exact


def test_a_year_less_date_takes_the_year_of_the_library():
    assert jump_to_date("mar 14", LIBRARY).date == D(2026, 3, 14)
    assert jump_to_date("14 mar", LIBRARY).exact
    # Dec 30 is a digest of the year before the March ones.
    assert jump_to_date("dec 30", LIBRARY) == jump_to_date("2025-12-30", LIBRARY)
    assert jump_to_date("12-31", LIBRARY).typed == D(2025, 12, 31)


def test_a_day_without_a_digest_goes_to_the_nearest_one():
    jump = jump_to_date("mar 17", LIBRARY)
    assert jump.typed == D(2026, 3, 17) and jump.date == D(2026, 3, 19) and not jump.exact
    assert jump_to_date("mar 16", LIBRARY).date == D(2026, 3, 14)
    tie = [D(2026, 3, 14), D(2026, 3, 18)]
    assert jump_to_date("mar 16", tie).date == D(2026, 3, 14)  # 2 days each way: the earlier
    assert jump_to_date("2030-01-01", LIBRARY).date == D(2026, 3, 20)
    assert jump_to_date("1999-01-01", LIBRARY).date == D(2025, 12, 30)


def test_feb_29_without_a_year_finds_a_leap_year():
    jump = jump_to_date("feb 29", [D(2024, 2, 28), D(2025, 3, 1)])
    assert jump.typed == D(2024, 2, 29) and jump.date == D(2024, 2, 28)


def test_no_digests_is_an_error():
    with pytest.raises(DateError, match="no digests"):
        jump_to_date("mar 14", [])


def test_the_real_library(synced_store):
    dates = [d for d, _ in digest_dates(synced_store.conn)]
    assert jump_to_date("Mar 14", dates).date == D(2026, 3, 14)
    assert jump_to_date("3/18", dates).date == D(2026, 3, 19)


def test_month_groups_newest_first_with_counts():
    dated = [(D(2026, 3, 14), 58), (D(2026, 3, 19), 47), (D(2025, 12, 30), 5), (D(2026, 1, 2), 9)]
    groups = group_by_month(dated)
    assert [g.label for g in groups] == ["March 2026", "January 2026", "December 2025"]
    assert groups[0].dates == ((D(2026, 3, 19), 47), (D(2026, 3, 14), 58))
    assert groups[0].papers == 105 and groups[0].query == "date:2026-03"
    assert group_by_month([]) == []


def test_month_groups_only_past_60_digests():
    assert not needs_month_groups(60) and needs_month_groups(61)
    days = [(D(2026, 1, 1) + dt.timedelta(days=i), 1) for i in range(61)]
    groups = group_by_month(days)
    assert [len(g.dates) for g in groups] == [2, 28, 31]  # Mar 1-2, Feb, Jan
