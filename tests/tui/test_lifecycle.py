"""Pilot tests: start-up, welcome, sync, watching the store, state, help, themes, keymap, quit."""

from __future__ import annotations

import datetime as dt
import json

from paperterm.bookmarks import Bookmarks
from paperterm.config import Config, load_config
from paperterm.models import Entry
from paperterm.store import Store
from paperterm.sync import sync_paths
from paperterm.tui import state as state_module
from paperterm.tui.commands import help_sections
from paperterm.tui.filters import ALL, Filter
from paperterm.tui.screens import main as main_module
from paperterm.tui.screens.help import HelpScreen
from paperterm.tui.screens.main import MainScreen
from paperterm.tui.screens.welcome import WelcomeScreen
from paperterm.tui.widgets import HeaderBar
from tests.conftest import REAL_DIGESTS
from tests.tui.conftest import (
    add_papers,
    main,
    make_app,
    screen_text,
    search_for,
    settle,
    type_text,
    wait_for,
)


async def test_empty_store_welcomes_and_loads_the_sample(store, tmp_path):
    app = make_app(store.path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        text = screen_text(app)
        assert "paperterm sync PATH" in text and "Load the sample papers" in text
        await pilot.press("enter")  # the focused button
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await settle(pilot)
        assert app.screen.paper_list.row_count == 80
        assert "Loaded the bundled sample: 2 digests · 80 papers" in app.last_message


async def test_first_run_opens_on_the_sample_when_nothing_is_configured(store, tmp_path):
    app = make_app(store.path, tmp_path, auto_sample=True)  # what `paperterm` does
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await settle(pilot)
        assert app.screen.paper_list.row_count == 80
        assert "paperterm sync PATH" in app.last_message


async def test_first_run_with_configured_sources_waits_on_the_welcome(store, tmp_path):
    config = config_with_source(tmp_path, tmp_path / "nothing-yet")
    app = make_app(store.path, tmp_path, config=config, auto_sample=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert store.conn.execute("SELECT count(*) FROM papers").fetchone()[0] == 0


async def test_welcome_l_key_loads_the_sample(store, tmp_path):
    app = make_app(store.path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await settle(pilot)
        assert app.screen.paper_list.row_count == 80


async def test_welcome_leaves_when_another_process_syncs(store, tmp_path, monkeypatch):
    from paperterm.tui.screens import welcome

    monkeypatch.setattr(welcome, "POLL_SECONDS", 0.05)
    app = make_app(store.path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        other = Store(store.path)
        sync_paths(other, [REAL_DIGESTS])
        other.close()
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await settle(pilot)
        assert app.screen.paper_list.row_count == 80


def config_with_source(tmp_path, folder) -> Config:
    path = tmp_path / "config.toml"
    path.write_text(f'[sources.inbox]\npath = "{folder}"\n', encoding="utf-8")
    config = load_config(path)
    assert not config.problems, config.problems
    return config


async def test_s_syncs_in_a_worker_and_keeps_the_cursor(synced_store, digests_dir, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    app = make_app(synced_store.path, tmp_path, config=config_with_source(tmp_path, folder))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("j", "j", "j")
        key = screen.paper_list.current.paper.key
        # a newer digest arrives in the configured folder
        text = (REAL_DIGESTS / "000_07fb1349b4f10f4a.txt").read_text(encoding="utf-8")
        newer = text.replace("Mar 14", "Mar 21", 1)
        newer = newer.replace(
            "Efficiently Computing Similarities to Private Datasets",
            "A Brand New Paper About Sparse Kernels",
        )
        (folder / "new.txt").write_text(newer, encoding="utf-8")
        await pilot.press("s")
        await wait_for(pilot, lambda: not app.syncing)
        await settle(pilot)
        assert "Synced:" in app.last_message and "(1 new)" in app.last_message
        assert screen.paper_list.row_count == 81
        assert screen.paper_list.current.paper.key == key  # the cursor stayed on its paper
        await search_for(pilot, "brand new sparse")
        assert "A Brand New Paper" in screen.paper_list.hit_at(0).paper.title


async def test_s_without_sources_says_what_to_do(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: not app.syncing)
        await settle(pilot)
        assert "No sources configured" in app.last_message
        assert "paperterm sync PATH" in app.last_message


async def test_a_sync_by_another_process_shows_up(synced_store, tmp_path, monkeypatch):
    monkeypatch.setattr(main_module, "POLL_SECONDS", 0.05)
    app = make_app(synced_store.path, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("j", "j")
        key = screen.paper_list.current.paper.key
        other = Store(synced_store.path)
        add_papers(other, "memory://cron", dt.date(2026, 3, 22), [Entry("Cron Paper", "Text.")])
        other.close()
        await wait_for(pilot, lambda: screen.paper_list.row_count == 81)
        await settle(pilot)
        assert screen.paper_list.current.paper.key == key
        assert screen.paper_list.hit_at(0).paper.title == "Cron Paper"


async def test_query_filter_and_selection_come_back_next_time(app_factory, tmp_path):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.screen.active_filter = Filter("date", "2026-03-14")
        await pilot.press("slash")
        await type_text(pilot, "kernel")
        await pilot.press("enter", "j", "j")
        await settle(pilot)
        key = app.screen.paper_list.current.paper.key
        await pilot.press("q")
    assert app.return_code == 0
    saved = json.loads((tmp_path / "state.json").read_text())
    assert len(saved["stores"]) == 1
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.query_text == "kernel" and screen.search_input.value == "kernel"
        assert screen.active_filter == Filter("date", "2026-03-14")
        assert screen.paper_list.current.paper.key == key
        assert screen.paper_list.cursor == 2


async def test_a_broken_state_file_is_ignored(app_factory, tmp_path):
    (tmp_path / "state.json").write_text("{not json", encoding="utf-8")
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.paper_list.row_count == 80


def test_state_round_trip_ignores_nonsense(tmp_path):
    path = tmp_path / "s.json"
    state, theme = state_module.load_state(path, tmp_path / "x.db")
    assert state.query == "" and theme is None
    path.write_text(
        json.dumps(
            {
                "theme": 5,
                "stores": {
                    str(tmp_path / "x.db"): {
                        "filter": {"kind": "date", "value": "not a date"},
                        "query": 3,
                        "selected": ["x"],
                    }
                },
            }
        ),
        encoding="utf-8",
    )
    state, theme = state_module.load_state(path, tmp_path / "x.db")
    assert state.filter == Filter() and state.query == "" and state.selected is None


async def test_question_mark_lists_every_key(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await wait_for(pilot, lambda: "Everywhere" in screen_text(app))
        text = screen_text(app)
        assert "Paper list" in text and "Show every key" in text
        shown = {
            key.strip()
            for _, rows in help_sections(app)
            for keys, _what in rows
            for key in keys.split(",")
        }
        for key in (
            "/",
            "j",
            "k",
            "g",
            "G",
            "home",
            "end",
            "pgup",
            "pgdn",
            "^d",
            "^u",
            "⏎",
            "esc",
            "tab",
            "shift+tab",
            "f",
            "b",
            "a",
            "n",
            "r",
            "o",
            "y",
            "s",
            "?",
            "q",
            "^p",
            "]",
            "[",
            "^s",
            "T",
            "l",
        ):
            assert key in shown, key
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_keymap_from_config_rebinds_keys(synced_store, tmp_path):
    config = Config(path=tmp_path / "c.toml", keymap={"bookmark": "x"})
    app = make_app(synced_store.path, tmp_path, config=config)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        key = app.screen.paper_list.current.paper.key
        await pilot.press("b")
        assert not app.library.bookmarks.is_bookmarked(key)
        await pilot.press("x")
        assert app.library.bookmarks.is_bookmarked(key)
        help_rows = [row for _, rows in help_sections(app) for row in rows]
        assert ("x", "Bookmark or unbookmark (Reading list)") in help_rows


async def test_every_config_problem_is_counted_and_listed_in_help(synced_store, tmp_path):
    config = Config(
        path=tmp_path / "c.toml",
        keymap={"nonsense-id": "z"},
        problems=("c.toml:3: ui.theme: expected a string",),
    )
    app = make_app(synced_store.path, tmp_path, config=config)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Config: 2 problems. Next: ? lists them all." in text
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = screen_text(app)
        assert "Config problems (2)" in help_text
        assert "c.toml:3: ui.theme: expected a string" in help_text
        assert "keymap.nonsense-id: no key binding has this id" in help_text


async def test_theme_flag_and_unknown_theme(synced_store, tmp_path):
    app = make_app(synced_store.path, tmp_path, theme="nord")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
    # an unknown name falls back to the theme remembered from the last run
    app = make_app(synced_store.path, tmp_path, theme="no-such-theme")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        assert "Unknown theme no-such-theme" in app.last_message


async def test_theme_chosen_in_the_app_is_remembered(synced_store, tmp_path):
    app = make_app(synced_store.path, tmp_path, theme=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await pilot.pause()
        await type_text(pilot, "gruvbox")
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "gruvbox"
        await pilot.press("q")
    app = make_app(synced_store.path, tmp_path, theme=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "gruvbox"


async def test_no_color_is_respected(app_factory):
    app = app_factory()  # the test suite runs with NO_COLOR=1
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.no_color
        style = app.screen.paper_list.get_component_rich_style("paper-list--cursor")
        assert style.reverse  # the cursor row stays visible without colour


async def test_ascii_marks(synced_store, tmp_path):
    app = make_app(synced_store.path, tmp_path, ascii_marks=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)  # the bookmark is written in a worker
        row = app.screen.paper_list.render_row(0, 80, False).plain
        assert row.startswith("* +")


async def test_q_quits(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_cli_entry_runs_the_reader(synced_store, tmp_path, monkeypatch):
    """``paperterm`` with no command builds the same app and runs it."""
    import paperterm.tui.app as app_module
    from paperterm.cli import main

    ran: list = []

    def fake_run(self, *args, **kwargs):
        ran.append((self.library.store.path, self.theme))
        return 0

    monkeypatch.setattr(app_module.PapertermApp, "run", fake_run)
    assert main(["--store", str(synced_store.path), "--theme", "nord"]) == 0
    assert ran == [(synced_store.path, "nord")]


def test_styles_resolve_from_the_checkout_or_the_package():
    from paperterm.tui.styles import css_paths

    paths = css_paths()
    assert paths and all(path.is_file() for path in paths)


async def test_a_list_filter_whose_list_was_renamed_elsewhere_falls_back_to_all(
    app_factory, synced_store
):
    some = [row[0] for row in synced_store.conn.execute("SELECT key FROM papers LIMIT 3")]
    for key in some:
        Bookmarks(synced_store).add_to_list(key, "kernels")
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = main(app)
        screen.active_filter = Filter("list", "kernels")
        await settle(pilot)
        assert screen.result.total == 3
        assert "List: kernels" in screen.query_one(HeaderBar).plain
        other = Store(synced_store.path)  # another shell: `paperterm lists rename kernels k2`
        Bookmarks(other).rename_list("kernels", "k2")
        await wait_for(pilot, lambda: screen.active_filter == ALL, timeout=15)
        await settle(pilot)
        assert "kernels" in app.last_message and "all papers" in app.last_message
        assert "List: kernels" not in screen.query_one(HeaderBar).plain
        assert screen.result.total == 80
        assert "is empty" not in screen_text(app)
