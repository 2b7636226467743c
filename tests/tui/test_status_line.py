"""Pilot tests: the status line keeps its point at 80 columns, expires, and never goes back."""

from __future__ import annotations

import pytest

from paperterm.tui import messaging
from paperterm.tui.messages import SyncProgressed
from paperterm.tui.widgets import StatusLine
from paperterm.tui.widgets.message_fit import elide_paths, fit_lines
from tests.tui.conftest import main, settle, wait_for

LONG_PATH = "/home/someone/.config/paperterm/a/rather/deeply/nested/folder/config.toml"
PROBLEM = (
    f"Config: {LONG_PATH}:1: invalid TOML: Expected '=' after a key in a key/value pair "
    "(column 5); using the default settings. Next: paperterm config edit to fix it."
)


def test_long_paths_are_elided_in_the_middle_keeping_the_file_name():
    short = elide_paths(f"Cannot read {LONG_PATH}: permission denied", 60)
    assert "config.toml: permission denied" in short and short.startswith("Cannot read /home")
    assert "…" in short and len(short) <= 60


def test_a_long_message_wraps_to_two_lines_keeping_the_reason_and_next():
    rows = [row.plain for row in fit_lines(PROBLEM, "", 78)]
    assert len(rows) == 2 and all(len(row) <= 78 for row in rows)
    joined = " ".join(rows)
    assert "invalid TOML" in joined and "config.toml:1" in joined
    assert rows[-1].endswith("paperterm config edit to fix it.")


async def test_late_sync_progress_never_overwrites_the_final_message(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.sync_run = 3
        app._final_run = 3  # run 3 said its summary; its progress arrives late
        app.syncing = True  # and a new sync may be about to start
        app.say("Synced: 2 digests", "success")
        app.post_message(SyncProgressed(1, 2, "x.txt", 40, 0, run=3))
        app.post_message(SyncProgressed(1, 2, "x.txt", 40, 0, run=2))
        await pilot.pause()
        await pilot.pause()
        assert app.last_message == "Synced: 2 digests"
        app.syncing = False


async def test_info_messages_expire_and_warnings_wait_for_the_next_key(app_factory, monkeypatch):
    monkeypatch.setattr(messaging, "EXPIRES", {"info": 0.2, "success": 0.2})
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        status = main(app).query_one(StatusLine)
        app.say("Showing all papers.")
        assert status.plain == "Showing all papers."
        await wait_for(pilot, lambda: status.plain == "")
        app.say("Could not do it. Why: because.", "warning")
        await pilot.pause(0.5)
        assert "Could not do it" in status.plain  # a warning stays
        await pilot.press("j")
        await pilot.pause()
        assert status.plain == ""


async def test_the_status_line_uses_two_lines_for_a_long_problem_at_80_columns(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.say(PROBLEM, "warning")
        await pilot.pause()
        status = main(app).query_one(StatusLine)
        assert status.size.height == 2
        assert "Next: paperterm config edit to fix it." in status.plain


@pytest.mark.parametrize("width", [80, 60])
def test_footer_fits_with_help_and_quit(snap_compare, synced_store, tmp_path, width):
    from tests.tui.conftest import make_app

    app = make_app(synced_store.path, tmp_path)
    assert snap_compare(app, terminal_size=(width, 24), run_before=settle)


def test_status_line_with_a_long_message_at_80_columns(snap_compare, synced_store, tmp_path):
    from tests.tui.conftest import make_app

    async def run(pilot) -> None:
        await settle(pilot)
        pilot.app.say(PROBLEM, "warning")
        await pilot.pause()

    app = make_app(synced_store.path, tmp_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run)
