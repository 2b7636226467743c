"""Snapshot tests: what the reader looks like, with fixed data, theme and sizes.

Refresh with ``pytest tests/tui --snapshot-update`` only after looking at the new SVGs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from paperterm.bookmarks import Bookmarks
from paperterm.config import Config
from paperterm.store import record_visit
from tests.tui.conftest import make_app, settle, type_text

# The two fixture digests give 80 papers; these get marks so every kind of row shows.
READ_TITLE = "SMASH: Sparse Matrix Atomic Scratchpad Hashing"
BOOKMARKED_TITLE = "Kernel Density Estimators in Large Dimensions"


def key_of(store, title: str) -> str:
    row = store.conn.execute("SELECT key FROM papers WHERE title = ?", (title,)).fetchone()
    assert row, title
    return row[0]


@pytest.fixture
def marked_store(synced_store):
    marks = Bookmarks(synced_store)
    marks.set_read(key_of(synced_store, READ_TITLE))
    kde = key_of(synced_store, BOOKMARKED_TITLE)
    marks.toggle_bookmark(kde)
    marks.add_to_list(kde, "kernels")
    marks.set_note(kde, "Compare with the [b]NTK[/b] paper; eq. 3 is the key step.")
    marks.create_list("diffusion")
    return synced_store


def reader(store, tmp_path: Path, **kwargs):
    return make_app(store.path, tmp_path, **kwargs)


def driver(*keys: str, text: str | None = None, then: tuple[str, ...] = ()):
    """A run_before that settles, presses ``keys``, types ``text``, presses ``then``."""

    async def run(pilot) -> None:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)
        if text is not None:
            await type_text(pilot, text)
            await settle(pilot)
        if then:
            await pilot.press(*then)
            await settle(pilot)
        steady_cursors(pilot.app)

    return run


def steady_cursors(app) -> None:
    """Stop text cursors blinking, so a snapshot never catches one half-way."""
    from textual.widgets import Input, TextArea

    for field in app.screen.query(Input):
        field.cursor_blink = False
    for area in app.screen.query(TextArea):
        area.cursor_blink = False


def test_main_80x24(snap_compare, marked_store, tmp_path, color):
    app = reader(marked_store, tmp_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=driver())


def test_main_160x50(snap_compare, marked_store, tmp_path, color):
    app = reader(marked_store, tmp_path)
    assert snap_compare(app, terminal_size=(160, 50), run_before=driver("j", "j"))


def test_search_highlights_matches_100x30(snap_compare, marked_store, tmp_path, color):
    app = reader(marked_store, tmp_path)
    run = driver("slash", text="kernl densty", then=("enter",))
    assert snap_compare(app, terminal_size=(100, 30), run_before=run)


def test_reading_view(snap_compare, marked_store, tmp_path, color):
    app = reader(marked_store, tmp_path)
    run = driver("slash", text="kernel density large", then=("enter", "enter"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run)


def test_help_screen(snap_compare, marked_store, tmp_path, color):
    app = reader(marked_store, tmp_path)
    assert snap_compare(app, terminal_size=(100, 40), run_before=driver("question_mark"))


def test_note_editor(snap_compare, marked_store, tmp_path, color):
    app = reader(marked_store, tmp_path)
    run = driver("slash", text="kernel density large", then=("enter", "n"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run)


def test_list_picker(snap_compare, marked_store, tmp_path, color):
    app = reader(marked_store, tmp_path)
    run = driver("slash", text="kernel density large", then=("enter", "a"))

    async def run_and_type(pilot) -> None:
        await run(pilot)
        await type_text(pilot, "k")
        await settle(pilot)
        steady_cursors(pilot.app)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_and_type)


def test_welcome_on_an_empty_store(snap_compare, store, tmp_path, color):
    config = Config(path=Path("/home/you/.config/paperterm/config.toml"))  # a stable path
    app = reader(store, tmp_path, config=config)
    assert snap_compare(app, terminal_size=(80, 24), run_before=driver())


def test_query_error(snap_compare, marked_store, tmp_path, color):
    app = reader(marked_store, tmp_path)
    run = driver("slash", text='kernel seen:>=x "open')
    assert snap_compare(app, terminal_size=(80, 24), run_before=run)


def test_no_color_80x24(snap_compare, marked_store, tmp_path):
    app = reader(marked_store, tmp_path)  # NO_COLOR=1 from the suite's conftest
    assert snap_compare(app, terminal_size=(80, 24), run_before=driver("j"))


def test_triage_80x24(snap_compare, marked_store, tmp_path, color):
    app = reader(marked_store, tmp_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=driver("t", "k", "x"))


def test_stats_view_80x24(snap_compare, marked_store, tmp_path, color):
    app = reader(marked_store, tmp_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=driver("S"))


def test_note_editor_unsaved_changes(snap_compare, marked_store, tmp_path, color):
    app = reader(marked_store, tmp_path)
    run = driver("slash", text="kernel density large", then=("enter", "n"))

    async def run_and_type(pilot) -> None:
        await run(pilot)
        await type_text(pilot, " Also eq. 5.")
        await pilot.press("escape")
        await settle(pilot)
        steady_cursors(pilot.app)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_and_type)


# -- an enriched paper (issue 15) and related papers (issue 16) -------------------------------

NTK_TITLE = "Neural Tangent Kernel: Convergence and Generalization in Neural Networks"
NTK_AUTHORS = (
    "Arthur Jacot",
    "Franck Gabriel",
    "Clément Hongler",
    "Ada Example",
    "Bo Example",
)


@pytest.fixture
def enriched_store(marked_store):
    """The NTK paper as a title match leaves it: ids, authors, date, upvotes, summary, code."""
    from paperterm.enrich.cache import apply_match
    from paperterm.enrich.match import Candidate

    match = Candidate(
        "hf",
        NTK_TITLE,
        "1806.07572",
        authors=NTK_AUTHORS,
        published="2018-06-20",
        upvotes=42,
        ai_summary="Training a wide network by gradient descent follows a fixed kernel.",
        github="https://github.com/example/ntk",
        category="cs.LG",
    )
    pid = marked_store.conn.execute(
        "SELECT id FROM papers WHERE title = ?", (NTK_TITLE,)
    ).fetchone()[0]
    with marked_store.write() as conn:
        apply_match(conn, pid, match)
    return marked_store


NTK_QUERY = driver("slash", text='"Neural Tangent Kernel"', then=("enter",))


def test_detail_pane_of_an_enriched_paper_160x50(snap_compare, enriched_store, tmp_path, color):
    app = reader(enriched_store, tmp_path)
    assert snap_compare(app, terminal_size=(160, 50), run_before=NTK_QUERY)


def test_detail_pane_with_related_papers(snap_compare, enriched_store, tmp_path, color):
    app = reader(enriched_store, tmp_path)
    run = driver("slash", text='"Neural Tangent Kernel"', then=("enter", "tab", "G"))
    assert snap_compare(app, terminal_size=(160, 50), run_before=run)


def test_reading_view_of_an_enriched_paper(snap_compare, enriched_store, tmp_path, color):
    app = reader(enriched_store, tmp_path)
    run = driver("slash", text='"Neural Tangent Kernel"', then=("enter", "enter"))
    assert snap_compare(app, terminal_size=(100, 40), run_before=run)


# -- triage and discovery (issues 14, 16) ---------------------------------------------------


@pytest.mark.parametrize("presses", [1, 2, 3, 4], ids=["oldest", "seen", "upvotes", "title"])
def test_sort_order_header(snap_compare, marked_store, tmp_path, color, presses):
    app = reader(marked_store, tmp_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=driver(*["O"] * presses))


def test_bulk_read_confirmation(snap_compare, marked_store, tmp_path, color):
    app = reader(marked_store, tmp_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=driver("M"))


def test_new_view_with_its_startup_message(snap_compare, store, tmp_path, color):
    import datetime as dt

    from paperterm.sync import sync_paths
    from tests.unit.test_visits import MAR14, MAR19

    sync_paths(store, [MAR14])
    with store.write() as conn:  # the last visit between the two digests' syncs
        conn.execute("UPDATE papers SET created_at = '2026-03-14T08:00:00+00:00'")
        record_visit(conn, dt.datetime(2026, 3, 14, 9, 12, tzinfo=dt.UTC))
    sync_paths(store, [MAR19])
    app = reader(store, tmp_path)
    assert snap_compare(app, terminal_size=(100, 30), run_before=driver())


# -- upvotes in rows (issue 15), the related list (issue 16) ---------------------------------


@pytest.fixture
def upvoted_store(enriched_store):
    """Two more papers with upvotes, one past a thousand (shown as 1.2k)."""
    with enriched_store.write() as conn:
        conn.execute("UPDATE papers SET upvotes = 1234 WHERE title = ?", (BOOKMARKED_TITLE,))
        conn.execute("UPDATE papers SET upvotes = 7 WHERE title = ?", (READ_TITLE,))
    return enriched_store


def test_rows_show_upvotes_when_known(snap_compare, upvoted_store, tmp_path, color):
    app = reader(upvoted_store, tmp_path)
    assert snap_compare(app, terminal_size=(100, 24), run_before=driver("O", "O", "O"))


def test_related_list_view(snap_compare, enriched_store, tmp_path, color):
    app = reader(enriched_store, tmp_path)
    run = driver("slash", text='"Neural Tangent Kernel"', then=("enter", "R"))
    assert snap_compare(app, terminal_size=(120, 30), run_before=run)
