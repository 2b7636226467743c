"""Pilot test: one paper is "1 paper" in the header and the search bar, never "1 papers"."""

from __future__ import annotations

import datetime as dt

from paperterm.models import Entry
from paperterm.tui.widgets import HeaderBar
from tests.tui.conftest import add_papers, main, make_app, settle


async def test_a_store_of_one_paper_says_1_paper(store, tmp_path):
    add_papers(store, "memory://one", dt.date(2026, 3, 20), [Entry("A lone paper", "Abstract.")])
    app = make_app(store.path, tmp_path)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        header = main(app).query_one(HeaderBar).plain
        count = str(main(app).query_one("#search-count").content)
        assert header.rstrip().endswith("1 paper"), header
        assert count.strip() == "1 paper"
        assert "1 papers" not in header + count
