"""A bracketed paste lands once, cleaned, in every input of the reader."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea

from paperterm.bookmarks import Bookmarks
from paperterm.tui.screens.list_picker import ListPicker
from paperterm.tui.screens.main import MainScreen
from paperterm.tui.screens.note_editor import NoteEditor
from tests.tui.conftest import settle

HOSTILE = "hello \x1b[31mworld\x1b]0;owned\x07\u202e"


async def paste(pilot, text: str) -> None:
    """Post a Paste to the app, as the driver does for a terminal's bracketed paste."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()
    await pilot.pause()


async def test_paste_into_the_search_bar_lands_once(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await paste(pilot, "kernel")
        assert app.focused.value == "kernel"
        await paste(pilot, HOSTILE + "\nsecond line")
        assert app.focused.value == "kernelhello world"


async def test_paste_into_the_list_picker_lands_once(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ListPicker)
        assert isinstance(app.focused, Input)
        await paste(pilot, "To read\x1b[2J")
        assert app.focused.value == "To read"


async def test_paste_into_the_note_editor_lands_once_and_is_saved_once(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        key = app.screen.paper_list.current.paper.key
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        assert isinstance(app.focused, TextArea)
        await paste(pilot, HOSTILE + "\n\tline two")
        assert app.focused.text == "hello world\n    line two"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert Bookmarks(synced_store).note(key).body == "hello world\n    line two"
