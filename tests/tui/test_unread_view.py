"""Pilot test: the Unread view's figures agree after papers are read in it."""

from __future__ import annotations

import re

from paperterm.tui.filters import UNREAD
from paperterm.tui.widgets import FilterPane, HeaderBar
from tests.tui.conftest import main, make_app, settle


def figures(app) -> tuple[int, int, int]:
    """The header's count, the search bar's count and the filter pane's Unread count."""
    screen = main(app)
    header = screen.query_one(HeaderBar).plain
    count = str(screen.query_one("#search-count").content)
    pane = screen.query_one(FilterPane)
    unread_row = next(
        pane.render_row(i, 30, False).plain for i, row in enumerate(pane._rows) if row.flt == UNREAD
    )

    def first_number(text: str) -> int:
        return int(re.search(r"\d[\d,]*", text).group().replace(",", ""))

    return (
        first_number(header.split("Unread")[1]),
        first_number(count),
        first_number(unread_row),
    )


async def test_unread_view_header_search_count_and_filter_pane_agree_after_reading(
    synced_store, tmp_path
):
    app = make_app(synced_store.path, tmp_path)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        main(app).active_filter = UNREAD
        await settle(pilot)
        assert figures(app) == (80, 80, 80)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("j", "r")
        await settle(pilot)
        header, count, pane = figures(app)
        assert header == count == pane, (header, count, pane)
        assert pane == 78
        assert main(app).paper_list.row_count == 78  # the papers read left the view
        assert main(app).paper_list.cursor == 1  # on the row after the last one read
