"""The detail pane: the selected paper's title, authors, ids, links, note, abstract, related.

A line-API view: the paper is wrapped once into lines at the pane's width and only the visible
lines are drawn, so moving the list cursor never re-lays out the screen.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from paperterm.models import PaperDetail
from paperterm.tui.detail_body import (
    DEFAULT_KEYS,
    DetailStyles,
    detail_renderable,
    related_renderable,
)
from paperterm.tui.detail_sections import RelatedView
from paperterm.tui.keys import key_for
from paperterm.tui.render import UNICODE, Glyphs
from paperterm.tui.widgets.virtual import set_virtual_size


class DetailPane(ScrollView, can_focus=True):
    """A scrollable view of one paper (also the body of the reading view)."""

    BINDINGS = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="scroll-down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="scroll-up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="scroll-top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="scroll-bottom"),
        Binding("pagedown", "page_down", "Page down", show=False, id="scroll-page-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="scroll-page-up"),
        Binding("ctrl+d", "half_page_down", "Half page down", show=False, id="half-page-down"),
        Binding("ctrl+u", "half_page_up", "Half page up", show=False, id="half-page-up"),
    ]

    COMPONENT_CLASSES = {
        "paper-body--text",  # max-width sets the reading width
        "paper-body--title",
        "paper-body--label",
        "paper-body--muted",
        "paper-body--link",
        "paper-body--heading",
        "paper-body--mark",
    }

    detail: reactive[PaperDetail | None] = reactive(None, init=False, always_update=True)
    # The current paper's related papers (loaded by the screen); shown when its key matches.
    related: reactive[RelatedView | None] = reactive(None, init=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.glyphs: Glyphs = UNICODE
        self.placeholder = "No paper selected."
        self.full_authors = False  # the reading view lists every author
        self._lines: list[Strip] = []
        # The paper's lines and its related section's, each laid out for (width, what):
        # related papers arrive later and only their few lines are laid out again.
        self._body: tuple[tuple, list[Strip]] | None = None
        self._tail: tuple[tuple, list[Strip]] | None = None
        self._look_cache: DetailStyles | None = None  # the component styles, per theme

    # -- data -----------------------------------------------------------------------------------

    def watch_detail(self, old: PaperDetail | None, detail: PaperDetail | None) -> None:
        """Another paper starts at the top, the same paper keeps its place.

        A search that lands on the paper already shown (most keystrokes of a query that has
        found its paper) hands over an equal detail: nothing is laid out or drawn again.
        """
        same = detail is not None and old is not None and detail.paper.key == old.paper.key
        if same and detail == old and self._body is not None:
            (width, _), lines = self._body
            self._body = ((width, id(detail)), lines)  # laid out already, for this object too
            return
        self._body = None
        self._layout_lines()
        if not same:
            self.scroll_to(y=0, animate=False)
        self.refresh()

    def watch_related(self) -> None:
        """Related papers arrive later than the paper: lay out again, keep the place.

        Not when the section would read the same (a new paper shows "finding…" until its
        related papers come), nor for a paper not shown yet: one layout per paper.
        """
        related, detail = self.related, self.detail
        if detail is not None and (related is None or related.key != detail.paper.key):
            return  # of the paper on its way (the screen hears first): its detail lays out
        if self._tail is not None and self._tail[0][1] == _drawn_as(self.related_shown):
            return
        self._layout_lines()
        self.refresh()

    @property
    def related_shown(self) -> RelatedView | None:
        """What the related section shows: the pane's view when it is of this paper, else
        "finding…" (the screen loads it)."""
        if self.detail is None:
            return None
        key = self.detail.paper.key
        related = self.related
        if related is not None and related.key == key:
            return related
        return RelatedView(key, loading=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._body = self._tail = self._look_cache = None
        if self.is_mounted:
            self._layout_lines()
            self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._layout_lines()

    def _styles(self) -> DetailStyles:
        if self._look_cache is None:
            self._look_cache = self._make_styles()
        return self._look_cache

    def _make_styles(self) -> DetailStyles:
        style = lambda name: self.get_component_rich_style(f"paper-body--{name}")  # noqa: E731
        return DetailStyles(
            title=style("title"),
            label=style("label"),
            muted=style("muted"),
            link=style("link"),
            heading=style("heading"),
            mark=style("mark"),
        )

    def _text_width(self, width: int) -> tuple[int, int]:
        """The wrap width and the left margin (centred when content-align says so)."""
        limit = self.get_component_styles("paper-body--text").max_width
        text_width = width
        if limit is not None and limit.is_cells:
            text_width = min(width, int(limit.value))
        margin = 0
        if self.styles.content_align_horizontal == "center":
            margin = (width - text_width) // 2
        return max(1, text_width), margin

    def _layout_lines(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        body = (width, id(self.detail))
        if self._body is None or self._body[0] != body:
            self._body = (body, self._render_lines(self._body_renderable(), width))
        related = self.related_shown
        tail = (width, _drawn_as(related))
        if self._tail is None or self._tail[0] != tail:
            shown = [] if related is None else [related_renderable(related, *self._look())]
            self._tail = (tail, self._render_lines(Group(*shown), width))
        self._lines = self._body[1] + self._tail[1]
        set_virtual_size(self, Size(width, len(self._lines)))

    def _look(self) -> tuple[DetailStyles, Glyphs]:
        return self._styles(), self.glyphs

    def _body_renderable(self) -> RenderableType:
        styles = self._styles()
        if self.detail is None:
            return Text(self.placeholder, style=styles.muted)
        return detail_renderable(
            self.detail,
            styles,
            self.glyphs,
            full_authors=self.full_authors,
            keys={k: key_for(self, k, d) for k, d in DEFAULT_KEYS.items()},
        )

    def _render_lines(self, renderable: RenderableType, width: int) -> list[Strip]:
        text_width, margin = self._text_width(width)
        console = self.app.console
        options = console.options.update(width=text_width, height=None, highlight=False)
        lines = console.render_lines(renderable, options, pad=False)
        pad = [Segment(" " * margin)] if margin else []
        base = self.rich_style
        fit = Segment.adjust_line_length  # one Strip a line (each Strip makes its own caches)
        return [
            Strip(fit(list(Segment.apply_style(pad + line, base)), width, base), width)
            for line in lines
        ]

    # -- drawing --------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        row = int(self.scroll_offset.y) + y
        if 0 <= row < len(self._lines):
            return self._lines[row]
        return Strip.blank(self.scrollable_content_region.width, self.rich_style)

    # -- keys -----------------------------------------------------------------------------------

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    @property
    def _half_page(self) -> int:
        return max(1, self.scrollable_content_region.height // 2)

    def action_half_page_down(self) -> None:
        self.scroll_relative(y=self._half_page, animate=False)

    def action_half_page_up(self) -> None:
        self.scroll_relative(y=-self._half_page, animate=False)

    def action_scroll_down(self) -> None:
        self.scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        self.scroll_relative(y=-1, animate=False)

    def action_scroll_home(self) -> None:
        self.scroll_to(y=0, animate=False)

    def action_scroll_end(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False)

    @property
    def text(self) -> str:
        """The wrapped text as shown (for tests and the benchmark)."""
        return "\n".join(line.text.rstrip() for line in self._lines)


def _drawn_as(related: RelatedView | None) -> RelatedView | None:
    """What the related section's layout depends on: "finding…" reads the same for every
    paper, so a keystroke's new paper does not lay it out again."""
    if related is not None and related.loading:
        return RelatedView("", loading=True)
    return related
