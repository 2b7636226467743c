"""The search bar says what the search did: dropped words, and errors that fit at 80 columns."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import Static

from paperterm.search.query import FILTERS
from paperterm.tui.screens.help import HelpScreen
from tests.tui.conftest import main, screen_text, search_for, settle, type_text


def bar(app) -> str:
    return screen_text(app).splitlines()[1]


async def test_a_dropped_word_is_named_beside_the_count(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search_for(pilot, "kernel xyzzy")
        assert main(app).paper_list.row_count > 0  # the typo did not empty the list
        assert "ignored: xyzzy" in bar(app)
        await type_text(pilot, "\b")  # still typing: no stale note once every word matches
        main(app).query_one("#search-input").value = "kernel density"
        await settle(pilot)
        assert "ignored" not in bar(app)


async def test_an_unknown_filter_at_80_columns_points_to_help_which_lists_every_filter(
    app_factory,
):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await search_for(pilot, "foo:bar")
        assert 'unknown filter "foo:" (? help)' in bar(app)
        await pilot.press("escape", "escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=80, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#help-body", Static).render()._renderable)
        text = " ".join(console.export_text().split())
        assert " ".join(f"{name}:" for name in FILTERS) in text
        assert "is: list: date: after: before: seen: in: author: upvotes: arxiv: sort:" in text


async def test_an_error_that_fits_is_shown_whole(app_factory):
    app = app_factory()
    async with app.run_test(size=(320, 30)) as pilot:
        await settle(pilot)
        await search_for(pilot, "foo:bar")
        assert "(filters: is:, list:" in bar(app)


async def test_a_paper_only_in_a_backup_says_so_not_seen_0_times(synced_store, tmp_path):
    from paperterm.bookmarks import Bookmarks
    from paperterm.bookmarks.export import export_text
    from paperterm.bookmarks.importer import import_file
    from paperterm.store import Store
    from tests.tui.conftest import make_app

    key = synced_store.conn.execute("SELECT key FROM papers LIMIT 1").fetchone()[0]
    Bookmarks(synced_store).toggle_bookmark(key)
    backup = tmp_path / "backup.json"
    backup.write_text(export_text(synced_store, "json"), encoding="utf-8")
    fresh = Store(tmp_path / "fresh.db")
    import_file(fresh, backup)
    fresh.close()
    app = make_app(tmp_path / "fresh.db", tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        text = " ".join(screen_text(app).replace("▏", " ").split())
        assert "digest left (from your backup or a removed" in text
        assert "seen 0 times" not in text and " 0× " not in text
