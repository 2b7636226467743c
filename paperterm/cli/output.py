"""How the CLI prints: rich for people, JSON for scripts, untrusted text always sanitized."""

from __future__ import annotations

import argparse
import sys
from typing import Any, NoReturn

from rich.console import Console
from rich.text import Text

from paperterm.bookmarks.common import plural
from paperterm.jsonsafe import dumps
from paperterm.text import sanitize, sanitize_line

__all__ = [
    "SafeArgumentParser",
    "dumps",
    "err",
    "error",
    "out",
    "plural",
    "print_json",
    "safe",
    "warning",
]

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # one line per error, for cron mail


def safe(value: object, *, style: str = "", multiline: bool = False) -> Text:
    """Untrusted text as a rich Text: never markup, never escape codes."""
    text = sanitize(str(value)) if multiline else sanitize_line(str(value))
    return Text(text, style=style)


def print_json(data: Any) -> None:
    """JSON for scripts."""
    sys.stdout.write(dumps(data) + "\n")


def error(message: str) -> None:
    """One error line on stderr."""
    err.print(Text("error: ", style="bold red") + safe(message))


def warning(message: str) -> None:
    err.print(Text("warning: ", style="yellow") + safe(message))


class SafeArgumentParser(argparse.ArgumentParser):
    """argparse whose usage errors cannot carry escape codes from argv to the terminal.

    argparse quotes most bad values with repr(), but "unrecognized arguments" echoes them raw.
    """

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {sanitize_line(message)}\n")
