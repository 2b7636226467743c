"""The up/down move shared by the modal pickers that list their choices in an OptionList."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import OptionList


class OptionMoves(Screen):
    """``action_move(delta)``: one row down (delta > 0) or up in the screen's OptionList."""

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if delta > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()
