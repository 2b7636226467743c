"""The filter pane: Library (All, Unread, New, Bookmarked, For you, Trending), saved searches,
lists and digests (by month past 60), each with its count."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive

from paperterm.models import FilterCounts
from paperterm.tui.filters import ALL, BOOKMARKED, FOR_YOU, NEW, TRENDING, UNREAD, Filter
from paperterm.tui.keys import key_for
from paperterm.tui.render import UNICODE, Glyphs, clip, line
from paperterm.tui.widgets.cursor_list import CursorList


@dataclass(frozen=True)
class Row:
    """A section heading (``flt`` None) or a filter with its count."""

    label: str
    flt: Filter | None = None
    count: int | None = None


MONTH_GROUPS_ABOVE = 60  # digest dates shown one by one up to this many (as search.dates)
PENDING = -1  # a count not known yet (the library is still loading): drawn as an ellipsis


def build_rows(
    counts: FilterCounts, known: bool = True, active: Filter = ALL, add_key: str = "a"
) -> list[Row]:
    """The pane's rows; with ``known`` False the library's counts show as pending; ``add_key``
    is the key that adds a paper to a list (after the keymap)."""

    def figure(n: int) -> int:
        return n if known else PENDING

    rows = [
        Row("LIBRARY"),
        Row("All", ALL, figure(counts.total)),
        Row("Unread", UNREAD, figure(counts.unread)),
        Row("New", NEW, figure(counts.new)),
        Row("Bookmarked", BOOKMARKED, figure(counts.bookmarked)),
        Row("For you", FOR_YOU),
        Row("Trending", TRENDING),
    ]
    if active.kind == "related":
        rows.append(Row(active.label, active))
    if counts.saved:
        rows += [Row(""), Row("SAVED SEARCHES")]
        rows += [Row(line(n), Filter("saved", n, q), c) for n, q, c in counts.saved]
    rows += [Row(""), Row("LISTS")]
    if not known:
        rows.append(Row(" "))
    elif counts.lists:
        rows += [Row(line(name), Filter("list", name), n) for name, n in counts.lists]
    else:
        rows.append(Row(f"(none yet: press {add_key})"))
    rows += [Row(""), Row("DIGESTS")]
    rows += digest_rows(counts.digests, active)
    return rows


def digest_rows(digests: tuple[tuple[dt.date, int], ...], active: Filter) -> list[Row]:
    """One row per digest date, or per month past ``MONTH_GROUPS_ABOVE`` dates (then the
    chosen date shows under its month)."""
    if len(digests) <= MONTH_GROUPS_ABOVE:
        return [Row(str(date), Filter("date", date.isoformat()), n) for date, n in digests]
    rows = list(_months(digests))
    chosen = _date_of(active)
    count = next((n for date, n in digests if date == chosen), None) if chosen else None
    if count is not None:
        month = f"{chosen:%Y-%m}"
        at = next(i for i, row in enumerate(rows) if row.flt.value == month)  # type: ignore[union-attr]
        rows.insert(at + 1, Row(f"  {chosen}", active, count))
    return rows


def _date_of(flt: Filter) -> dt.date | None:
    """The day a date filter chooses (None for any other filter, or a day that is none)."""
    if flt.kind != "date":
        return None
    try:
        return dt.date.fromisoformat(flt.value)
    except ValueError:
        return None


# The month rows of the last digest dates seen: at 1M papers ~28,000 dates, grouped again at
# every change of the active filter and of the counts (~20 ms of the UI thread each time).
_grouped: list = [None, []]


def _months(digests: tuple[tuple[dt.date, int], ...]) -> list[Row]:
    """The month rows of ``digests`` (newest first, as the dates come), made once per tuple."""
    if _grouped[0] is not digests:
        totals: dict[tuple[int, int], int] = {}
        for date, n in digests:
            month = date.year, date.month
            totals[month] = totals.get(month, 0) + n
        months = []
        for year, month in totals:
            flt = Filter("month", f"{year:04d}-{month:02d}")
            months.append(Row(flt.label, flt, totals[year, month]))
        _grouped[:] = [digests, months]
    return _grouped[1]


class FilterPane(CursorList):
    """Choices that compose with the query; Enter applies the one under the cursor."""

    BINDINGS = [
        Binding("enter,space", "choose", "Apply filter", id="apply-filter"),
        Binding(
            "e",
            "edit('rename')",
            "Rename saved search",
            show=False,
            id="rename-search",
            tooltip="Rename the saved search under the cursor",
        ),
        Binding(
            "delete,x",
            "edit('delete')",
            "Delete saved search",
            show=False,
            id="delete-search",
            tooltip="Delete the saved search under the cursor (asks first)",
        ),
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

    class Edit(Message):
        """Rename or delete the saved search ``flt`` (``flt`` None: the row is not one)."""

        def __init__(self, pane: FilterPane, what: str, flt: Filter | None) -> None:
            super().__init__()
            self.pane = pane
            self.what = what
            self.flt = flt

    counts: reactive[FilterCounts | None] = reactive(None, init=False)  # None: not known yet
    active: reactive[Filter] = reactive(ALL, init=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: list[Row] = build_rows(FilterCounts(), known=False)
        self.glyphs: Glyphs = UNICODE
        self._follow_active = False

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def is_selectable(self, row: int) -> bool:
        return self._rows[row].flt is not None

    def watch_counts(self, counts: FilterCounts | None) -> None:
        current = self.current
        self._rows = build_rows(
            counts or FilterCounts(), counts is not None, self.active, self._add_key()
        )
        first = (self.active, current) if self._follow_active else (current, self.active)
        self._follow_active = False
        self.reset_rows(self._index_of(*first))

    def watch_active(self, flt: Filter) -> None:
        counts = self.counts
        self._rows = build_rows(counts or FilterCounts(), counts is not None, flt, self._add_key())
        # A filter the rows do not hold yet (a renamed saved search): the cursor goes to it
        # when the new counts come.
        self._follow_active = all(row.flt != flt for row in self._rows)
        self.reset_rows(self._index_of(flt))

    def _add_key(self) -> str:
        return key_for(self, "add-to-list", "a")

    def _index_of(self, *flts: Filter | None) -> int:
        """The row of the first of ``flts`` the pane shows (a renamed one may be gone)."""
        for flt in flts:
            for i, row in enumerate(self._rows):
                if flt is not None and row.flt == flt:
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

    def action_edit(self, what: str) -> None:
        flt = self.current
        self.post_message(self.Edit(self, what, flt if flt and flt.kind == "saved" else None))
