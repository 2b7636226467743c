"""Pilot tests: the reader re-reads config.toml when it changes, at the latest before s syncs."""

from __future__ import annotations

import shutil

from paperterm.config import load_config
from paperterm.tui.screens.main import MainScreen
from tests.conftest import REAL_DIGESTS
from tests.tui.conftest import make_app, settle, wait_for


async def test_s_on_the_welcome_syncs_a_source_added_in_a_shell_after_the_start(store, tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text("[ui]\nmark_read_on_open = true\n")
    app = make_app(store.path, tmp_path, config=load_config(cfg))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        folder = tmp_path / "mine"
        shutil.copytree(REAL_DIGESTS, folder)
        # what `paperterm sources add mine PATH` writes, while the reader runs
        cfg.write_text(f'[sources.mine]\ntype = "folder"\npath = "{folder}"\n')
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await settle(pilot)
        assert "No sources configured" not in app.last_message
        assert [s.name for s in app.config.sources] == ["mine"]
        assert app.screen.paper_list.row_count == 80


async def test_a_changed_keymap_applies_without_a_restart(synced_store, tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text("")
    app = make_app(synced_store.path, tmp_path, config=load_config(cfg))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        cfg.write_text('[keymap]\nbookmark = "x"\nnot-an-id = "z"\n')
        app.follow_config()
        await pilot.pause()
        assert app.config.keymap["bookmark"] == "x"
        assert any("keymap.not-an-id" in p for p in app.config_problems)
        assert "Config: " in app.last_message
