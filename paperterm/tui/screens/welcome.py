"""The welcome screen for an empty store: how to add digests, and the bundled sample."""

from __future__ import annotations

from typing import cast

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Container, Vertical
from textual.screen import Screen
from textual.widgets import Button, Static

from paperterm.tui.keys import key_for
from paperterm.tui.messages import SyncFinished
from paperterm.tui.reader_app import ReaderApp
from paperterm.tui.render import line
from paperterm.tui.widgets import StatusLine
from paperterm.tui.widgets.footer import PaperFooter

POLL_SECONDS = 2.0


def welcome_text(config_path: str, sync: str = "s", load: str = "l") -> Group:
    """The first screen's text; ``sync`` and ``load`` are the keys after the keymap."""
    steps = Table.grid(padding=(0, 2))
    steps.add_column(no_wrap=True, style="bold")
    steps.add_column()
    steps.add_row("paperterm sync PATH", "a digest file or a folder of them (in a shell)")
    steps.add_row(
        "paperterm sources add", f"NAME PATH (folder, mbox, Maildir) or hf; then {sync} here"
    )
    steps.add_row(f"{load}  or  Enter", "load the two sample digests that ship with paperterm")
    return Group(
        Text("Welcome to paperterm", style="bold"),
        Text(""),
        Text(
            "Your library is empty. paperterm keeps daily paper digests in a local store you"
            " can search, bookmark and annotate. To add digests:"
        ),
        Text(""),
        steps,
        Text(""),
        Text(f"Sources live in {line(config_path)}", style="dim"),
    )


class WelcomeScreen(Screen):
    """Shown while the store holds no paper; leaves by itself once papers arrive."""

    BINDINGS = [
        Binding("l", "load_sample", "Load sample", id="load-sample"),
        Binding("s", "sync", "Sync sources", id="sync"),
    ]

    @property
    def papp(self) -> ReaderApp:
        return cast(ReaderApp, self.app)

    def compose(self) -> ComposeResult:
        path = self.papp.config.path
        with Container(id="welcome-area"), Vertical(id="welcome"):
            yield Static(
                welcome_text(
                    str(path) if path else "config.toml",
                    key_for(self, "sync", "s"),
                    key_for(self, "load-sample", "l"),
                ),
                id="welcome-text",
                markup=False,
            )
            with Center():
                yield Button("Load the sample papers", id="load-sample", variant="primary")
        yield StatusLine(id="status")
        yield PaperFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(Button).focus()
        self.query_one(StatusLine).say(
            self.papp.last_message, self.papp.last_severity, keep=self.papp.last_keep
        )
        self.set_interval(POLL_SECONDS, self._poll)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_load_sample()

    def action_load_sample(self) -> None:
        self.papp.start_sync(sample=True)

    def action_sync(self) -> None:
        self.papp.start_sync()

    def on_sync_finished(self, _message: SyncFinished) -> None:
        if not self.papp.library.is_empty():
            self.papp.show_main()

    def _poll(self) -> None:
        """A sync run elsewhere (cron, another shell) filled the store: show the papers."""
        if not self.papp.syncing and not self.papp.library.is_empty():
            self.papp.show_main()
