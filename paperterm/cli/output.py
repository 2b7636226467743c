"""How the CLI prints: rich for people, JSON for scripts, untrusted text always sanitized."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from rich.console import Console
from rich.text import Text

from paperterm.text import sanitize, sanitize_line

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # one line per error, for cron mail


def safe(value: object, *, style: str = "", multiline: bool = False) -> Text:
    """Untrusted text as a rich Text: never markup, never escape codes."""
    text = sanitize(str(value)) if multiline else sanitize_line(str(value))
    return Text(text, style=style)


_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def dumps(data: Any) -> str:
    """JSON that keeps every value exact yet holds no raw control character."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def print_json(data: Any) -> None:
    """JSON for scripts."""
    sys.stdout.write(dumps(data) + "\n")


def error(message: str) -> None:
    """One error line on stderr."""
    err.print(Text("error: ", style="bold red") + safe(message))


def warning(message: str) -> None:
    err.print(Text("warning: ", style="yellow") + safe(message))
