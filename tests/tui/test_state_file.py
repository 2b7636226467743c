"""The state file: the filter pane comes back as left, gone stores are pruned, one theme."""

from __future__ import annotations

import json

from paperterm.tui import state as state_module
from paperterm.tui.state import SavedState
from tests.tui.conftest import main, settle


async def test_the_filter_pane_hidden_with_f_stays_hidden_next_time(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert main(app).filters_shown  # wide: shown by default
        await pilot.press("f")
        await pilot.pause()
        assert not main(app).filters_shown
        await pilot.press("q")
    app = app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert not main(app).filters_shown


async def test_the_filter_pane_shown_with_f_at_80_columns_comes_back(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not main(app).filters_shown
        await pilot.press("f")
        await pilot.press("q")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert main(app).filters_shown


def test_entries_of_stores_that_no_longer_exist_are_pruned_on_save(tmp_path):
    path = tmp_path / "state.json"
    kept, gone, current = tmp_path / "kept.db", tmp_path / "gone.db", tmp_path / "now.db"
    kept.write_bytes(b"")
    gone.write_bytes(b"")
    state_module.save_state(path, kept, SavedState(query="kept"), "nord")
    state_module.save_state(path, gone, SavedState(query="gone"), "nord")
    gone.unlink()
    state_module.save_state(path, current, SavedState(query="now"), "nord")
    stores = json.loads(path.read_text())["stores"]
    assert sorted(stores) == sorted(str(p.resolve()) for p in (kept, current))
    assert state_module.load_state(path, kept)[0].query == "kept"  # other stores' state stays


def test_the_theme_is_one_for_every_store(tmp_path):
    path = tmp_path / "state.json"
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    one.write_bytes(b"")
    state_module.save_state(path, one, SavedState(), "nord")
    assert state_module.load_state(path, two)[1] == "nord"


async def test_the_palette_has_one_theme_command(app_factory):
    from paperterm.tui.commands import palette_commands

    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        ours = [c.title for c in palette_commands(app, app.screen)]
        system = [c.title for c in app.get_system_commands(app.screen)]
        themes = [t for t in ours + system if "theme" in t.lower()]
        assert themes == ["Change theme"]
        assert "Quit" in system  # Textual's other commands stay
