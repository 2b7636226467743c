"""Hints name the keys the user's keymap binds, never the defaults it replaced."""

from __future__ import annotations

import io

from paperterm.config import Config
from tests.tui.conftest import make_app, screen_text, settle


async def test_detail_pane_hints_follow_the_keymap(synced_store, tmp_path):
    keymap = {"bookmark": "x", "add-to-list": "z", "note": "m"}
    app = make_app(
        synced_store.path, tmp_path, config=Config(path=tmp_path / "c.toml", keymap=keymap)
    )
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "none (x bookmarks, z adds to a list)" in text
        assert "none (m writes one)" in text
        assert "b bookmarks" not in text and "n writes one" not in text


async def test_detail_pane_hints_show_the_default_keys_without_a_keymap(app_factory):
    app = app_factory()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "none (b bookmarks, a adds to a list)" in text and "none (n writes one)" in text


def help_body_text(app) -> str:
    """Every line of the help screen, scrolled or not."""
    from rich.console import Console

    console = Console(width=120, record=True, file=io.StringIO())
    console.print(app.screen.query_one("#help-body").content)
    return console.export_text()


REMAPPED = {
    "bookmark": "x",
    "add-to-list": "z",
    "toggle-read": "v",
    "sort": "w",
    "sync": "ctrl+r",
    "undo": "U",
}


async def test_list_help_empty_states_stats_and_messages_follow_the_keymap(synced_store, tmp_path):
    from paperterm.tui.filters import BOOKMARKED
    from tests.tui.conftest import main

    config = Config(path=tmp_path / "c.toml", keymap=REMAPPED)
    app = make_app(synced_store.path, tmp_path, config=config)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "(w changes)" in text and "(O changes)" not in text
        assert "(none yet: press z)" in text  # the filter pane's empty Lists section
        main(app).active_filter = BOOKMARKED
        await settle(pilot)
        text = screen_text(app)
        assert "x bookmarks the paper under the cursor" in text
        assert "b bookmarks" not in text
        await pilot.press("question_mark")
        await settle(pilot)
        help_text = help_body_text(app)
        assert "v toggles; opening a paper marks it read" in help_text
        assert "x toggles the default list" in help_text
        assert "r toggles" not in help_text and "b toggles" not in help_text
        await pilot.press("escape", "S")
        await settle(pilot)
        stats = screen_text(app)
        assert "Next: x bookmarks a paper, z adds it to a list." in stats
        await pilot.press("escape", "escape")  # back, then clear the filter: All papers
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        assert "U undoes it afterwards." in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert app.last_message.endswith("U undoes."), app.last_message
