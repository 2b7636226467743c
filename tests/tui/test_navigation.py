"""Pilot tests: moving through the list, searching, filtering, panes and the reading view."""

from __future__ import annotations

import datetime as dt

from paperterm.bookmarks import Bookmarks
from paperterm.search import SearchService
from paperterm.store import appearances_of, get_paper
from paperterm.tui.filters import Filter
from paperterm.tui.screens.help import HelpScreen
from paperterm.tui.screens.reading import ReadingScreen
from paperterm.tui.widgets import (
    DetailPane,
    FilterPane,
    PaperList,
    SearchInput,
)
from tests.tui.conftest import (
    main,
    screen_text,
    search_for,
    settle,
    type_text,
)

TOTAL = 80


def keys_in_list(app) -> list[str]:
    plist = main(app).paper_list
    return [plist.hit_at(i).paper.key for i in range(plist.row_count)]


async def test_opens_on_every_paper_newest_first_with_detail(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = main(app)
        plist = screen.paper_list
        assert plist.row_count == TOTAL
        assert app.focused is plist and plist.cursor == 0
        first = plist.current.paper
        text = screen_text(app)
        assert "80 papers" in text
        assert first.title[:30] in text
        # the detail pane shows the full paper: its abstract and every digest it was in
        detail = screen.query_one(DetailPane).detail
        assert detail is not None and detail.paper.key == first.key
        assert detail.paper.abstract
        assert len(detail.appearances) == len(appearances_of(synced_store.conn, first.id))


async def test_cursor_keys_move_through_the_list(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        plist = main(app).paper_list
        page = plist.scrollable_content_region.height
        await pilot.press("j", "j", "down")
        assert plist.cursor == 3
        await pilot.press("k", "up")
        assert plist.cursor == 1
        await pilot.press("G")
        assert plist.cursor == TOTAL - 1
        assert plist.scroll_offset.y > 0  # the cursor row is on screen
        await pilot.press("g")
        assert plist.cursor == 0 and plist.scroll_offset.y == 0
        await pilot.press("end")
        assert plist.cursor == TOTAL - 1
        await pilot.press("home")
        assert plist.cursor == 0
        await pilot.press("pagedown")
        assert plist.cursor == page
        await pilot.press("pageup")
        assert plist.cursor == 0
        await pilot.press("ctrl+d")
        assert plist.cursor == page // 2
        await pilot.press("ctrl+d", "ctrl+u")
        assert plist.cursor == page // 2
        await pilot.press("k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k")
        assert plist.cursor == 0  # stops at the top


async def test_rows_past_the_first_screenful_are_the_next_hits(app_factory):
    """A search hands the list only the rows on screen; the rest are made when scrolled to."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await search_for(pilot, "model")
        await pilot.press("down")
        screen = main(app)
        plist = screen.paper_list
        expected = [hit.paper.key for hit in screen.result.hits]
        assert plist.size.height < len(expected)
        await pilot.press("pagedown", "pagedown")
        await settle(pilot)
        row = plist.cursor
        assert row > plist.size.height
        assert screen.query_one(DetailPane).detail.paper.key == expected[row]
        assert keys_in_list(app) == expected


async def test_detail_follows_the_cursor(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = main(app)
        await pilot.press("j", "j")
        await pilot.pause()
        body = screen.query_one(DetailPane)
        assert body.detail.paper.key == screen.paper_list.current.paper.key
        assert body.detail.paper.title[:30] in screen_text(app)


async def test_slash_searches_on_every_key_and_enter_selects_the_top_hit(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = main(app)
        await pilot.press("j", "j", "slash")
        assert isinstance(app.focused, SearchInput)
        for key in "kernl":
            await pilot.press(key)
        await settle(pilot)
        partial = screen.paper_list.row_count
        await pilot.press("space", *"densty")
        await settle(pilot)
        plist = screen.paper_list
        assert 0 < plist.row_count <= partial < TOTAL
        top = plist.hit_at(0).paper.title
        assert "Kernel Density" in top
        assert f"{plist.row_count} paper" in screen_text(app)
        await pilot.press("enter")
        assert app.focused is plist and plist.cursor == 0


async def test_down_in_the_search_bar_goes_to_the_list(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await search_for(pilot, "neural")
        await pilot.press("down")
        plist = main(app).paper_list
        assert app.focused is plist and plist.cursor == 0
        assert "neural" in plist.current.paper.title.lower()


async def test_escape_clears_the_search(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main(app)
        await search_for(pilot, "kernel")
        assert screen.paper_list.row_count < TOTAL
        await pilot.press("escape")
        await settle(pilot)
        assert screen.search_input.value == ""
        assert screen.paper_list.row_count == TOTAL
        await pilot.press("escape")  # an empty search: Esc goes back to the list
        assert app.focused is screen.paper_list


async def test_escape_in_the_list_clears_query_then_filter(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = main(app)
        screen.active_filter = Filter("date", "2026-03-19")
        await pilot.press("slash")
        await type_text(pilot, "neural")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.query_text == "" and screen.active_filter.kind == "date"
        await pilot.press("escape")
        await settle(pilot)
        assert screen.active_filter == Filter()
        assert screen.paper_list.row_count == TOTAL


async def test_escape_in_a_pane_goes_back_to_the_list(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = main(app)
        await pilot.press("slash")
        await type_text(pilot, "kernel")
        await pilot.press("enter", "shift+tab")
        await settle(pilot)
        assert app.focused is screen.query_one(FilterPane)
        await pilot.press("escape")
        assert app.focused is screen.paper_list and screen.query_text == "kernel"
        await pilot.press("tab")
        assert app.focused is screen.query_one(DetailPane)
        await pilot.press("escape")
        assert app.focused is screen.paper_list and screen.query_text == "kernel"


async def test_no_match_says_what_to_try(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search_for(pilot, "zzqqxxyy")
        assert main(app).paper_list.row_count == 0
        text = screen_text(app)
        assert "No papers match “zzqqxxyy”" in text
        assert "0 papers" in text


async def test_query_error_is_shown_beside_the_count(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await search_for(pilot, 'seen:>=x "open')
        result = main(app).result
        assert result.error
        bar_text = screen_text(app).splitlines()[1]
        assert result.error[:20] in bar_text


async def test_filter_pane_folds_away_at_80_columns_and_f_toggles_it(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main(app)
        pane = screen.query_one(FilterPane)
        assert not pane.display or not screen.filters_shown
        await pilot.press("f")
        await pilot.pause()
        assert screen.filters_shown and app.focused is pane
        assert "LIBRARY" in screen_text(app)
        await pilot.press("f")
        await pilot.pause()
        assert not screen.filters_shown and app.focused is screen.paper_list
        assert "LIBRARY" not in screen_text(app)


async def test_filter_pane_shows_library_lists_and_digests_with_counts(app_factory, synced_store):
    Bookmarks(synced_store).add_to_list(get_any_key(synced_store), "kernels")
    app = app_factory()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "LIBRARY" in text and "LISTS" in text and "DIGESTS" in text
        assert "kernels" in text
        assert "2026-03-14" in text and "2026-03-19" in text
        pane = main(app).query_one(FilterPane)
        rows = [pane.render_row(i, 24, False).plain.split() for i in range(pane.row_count)]
        assert [app.glyphs.active, "All", "80"] in rows  # the active filter is marked
        assert ["Unread", "80"] in rows and ["Bookmarked", "1"] in rows
        assert ["kernels", "1"] in rows
        assert ["2026-03-19", "47"] in rows


def get_any_key(store) -> str:
    return store.conn.execute("SELECT key FROM papers ORDER BY id LIMIT 1").fetchone()[0]


async def test_choosing_a_digest_date_composes_with_the_query(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main(app)
        await pilot.press("slash")
        await type_text(pilot, "neural")
        await pilot.press("enter")
        await settle(pilot)
        only_query = set(keys_in_list(app))
        # tab back into the filter pane, walk to the 2026-03-19 digest, apply it
        pane = screen.query_one(FilterPane)
        pane.focus()
        await pilot.press("G")
        while pane.current != Filter("date", "2026-03-19"):
            await pilot.press("k")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.active_filter == Filter("date", "2026-03-19")
        assert app.focused is screen.paper_list
        both = keys_in_list(app)
        assert both and set(both) < only_query
        day = dt.date(2026, 3, 19)
        for key in both:
            paper = get_paper(synced_store.conn, key)
            assert day in {a.date for a in appearances_of(synced_store.conn, paper.id)}
            assert "neural" in (paper.title + paper.abstract).lower()
        # the same composed query through the search service gives the same papers
        expected = SearchService(synced_store).search("date:2026-03-19 neural")
        assert set(both) == {h.paper.key for h in expected.hits}
        assert "Digest 2026-03-19" in screen_text(app)


async def test_unread_and_bookmarked_filters(app_factory, synced_store):
    keys = [r[0] for r in synced_store.conn.execute("SELECT key FROM papers ORDER BY id LIMIT 3")]
    marks = Bookmarks(synced_store)
    marks.set_read(keys[0])
    marks.toggle_bookmark(keys[1])
    app = app_factory()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main(app)
        screen.active_filter = Filter("unread")
        await settle(pilot)
        assert screen.paper_list.row_count == TOTAL - 1
        assert keys[0] not in keys_in_list(app)
        screen.active_filter = Filter("bookmarked")
        await settle(pilot)
        assert keys_in_list(app) == [keys[1]]
        await search_for(pilot, "zzqqxxyy")
        assert "No papers match “zzqqxxyy” in Bookmarked" in screen_text(app)


async def test_tab_moves_between_panes(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main(app)
        assert app.focused is screen.paper_list
        await pilot.press("tab")
        assert app.focused is screen.query_one(DetailPane)
        await pilot.press("tab")
        assert isinstance(app.focused, SearchInput)
        await pilot.press("tab")
        assert app.focused is screen.query_one(FilterPane)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, SearchInput)


async def test_enter_opens_the_reading_view_and_marks_read_escape_goes_back(
    app_factory, synced_store
):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        key = main(app).paper_list.current.paper.key
        assert not Bookmarks(synced_store).is_read(key)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        assert app.screen.detail.paper.key == key
        assert Bookmarks(synced_store).is_read(key)
        text = screen_text(app)
        assert "Abstract" in text and "Reading" in text
        await pilot.press("escape")
        await pilot.pause()
        screen = main(app)
        assert screen.paper_list.cursor == 1
        row = screen.paper_list.render_row(1, 70, False).plain
        assert not row.startswith(app.glyphs.unread)  # the unread mark is gone


async def test_reading_view_scrolls_and_steps_to_the_next_paper(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first, second = keys_in_list(app)[:2]
        await pilot.press("enter")
        await pilot.pause()
        pane = app.screen.query_one(DetailPane)
        await pilot.press("space")
        await pilot.pause()
        assert pane.scroll_offset.y > 0
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.screen.detail.paper.key == second
        assert Bookmarks(synced_store).is_read(second)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.screen.detail.paper.key == first
        await pilot.press("escape")
        assert main(app).paper_list.cursor == 0


async def test_reading_view_can_leave_papers_unread(app_factory, synced_store, no_mark_on_open):
    app = app_factory(config=no_mark_on_open)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        key = main(app).paper_list.current.paper.key
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        assert not Bookmarks(synced_store).is_read(key)


async def test_wide_terminal_puts_the_detail_beside_the_list(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main(app)
        plist, detail = screen.paper_list, screen.query_one(DetailPane)
        column = plist.parent.region  # the list under its sort header
        assert detail.region.x >= column.right and detail.region.y == column.y
        assert screen.filters_shown
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main(app)
        plist, detail = screen.paper_list, screen.query_one(DetailPane)
        assert detail.region.y > plist.region.y


async def test_mouse_click_selects_and_double_click_opens(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        plist = main(app).paper_list
        await pilot.click(PaperList, offset=(10, 3))
        assert plist.cursor == 3
        await pilot.click(PaperList, offset=(10, 3), times=2)
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)


async def test_ctrl_d_and_ctrl_u_scroll_half_a_page_in_the_detail_pane(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = main(app).query_one(DetailPane)
        pane.focus()
        await pilot.pause()
        half = pane.scrollable_content_region.height // 2
        assert pane.max_scroll_y > half  # the paper is longer than the pane
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert pane.scroll_offset.y == half
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert pane.scroll_offset.y == 0


async def test_ctrl_d_and_ctrl_u_scroll_half_a_page_in_the_reading_view(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 16)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        pane = app.screen.query_one(DetailPane)
        half = pane.scrollable_content_region.height // 2
        assert pane.max_scroll_y > 2 * half
        await pilot.press("ctrl+d", "ctrl+d")
        await pilot.pause()
        assert pane.scroll_offset.y == 2 * half
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert pane.scroll_offset.y == half


async def test_g_and_shift_g_move_through_the_help(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        scroller = app.screen.query_one("#help")
        assert scroller.max_scroll_y > 0
        await pilot.press("G")
        await pilot.pause()
        assert scroller.scroll_y == scroller.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert scroller.scroll_y == 0
