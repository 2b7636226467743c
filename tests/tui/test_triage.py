"""Pilot tests: triage mode (t) over the unread papers of the view, end to end."""

from __future__ import annotations

from paperterm.bookmarks import DEFAULT_LIST, Bookmarks
from paperterm.tui.screens.list_picker import ListPicker
from paperterm.tui.screens.main import MainScreen
from paperterm.tui.screens.triage import TriageScreen
from tests.tui.conftest import main, screen_text, search_for, settle, type_text, wait_for


def shown_key(app) -> str:
    screen = app.screen
    assert isinstance(screen, TriageScreen), screen
    return screen.session.current


async def start(pilot, query: str | None = None) -> TriageScreen:
    await settle(pilot)
    if query is not None:
        await search_for(pilot, query)
        await pilot.press("enter")
    await pilot.press("t")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TriageScreen)
    return pilot.app.screen


async def test_keep_two_skip_the_rest_summary_and_store_agree(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        triage = await start(pilot)
        total = triage.session.total
        assert total == 80  # nothing is read in the fixture store
        assert "1 / 80 · 0 kept" in screen_text(app)
        kept = [shown_key(app)]
        await pilot.press("k")
        kept.append(shown_key(app))
        await pilot.press("k")
        await settle(pilot)
        assert "3 / 80 · 2 kept" in screen_text(app)
        for _ in range(total - 2):
            await pilot.press("x")
        await settle(pilot)
        text = screen_text(app)
        assert "Triage done: 80 papers" in text
        assert "2 kept, 78 marked read, 0 left unread" in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "2 kept" in app.last_message
        marks = Bookmarks(synced_store)
        assert sorted(marks.list_keys(DEFAULT_LIST)) == sorted(kept)
        read = marks.read_keys()
        assert len(read) == 78 and not read & set(kept)
        assert main(app).counts.unread == 2  # the filter pane's figures followed


async def test_triage_takes_only_the_unread_papers_of_the_view(app_factory, synced_store):
    marks = Bookmarks(synced_store)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search_for(pilot, "kernel")
        result = main(app).result
        keys = [h.paper.key for h in result.hits[: result.total]]
        marks.set_read(keys[0])
        await pilot.press("enter")
        await settle(pilot)
        await wait_for(pilot, lambda: keys[0] in main(app).marks.read)
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.session.keys == keys[1:]
        assert "Triage · All papers “kernel”" in screen_text(app)


async def test_later_leaves_unread_and_back_then_another_choice_undoes_the_first(
    app_factory, synced_store
):
    marks = Bookmarks(synced_store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        first = shown_key(app)
        await pilot.press("k")  # kept...
        second = shown_key(app)
        await pilot.press("l")  # later: nothing written
        assert not marks.is_read(second) and not marks.is_bookmarked(second)
        await pilot.press("p", "p")
        assert shown_key(app) == first
        await pilot.press("x")  # ...then skipped instead: out of the list, read
        assert marks.lists_of(first) == [] and marks.is_read(first)
        assert shown_key(app) == second
        assert "0 kept" in screen_text(app)
        await pilot.press("p", "p")
        assert "first paper" in app.last_message


async def test_a_keeps_in_a_list_from_the_picker(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        first = shown_key(app)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ListPicker)
        await type_text(pilot, "to read")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen)
        assert Bookmarks(synced_store).lists_of(first) == ["to read"]
        assert shown_key(app) != first and "1 kept" in screen_text(app)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("escape")  # the picker goes back to triage, nothing changes
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen) and "1 kept" in screen_text(app)


async def test_q_and_esc_leave_triage_half_way_with_the_summary(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("x", "k", "l")
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.is_running
        assert "1 kept · 1 marked read · 78 left unread" in app.last_message
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.session.total == 79  # the skipped paper is read now
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_next_unread_in_triage_jumps_over_decided_papers(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        triage = await start(pilot)
        keys = triage.session.keys
        await pilot.press("x", "l", "x")  # 0 read, 1 later, 2 read
        await pilot.press("p", "p", "p")
        assert shown_key(app) == keys[0]
        await pilot.press("N")
        assert shown_key(app) == keys[1]  # left for later: still unread
        await pilot.press("N")
        assert shown_key(app) == keys[3]


async def test_triage_on_a_view_with_nothing_unread_says_what_to_try(app_factory, synced_store):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await search_for(pilot, "is:read")
        await pilot.press("enter", "t")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "No unread papers" in app.last_message


async def test_keymap_remaps_triage_and_its_keys(synced_store, tmp_path):
    from paperterm.config import Config
    from tests.tui.conftest import make_app

    config = Config(path=tmp_path / "c.toml", keymap={"triage": "V", "triage-skip": "s"})
    app = make_app(synced_store.path, tmp_path, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("V")
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen)
        first = shown_key(app)
        await pilot.press("s")
        assert Bookmarks(synced_store).is_read(first)


async def test_triage_in_ascii_mode_draws_its_own_parts_in_ascii(synced_store, tmp_path):
    from tests.tui.conftest import make_app

    app = make_app(synced_store.path, tmp_path, ascii_marks=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("k")
        rows = screen_text(app).splitlines()
        assert rows[1].strip() == "2 / 80 - 1 kept"
        assert "Triage - All papers" in rows[0]
        assert rows[-2].strip().startswith("k keep - a list - x skip (read)")
