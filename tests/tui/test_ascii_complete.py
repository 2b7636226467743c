"""Pilot test: with PAPERTERM_ASCII=1 no screen of the reader draws a non-ASCII character."""

from __future__ import annotations

from tests.tui.conftest import make_app, screen_text, settle


def non_ascii(text: str) -> set[str]:
    """The characters of ``text`` an ASCII-only terminal cannot show."""
    return {ch for ch in text if not ch.isascii()}


async def test_ascii_mode_keeps_every_screen_ascii(synced_store, tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERTERM_ASCII", "1")
    app = make_app(synced_store.path, tmp_path)
    seen: dict[str, set[str]] = {}
    screens: list[str] = []

    async def look(name: str) -> None:
        await settle(pilot)
        await pilot.pause()
        seen[name] = non_ascii(screen_text(app))
        screens.append(type(app.screen).__name__)

    for size in ((80, 24), (160, 50)):
        async with app.run_test(size=size) as pilot:
            await look("main")
            await pilot.press("b", "j", "question_mark")
            await look("help")
            await pilot.press("escape", "enter")
            await look("reading")
            await pilot.press("L")
            await look("link picker")
            await pilot.press("escape", "escape", "S")
            await look("stats")
            await pilot.press("escape", "t")
            await look("triage")
            await pilot.press("escape", "M")
            await look("confirm")
            await pilot.press("n")
            await look("main again")
        app = make_app(synced_store.path, tmp_path)
        assert screens == [
            "MainScreen",
            "HelpScreen",
            "ReadingScreen",
            "LinkPicker",
            "StatsScreen",
            "TriageScreen",
            "ConfirmScreen",
            "MainScreen",
        ]
        screens.clear()
        assert {name: chars for name, chars in seen.items() if chars} == {}, size
