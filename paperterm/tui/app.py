"""The Textual app: styles, keymap from config, screens, the database and sync threads."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import work
from textual.app import App
from textual.binding import Binding

from paperterm.config import Config, load_config
from paperterm.store import Store
from paperterm.tui.commands import Command, PapertermCommands, binding_commands, filter_commands
from paperterm.tui.library import Library
from paperterm.tui.messages import SyncProgressed
from paperterm.tui.render import Glyphs, line, pick_glyphs
from paperterm.tui.screens.main import MainScreen
from paperterm.tui.screens.paper_screen import PaperScreen
from paperterm.tui.state import default_state_path, load_state, save_state
from paperterm.tui.widgets import DetailPane, FilterPane, PaperList, SearchInput, StatusLine
from paperterm.tui.widgets.cursor_list import CursorList
from paperterm.tui.widgets.status_line import Severity

if TYPE_CHECKING:
    from paperterm.tui.screens.help import Section

T = TypeVar("T")
STYLE_FILES = ("app.tcss", "main.tcss", "reading.tcss", "modals.tcss")
DEFAULT_THEME = "textual-dark"


def styles_dir() -> Path:
    """The .tcss files: inside the installed package, else the checkout's top-level styles/."""
    here = Path(__file__).resolve().parent.parent  # .../paperterm
    packaged = here / "styles"
    return packaged if packaged.is_dir() else here.parent / "styles"


def css_paths() -> list[Path]:
    base = styles_dir()
    return [base / name for name in STYLE_FILES]


class SyncCancelled(Exception):
    """Raised from the progress callback to stop a sync between units when the reader quits."""


