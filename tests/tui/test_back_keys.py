"""Pilot tests: q and Esc go back one level (quit only from the main screen), next unread in
the reading view, the stats view, and the note editor's question before losing changes."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from paperterm.bookmarks import Bookmarks
from paperterm.config import Config
from paperterm.tui.screens.help import HelpScreen
from paperterm.tui.screens.list_picker import ListPicker
from paperterm.tui.screens.main import MainScreen
from paperterm.tui.screens.note_editor import NoteEditor
from paperterm.tui.screens.reading import ReadingScreen
from paperterm.tui.screens.stats import StatsScreen
from paperterm.tui.screens.unsaved_note import UnsavedNote
from tests.tui.conftest import main, make_app, screen_text, settle, type_text


async def open_reading(pilot) -> ReadingScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReadingScreen)
    return pilot.app.screen


async def test_q_in_the_reading_view_goes_back_and_q_on_the_main_screen_quits(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reading(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.is_running
        await open_reading(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.is_running
        await pilot.press("q")
        await settle(pilot)
        assert not app.is_running


async def test_the_back_key_is_remappable(synced_store, tmp_path):
    config = Config(path=tmp_path / "c.toml", keymap={"back": "h"})
    app = make_app(synced_store.path, tmp_path, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reading(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.is_running


async def test_next_unread_in_the_reading_view_skips_read_papers(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main(app)
        hits = screen.result.hits
        keys = [hits[i].paper.key for i in range(4)]
        marks = Bookmarks(synced_store)
        marks.set_read(keys[1])
        marks.set_read(keys[2])
        screen.marks.read.update(keys[1:3])  # as the store watch would report it
        reading = await open_reading(pilot)
        assert reading.detail.paper.key == keys[0]
        await pilot.press("N")
        await settle(pilot)
        assert app.screen.detail.paper.key == keys[3]
        assert screen.paper_list.cursor == 3


async def test_next_unread_says_so_when_none_is_left(app_factory, synced_store):
    marks = Bookmarks(synced_store)
    marks.set_read_many([k for (k,) in synced_store.conn.execute("SELECT key FROM papers")])
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        reading = await open_reading(pilot)
        before = reading.detail.paper.key
        await pilot.press("N")
        await settle(pilot)
        assert app.screen.detail.paper.key == before
        assert "No other unread paper" in app.last_message


async def test_stats_view_shows_the_library_and_goes_back_with_q(app_factory, synced_store):
    marks = Bookmarks(synced_store)
    key = synced_store.conn.execute("SELECT key FROM papers LIMIT 1").fetchone()[0]
    marks.set_read(key)
    marks.add_to_list(key, "kernels")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        text = screen_text(app)
        assert "80 papers in 2 digests, 2026-03-14 to 2026-03-19" in text
        assert "Read 1 · Unread 79 · Bookmarked 1" in text
        assert "58 on 2026-03-14, 47 on 2026-03-19" in text
        assert "last 7 days" in text and "kernel 11" in text
        assert "kernels 1" in text
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.is_running


async def test_stats_view_in_ascii_mode_draws_only_ascii(synced_store, tmp_path):
    app = make_app(synced_store.path, tmp_path, ascii_marks=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        body = screen_text(app).splitlines()[1:-1]  # the footer is Textual's own
        assert all(row.isascii() for row in body), [r for r in body if not r.isascii()]
        assert any("#####" in row for row in body)


async def test_help_and_list_picker_go_back_one_level(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        assert isinstance(app.screen, MainScreen) and app.is_running
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ListPicker)
        await pilot.press("q")  # types into the list name: no quitting from a text field
        assert app.screen.query_one(Input).value == "q" and app.is_running
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.is_running


async def note_editor(pilot) -> NoteEditor:
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, NoteEditor)
    return pilot.app.screen


async def test_esc_without_changes_just_closes_the_note(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await note_editor(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_esc_with_changes_asks_and_keep_editing_keeps_the_text(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await note_editor(pilot)
        await type_text(pilot, "half a thought")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, UnsavedNote)
        assert "not saved" in screen_text(app)
        await pilot.press("escape")  # back one level: to the editor, text intact
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        area = app.screen.query_one(TextArea)
        assert area.text == "half a thought" and area.has_focus
        await pilot.press("q")  # q types in the editor
        assert area.text == "half a thoughtq"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("s")  # save
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        key = main(app).paper_list.current.paper.key
        assert Bookmarks(synced_store).note(key).body == "half a thoughtq"


async def test_discard_drops_only_the_unsaved_changes(app_factory, synced_store):
    key = synced_store.conn.execute(
        "SELECT key FROM papers ORDER BY last_seen DESC, last_position LIMIT 1"
    ).fetchone()[0]
    Bookmarks(synced_store).set_note(key, "kept note")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await note_editor(pilot)
        assert editor.query_one(TextArea).text == "kept note"
        await type_text(pilot, " and more")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert Bookmarks(synced_store).note(main(app).paper_list.current.paper.key).body == (
            "kept note"
        )
