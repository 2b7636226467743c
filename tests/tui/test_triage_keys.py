"""Triage keys on the main screen over the two real digests: sort, read-all + undo, next
unread, go to a date, and New after syncing a new digest."""

from __future__ import annotations

import datetime as dt
import shutil
import time

from paperterm.bookmarks import Bookmarks
from paperterm.store import record_visit
from paperterm.sync import sync_paths
from paperterm.tui.filters import NEW, Filter
from paperterm.tui.widgets.list_header import ListHeader
from tests.tui.conftest import main, make_app, screen_text, search_for, settle, type_text
from tests.unit.test_visits import MAR14, MAR19

SIZE = (120, 30)


def header(app) -> str:
    return app.screen.query_one(ListHeader).plain


def rows(app, n: int = 5) -> list:
    paper_list = main(app).paper_list
    return [paper_list.hit_at(i) for i in range(n)]


async def test_sort_key_cycles_orders_in_the_header_and_date_column(app_factory, tmp_path):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Sorted: newest first" in header(app) and "last seen" in header(app)
        seen = []
        for _ in range(5):
            await pilot.press("O")
            await settle(pilot)
            screen = main(app)
            seen.append(screen.result.order)
            label = screen.result.sort.label
            assert f"Sorted: {label}" in header(app)
            assert screen.result.sort.date_label in header(app)
            first = screen.paper_list.hit_at(0)
            shown = str(screen.result.date_of(first))
            row = screen.paper_list.render_row(0, 100, False).plain
            assert shown in row  # the date column shows the order's date
        assert seen == ["oldest", "seen", "upvotes", "title", "newest"]
        await pilot.press("O")  # oldest, remembered
        await settle(pilot)
        firsts = [h.paper.first_seen for h in rows(app, 80)]
        assert firsts == sorted(firsts)
        await app.action_quit()
    again = app_factory()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert main(again).result.order == "oldest" and "oldest first" in header(again)


async def test_relevance_only_with_words(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search_for(pilot, "kernel")
        assert main(app).result.order == "relevance"
        await pilot.press("enter", "O")  # to the list; relevance -> newest
        await settle(pilot)
        assert main(app).result.order == "newest"


async def test_goto_date_selects_the_digest_and_the_nearest_one(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await type_text(pilot, "mar 19")
        await pilot.press("enter")
        await settle(pilot)
        screen = main(app)
        assert screen.active_filter == Filter("date", "2026-03-19")
        assert screen.result.total == 47 and screen.filter_pane.active == screen.active_filter
        await pilot.press("D")
        await type_text(pilot, "2026-03-15")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.active_filter == Filter("date", "2026-03-14")
        assert "nearest, 2026-03-14" in screen_text(app)
        await pilot.press("D")
        await type_text(pilot, "the moon")
        await pilot.press("enter")
        await settle(pilot)
        assert "not a date" in screen_text(app)
        assert screen.active_filter == Filter("date", "2026-03-14")


async def test_read_all_asks_naming_count_and_view_then_u_undoes(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main(app).active_filter = Filter("date", "2026-03-14")
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        text = screen_text(app)
        assert "Mark the 58 papers of Digest 2026-03-14 read?" in text
        await pilot.press("n")  # no: nothing changes
        await settle(pilot)
        assert Bookmarks(synced_store).read_keys() == set()
        await pilot.press("M")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        screen = main(app)
        assert len(Bookmarks(synced_store).read_keys()) == 58
        assert screen.counts.unread == 22 and "Marked 58 papers read" in screen_text(app)
        row = screen.paper_list.render_row(0, 100, False).plain
        assert not row.startswith("●")  # the rows redraw as read
        await pilot.press("u")
        await settle(pilot)
        assert Bookmarks(synced_store).read_keys() == set()
        assert screen.counts.unread == 80 and "unread again" in screen_text(app)
        await pilot.press("u")
        await settle(pilot)
        assert "Nothing to undo" in screen_text(app)


async def test_next_unread_skips_read_papers_and_says_when_none_is_left(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        hits = rows(app, 80)
        Bookmarks(synced_store).set_read_many([h.paper.key for h in hits[1:3]])
        main(app).reload()
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        assert main(app).paper_list.cursor == 3
        Bookmarks(synced_store).set_read_many([h.paper.key for h in hits[4:]])
        main(app).reload()
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        assert main(app).paper_list.cursor == 3
        assert "No unread paper below" in screen_text(app)


async def test_new_after_syncing_a_new_digest(store, tmp_path):
    sync_paths(store, [MAR14])
    with store.write() as conn:
        record_visit(conn, dt.datetime.now(dt.UTC))
    time.sleep(1.1)  # created_at has whole seconds: the new digest comes a second later
    new_digest = tmp_path / "mar21.txt"
    shutil.copy(MAR19, new_digest)
    text = new_digest.read_text(encoding="utf-8").replace("Mar 19", "Mar 21", 1)
    new_digest.write_text(text, encoding="utf-8")
    sync_paths(store, [new_digest])
    fresh = store.conn.execute(
        "SELECT count(*) FROM papers WHERE first_seen = '2026-03-21'"
    ).fetchone()[0]
    assert fresh == 22
    app = make_app(store.path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        assert screen.active_filter == NEW and screen.result.total == 22
        assert "22 new papers since" in screen_text(app)
        assert {h.paper.first_seen for h in rows(app, 22)} == {dt.date(2026, 3, 21)}
        assert screen.paper_list.render_row(0, 100, False).plain.startswith("✦")
        assert screen.counts.new == 22
        await app.action_quit()
    again = make_app(store.path, tmp_path)  # the visit was recorded on quit
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert main(again).active_filter != NEW and main(again).counts.new == 0


async def test_reading_every_new_paper_is_caught_up(store, tmp_path):
    sync_paths(store, [MAR14])
    with store.write() as conn:
        record_visit(conn, dt.datetime.now(dt.UTC))
    time.sleep(1.1)
    sync_paths(store, [MAR19])
    app = make_app(store.path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        assert screen.active_filter == NEW and screen.counts.new == 22
        await pilot.press("M", "y")
        await settle(pilot)
        assert screen.counts.new == 0 and "Caught up" in screen_text(app)
