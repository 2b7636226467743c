"""A line-API list with a cursor: draws only the visible rows, so it holds 100k rows cheaply."""

from __future__ import annotations

from collections.abc import Hashable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from paperterm.tui.widgets.virtual import set_virtual_size


class CursorList(ScrollView, can_focus=True):
    """Rows drawn by ``render_row``; the cursor skips rows ``is_selectable`` refuses."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="cursor-down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="cursor-up"),
        Binding("g,home", "first", "First", show=False, id="first"),
        Binding("G,end", "last", "Last", show=False, id="last"),
        Binding("pagedown", "page_down", "Page down", show=False, id="page-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="page-up"),
        Binding("ctrl+d", "half_page_down", "Half page down", show=False, id="half-page-down"),
        Binding("ctrl+u", "half_page_up", "Half page up", show=False, id="half-page-up"),
    ]

    # Drawn rows are kept by what they show (``row_key``), whatever row number they get next:
    # a keystroke's new list holds many rows of the last one. Otherwise by row number,
    # forgotten when the rows change.
    KEEPS_ROWS: ClassVar[bool] = False

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.cursor = -1
        self._strips: LRUCache[tuple, Strip] = LRUCache(512)
        self._styles: dict[tuple[str, bool], Style] = {}
        self._base: Style | None = None
        self._empty: list[Text] = []

    # -- what subclasses provide ----------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return 0

    def is_selectable(self, row: int) -> bool:
        return True

    def render_row(self, row: int, width: int, cursor: bool) -> Text:
        raise NotImplementedError

    def row_strip(self, row: int, width: int, cursor: bool, base: Style) -> Strip | None:
        """The row drawn without a Text, when a subclass can (None: ``render_row``)."""
        return None

    def row_key(self, row: int) -> Hashable:
        """What the row shows besides cursor, width and focus (``KEEPS_ROWS``)."""
        return row

    def on_cursor_moved(self, row: int) -> None:
        """Called after the cursor moved (post a message here)."""

    def on_row_chosen(self, row: int) -> None:
        """Called when a row is clicked twice or chosen with the select key."""

    # -- data -----------------------------------------------------------------------------------

    def reset_rows(self, cursor: int = 0, *, empty: list[Text] | None = None) -> None:
        """The rows changed: redraw everything and put the cursor on ``cursor``."""
        self._rows_changed()
        self._empty = empty or []
        set_virtual_size(self, Size(self.scrollable_content_region.width, self.row_count))
        self.cursor = -1
        n = self.row_count
        if n:
            target = min(max(cursor, 0), n - 1)
            self.cursor = self._nearest_selectable(target, 1)
        self._scroll_cursor_visible(center=True)
        self.refresh()
        self.on_cursor_moved(self.cursor)

    def _rows_changed(self) -> None:
        if not self.KEEPS_ROWS:  # rows drawn by row number show other rows now
            self._strips.clear()

    def redraw(self) -> None:
        """Marks or styles changed, rows did not."""
        self._strips.clear()
        self._styles.clear()
        self._base = None
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._styles.clear()
        self._base = None

    def component_style(self, name: str, partial: bool = False) -> Style:
        """A component class's style, computed once per theme and focus change."""
        key = (name, partial)
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = self.get_component_rich_style(name, partial=partial)
        return style

    @property
    def base_style(self) -> Style:
        if self._base is None:
            self._base = self.rich_style
        return self._base

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        set_virtual_size(self, Size(self.scrollable_content_region.width, self.row_count))
        self._scroll_cursor_visible()

    def on_focus(self) -> None:
        self.redraw()

    def on_blur(self) -> None:
        self.redraw()

    # -- drawing --------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = int(self.scroll_offset.y) + y
        base = self.base_style
        if self.row_count == 0:
            if y < len(self._empty):
                return self._to_strip(self._empty[y], width, base)
            return Strip.blank(width, base)
        if row >= self.row_count:
            return Strip.blank(width, base)
        is_cursor = row == self.cursor
        key = (self.row_key(row), is_cursor, width, self.has_focus)
        strip = self._strips.get(key)
        if strip is None:
            strip = self.row_strip(row, width, is_cursor, base)
            if strip is None:
                strip = self._to_strip(self.render_row(row, width, is_cursor), width, base)
            self._strips[key] = strip
        return strip

    def _to_strip(self, text: Text, width: int, base: Style) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)  # exactly ``width`` cells now
        # Text.render leaves out the Text's own style when it has no spans: apply it here.
        own = text.style if isinstance(text.style, Style) else Style.parse(text.style or "none")
        style = base + own
        segments = [
            Segment(part, style if part_style is None else style + part_style)
            for part, part_style, _ in text.render(self.app.console)
        ]
        return Strip(segments, width)

    # -- cursor ---------------------------------------------------------------------------------

    def _nearest_selectable(self, row: int, step: int) -> int:
        n = self.row_count
        probe = row
        while 0 <= probe < n:
            if self.is_selectable(probe):
                return probe
            probe += step
        probe = row - step
        while 0 <= probe < n:
            if self.is_selectable(probe):
                return probe
            probe -= step
        return -1

    @property
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def move_cursor(self, row: int, *, step: int = 1, keep_offset: bool = False) -> None:
        """Put the cursor on ``row`` (clamped, skipping rows that cannot be selected).

        With ``keep_offset`` the view scrolls with the cursor (page keys), so the cursor keeps
        its place on screen.
        """
        n = self.row_count
        if not n:
            return
        target = self._nearest_selectable(min(max(row, 0), n - 1), step)
        if target < 0 or target == self.cursor:
            return
        old = self.cursor
        self.cursor = target
        if keep_offset and old >= 0:
            top = int(self.scroll_offset.y)
            self.scroll_to(y=max(0, top + (target - old)), animate=False)
        self._refresh_row(old)
        self._refresh_row(target)
        self._scroll_cursor_visible()
        self.on_cursor_moved(target)

    def _refresh_row(self, row: int) -> None:
        if row >= 0:
            self.refresh_line(row)

    def _scroll_cursor_visible(self, center: bool = False) -> None:
        if self.cursor < 0:
            self.scroll_to(y=0, animate=False)
            return
        top = int(self.scroll_offset.y)
        height = self._page
        if center and not (top <= self.cursor < top + height):
            self.scroll_to(y=max(0, self.cursor - height // 3), animate=False)
        elif self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1, step=1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1, step=-1)

    def action_first(self) -> None:
        self.move_cursor(0, step=1)

    def action_last(self) -> None:
        self.move_cursor(self.row_count - 1, step=-1)

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor + self._page, step=1, keep_offset=True)

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor - self._page, step=-1, keep_offset=True)

    def action_half_page_down(self) -> None:
        self.move_cursor(self.cursor + max(1, self._page // 2), step=1, keep_offset=True)

    def action_half_page_up(self) -> None:
        self.move_cursor(self.cursor - max(1, self._page // 2), step=-1, keep_offset=True)

    def action_choose(self) -> None:
        if self.cursor >= 0:
            self.on_row_chosen(self.cursor)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = int(self.scroll_offset.y) + offset.y
        if 0 <= row < self.row_count and self.is_selectable(row):
            self.move_cursor(row)
            if event.chain >= 2:
                self.on_row_chosen(row)
