"""Pilot tests: the keys that act on the current paper (b a n r o y) and the palette."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, OptionList

from paperterm.bookmarks import DEFAULT_LIST, Bookmarks
from paperterm.links import paper_links
from paperterm.tui.commands import palette_commands
from paperterm.tui.screens.list_picker import ListPicker
from paperterm.tui.screens.main import MainScreen
from paperterm.tui.screens.note_editor import NoteEditor
from paperterm.tui.screens.reading import ReadingScreen
from paperterm.tui.widgets import DetailPane
from tests.tui.conftest import (
    linked_store,
    main,
    screen_text,
    settle,
    type_text,
    wait_for,
)


def current_key(app) -> str:
    screen = app.screen
    if isinstance(screen, ReadingScreen):
        return screen.detail.paper.key
    assert isinstance(screen, MainScreen)
    return screen.paper_list.current.paper.key


def status(app) -> str:
    return app.last_message


async def test_b_toggles_the_bookmark_and_the_star(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        key = current_key(app)
        plist = app.screen.paper_list
        assert app.glyphs.bookmark not in plist.render_row(1, 80, False).plain[:4]
        await pilot.press("b")
        assert Bookmarks(synced_store).lists_of(key) == [DEFAULT_LIST]
        assert plist.render_row(1, 80, False).plain[2] == app.glyphs.bookmark
        assert status(app).startswith(f"Added to {DEFAULT_LIST}")
        assert DEFAULT_LIST in screen_text(app)  # the detail pane lists it
        await pilot.press("b")
        assert not Bookmarks(synced_store).is_bookmarked(key)
        assert plist.render_row(1, 80, False).plain[2] == " "


async def test_r_toggles_read(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        key = current_key(app)
        plist = app.screen.paper_list
        assert plist.render_row(0, 80, False).plain[0] == app.glyphs.unread
        await pilot.press("r")
        assert Bookmarks(synced_store).is_read(key)
        assert plist.render_row(0, 80, False).plain[0] == " "
        assert "read" in status(app)
        await pilot.press("r")
        assert not Bookmarks(synced_store).is_read(key)


async def test_a_adds_to_a_new_list_and_removes_again(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        key = current_key(app)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ListPicker)
        await type_text(pilot, "kernels")
        await pilot.pause()
        assert "Create list “kernels”" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert Bookmarks(synced_store).lists_of(key) == ["kernels"]
        assert "kernels" in status(app)
        # the picker now marks the list; typing part of it fuzzy-filters; Enter removes
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "krn")
        await pilot.pause()
        assert "✓ kernels" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert Bookmarks(synced_store).lists_of(key) == []
        assert status(app).startswith("Removed")


async def test_a_picks_an_existing_list_and_escape_cancels(app_factory, synced_store):
    marks = Bookmarks(synced_store)
    marks.create_list("Diffusion")
    marks.create_list("Kernels to read")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        key = current_key(app)
        await pilot.press("a", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and marks.lists_of(key) == []
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "ktr")  # fuzzy: Kernels to read
        await pilot.pause()
        text = screen_text(app)
        assert "Kernels to read" in text and "Diffusion" not in text
        await pilot.press("enter")
        await pilot.pause()
        assert marks.lists_of(key) == ["Kernels to read"]


async def test_n_edits_the_note_ctrl_s_saves_escape_cancels(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        key = current_key(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await type_text(pilot, "check eq. 3\n[b]not markup[/b]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        note = Bookmarks(synced_store).note(key)
        assert note.body == "check eq. 3\n[b]not markup[/b]"
        assert "[b]not markup[/b]" in screen_text(app)  # shown as typed, never as markup
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, " more")
        await pilot.press("escape", "d")  # unsaved changes: Esc asks, d discards them
        await pilot.pause()
        assert Bookmarks(synced_store).note(key).body == "check eq. 3\n[b]not markup[/b]"
        assert status(app) == "Note unchanged."


async def test_keys_work_in_the_reading_view_too(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        key = current_key(app)
        await pilot.press("b")
        assert Bookmarks(synced_store).is_bookmarked(key)
        assert f"{app.glyphs.bookmark} bookmarked" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "hello")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert Bookmarks(synced_store).note(key).body == "hello"
        assert "hello" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        row = app.screen.paper_list.render_row(0, 80, False).plain
        assert row[2] == app.glyphs.bookmark  # the list below saw the change


async def test_y_copies_one_sanitized_line_with_the_link(app_factory, synced_store):
    key = linked_store(synced_store)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert current_key(app) == key  # newest digest first
        await pilot.press("y")
        copied = app.clipboard
        assert copied == (
            "Linked Paper about [bold]kernels[/bold] https://huggingface.co/papers/2603.01234"
        )
        assert "\x1b" not in copied and "\n" not in copied
        assert "Copied" in status(app)


async def test_o_over_ssh_copies_the_link_and_says_so(app_factory, synced_store, monkeypatch):
    linked_store(synced_store)
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5555 10.0.0.2 22")
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, new=0: opened.append(url) or True)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert opened == []
        assert app.clipboard == "https://huggingface.co/papers/2603.01234"
        assert "over SSH" in status(app) and "copied" in status(app)


async def test_o_opens_a_browser_when_there_is_a_display(app_factory, synced_store, monkeypatch):
    linked_store(synced_store)
    for name in ("SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, new=0: opened.append(url) or True)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await wait_for(pilot, lambda: bool(opened))
        await settle(pilot)
        assert opened == ["https://huggingface.co/papers/2603.01234"]
        assert status(app).startswith("Opened")


async def test_o_falls_back_to_copying_when_the_browser_fails(
    app_factory, synced_store, monkeypatch
):
    linked_store(synced_store)
    for name in ("SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr("webbrowser.open", lambda url, new=0: False)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await wait_for(pilot, lambda: "copied" in status(app))
        assert app.clipboard == "https://huggingface.co/papers/2603.01234"


async def test_o_without_a_page_copies_a_title_search_and_says_so(app_factory, monkeypatch):
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5555 10.0.0.2 22")
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        assert "title search (no page known)" in status(app)
        assert app.clipboard.startswith("https://huggingface.co/papers?q=")


async def test_hostile_title_is_shown_as_text(app_factory, synced_store):
    linked_store(synced_store)
    app = app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Linked Paper about [bold]kernels[/bold]" in text
        detail = app.screen.query_one(DetailPane).detail
        assert paper_links(detail.paper)["arxiv"] == "https://arxiv.org/abs/2603.01234"
        assert "https://huggingface.co/papers/2603.01234" in text


async def test_ctrl_p_runs_any_action_by_name(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        key = current_key(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "bookmark")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert Bookmarks(synced_store).is_bookmarked(key)
        # filters are commands too
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "show unread")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.active_filter.kind == "unread"


async def test_palette_lists_every_described_binding(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        titles = {c.title for c in palette_commands(app, app.screen)}
        for wanted in (
            "Bookmark",
            "List",
            "Note",
            "Read/unread",
            "Open link",
            "Copy title+link",
            "Search",
            "Filters",
            "Sync",
            "Read",
            "Help",
            "Quit",
            "Change theme",
            "Show Unread",
            "Show Digest 2026-03-14",
        ):
            assert wanted in titles, wanted


async def test_palette_shows_list_names_literally(app_factory, synced_store):
    Bookmarks(synced_store).create_list("[@click=app.quit]Quit [b]now[/b]")
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "quit now")
        await pilot.pause(0.3)
        assert "List: [@click=app.quit]Quit [b]now[/b]" in screen_text(app)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.is_running
        assert app.screen.active_filter.value == "[@click=app.quit]Quit [b]now[/b]"


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
