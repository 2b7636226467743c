"""Discovery in the filter pane over the two real digests: For you, Trending, saved searches
(create, rename, delete), the related view and month groups of digest dates."""

from __future__ import annotations

import datetime as dt

from paperterm.bookmarks.saved_searches import list_searches
from paperterm.models import FilterCounts
from paperterm.tui.filters import ALL, FOR_YOU, TRENDING, Filter
from paperterm.tui.widgets.filter_pane import build_rows
from tests.tui.conftest import main, screen_text, search_for, settle, type_text, wait_for
from tests.unit.test_discover import KERNEL_THEORY, NOT_KERNEL_THEORY, NTK, bookmark

SIZE = (120, 30)
THEORY = [
    NTK,
    "Feature Learning in Infinite-Width Neural Networks",
    "Scale Mixtures of Neural Network Gaussian Processes",
]


def titles(app, n: int) -> list[str]:
    paper_list = main(app).paper_list
    return [paper_list.hit_at(i).paper.title for i in range(min(n, paper_list.row_count))]


async def choose(pilot, flt: Filter) -> None:
    """Apply a filter through the pane, as Enter on its row does."""
    screen = main(pilot.app)
    pane = screen.filter_pane
    pane.focus()
    row = next(i for i in range(pane.row_count) if pane._rows[i].flt == flt)
    pane.move_cursor(row)
    await pilot.press("enter")
    await settle(pilot)


async def test_for_you_says_what_to_do_with_too_few_papers(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose(pilot, FOR_YOU)
        text = screen_text(app)
        assert "needs 3 papers" in text and "b bookmarks" in text
        assert main(app).paper_list.row_count == 0


async def test_for_you_ranks_kernel_theory_first_with_why_words(app_factory, synced_store):
    bookmark(synced_store, THEORY)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose(pilot, FOR_YOU)
        await wait_for(pilot, lambda: main(app).paper_list.row_count > 0, timeout=30)
        await settle(pilot)
        top = titles(app, 5)
        assert len(set(top) & KERNEL_THEORY) >= 4 and not set(top) & NOT_KERNEL_THEORY
        assert NTK not in titles(app, 80)  # bookmarked already
        assert "For you" in screen_text(app) and "Sorted: for you" in screen_text(app)
        detail = main(app).detail
        assert detail is not None and detail.why  # the words that made it rank


async def test_trending_puts_papers_of_both_digests_first(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose(pilot, TRENDING)
        hits = main(app).paper_list
        seen = [hits.hit_at(i).paper.seen for i in range(hits.row_count)]
        assert seen[0] == 2 and seen == sorted(seen, reverse=True)
        assert "Sorted: trending" in screen_text(app)


async def test_saved_search_create_rename_delete(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main(app).active_filter = Filter("date", "2026-03-14")
        await search_for(pilot, "kernel")
        total = main(app).result.total
        await pilot.press("ctrl+s")
        await type_text(pilot, "Kernels of the 14th")
        await pilot.press("enter")
        await settle(pilot)
        [saved] = list_searches(synced_store)
        assert (saved.name, saved.query, saved.filter) == (
            "Kernels of the 14th",
            "kernel",
            "date:2026-03-14",
        )
        assert main(app).counts.saved == (("Kernels of the 14th", saved.full_query, total),)
        await pilot.press("escape", "escape", "escape")  # back to all papers, no query
        await settle(pilot)
        flt = Filter("saved", "Kernels of the 14th", saved.full_query)
        await choose(pilot, flt)
        assert main(app).result.total == total and "Saved: Kernels of the 14th" in screen_text(app)
        pane = main(app).filter_pane
        pane.focus()  # the pane again, cursor on the saved search
        assert pane.current == flt
        await pilot.press("e")
        app.focused.value = ""
        await type_text(pilot, "Kernels")
        await pilot.press("enter")
        await settle(pilot)
        assert [s.name for s in list_searches(synced_store)] == ["Kernels"]
        assert main(app).active_filter.value == "Kernels"
        pane.focus()
        await pilot.press("x")
        await settle(pilot)
        assert 'Delete the saved search "Kernels"?' in screen_text(app).replace("“", '"').replace(
            "”", '"'
        )
        await pilot.press("y")
        await settle(pilot)
        assert list_searches(synced_store) == [] and main(app).active_filter == ALL
        assert main(app).counts.saved == ()


async def test_related_opens_the_related_papers_as_a_view(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        key = synced_store.conn.execute("SELECT key FROM papers WHERE title = ?", (NTK,))
        position = screen.result.hits.position(key.fetchone()[0])
        screen.paper_list.move_cursor(position)
        await pilot.press("R")
        await wait_for(pilot, lambda: screen.paper_list.row_count > 0, timeout=30)
        await settle(pilot)
        assert screen.active_filter.kind == "related"
        assert "Related to: Neural Tangent Kernel" in screen_text(app)
        top = titles(app, 5)
        assert NTK not in top and len(set(top) & KERNEL_THEORY) >= 3, top
        await pilot.press("escape")
        await settle(pilot)
        assert screen.active_filter == ALL


def test_digest_dates_group_by_month_past_sixty():
    day = dt.date(2026, 3, 31)
    digests = tuple((day - dt.timedelta(days=i), 10) for i in range(61))
    rows = build_rows(FilterCounts(digests=digests))
    labels = [r.label for r in rows[rows.index(next(r for r in rows if r.label == "DIGESTS")) :]]
    assert labels == ["DIGESTS", "March 2026", "February 2026", "January 2026"]
    months = [r for r in rows if r.flt is not None and r.flt.kind == "month"]
    assert [m.count for m in months] == [310, 280, 20] and months[0].flt.tokens() == (
        "date:2026-03"
    )
    chosen = Filter("date", "2026-02-14")
    shown = [r.label.strip() for r in build_rows(FilterCounts(digests=digests), active=chosen)]
    assert shown[shown.index("February 2026") + 1] == "2026-02-14"
    few = build_rows(FilterCounts(digests=digests[:60]))
    assert sum(1 for r in few if r.flt is not None and r.flt.kind == "date") == 60


def test_month_groups_follow_new_digest_dates_and_show_only_a_real_chosen_date():
    day = dt.date(2026, 3, 31)
    digests = tuple((day - dt.timedelta(days=i), 10) for i in range(61))
    assert [r.count for r in build_rows(FilterCounts(digests=digests)) if r.label == "March 2026"]
    # A sync later: April's digests came, March lost one paper (as a new counts object).
    later = ((dt.date(2026, 4, 1), 7), (day, 9), *digests[1:])
    rows = build_rows(FilterCounts(digests=later), active=Filter("date", "2026-04-01"))
    months = {r.label: r.count for r in rows if r.flt is not None and r.flt.kind == "month"}
    assert months == {"April 2026": 7, "March 2026": 309, "February 2026": 280, "January 2026": 20}
    labels = [r.label.strip() for r in rows]
    assert labels[labels.index("April 2026") + 1] == "2026-04-01"
    # A chosen date no digest has (its digest was removed): no row of its own.
    gone = build_rows(FilterCounts(digests=later), active=Filter("date", "2026-02-30"))
    assert len(gone) == len(rows) - 1
