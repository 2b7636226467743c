"""The reader over a store synced from the hostile folder: markup shows literally, clicks on
``[@click=app.quit]`` text do nothing, and no injected sequence reaches a screenshot.

``run_test`` writes nothing to a terminal, so the checks read what the reader would draw:
the screen's text and ``export_screenshot()`` (tests/test_pty.py checks the real bytes).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from hostile_fixtures import HOSTILE, load_make

from paperterm.config import Config
from paperterm.models import Entry
from paperterm.store import Store
from paperterm.sync import sync_paths, sync_units
from paperterm.sync.units import Fetched, Unit
from tests.tui.conftest import screen_lines, screen_text, settle

SIZE = (160, 48)


make = load_make()

# A paper that skipped the parser (as a careless future source might store it): the reader
# must clean it again when it draws it.
RAW_TITLE = (
    f"Raw \x1b]52;c;{make.OSC52_BODY}\x07Row \x1b[6n\u009b31m\u202eTitle [@click=app.quit]Quit"
)
RAW_ABSTRACT = (
    f"Raw abstract \x1b]8;;{make.OSC8_URL}\x07link\x1b]8;;\x07 and \x1b]0;{make.WINDOW_TITLE}\x07"
)
RAW_SHOWN = "Raw Row Title [@click=app.quit]Quit"


def raw_unit() -> Unit:
    from paperterm.models import Digest, ParseResult

    entry = Entry(title=RAW_TITLE, abstract=RAW_ABSTRACT, authors=("Ann \x1b[2J\u202eB",))
    result = ParseResult((Digest(dt.date(2025, 3, 16), (entry,)),))
    return Unit(kind="memory", locator="memory:raw", stamp="1", fetch=lambda: Fetched("x", result))


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-tui")
    folder = root / "digests"
    folder.mkdir()
    stamp = dt.datetime.fromisoformat(make.REFERENCE_DATE + "T12:00:00").timestamp()
    for path in HOSTILE.glob("*.txt"):
        shutil.copyfile(path, folder / path.name)
        os.utime(folder / path.name, (stamp, stamp))
    store = Store(root / "hostile.db")
    sync_paths(store, [folder])
    sync_units(store, [raw_unit()], source="test")
    store.close()
    return root / "hostile.db"


@pytest.fixture
def reader(hostile_store: Path, tmp_path: Path):
    from paperterm.tui.app import create_app

    def build():
        return create_app(
            hostile_store,
            Config(path=tmp_path / "config.toml"),
            theme="textual-dark",
            state_path=tmp_path / "state.json",
        )

    return build


def pane_text(app, selector: str) -> str:
    """The words one widget draws, wrapped lines joined with single spaces."""
    region = app.screen.query_one(selector).region
    rows = screen_lines(app)[region.y : region.bottom]
    text = " ".join(row[region.x : region.right] for row in rows)
    return " ".join(text.translate(_BORDERS).split())


_BORDERS = str.maketrans(dict.fromkeys("▏▕▔▁│┃", " "))


def assert_nothing_injected(app) -> None:
    """Neither the drawn text nor the SVG screenshot holds an injected sequence or payload."""
    text = screen_text(app)
    assert make.scan_output(text.encode(), terminal=False) == [], text
    svg = app.export_screenshot()
    assert make.scan_output(svg.encode(), terminal=False) == []
    assert "\x1b" not in svg


async def search(pilot, query: str) -> None:
    """Paste ``query`` into the search bar and go to the list with the top hit selected.

    Pasting is how control characters reach an input: a terminal delivers a bracketed paste
    verbatim, ESC included.
    """
    from textual import events

    from paperterm.tui.widgets import SearchInput

    await pilot.press("slash")
    field = pilot.app.screen.query_one(SearchInput)
    field.value = ""
    field.post_message(events.Paste(query))
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def click_text(pilot, needle: str) -> None:
    """Click the screen where ``needle`` is drawn (its first character)."""
    for y, row in enumerate(screen_lines(pilot.app)):
        x = row.find(needle)
        if x >= 0:
            await pilot.click(offset=(x + 1, y))
            await settle(pilot)
            return
    raise AssertionError(f"{needle!r} is not on screen")


async def test_the_list_shows_markup_literally_and_nothing_injected(reader) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert_nothing_injected(app)
        for query, title in [
            ("Bold Claims", make.MARKUP_TITLE),
            ("Unbalanced Closing", make.UNBALANCED_TITLE),
            ("Red Alert", "Red Alert: Colour Codes in Titles"),
            ("Access Level", "Access Level resU Granted"),
        ]:
            await search(pilot, query)
            assert title[:40] in pane_text(app, "#paper-list")  # the row (maybe cut with …)
            assert title in pane_text(app, "#detail")
            assert_nothing_injected(app)


async def test_the_reading_view_shows_title_and_abstract_literally(reader) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "Bold Claims")
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ReadingScreen"
        text = " ".join(screen_text(app).split())
        assert make.MARKUP_TITLE in text
        assert "Markup [red]inside[/red] an abstract, [@click=app.bell]ring[/]" in text
        assert_nothing_injected(app)
        await click_text(pilot, "[@click=app.quit]")
        assert app.is_running and app.return_code is None


async def test_search_with_markup_and_odd_queries_stays_clean(reader) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for query in ["clipboard", "[bold]", "[/]", "[@click=app.quit]", "osc 52", '"[b', "]]"]:
            await search(pilot, query)
            assert app.is_running
            assert_nothing_injected(app)


async def test_clicking_click_markup_in_the_list_and_detail_does_not_quit(reader) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "Bold Claims")
        # The title is drawn in the list row and in the detail pane: click both.
        await click_text(pilot, "[@click=app.quit]")
        assert app.is_running and app.return_code is None
        rows = [r for r in screen_lines(app) if "[@click=app.quit]" in r]
        assert rows, "the markup text is drawn literally"
        for row_text in rows:
            x = row_text.find("[@click=app.quit]")
            y = screen_lines(app).index(row_text)
            await pilot.click(offset=(x + 3, y))
            await settle(pilot)
            assert app.is_running and app.return_code is None


async def test_bookmark_notification_shows_markup_literally(reader) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "Bold Claims")
        await pilot.press("b")
        await settle(pilot)
        assert "[bold red]Bold Claims" in app.last_message
        text = screen_text(app)
        assert "Bookmarked" in text and "[bold red]Bold Claims" in text
        assert_nothing_injected(app)
        await click_text(pilot, "Bookmarked")
        assert app.is_running and app.return_code is None


async def test_a_row_that_bypassed_ingest_is_cleaned_at_render(reader) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "raw row title")
        text = " ".join(screen_text(app).split())
        assert RAW_SHOWN in text
        assert_nothing_injected(app)
        await pilot.press("enter")
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert RAW_SHOWN in text and "Raw abstract link and" in text
        assert_nothing_injected(app)
        await pilot.press("b")
        await settle(pilot)
        assert_nothing_injected(app)
        await click_text(pilot, "[@click=app.quit]")
        assert app.is_running and app.return_code is None


async def test_every_row_of_the_hostile_store_draws_clean(reader) -> None:
    app = reader()
    async with app.run_test(size=(160, 80)) as pilot:  # tall enough for every row at once
        await settle(pilot)
        rows = pane_text(app, "#paper-list")
        assert "Raw Row Title [@click=app.quit]" in rows
        assert "Null Bytes in Titles" in rows and "Invalid \ufffd UTF-8" in rows
        assert_nothing_injected(app)


async def test_every_paper_of_the_hostile_store_renders_clean(reader) -> None:
    # Walk the whole list: each paper's detail pane is drawn in turn.
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        count = app.screen.query_one("#paper-list").row_count
        assert count > 50
        seen = set()
        for step in range(count):
            text = screen_text(app)
            assert make.scan_output(text.encode(), terminal=False) == [], text
            seen.add(pane_text(app, "#detail")[:60])
            if step % 10 == 0:
                assert_nothing_injected(app)
            await pilot.press("j")
            await pilot.pause()
        await settle(pilot)
        assert_nothing_injected(app)
        assert len(seen) > count // 2  # the detail pane followed the cursor
        assert app.is_running


PASTE = f"\x1b[6n\x1b]52;c;{make.OSC52_BODY}\x07clip \u202eresU \u009b6n"


@pytest.mark.parametrize("where", ["search", "note", "list"])
async def test_text_pasted_into_an_input_is_not_drawn_raw(reader, where: str) -> None:
    from textual import events

    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "Bold Claims")
        if where != "search":
            await pilot.press({"note": "n", "list": "a"}[where])
            await settle(pilot)
        else:
            await pilot.press("slash")
        app.focused.post_message(events.Paste(PASTE))
        await settle(pilot)
        assert "clip" in screen_text(app)
        assert_nothing_injected(app)
