"""Pilot tests: what the reader draws at 80 columns, in ASCII, and before figures are known."""

from __future__ import annotations

import threading

from paperterm.reader import Library
from paperterm.tui.widgets import FilterPane, StatusLine
from paperterm.tui.widgets.status_line import fit_message
from tests.tui.conftest import (
    linked_store,
    main,
    make_app,
    screen_text,
    search_for,
    settle,
)

URL = "https://huggingface.co/papers/2603.01234"


async def test_header_at_80_columns_shortens_the_query_and_keeps_the_count(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await search_for(pilot, "kernel density estimation with sparse attention everywhere")
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
        await search_for(pilot, "zzzz nothing matches this")
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
