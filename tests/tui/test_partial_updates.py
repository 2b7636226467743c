"""What a terminal shows after the reader's partial updates equals a full render of the screen.

The main screen's compositor redraws only the widgets under the changed regions
(``tui/compositor.py``); a widget it wrongly left out would leave stale text on a real
terminal. Each frame's bytes are applied to an emulated terminal, as a terminal would.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

from tests.tui.conftest import main, screen_lines, settle, type_text

ESCAPE = re.compile(r"\x1b\[(\d+);(\d+)H|\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x1b\x07]*(\x1b\\|\x07)")


class Terminal:
    """Cursor moves and text; colours and modes are ignored."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.cells = [[" "] * width for _ in range(height)]
        self.x = self.y = 0

    def feed(self, data: str) -> None:
        at = 0
        for m in ESCAPE.finditer(data):
            self._text(data[at : m.start()])
            if m[1] is not None:
                self.y, self.x = int(m[1]) - 1, int(m[2]) - 1
            at = m.end()
        self._text(data[at:])

    def _text(self, text: str) -> None:
        for char in text:
            if char in "\r\n":
                self.x = 0
                self.y += char == "\n"
                continue
            if 0 <= self.y < self.height and 0 <= self.x < self.width:
                self.cells[self.y][self.x] = char
                for pad in range(1, cell_len(char)):  # a wide character covers two cells
                    if self.x + pad < self.width:
                        self.cells[self.y][self.x + pad] = ""
            self.x += cell_len(char)

    def lines(self) -> list[str]:
        return ["".join(row) for row in self.cells]


def attach(app, size: tuple[int, int]) -> Terminal:
    terminal = Terminal(*size)
    original = type(app)._display

    def display(self_app, screen, renderable):  # noqa: ANN001
        if renderable is not None and screen is self_app.screen:
            terminal.feed(renderable.render_segments(self_app.console))
        return original(self_app, screen, renderable)

    app._display = display.__get__(app)
    return terminal


async def assert_same(pilot, terminal: Terminal) -> None:
    await settle(pilot)
    expected = [line.ljust(terminal.width) for line in screen_lines(pilot.app)]
    assert terminal.lines() == expected


async def test_typing_moving_and_panes_leave_no_stale_text(app_factory):
    size = (120, 40)
    app = app_factory()
    terminal = attach(app, size)
    async with app.run_test(size=size) as pilot:
        await assert_same(pilot, terminal)
        await pilot.press("slash")
        for letter in "diffusion":
            await pilot.press(letter)
            await assert_same(pilot, terminal)
        await pilot.press("backspace", "backspace", "backspace")
        await assert_same(pilot, terminal)
        await type_text(pilot, " zzqx")  # no hits: the list's empty state replaces its rows
        await assert_same(pilot, terminal)
        await pilot.press("ctrl+u", "escape")
        await assert_same(pilot, terminal)
        await pilot.press("j", "j", "pagedown", "G")
        await assert_same(pilot, terminal)
        await pilot.press("O")  # another order: the list's header line changes
        await assert_same(pilot, terminal)
        label = main(app).result.sort.label
        assert any(f"Sorted: {label} (" in line for line in terminal.lines()), (
            label
        )  # not the status
        await pilot.press("f")  # the filter pane hides: the list and detail widen
        await assert_same(pilot, terminal)
        await pilot.press("f", "tab", "j")
        await assert_same(pilot, terminal)
        await pilot.press("question_mark")  # a modal screen over the main one, then back
        await settle(pilot)
        await pilot.press("escape")
        await assert_same(pilot, terminal)
        assert main(app).result is not None
