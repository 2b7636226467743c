"""The reader's first screen: every paper newest first and the saved selection, before the
search index is open."""

from __future__ import annotations

import threading

from paperterm.reader.library import Library
from tests.tui.conftest import main, screen_text, settle, wait_for


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
