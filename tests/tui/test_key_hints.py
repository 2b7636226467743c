"""Hints name the keys the user's keymap binds, never the defaults it replaced."""

from __future__ import annotations

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
