"""Issue 14's new-user walk-through end to end, as done in tmux at 80x24 over the two real
digests: triage the Mar 14 digest keeping three papers, quit, sync a new digest (a later day,
three titles changed), reopen: the New view shows exactly the three new papers and says so."""

from __future__ import annotations

import time

from paperterm.bookmarks import Bookmarks
from paperterm.sync import sync_paths
from paperterm.tui.filters import NEW
from paperterm.tui.screens.triage import TriageScreen
from tests.tui.conftest import main, make_app, screen_text, settle, type_text
from tests.unit.test_visits import MAR14, MAR19

SIZE = (80, 24)
CHANGED = (
    "Hardware Acceleration of Neural Graphics",
    "Scalable Neural Network Kernels",
    "Efficiently Computing Similarities to Private Datasets",
)


def new_digest(tmp_path):
    text = MAR19.read_text(encoding="utf-8").replace("\nMar 19\n", "\nMar 21\n", 1)
    for title in CHANGED:
        assert title in text, title
        text = text.replace(title, f"{title} (Revisited)", 1)
    path = tmp_path / "mar21.txt"
    path.write_text(text, encoding="utf-8")
    return path


async def test_triage_a_digest_quit_sync_and_reopen_on_the_new_papers(store, tmp_path):
    sync_paths(store, [MAR14, MAR19])
    app = make_app(store.path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await type_text(pilot, "mar 14")
        await pilot.press("enter")
        await settle(pilot)
        assert main(app).result.total == 58
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen)
        await pilot.press("k", "x", "k", "k")  # keep three, skip one
        await pilot.press(*["x"] * 54)  # and the rest of the day
        await settle(pilot)
        assert "3 kept, 55 marked read, 0 left unread" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("q")  # quits from the main screen, recording the visit
        await settle(pilot)
    marks = Bookmarks(store)
    assert len(marks.bookmarked_keys()) == 3
    time.sleep(1.1)  # the visit and created_at have whole seconds
    sync_paths(store, [new_digest(tmp_path)])
    again = make_app(store.path, tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(again)
        assert screen.active_filter == NEW and screen.result.total == 3
        shown = {screen.paper_list.hit_at(i).paper.title for i in range(3)}
        assert shown == {f"{title} (Revisited)" for title in CHANGED}
        assert "3 new papers since" in screen_text(again)
