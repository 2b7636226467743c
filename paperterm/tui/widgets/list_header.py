"""The list's header line: the order in use and the heading of the date column it shows."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from paperterm.tui.widgets.paper_list import WIDE, Listing


class ListHeader(Static):
    """``Sorted: newest first`` on the left, ``last seen  seen`` over the row columns."""

    # Drawn again only when the order changes, not on every keystroke's new listing.
    listing: reactive[Listing] = reactive(Listing, repaint=False, init=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", markup=False, id=id, classes=classes)
        self.sort_key = ""  # the key that cycles the orders, as the user sees it

    def watch_listing(self, old: Listing, new: Listing) -> None:
        if old.result.sort != new.result.sort:
            self.refresh()

    @property
    def plain(self) -> str:
        """The header as drawn (for tests)."""
        return self.render().plain

    def render(self) -> Text:
        result = self.listing.result
        width = self.content_size.width or 80
        order = result.sort
        head = Text(no_wrap=True, end="")
        head.append("Sorted: ")
        head.append(order.label, style="bold")
        if self.sort_key:
            head.append(f" ({self.sort_key} changes)")
        if width >= WIDE:
            right = f"  {order.date_label:>10} seen"
            head.truncate(max(0, width - len(right)), overflow="ellipsis", pad=True)
            head.append(right)
        return head
