"""Of several spellings of one paper, the display title is the one without format characters."""

from __future__ import annotations

import datetime as dt

import pytest

from paperterm.models import Digest, Entry, ParseResult
from paperterm.sync import sync_units
from paperterm.sync.units import Fetched, Unit
from paperterm.text import paper_key, title_noise

CLEAN = "Scaling Laws for Tiny Models"
NOISY = [
    "Scaling Laws for Tiny\u200d Models",  # zero-width joiner (kept by sanitize)
    "Scaling\ufe0f Laws for Tiny Models",  # variation selector
    "Scaling Laws\u034f for Tiny Models",  # combining grapheme joiner
]


def unit(locator: str, day: dt.date, titles: list[str]) -> Unit:
    entries = tuple(Entry(t, f"Abstract {i}. It is here.") for i, t in enumerate(titles))
    result = ParseResult((Digest(day, entries),))
    return Unit("memory", locator, locator, lambda: Fetched(locator, result))


def shown(store) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT title FROM papers")]


@pytest.mark.parametrize("noisy", NOISY)
def test_a_later_clean_spelling_replaces_a_noisy_title(store, noisy):
    assert paper_key(noisy) == paper_key(CLEAN)
    sync_units(store, [unit("a", dt.date(2025, 3, 14), [noisy])])
    assert shown(store) == [noisy]
    sync_units(store, [unit("b", dt.date(2025, 3, 15), [CLEAN])])
    assert shown(store) == [CLEAN]
    # a noisy spelling seen later does not take it back
    sync_units(store, [unit("c", dt.date(2025, 3, 16), [noisy])])
    assert shown(store) == [CLEAN]
    hits = store.conn.execute(
        "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH 'scaling'"
    ).fetchone()[0]
    assert hits == 1


def test_within_one_digest_the_clean_spelling_is_shown(store):
    sync_units(store, [unit("a", dt.date(2025, 3, 14), [NOISY[0], CLEAN])])
    assert shown(store) == [CLEAN]


def test_title_noise_counts_only_invisible_characters():
    assert title_noise(CLEAN) == 0
    assert title_noise("Café Attention") == 0
    assert all(title_noise(t) == 1 for t in NOISY)
