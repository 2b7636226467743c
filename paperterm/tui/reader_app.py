"""What screens may ask of the app: a small protocol, so no screen imports the App class."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from paperterm.config import Config
from paperterm.reader import Library
from paperterm.tui.first_page import FirstPage
from paperterm.tui.render import Glyphs
from paperterm.tui.state import SavedState
from paperterm.tui.widgets.status_line import Severity

T = TypeVar("T")


class ReaderApp(Protocol):
    """The reader app as its screens see it."""

    library: Library
    glyphs: Glyphs
    config: Config
    saved: SavedState
    first_page: FirstPage
    syncing: bool
    last_message: str
    last_severity: Severity
    last_keep: str

    @property
    def library_name(self) -> str: ...

    def say(
        self, message: str, severity: Severity = "info", *, keep: str = "", progress: bool = False
    ) -> None: ...

    async def in_db(self, func: Callable[..., T], *args: Any) -> T: ...

    async def in_figures(self, func: Callable[..., T], *args: Any) -> T: ...

    def start_sync(self, *, sample: bool = False) -> None: ...

    def paper_changed(self, key: str) -> None: ...

    def show_main(self) -> None: ...
