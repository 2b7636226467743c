"""The Textual app: styles, keymap from config, screens, the database and sync threads."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from paperterm.config import Config, load_config
from paperterm.reader import Library, sample_wanted
from paperterm.store import Store
from paperterm.tui import commands
from paperterm.tui.ascii_mode import ascii_key_display, use_ascii_scrollbars
from paperterm.tui.breakpoints import breakpoint_classes
from paperterm.tui.collector import IdleCollector
from paperterm.tui.config_follow import ConfigFollower, problems_message
from paperterm.tui.first_page import FirstPage, resume_gc
from paperterm.tui.messages import PaperChanged
from paperterm.tui.messaging import Messenger
from paperterm.tui.render import Glyphs, pick_glyphs
from paperterm.tui.screens.help import HelpScreen
from paperterm.tui.screens.main import MainScreen
from paperterm.tui.screens.welcome import WelcomeScreen
from paperterm.tui.state import default_state_path, load_state, save_state
from paperterm.tui.styles import css_paths
from paperterm.tui.syncing import SyncRunner
from paperterm.tui.themes import pick_theme

T = TypeVar("T")


class PapertermApp(Messenger, ConfigFollower, SyncRunner, IdleCollector):
    """The reader. Build it with ``create_app``."""

    TITLE = "paperterm"
    CSS_PATH = css_paths()
    COMMANDS = App.COMMANDS | {commands.PapertermCommands}
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help", tooltip="Show every key"),
        Binding(
            "q",
            "quit",
            "Quit",
            id="quit",
            tooltip="Quit; the query, filter and selected paper come back next time",
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            id="command-palette",
            priority=True,
            tooltip="Command palette: every action, filter and theme by name",
        ),
        Binding(
            "T",
            "change_theme",
            "Change theme",
            show=False,
            id="theme",
            tooltip="Pick a colour theme (remembered unless config.toml names one)",
        ),
    ]

    def __init__(
        self,
        store: Store,
        *,
        config: Config | None = None,
        theme: str | None = None,
        state_path: Path | None = None,
        glyphs: Glyphs | None = None,
        auto_sample: bool = False,
    ) -> None:
        super().__init__()
        self.auto_sample = auto_sample
        self.config = config or Config()
        self.library = Library(store, self.config.discover.trending_days)
        self.state_path = Path(state_path) if state_path else default_state_path()
        self.saved, saved_theme = load_state(self.state_path, store.path)
        self.glyphs = glyphs or pick_glyphs()
        self.db = ThreadPoolExecutor(1, thread_name_prefix="paperterm-db")
        self.sync_pool = ThreadPoolExecutor(1, thread_name_prefix="paperterm-sync")
        self.figures = ThreadPoolExecutor(1, thread_name_prefix="paperterm-figures")
        self.first_page = FirstPage(self.library, self.saved, self.db)
        self.main_screen: MainScreen | None = None
        self.config_problems = self.check_config(self.config)
        color_system = self.console.color_system or ""
        self.theme, notes = pick_theme(
            self.available_themes, color_system, theme, self.config.ui.theme, saved_theme
        )
        self._startup_notes: list[str] = [n for n in notes if n not in self.config_problems]

    @property
    def library_name(self) -> str:
        """The store's name in the header when it is not the default one."""
        stem = self.library.store.path.stem
        return "" if stem == "paperterm" else stem

    def on_mount(self) -> None:
        if self.glyphs.unread.isascii():
            self.add_class("-ascii")  # the styles draw ASCII frames (see main.tcss)
        use_ascii_scrollbars(self.glyphs.unread.isascii())
        self.apply_keymap()
        self.start_following()
        if self.library.is_empty():
            self.first_page.drop()
            resume_gc()
            self.push_screen(WelcomeScreen())
        else:
            self.show_main()
        problems = [*self.config_problems, *self._startup_notes]
        if problems:
            self.say(problems_message(problems), "warning")
        if self.auto_sample and sample_wanted(self.config, self.library.store):
            self.start_sync(sample=True)  # first run: the bundled sample, not an empty room

    def show_main(self) -> None:
        """Show the main screen (from the welcome screen once papers exist)."""
        if self.main_screen is None or self.main_screen not in self.screen_stack:
            screen = self.main_screen = MainScreen(self.saved, self.library_name)
            # Its width's class from the start: its first resize then restyles nothing.
            screen.add_class(*breakpoint_classes(self, screen, self.size))
            show = (
                self.switch_screen if isinstance(self.screen, WelcomeScreen) else self.push_screen
            )
            show(self.main_screen)

    async def in_db(self, func: Callable[..., T], *args: Any) -> T:
        """Run ``func`` on the database thread (one long-lived connection, queries in order)."""
        return await asyncio.get_running_loop().run_in_executor(self.db, partial(func, *args))

    async def in_figures(self, func: Callable[..., T], *args: Any) -> T:
        """Run a slow read-only ``func`` (counts) on a thread and connection of its own."""
        return await asyncio.get_running_loop().run_in_executor(self.figures, partial(func, *args))

    def paper_changed(self, key: str) -> None:
        """A paper's marks, lists or note changed: every screen showing it hears so."""
        for screen in self.screen_stack:
            screen.post_message(PaperChanged(key))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        g = self.glyphs
        sections = commands.help_sections(self)
        problems = [*self.config_problems, *self._startup_notes]
        self.push_screen(HelpScreen(sections, g.unread, g.bookmark, g.times, problems=problems))

    def get_key_display(self, binding: Binding) -> str:
        shown = super().get_key_display(binding)
        return ascii_key_display(shown, binding) if self.glyphs.unread.isascii() else shown

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        return commands.system_commands(super().get_system_commands(screen))

    def save_state(self) -> None:
        """Write what the main screen keeps in ``self.saved`` (query, filter, selection)."""
        save_state(self.state_path, self.library.store.path, self.saved, self.theme)

    async def action_quit(self) -> None:
        self.save_state()
        self.exit(0)

    def on_unmount(self) -> None:
        self.save_state()
        self._cancel_sync = True
        for pool in (self.db, self.sync_pool, self.figures):
            pool.shutdown(wait=False, cancel_futures=True)


def create_app(
    store_path: str | os.PathLike[str],
    config: Config | None = None,
    *,
    theme: str | None = None,
    state_path: Path | None = None,
    ascii_marks: bool | None = None,
    auto_sample: bool = False,
) -> PapertermApp:
    """The app over the store at ``store_path`` (used by ``paperterm`` and by the tests)."""
    return PapertermApp(
        Store(store_path),
        config=config if config is not None else load_config(),
        theme=theme,
        state_path=state_path,
        glyphs=pick_glyphs(ascii_marks),
        auto_sample=auto_sample,
    )
