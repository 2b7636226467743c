"""The parsed stylesheet kept between runs: a second start looks exactly like the first."""

from __future__ import annotations

from paperterm.tui.css_cache import CACHE_FILE
from tests.tui.conftest import main, settle, wait_for


async def picture(app) -> str:
    """The screen once the list, the index and the detail are in (an SVG of every cell)."""
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: main(app).paper_list.row_count == 80)
        await settle(pilot)
        return app.export_screenshot()


async def test_a_second_start_uses_the_parsed_styles_and_looks_the_same(app_factory, tmp_path):
    first = await picture(app_factory())  # parses every rule, keeps them on quit
    assert (tmp_path / CACHE_FILE).is_file()
    app = app_factory()
    assert len(app.stylesheet._parse_cache)  # the rules are in hand before the app runs
    assert await picture(app) == first


async def test_a_damaged_styles_cache_is_parsed_anew(app_factory, tmp_path):
    first = await picture(app_factory())
    (tmp_path / CACHE_FILE).write_bytes(b"torn")
    app = app_factory()
    assert not len(app.stylesheet._parse_cache)
    assert await picture(app) == first
    assert (tmp_path / CACHE_FILE).read_bytes() != b"torn"  # written whole again
    assert len(app_factory().stylesheet._parse_cache)


async def test_styles_parsed_for_another_theme_are_not_used(app_factory, tmp_path):
    await picture(app_factory(theme="nord"))
    fresh = await picture(app_factory(theme="textual-dark", state_path=tmp_path / "x" / "s.json"))
    app = app_factory(theme="textual-dark")
    assert not len(app.stylesheet._parse_cache)
    assert await picture(app) == fresh
