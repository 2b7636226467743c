"""Rows show a paper's upvotes when they are known (▲42, ^42 in ASCII), and nothing when not."""

from __future__ import annotations

from paperterm.tui.render import ASCII, UNICODE
from paperterm.tui.widgets.paper_list import upvotes_cell
from tests.tui.conftest import main, screen_text, search_for, settle

NTK = "Neural Tangent Kernel: Convergence and Generalization in Neural Networks"


def test_upvotes_cell_is_compact_and_ascii_safe():
    assert upvotes_cell(None, UNICODE) == "" and upvotes_cell(42, UNICODE) == "▲42"
    assert upvotes_cell(42, ASCII) == "^42" and upvotes_cell(1234, UNICODE) == "▲1.2k"
    assert upvotes_cell(1000, ASCII) == "^1k" and upvotes_cell(123456, ASCII) == "^123k"
    assert len(upvotes_cell(99_999, UNICODE)) <= 5


def set_upvotes(store, title: str, upvotes: int) -> None:
    with store.write() as conn:
        conn.execute("UPDATE papers SET upvotes = ? WHERE title = ?", (upvotes, title))


def row_text(app, row: int) -> str:
    paper_list = main(app).paper_list
    return paper_list.render_row(row, 100, cursor=False).plain


async def test_a_row_shows_upvotes_only_when_known(app_factory, synced_store):
    set_upvotes(synced_store, NTK, 42)
    app = app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await search_for(pilot, "neural tangent")
        screen = main(app)
        rows = [row_text(app, i) for i in range(screen.paper_list.row_count)]
        [ntk] = [r for r in rows if "Neural Tangent Kernel" in r]
        assert "▲42" in ntk and "▲42" in screen_text(app)
        assert not any("▲" in r for r in rows if r != ntk)


async def test_upvotes_in_ascii_mode(app_factory, synced_store, monkeypatch):
    monkeypatch.setenv("PAPERTERM_ASCII", "1")
    set_upvotes(synced_store, NTK, 42)
    app = app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await search_for(pilot, "neural tangent")
        text = screen_text(app)
        assert "^42" in text and "▲" not in text
