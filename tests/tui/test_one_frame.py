"""A typed letter and the list it selects reach the screen together; the screen never waits
long for a search."""

from __future__ import annotations

import time

from paperterm.reader import Library
from paperterm.tui import paint_hold
from tests.tui.conftest import main, screen_lines, settle, wait_for


def record_frames(app) -> list[list[str]]:
    """Every frame the app hands to its driver, as the screen's text lines."""
    frames: list[list[str]] = []
    original = type(app)._display

    def display(self_app, screen, renderable):  # noqa: ANN001
        if renderable is not None and screen is self_app.screen:
            frames.append(screen_lines(self_app))
        return original(self_app, screen, renderable)

    app._display = display.__get__(app)
    return frames


def slow_searches(monkeypatch, seconds: float) -> None:
    """Every search takes ``seconds`` longer (a big library on a slow machine)."""
    original = Library.search

    def search(self, query, generation=None):  # noqa: ANN001
        time.sleep(seconds)
        return original(self, query, generation)

    monkeypatch.setattr(Library, "search", search)


async def test_each_letter_paints_with_its_hits_never_before_them(app_factory, monkeypatch):
    slow_searches(monkeypatch, 0.1)
    monkeypatch.setattr(paint_hold, "HOLD", 5.0)  # the hold outlasts the search
    app = app_factory()
    frames = record_frames(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        screen = main(app)
        typed = ""
        for letter in "model":
            typed += letter
            frames.clear()
            await pilot.press(letter)
            await settle(pilot)
            count = f"{screen.result.total:,} paper"
            top = screen.paper_list.current.paper.title[:20]
            # The first frame that shows the letter shows its count and top hit too.
            showing = [f for f in frames if any(f"/ {typed}" in row for row in f[:3])]
            assert showing, f"no frame showed {typed!r}"
            first = "\n".join(showing[0])
            assert count in first and top in first, (typed, count, top)


async def test_a_hold_that_no_search_ends_lets_the_screen_paint(app_factory, monkeypatch):
    monkeypatch.setattr(paint_hold, "HOLD", 0.05)
    app = app_factory()
    frames = record_frames(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        paint_hold.hold(app)
        assert paint_hold.held(app)
        frames.clear()
        app.screen.query_one("#search-count").update("held?")
        await wait_for(pilot, lambda: not paint_hold.held(app), timeout=5)
        await wait_for(pilot, lambda: any("held?" in "\n".join(f) for f in frames), timeout=5)


async def test_the_reader_collects_garbage_itself_and_gives_collection_back(app_factory):
    import gc

    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: app.collector.active)
        assert not gc.isenabled()  # no automatic collection in the middle of a keystroke
    assert gc.isenabled()


async def test_letters_queued_right_behind_the_slash_go_to_the_query(app_factory):
    from textual import events

    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = main(app)
        top = screen.paper_list.current.paper.key
        # A busy reader: the keys are all queued before the first is handled.
        for key, char in [("slash", "/"), ("r", "r"), ("l", "l")]:
            app.post_message(events.Key(key, char))
        await settle(pilot)
        assert screen.search_input.value == "rl"
        assert not app.library.bookmarks.is_read(top)  # r was not the list's read key


async def test_a_slash_in_the_search_bar_is_part_of_the_query(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "a", "slash", "b")
        await settle(pilot)
        assert main(app).search_input.value == "a/b"


async def test_a_letter_that_empties_the_list_empties_the_detail_in_the_same_frame(
    app_factory, monkeypatch
):
    slow_searches(monkeypatch, 0.05)
    monkeypatch.setattr(paint_hold, "HOLD", 5.0)
    app = app_factory()
    frames = record_frames(app)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"qzx")
        await settle(pilot)
        screen = main(app)
        assert screen.result.total == 0
        frames.clear()
        await pilot.press("w")  # still nothing: the detail was empty already
        await settle(pilot)
        await pilot.press("ctrl+u", *"model")
        await settle(pilot)
        assert screen.paper_list.current is not None  # a paper in the detail pane again
        frames.clear()
        await pilot.press("7")  # "model7" matches no paper (a digit is never a typo)
        await settle(pilot)
        assert screen.result.total == 0
        showing = [f for f in frames if any("/ model7" in row for row in f[:3])]
        assert showing, "no frame showed the letter"
        assert "No paper selected." in "\n".join(showing[0])