class PapertermApp(App[int]):
    """The reader. Build it with ``create_app``."""

    TITLE = "paperterm"
    CSS_PATH = css_paths()
    COMMANDS = App.COMMANDS | {PapertermCommands}
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
        self.library = Library(store)
        self.state_path = Path(state_path) if state_path else default_state_path()
        self.saved, saved_theme = load_state(self.state_path, store.path)
        self.glyphs = glyphs or pick_glyphs()
        self.db = ThreadPoolExecutor(1, thread_name_prefix="paperterm-db")
        self.sync_pool = ThreadPoolExecutor(1, thread_name_prefix="paperterm-sync")
        self.syncing = False
        self._cancel_sync = False
        self.last_message = ""
        self.last_severity: Severity = "info"
        self.last_keep = ""
        self.main_screen: MainScreen | None = None
        self._keymap_user = dict(self.config.keymap)
        self._startup_notes: list[tuple[str, Severity]] = [
            (f"Config: {problem}", "warning") for problem in self.config.problems
        ]
        self._pick_theme(theme, self.config.ui.theme, saved_theme)

    # -- setup ----------------------------------------------------------------------------------

    def _pick_theme(self, *choices: str | None) -> None:
        """--theme, then the config's theme, then the last theme chosen here; else a default."""
        wanted = [c for c in choices if c]
        for name in wanted:
            if name in self.available_themes:
                self.theme = name
                return
            self._startup_notes.append(
                (f"Unknown theme {line(name)}. Next: ctrl+p, then Theme, lists them.", "warning")
            )
        color_system = self.console.color_system or ""
        self.theme = "ansi-dark" if color_system == "standard" else DEFAULT_THEME

    @property
    def library_name(self) -> str:
        """The store's name in the header when it is not the default one."""
        stem = self.library.store.path.stem
        return "" if stem == "paperterm" else stem

    def on_mount(self) -> None:
        if self.glyphs.unread.isascii():
            self.add_class("-ascii")  # the styles draw ASCII frames (see main.tcss)
        if self._keymap_user:
            self._apply_keymap()
        if self.library.is_empty():
            from paperterm.tui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())
        else:
            self.show_main()
        for message, severity in self._startup_notes:
            self.say(message, severity)
        if self.auto_sample and self.library.is_empty() and not self.config.sources:
            # First run: open on the bundled sample rather than on an empty room.
            self.start_sync(sample=True)

    def _apply_keymap(self) -> None:
        known = {b.id for _, rows in self.binding_tables() for b in rows if b.id}
        keymap = {k: v for k, v in self._keymap_user.items() if k in known}
        for unknown in sorted(set(self._keymap_user) - known):
            self._startup_notes.append(
                (f"Config keymap: no binding has the id {line(unknown)}; ignored.", "warning")
            )
        if keymap:
            self.set_keymap(keymap)

    def show_main(self) -> None:
        """Show the main screen (from the welcome screen once papers exist)."""
        if self.main_screen is not None and self.main_screen in self.screen_stack:
            return
        self.main_screen = MainScreen(self.saved)
        if self._on_welcome():
            self.switch_screen(self.main_screen)
        else:
            self.push_screen(self.main_screen)

    def _on_welcome(self) -> bool:
        return type(self.screen).__name__ == "WelcomeScreen"

    # -- threads --------------------------------------------------------------------------------

    async def in_db(self, func: Callable[..., T], *args: Any) -> T:
        """Run ``func`` on the database thread (one long-lived connection, queries in order)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.db, partial(func, *args))

    def start_sync(self, *, sample: bool = False) -> None:
        if self.syncing:
            self.say("A sync is already running.", "warning")
            return
        self.syncing = True
        self._sync(sample)

    @work(exclusive=True, group="sync")
    async def _sync(self, sample: bool) -> None:
        from paperterm.sync.lock import SyncLocked

        self.say("Loading the sample digests…" if sample else "Syncing…")
        self._cancel_sync = False

        def progress(p) -> None:
            if self._cancel_sync:
                raise SyncCancelled()
            self.post_message(
                SyncProgressed(
                    p.done, p.total, line(p.current), len(p.report.papers), len(p.report.errors)
                )
            )

        if sample:
            func = partial(self.library.load_sample, progress)
        else:
            func = partial(self.library.sync, self.config, progress)
        loop = asyncio.get_running_loop()
        try:
            report = await loop.run_in_executor(self.sync_pool, func)
        except SyncCancelled:
            return
        except SyncLocked as exc:
            self.say(str(exc), "warning")
            return
        except Exception as exc:
            self.say(f"Sync failed. Why: {type(exc).__name__}: {exc}", "error")
            return
        finally:
            self.syncing = False
        if report is None:
            self.say(
                "No sources configured. Next: paperterm sources add NAME PATH (a folder, "
                "mbox or Maildir) or paperterm sync PATH, in a shell.",
                "warning",
            )
            return
        figures = report.summary()
        summary = f"Synced: {figures}"
        if sample:
            summary = (
                f"Loaded the bundled sample: {figures}. "
                "Add your own digests with paperterm sync PATH"
            )
        if report.errors:
            self.say(f"{summary}. First error: {report.errors[0]}", "error", keep=figures)
        else:
            self.say(summary, "success", keep=figures)
        if self._on_welcome():
            if not self.library.is_empty():
                self.show_main()
        elif self.main_screen is not None:
            self.main_screen.reload(sorted(report.papers))

    def on_sync_progressed(self, message: SyncProgressed) -> None:
        figures = (
            f"{message.done}/{message.total} · {message.papers:,} papers · {message.errors} errors"
        )
        self.say(f"Syncing {figures} · {message.current}", keep=figures)

    # -- what screens call ----------------------------------------------------------------------

    def say(self, message: str, severity: Severity = "info", *, keep: str = "") -> None:
        """Show a message on the status line of every screen that has one.

        ``keep`` is the part of the message that must stay visible on a narrow terminal (a
        URL, the sync's figures): the prose around it is shortened first.
        """
        self.last_message, self.last_severity = line(message), severity
        self.last_keep = line(keep)
        for screen in self.screen_stack:
            for status in screen.query(StatusLine):
                status.say(message, severity, keep=keep)

    def paper_changed(self, key: str) -> None:
        """A paper's marks, lists or note changed: every screen showing it redraws."""
        for screen in self.screen_stack:
            if isinstance(screen, PaperScreen):
                screen.refresh_paper(key)

    # -- keys, help and palette -----------------------------------------------------------------

    def binding_tables(self) -> list[tuple[str, list[Binding]]]:
        """Every binding of the reader, by where it works."""
        from paperterm.tui.screens.help import HelpScreen
        from paperterm.tui.screens.list_picker import ListPicker
        from paperterm.tui.screens.note_editor import NoteEditor
        from paperterm.tui.screens.reading import ReadingScreen
        from paperterm.tui.screens.welcome import WelcomeScreen

        def rows(*classes: type) -> list[Binding]:
            out: list[Binding] = []
            for cls in classes:
                out += [b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]
            return out

        return [
            ("Everywhere", rows(PapertermApp, MainScreen)),
            ("Paper list", rows(PaperList, CursorList)),
            ("The current paper (list, detail, reading view)", rows(PaperScreen)),
            ("Search bar", rows(SearchInput)),
            ("Filter pane (f shows it; j/k move too)", rows(FilterPane)),
            ("Reading view (j/k scroll)", rows(ReadingScreen)),
            ("Detail pane and reading view", rows(DetailPane)),
            ("Note editor", rows(NoteEditor)),
            ("List picker (type to filter or name a new list)", rows(ListPicker)),
            ("Welcome screen (empty library)", rows(WelcomeScreen)),
            ("Help", rows(HelpScreen)),
        ]

    def describe_keys(self, binding: Binding) -> str:
        """The keys of a binding as the user sees them, after the config's keymap."""
        keys = self._keymap_user.get(binding.id or "", binding.key)
        shown = []
        for key in keys.split(","):
            key = key.strip()
            if key:
                shown.append(self.get_key_display(Binding(key, "")))
        return ", ".join(shown)

    def help_sections(self) -> list[Section]:
        return [
            (title, [(self.describe_keys(b), b.tooltip or b.description) for b in bindings])
            for title, bindings in self.binding_tables()
        ]

    def action_help(self) -> None:
        from paperterm.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        glyphs = self.glyphs
        self.push_screen(
            HelpScreen(self.help_sections(), glyphs.unread, glyphs.bookmark, glyphs.times)
        )

    def palette_commands(self, screen) -> list[Command]:
        from paperterm.tui.screens.reading import ReadingScreen
        from paperterm.tui.screens.welcome import WelcomeScreen

        owners: list = [(self, self.BINDINGS)]
        if isinstance(screen, MainScreen):
            owners += [
                (screen, MainScreen.BINDINGS + PaperScreen.BINDINGS),
                (screen.paper_list, PaperList.BINDINGS + CursorList.BINDINGS),
            ]
            return binding_commands(self, owners) + filter_commands(screen)
        if isinstance(screen, ReadingScreen):
            owners += [(screen, ReadingScreen.BINDINGS + PaperScreen.BINDINGS)]
        elif isinstance(screen, WelcomeScreen):
            owners += [(screen, WelcomeScreen.BINDINGS)]
        return binding_commands(self, owners)

    # -- leaving --------------------------------------------------------------------------------

    def save_state(self) -> None:
        """Write what the main screen keeps in ``self.saved`` (query, filter, selection)."""
        save_state(self.state_path, self.library.store.path, self.saved, self.theme)

    async def action_quit(self) -> None:
        self.save_state()
        self.exit(0)

    def on_unmount(self) -> None:
        self.save_state()
        self._cancel_sync = True
        self.db.shutdown(wait=False, cancel_futures=True)
        self.sync_pool.shutdown(wait=False, cancel_futures=True)


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
    store = Store(store_path)
    return PapertermApp(
        store,
        config=config if config is not None else load_config(),
        theme=theme,
        state_path=state_path,
        glyphs=pick_glyphs(ascii_marks),
        auto_sample=auto_sample,
    )
