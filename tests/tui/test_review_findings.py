"""Pilot tests for review findings: half-page keys, honest bookmark messages, lost lists,
narrow header and status line, help g/G, long list names, pending counts, ASCII mode."""

from __future__ import annotations

import threading

from textual import events
from textual.widgets import Input, OptionList

from paperterm.bookmarks import DEFAULT_LIST, Bookmarks
from paperterm.reader import Library
from paperterm.store import Store
from paperterm.tui.filters import ALL, Filter
from paperterm.tui.screens.help import HelpScreen
from paperterm.tui.screens.list_picker import ListPicker
from paperterm.tui.screens.main import MainScreen
from paperterm.tui.widgets import DetailPane, FilterPane, HeaderBar, StatusLine
from paperterm.tui.widgets.status_line import fit_message
from tests.tui.conftest import make_app, screen_text, settle, type_text, wait_for
from tests.tui.test_paper_actions import linked_store

URL = "https://huggingface.co/papers/2603.01234"


def main(app) -> MainScreen:
    assert isinstance(app.main_screen, MainScreen)
    return app.main_screen


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


async def test_b_on_a_paper_in_another_list_says_why_the_star_stays(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        key = main(app).paper_list.current.paper.key
        Bookmarks(synced_store).add_to_list(key, "kernels")
        app.paper_changed(key)
        await settle(pilot)
        plist = main(app).paper_list
        assert plist.render_row(0, 80, False).plain[2] == app.glyphs.bookmark
        await pilot.press("b")
        assert app.last_message.startswith(f"Added to {DEFAULT_LIST} (also in: kernels)")
        assert set(Bookmarks(synced_store).lists_of(key)) == {DEFAULT_LIST, "kernels"}
        await pilot.press("b")
        assert app.last_message.startswith(f"Removed from {DEFAULT_LIST}; still in kernels")
        assert Bookmarks(synced_store).lists_of(key) == ["kernels"]
        await settle(pilot)
        assert plist.render_row(0, 80, False).plain[2] == app.glyphs.bookmark
        # Once no other list holds it, b adds and removes with plain messages.
        Bookmarks(synced_store).remove_from_list(key, "kernels")
        await pilot.press("b")
        assert app.last_message.startswith(f"Added to {DEFAULT_LIST}:")
        await pilot.press("b")
        assert app.last_message.startswith(f"Removed from {DEFAULT_LIST}:")
        assert "still in" not in app.last_message


async def test_a_list_filter_whose_list_was_renamed_elsewhere_falls_back_to_all(
    app_factory, synced_store
):
    some = [row[0] for row in synced_store.conn.execute("SELECT key FROM papers LIMIT 3")]
    for key in some:
        Bookmarks(synced_store).add_to_list(key, "kernels")
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = main(app)
        screen.active_filter = Filter("list", "kernels")
        await settle(pilot)
        assert screen.result.total == 3
        assert "List: kernels" in screen.query_one(HeaderBar).plain
        other = Store(synced_store.path)  # another shell: `paperterm lists rename kernels k2`
        Bookmarks(other).rename_list("kernels", "k2")
        await wait_for(pilot, lambda: screen.active_filter == ALL, timeout=15)
        await settle(pilot)
        assert "kernels" in app.last_message and "all papers" in app.last_message
        assert "List: kernels" not in screen.query_one(HeaderBar).plain
        assert screen.result.total == 80
        assert "is empty" not in screen_text(app)


async def test_header_at_80_columns_shortens_the_query_and_keeps_the_count(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "kernel density estimation with sparse attention everywhere")
        await settle(pilot)
        header = screen_text(app).splitlines()[0].rstrip()
        assert header.endswith("of 80 papers"), header
        assert "“kernel density" in header and "…" in header
        # The query is cut before the filter's name is.
        assert "All papers" in header


async def test_status_line_keeps_the_url_visible_at_80_columns(
    app_factory, synced_store, monkeypatch
):
    linked_store(synced_store)
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5555 10.0.0.2 22")
    monkeypatch.setattr("webbrowser.open", lambda url, new=0: True)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert URL in app.last_message
        assert len(app.last_message) > 78  # it does not fit: the prose is shortened
        status = main(app).query_one(StatusLine)
        assert URL in screen_text(app)
        assert status.render().plain.endswith(URL)


def test_fit_message_keeps_the_sync_figures():
    figures = "2 digests · 80 papers (80 new) · 105 appearances · 0 errors"
    message = f"Loaded the bundled sample: {figures}. Add your own digests with paperterm sync P"
    shown = fit_message(message, figures, 78).plain
    assert figures in shown and len(shown) == 78
    shown = fit_message(f"Synced: {figures}. First error: x.md:3: bad date", figures, 70).plain
    assert figures in shown and len(shown) <= 70
    assert fit_message("short", "short", 78).plain == "short"


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


async def test_list_picker_says_when_a_pasted_name_is_too_long(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ListPicker)
        field = app.screen.query_one(Input)
        field.post_message(events.Paste("x" * 150))
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("at most 100 characters" in p for p in prompts), prompts
        await pilot.press("enter")
        await pilot.pause()
        assert Bookmarks(synced_store).lists() == []


async def test_filter_counts_show_an_ellipsis_until_they_are_known(app_factory, monkeypatch):
    gate = threading.Event()
    real = Library.filter_counts

    def slow(self):
        gate.wait(10)
        return real(self)

    monkeypatch.setattr(Library, "filter_counts", slow)
    app = app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        try:
            await pilot.pause(0.3)
            pane = main(app).query_one(FilterPane)
            all_row = pane.render_row(1, 24, False).plain
            assert all_row.rstrip().endswith("…"), all_row
            assert " 0" not in all_row
        finally:
            gate.set()
        await settle(pilot)
        assert pane.render_row(1, 24, False).plain.rstrip().endswith("80")


async def test_ascii_mode_draws_no_unicode_marks(synced_store, tmp_path):
    app = make_app(synced_store.path, tmp_path, ascii_marks=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "zzzz nothing matches this")
        await settle(pilot)
        text = screen_text(app)
        assert '"zzzz nothing matches this"' in text
        await pilot.press("escape", "escape")
        await settle(pilot)
        await pilot.press("b")
        text = screen_text(app) + app.last_message
        for glyph in "×…“”▔":
            assert glyph not in text, glyph
        assert "x" in main(app).paper_list.render_row(0, 90, False).plain[-4:]
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "×" not in text
        await pilot.press("G")
        await pilot.pause()
        assert "date  Nx" in screen_text(app)
