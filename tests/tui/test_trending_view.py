"""The Trending view holds the papers of the trending window ([discover] trending_days) and
ranks papers seen in more of its digests first; sort orders are warmed once the reader idles."""

from __future__ import annotations

from paperterm.config import Config, DiscoverSettings
from paperterm.tui.filters import TRENDING
from tests.tui.conftest import main, screen_text, settle, wait_for
from tests.tui.test_discovery_keys import choose

SIZE = (120, 30)


async def test_trending_view_over_a_week_ranks_both_digests_first(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose(pilot, TRENDING)
        screen = main(app)
        hits = screen.paper_list
        seen = [hits.hit_at(i).paper.seen for i in range(hits.row_count)]
        assert screen.result.total == screen.counts.total  # both digests are in the week
        assert seen[0] == 2 and seen[-1] == 1 and seen == sorted(seen, reverse=True)
        assert "date:2026-03-13..2026-03-19" in screen.full_query()


async def test_trending_view_keeps_to_a_shorter_configured_window(app_factory, tmp_path):
    config = Config(path=tmp_path / "config.toml", discover=DiscoverSettings(trending_days=2))
    app = app_factory(config=config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose(pilot, TRENDING)
        screen = main(app)
        hits = screen.paper_list
        days = {hits.hit_at(i).paper.last_seen.isoformat() for i in range(hits.row_count)}
        assert days == {"2026-03-19"}  # the 14th is outside the last two days
        assert 0 < screen.result.total < screen.counts.total
        assert "Trending" in screen_text(app)


async def test_sort_orders_are_warm_once_the_reader_is_idle(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        every = {"newest", "oldest", "seen", "upvotes", "title"}
        # One order per idle moment (a second without a search), never all at once.
        await wait_for(pilot, lambda: every <= set(app.library._search._index.sort_cache))
        await pilot.press("O")  # switching now is one slice of a sorted order
        await settle(pilot)
        assert "sort:" in main(app).full_query()
