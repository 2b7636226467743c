"""How the CLI prints: rich for people, JSON for scripts, untrusted text always sanitized."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, NoReturn

from paperterm.jsonsafe import dumps
from paperterm.text import sanitize, sanitize_line
from paperterm.wording import plural

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

__all__ = [
    "SafeArgumentParser",
    "dumps",
    "err",
    "error",
    "note",
    "out",
    "plural",
    "print_json",
    "safe",
    "warning",
]


class _LazyConsole:
    """A rich Console made on first use: ``search --json`` never pays for importing rich."""

    def __init__(self, **options: Any) -> None:
        object.__setattr__(self, "_options", options)
        object.__setattr__(self, "_console", None)

    def _get(self) -> Console:
        if self._console is None:
            from rich.console import Console

            object.__setattr__(self, "_console", Console(**self._options))
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self._get(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._get(), name, value)


out: Console = _LazyConsole(highlight=False, soft_wrap=False)  # type: ignore[assignment]
# One line per error, for cron mail.
err: Console = _LazyConsole(stderr=True, highlight=False, soft_wrap=True)  # type: ignore[assignment]


def safe(value: object, *, style: str = "", multiline: bool = False) -> Text:
    """Untrusted text as a rich Text: never markup, never escape codes."""
    from rich.text import Text

    text = sanitize(str(value)) if multiline else sanitize_line(str(value))
    return Text(text, style=style)


def note(message: str) -> None:
    """A plain line on stderr (no styling, so no rich): for the script-facing paths."""
    sys.stderr.write(sanitize_line(message) + "\n")


def print_json(data: Any) -> None:
    """JSON for scripts."""
    sys.stdout.write(dumps(data) + "\n")


def error(message: str) -> None:
    """One error line on stderr."""
    err.print(safe("error: ", style="bold red") + safe(message))


def warning(message: str) -> None:
    err.print(safe("warning: ", style="yellow") + safe(message))


class SafeArgumentParser(argparse.ArgumentParser):
    """argparse whose usage errors cannot carry escape codes from argv to the terminal.

    argparse quotes most bad values with repr(), but "unrecognized arguments" echoes them raw.
    """

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {sanitize_line(message)}\n")
