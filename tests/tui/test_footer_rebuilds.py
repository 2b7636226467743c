"""The footer follows the focus, and is rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from paperterm.tui.widgets.footer import PaperFooter
from tests.tui.conftest import main, settle


def shown_keys(app) -> list[str]:
    footer = main(app).query_one(PaperFooter)
    return [key.description for key in footer.query(FooterKey)]


async def test_the_footer_follows_the_focus_and_is_not_rebuilt_for_nothing(
    app_factory, monkeypatch
):
    builds: list[int] = []
    compose = PaperFooter.compose

    def counted(self):  # noqa: ANN001
        builds.append(1)
        return compose(self)

    monkeypatch.setattr(PaperFooter, "compose", counted)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        on_list = shown_keys(app)
        assert "Help" in on_list and "Quit" in on_list
        builds.clear()
        for _ in range(5):  # what Textual signals at every focus or state change
            main(app).refresh_bindings()
            await pilot.pause()
        await settle(pilot)
        assert builds == [] and shown_keys(app) == on_list
        await pilot.press("slash")
        await settle(pilot)
        assert shown_keys(app) != on_list and len(builds) == 1
        await pilot.press("escape")
        await settle(pilot)
        assert shown_keys(app) == on_list
