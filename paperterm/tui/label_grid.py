"""Label / value rows, as a Rich renderable: what ``Table.grid`` drew, at a third of the cost.

The detail pane lays out a paper on most keystrokes of a search; a Rich table measures every
cell (rendering it) before rendering it again, which was half of that layout.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import set_cell_size
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.text import Text


class LabelGrid:
    """Rows of a label in a fixed-width column, one space, then a value folded to the rest."""

    def __init__(
        self, rows: Iterable[tuple[str, RenderableType]], label_width: int, label_style: Style | str
    ) -> None:
        self.rows = list(rows)
        self.label_width = label_width
        self.label_style = label_style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        label_width = min(self.label_width, max(0, options.max_width - 2))
        value_width = max(1, options.max_width - label_width - 1)
        value_options = options.update(
            width=value_width, overflow="fold", no_wrap=False, height=None
        )
        label_style = console.get_style(self.label_style)
        gap = Segment(" ", label_style)
        blank = Segment(" " * (label_width + 1), label_style)
        new_line = Segment.line()
        for label, value in self.rows:
            head = Segment(set_cell_size(label, label_width), label_style)
            if isinstance(value, str):
                value = Text(value)
            lines = console.render_lines(value, value_options, pad=True) or [[]]
            for i, segments in enumerate(lines):
                if i:
                    yield blank
                else:
                    yield head
                    yield gap
                yield from segments
                yield new_line
