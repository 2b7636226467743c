"""The filter pane: Library (All, Unread, Bookmarked), Lists and Digests, each with its count."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive

from paperterm.models import FilterCounts
from paperterm.tui.filters import ALL, BOOKMARKED, UNREAD, Filter
from paperterm.tui.render import UNICODE, Glyphs, clip, line
from paperterm.tui.widgets.cursor_list import CursorList


@dataclass(frozen=True)
class Row:
    """A section heading (``flt`` None) or a filter with its count."""

    label: str
    flt: Filter | None = None
    count: int | None = None


PENDING = -1  # a count not known yet (the library is still loading): drawn as an ellipsis


def build_rows(counts: FilterCounts, known: bool = True) -> list[Row]:
    """The pane's rows; with ``known`` False the library's counts show as pending."""

    def figure(n: int) -> int:
        return n if known else PENDING

    rows = [
        Row("LIBRARY"),
        Row("All", ALL, figure(counts.total)),
        Row("Unread", UNREAD, figure(counts.unread)),
        Row("Bookmarked", BOOKMARKED, figure(counts.bookmarked)),
        Row(""),
        Row("LISTS"),
    ]
    if not known:
        rows.append(Row(" "))
    elif counts.lists:
        rows += [Row(line(name), Filter("list", name), n) for name, n in counts.lists]
    else:
        rows.append(Row("(none yet: press a)"))
    rows += [Row(""), Row("DIGESTS")]
    rows += [Row(str(date), Filter("date", date.isoformat()), n) for date, n in counts.digests]
    return rows


class FilterPane(CursorList):
    """Choices that compose with the query; Enter applies the one under the cursor."""

    BINDINGS = [
        Binding("enter,space", "choose", "Apply filter", id="apply-filter"),
    ]

    COMPONENT_CLASSES = {
        "filter-pane--heading",
        "filter-pane--cursor",
        "filter-pane--active",
        "filter-pane--count",
    }

    class Chosen(Message):
        """A filter was applied."""

        def __init__(self, pane: FilterPane, flt: Filter) -> None:
            super().__init__()
            self.pane = pane
            self.flt = flt

    counts: reactive[FilterCounts | None] = reactive(None, init=False)  # None: not known yet
    active: reactive[Filter] = reactive(ALL, init=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: list[Row] = build_rows(FilterCounts(), known=False)
        self.glyphs: Glyphs = UNICODE

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def is_selectable(self, row: int) -> bool:
        return self._rows[row].flt is not None

    def watch_counts(self, counts: FilterCounts | None) -> None:
        current = self.current
        self._rows = build_rows(counts or FilterCounts(), known=counts is not None)
        self.reset_rows(self._index_of(current or self.active))

    def watch_active(self, flt: Filter) -> None:
        self.reset_rows(self._index_of(flt))

    def _index_of(self, flt: Filter) -> int:
        for i, row in enumerate(self._rows):
            if row.flt == flt:
                return i
        return 1

    @property
    def current(self) -> Filter | None:
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor].flt
        return None

    def render_row(self, row: int, width: int, cursor: bool) -> Text:
        item = self._rows[row]
        if item.flt is None:
            return Text(item.label, style=self.component_style("filter-pane--heading"))
        style = self.component_style("filter-pane--cursor") if cursor else ""
        text = Text(no_wrap=True, end="", style=style)
        active = item.flt == self.active
        text.append(f"{self.glyphs.active} " if active else "  ")
        if item.count is None:
            count = ""
        elif item.count == PENDING:
            count = f" {self.glyphs.ellipsis:>5}"
        else:
            count = f" {item.count:>5}"
        label = Text(item.label)
        if active:
            label.stylize(self.component_style("filter-pane--active", partial=True))
        clip(label, max(1, width - 2 - len(count)), self.glyphs, pad=True)
        text.append_text(label)
        text.append(count, self.component_style("filter-pane--count", partial=True))
        return text

    def on_row_chosen(self, row: int) -> None:
        flt = self._rows[row].flt
        if flt is not None:
            self.post_message(self.Chosen(self, flt))
