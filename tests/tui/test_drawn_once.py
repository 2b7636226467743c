"""A keystroke draws only what changed: the same paper's detail and the same rows are kept,
and whatever changed (a highlight, a mark, another abstract) is drawn anew."""

from __future__ import annotations

import dataclasses

from paperterm.tui.widgets import PaperList
from paperterm.tui.widgets.detail_pane import DetailPane
from tests.tui.conftest import main, screen_text, search_for, settle, wait_for


def count_calls(monkeypatch, cls: type, name: str) -> list[int]:
    calls: list[int] = []
    original = getattr(cls, name)

    def counted(self, *args, **kwargs):  # noqa: ANN001
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, counted)
    return calls


async def test_the_paper_shown_again_is_not_laid_out_again_and_keeps_its_place(
    app_factory, monkeypatch
):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(DetailPane)
        detail = pane.detail
        assert detail is not None
        pane.scroll_to(y=3, animate=False)
        await settle(pilot)
        before = pane.text
        layouts = count_calls(monkeypatch, DetailPane, "_render_lines")
        pane.detail = dataclasses.replace(detail)  # what a search landing on it hands over
        await settle(pilot)
        assert layouts == []
        assert pane.text == before and pane.scroll_offset.y == 3
        # Another abstract of the same paper is laid out and shown.
        paper = dataclasses.replace(detail.paper, abstract="Rewritten abstract zebrafinch.")
        pane.detail = dataclasses.replace(detail, paper=paper)
        await settle(pilot)
        assert layouts and "zebrafinch" in pane.text


async def test_rows_a_new_list_shares_with_the_last_are_reused_and_the_rest_drawn(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search_for(pilot, "model")
        paper_list = main(app).query_one(PaperList)
        rows = range(1, 6)
        first = {paper_list.hit_at(r).paper.key: paper_list.render_line(r) for r in rows}
        spans = {paper_list.hit_at(r).paper.key: paper_list.hit_at(r).spans for r in rows}
        # A new list of the same hits (what the next keystroke often gives): rows are kept.
        paper_list.listing = dataclasses.replace(paper_list.listing)
        for row in rows:
            assert paper_list.render_line(row) is first[paper_list.hit_at(row).paper.key]
        # More letters: a row whose highlight changed is drawn anew, the others are kept.
        await pilot.press("s")
        await settle(pilot)
        changed = 0
        for row in range(1, min(20, paper_list.row_count)):
            hit = paper_list.hit_at(row)
            if hit.paper.key in first:
                kept = paper_list.render_line(row) is first[hit.paper.key]
                assert kept == (hit.spans == spans[hit.paper.key])
                changed += not kept
        assert changed
        # A mark changes the row it is on.
        paper_list.focus()
        await settle(pilot)
        row_text = paper_list.render_line(0).text
        await pilot.press("r")  # read / unread
        await settle(pilot)
        assert paper_list.render_line(0).text != row_text
        assert "/ models" in screen_text(app)


async def test_finding_related_papers_is_laid_out_once_for_every_paper(app_factory, monkeypatch):
    from paperterm.tui.screens import related_papers

    monkeypatch.setattr(related_papers, "RELATED_DELAY", 60.0)  # still "finding…" throughout
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = main(app)
        pane = screen.query_one(DetailPane)
        await wait_for(pilot, lambda: screen.loaded and "finding related papers" in pane.text)
        layouts = count_calls(monkeypatch, DetailPane, "_render_lines")
        await pilot.press("j")
        current = screen.paper_list.current.paper.key
        await wait_for(pilot, lambda: pane.detail is not None and pane.detail.paper.key == current)
        await pilot.pause(0.1)
        assert "finding related papers" in pane.text
        assert len(layouts) == 1  # the new paper's body; its "finding…" line is the last one's
