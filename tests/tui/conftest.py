"""Fixtures and helpers for the reader's pilot and snapshot tests."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from pathlib import Path

import pytest

from paperterm.config import Config, UiSettings
from paperterm.models import Digest, Entry, ParseResult
from paperterm.sync import sync_units
from paperterm.sync.units import Fetched, Unit

THEME = "textual-dark"


def make_app(store_path: Path, tmp_path: Path, *, config: Config | None = None, **kwargs):
    """The reader over ``store_path`` with a fixed theme, its state file under ``tmp_path``."""
    from paperterm.tui.app import create_app

    return create_app(
        store_path,
        config if config is not None else Config(path=tmp_path / "config.toml"),
        theme=kwargs.pop("theme", THEME),
        state_path=kwargs.pop("state_path", tmp_path / "state.json"),
        **kwargs,
    )


async def settle(pilot, timeout: float = 30.0) -> None:
    """Wait until no worker runs and the messages they posted are handled."""
    app = pilot.app
    deadline = time.monotonic() + timeout
    quiet = 0
    while time.monotonic() < deadline:
        await app.workers.wait_for_complete()
        await pilot.pause()
        if any(w.is_running for w in app.workers):
            quiet = 0
            continue
        quiet += 1
        if quiet >= 2:
            return
    raise AssertionError("the reader did not settle")


async def wait_for(pilot, condition, timeout: float = 30.0) -> None:
    """Wait until ``condition()`` holds (polling the app)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met in time")


async def type_text(pilot, text: str) -> None:
    """Type ``text`` into the focused input at once (typing key by key is tested elsewhere)."""
    from textual.widgets import Input, TextArea

    focused = pilot.app.focused
    if isinstance(focused, TextArea):
        focused.insert(text)
    else:
        assert isinstance(focused, Input), focused
        focused.insert_text_at_cursor(text)
    await pilot.pause()


async def search_for(pilot, text: str) -> None:
    """Open the search bar, type ``text`` and wait for the list to show its hits."""
    await pilot.press("slash")
    await type_text(pilot, text)
    await settle(pilot)


def screen_lines(app) -> list[str]:
    """What the active screen shows, one plain text line per row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app) -> str:
    """What the active screen shows, as plain text lines."""
    return "\n".join(screen_lines(app))


def main(app):
    """The main screen, which must be the active one."""
    from paperterm.tui.screens.main import MainScreen

    assert isinstance(app.screen, MainScreen), app.screen
    return app.screen


def memory_unit(locator: str, day: dt.date, entries: list[Entry]) -> Unit:
    """A sync unit held in memory: one digest of ``entries`` on ``day``."""
    digest = Digest(day, tuple(entries))
    sha = hashlib.sha256(repr((locator, day, entries)).encode()).hexdigest()
    result = ParseResult((digest,))
    return Unit(kind="memory", locator=locator, stamp=sha, fetch=lambda: Fetched(sha, result))


def add_papers(store, locator: str, day: dt.date, entries: list[Entry]):
    """Sync in-memory entries into ``store`` (papers with links, hostile titles...)."""
    report = sync_units(store, [memory_unit(locator, day, entries)], source="test")
    assert report.ok, report.errors
    return report


def linked_store(store) -> str:
    """Add a paper with an arXiv id and a hostile title; its key."""
    add_papers(
        store,
        "memory://linked",
        dt.date(2026, 3, 20),
        [
            Entry(
                "Linked \x1b[31mPaper\x1b]52;c;ZXZpbA==\x07 about [bold]kernels[/bold]",
                "An abstract.",
                arxiv_id="2603.01234",
            )
        ],
    )
    return store.conn.execute("SELECT key FROM papers WHERE arxiv_id = '2603.01234'").fetchone()[0]


@pytest.fixture
def app_factory(synced_store, tmp_path):
    """Build readers over the synced fixture store."""

    def build(**kwargs):
        return make_app(synced_store.path, tmp_path, **kwargs)

    return build


@pytest.fixture
def no_mark_on_open(tmp_path) -> Config:
    return Config(path=tmp_path / "config.toml", ui=UiSettings(mark_read_on_open=False))


@pytest.fixture
def color(monkeypatch):
    """Snapshots in colour: the suite sets NO_COLOR, the reader honours it."""
    monkeypatch.delenv("NO_COLOR", raising=False)
