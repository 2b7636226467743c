"""The reader's first screen: every paper newest first and the saved selection, before the
search index is open."""

from __future__ import annotations

import asyncio
import gc
import threading

import pytest

from paperterm.reader.library import Library
from tests.tui.conftest import main, screen_text, settle, wait_for


def held(func, called: threading.Event, gate: threading.Event, seconds: float):
    """``func``, which says it was called, then waits for ``gate`` (at most ``seconds``)."""

    def holding(*args):
        called.set()
        gate.wait(seconds)
        return func(*args)

    return holding


async def test_the_list_and_the_saved_paper_show_while_the_index_is_still_opening(
    app_factory, monkeypatch
):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j")
        await settle(pilot)
        saved = main(app).paper_list.current.paper
        await pilot.press("q")

    gate = threading.Event()  # the index opens only once the test has looked
    open_index = Library.open

    def held_open(self: Library) -> None:
        gate.wait(30)
        open_index(self)

    monkeypatch.setattr(Library, "open", held_open)
    app = app_factory()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: main(app).paper_list.row_count == 80)
            screen = main(app)
            assert not app.library.ready
            assert screen.paper_list.cursor == 3
            assert screen.paper_list.current.paper.key == saved.key
            assert saved.title[:30] in screen_text(app)
            gate.set()
            await settle(pilot)
            assert app.library.ready
            assert screen.paper_list.current.paper.key == saved.key
            assert screen.paper_list.row_count == 80
    finally:
        gate.set()


async def test_a_move_made_while_the_opened_index_searches_is_not_undone(app_factory, monkeypatch):
    # The index open, the reader searches again to keep the cursor's paper; a key pressed
    # before that search is back must not be undone by it (seen on a loaded machine).
    import paperterm.tui.screens.loading as loading

    gate, searching = threading.Event(), threading.Event()
    monkeypatch.setattr(loading, "read_ahead", held(loading.read_ahead, searching, gate, 30))
    app = app_factory()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, searching.is_set)
            screen = main(app)
            assert screen.paper_list.cursor == 0
            await pilot.press("j", "j")
            await wait_for(pilot, lambda: screen.paper_list.cursor == 2)
            moved_to = screen.paper_list.current.paper.key
            gate.set()
            await wait_for(pilot, lambda: screen.loaded)  # the search is back, and handled
            assert app.library.ready
            assert screen.paper_list.cursor == 2
            assert screen.paper_list.current.paper.key == moved_to
            await wait_for(pilot, lambda: screen.detail.paper.key == moved_to)
    finally:
        gate.set()


def test_the_reader_collects_cyclic_garbage_again_once_its_list_is_painted(
    synced_store, tmp_path, monkeypatch
):
    # `paperterm` pauses the cyclic collector for the start; a reader that never resumed it
    # would grow with every cycle it makes. It is back before the search index opens.
    import paperterm.tui.app as app_module
    from paperterm.cli import main as cli_main

    seen: list[bool] = []
    gate = threading.Event()
    open_index = Library.open

    def held_open(self: Library) -> None:
        gate.wait(30)
        open_index(self)

    def run_in_pilot(self, *args, **kwargs):
        seen.append(gc.isenabled())  # the app is made, not yet running

        async def drive() -> None:
            async with self.run_test(size=(100, 30)) as pilot:
                await wait_for(pilot, lambda: main(self).paper_list.row_count == 80)
                await pilot.pause()
                seen.append(gc.isenabled() and not self.library.ready)
                gate.set()
                await settle(pilot)

        asyncio.run(drive())
        return 0

    monkeypatch.setattr(Library, "open", held_open)
    monkeypatch.setattr(app_module.PapertermApp, "run", run_in_pilot)
    try:
        assert cli_main(["--store", str(synced_store.path)]) == 0
    finally:
        gate.set()
        gc.unfreeze()  # the start froze what it made; give this test process its objects back
    assert seen == [False, True]
    assert gc.isenabled()


@pytest.mark.parametrize(("width", "layout"), [(80, "-narrow"), (120, "-medium"), (150, "-wide")])
async def test_the_main_screen_starts_with_its_widths_layout(app_factory, width, layout):
    app = app_factory()
    async with app.run_test(size=(width, 30)) as pilot:
        await wait_for(pilot, lambda: main(app).paper_list.row_count == 80)
        assert {"-narrow", "-medium", "-wide"} & main(app).classes == {layout}
        await pilot.resize_terminal(100, 30)  # and it follows a resize
        await pilot.pause()
        assert {"-narrow", "-medium", "-wide"} & main(app).classes == {"-medium"}


async def test_a_query_typed_while_the_figures_are_counted_does_not_wait_for_them(
    app_factory, monkeypatch
):
    # The filter pane's counts take ~0.6 s at 1M papers; a search typed right after the
    # start must not queue behind them.
    gate, counting = threading.Event(), threading.Event()
    # Held longer than the wait below: a query stuck behind it fails.
    monkeypatch.setattr(Library, "filter_counts", held(Library.filter_counts, counting, gate, 120))
    app = app_factory()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, counting.is_set)
            screen = main(app)
            assert not screen.loaded  # the counts are still being made
            await pilot.press("slash", *"muvera")
            await wait_for(pilot, lambda: screen.result.query.endswith("muvera"), timeout=10)
            assert screen.result.total == 1
            assert "MUVERA" in screen_text(app)
            gate.set()
            await wait_for(pilot, lambda: screen.loaded)
    finally:
        gate.set()


async def test_a_search_back_after_the_panes_are_gone_closes_cleanly(app_factory, monkeypatch):
    # A sync's reload (or a key) searches; the user quits before that search is back, and
    # it comes back to a screen whose panes were already taken down: the reader must close
    # without an error (it raised NoMatches for the paper list at exit, seen on CI). The
    # panes are taken down here by hand, as the exit does.
    from paperterm.tui.widgets import PaperList

    app = app_factory()
    called, gate = threading.Event(), threading.Event()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(Library, "search", held(Library.search, called, gate, 30))
        await pilot.press("slash", "k")
        await wait_for(pilot, called.is_set)
        await main(app).query_one(PaperList).remove()
        gate.set()
        await settle(pilot)
        app.exit()
    assert app.return_code in (0, None)
