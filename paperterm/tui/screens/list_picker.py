"""The list picker: a fuzzy-filtered choice of reading lists; typing a new name creates one."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from paperterm.text import sanitize_line
from paperterm.tui.render import UNICODE, Glyphs
from paperterm.tui.screens.option_moves import OptionMoves
from paperterm.tui.widgets.inputs import CleanInput

MAX_NAME = 100


@dataclass(frozen=True)
class PickerResult:
    """The list chosen; ``remove`` when the paper was in it already, ``created`` when new."""

    name: str
    remove: bool = False
    created: bool = False


class ListPicker(OptionMoves, ModalScreen[PickerResult | None]):
    """Pick a list for the paper: Enter adds (or removes, ✓), Esc cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker-cancel"),
        Binding("down", "move(1)", "Next", show=False, id="picker-down"),
        Binding("up", "move(-1)", "Previous", show=False, id="picker-up"),
        Binding("enter", "pick", "Add / remove", id="picker-pick", priority=True),
    ]

    def __init__(self, title: str, lists: list[tuple[str, int]], member: set[str]) -> None:
        super().__init__()
        self.paper_title = sanitize_line(title)
        self.lists = [(sanitize_line(name), count) for name, count in lists]
        self.member = {name.casefold() for name in member}
        self._choices: list[PickerResult] = []

    @property
    def glyphs(self) -> Glyphs:
        return getattr(self.app, "glyphs", UNICODE)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(Text("Add to a list"), id="picker-title", markup=False)
            yield Static(
                Text(self.paper_title, no_wrap=True, overflow="ellipsis"),
                id="picker-paper",
                markup=False,
            )
            yield CleanInput(
                placeholder="filter, or type a new list name",
                id="picker-input",
            )
            yield OptionList(id="picker-options")
            yield Static(
                Text(
                    self.glyphs.fold(f"enter add · {self.glyphs.check} enter removes · esc cancel")
                ),
                id="picker-help",
                markup=False,
            )

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill(event.value)

    def _fill(self, typed: str) -> None:
        name = sanitize_line(typed)
        options = self.query_one(OptionList)
        if name:
            matcher = Matcher(name)
            scored = [(matcher.match(n), n, c) for n, c in self.lists]
            shown = [(n, c) for s, n, c in sorted(scored, key=lambda t: -t[0]) if s > 0]
        else:
            shown = list(self.lists)
        exact = [item for item in shown if item[0].casefold() == name.casefold()]
        if exact:  # the list with exactly the typed name comes first
            shown = exact + [item for item in shown if item not in exact]
        self._choices = []
        prompts: list[Option] = []
        for list_name, count in shown:
            inside = list_name.casefold() in self.member
            self._choices.append(PickerResult(list_name, remove=inside))
            prompt = Text(no_wrap=True, overflow="ellipsis")
            prompt.append(f"{self.glyphs.check} " if inside else "  ")
            prompt.append(list_name)
            prompt.append(f"  {count}", style="dim")
            prompts.append(Option(prompt))
        too_long = len(name) > MAX_NAME
        if name and not exact and not too_long:
            self._choices.append(PickerResult(name, created=True))
            quoted = f"{self.glyphs.lquote}{name}{self.glyphs.rquote}"
            prompts.append(Option(Text(f"+ Create list {quoted}", no_wrap=True)))
        options.clear_options()
        options.add_options(prompts)
        if prompts:
            options.highlighted = 0
        if too_long:
            hint = f"List names are at most {MAX_NAME} characters (this one has {len(name)})."
            options.add_option(Option(Text(hint, style="dim"), disabled=True))
        elif not prompts:
            hint = (
                "Type a name to create your first list." if not self.lists else "No list matches."
            )
            options.add_option(Option(Text(hint, style="dim"), disabled=True))

    def action_pick(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self._choices):
            return
        self.dismiss(self._choices[index])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._choices):
            self.dismiss(self._choices[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
