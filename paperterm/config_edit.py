"""Changing config.toml in place: add or remove a ``[sources.NAME]`` table, keeping the rest."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

from paperterm.atomic import write_atomic
from paperterm.config import ConfigError
from paperterm.config_toml import table_header

TEMPLATE = """\
# paperterm configuration (TOML). `paperterm config show` prints what is in effect.

[ui]
# mark_read_on_open = true
# theme = "textual-dark"

[keymap]
# binding id = "keys", e.g. bookmark = "b,ctrl+b"

[hf]
# base_url = "https://huggingface.co"   # or a mirror; env PAPERTERM_HF_URL wins
# days = 7                              # how far back `paperterm sync hf` looks

[mail]
# Which messages of a mailbox are digests (substrings, any case; [] = any).
# from = ["huggingface.co", "hf.co"]
# subject = ["paper"]

# Sources synced by `paperterm sync` (add them with `paperterm sources add`):
# [sources.inbox]
# type = "mailbox"            # folder | mailbox | hf
# path = "~/Mail/papers"      # an mbox file or a Maildir folder
"""

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = ['"']
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return toml_string(str(value))


def table_key(name: str) -> str:
    return name if _BARE_KEY.match(name) else toml_string(name)


def _read_for_edit(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return "", {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Could not read {path}. Why: {exc}.") from exc
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path} is not valid TOML ({exc}). Next: fix it with paperterm config edit."
        ) from exc


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text, force=True)


def add_source(path: Path, name: str, settings: dict[str, object]) -> None:
    """Append a ``[sources.NAME]`` table to the config, keeping the rest of the file as is."""
    text, data = _read_for_edit(path)
    sources = data.get("sources", {})
    if not isinstance(sources, dict):
        raise ConfigError(
            f"{path}: sources is not a table of [sources.NAME] entries. "
            "Next: fix it with paperterm config edit."
        )
    if any(str(k).casefold() == name.casefold() for k in sources):
        raise ConfigError(
            f"A source named {name!r} already exists. "
            f"Next: paperterm sources remove {name}, or choose another name."
        )
    block = [f"[sources.{table_key(name)}]"]
    block += [f"{k} = {toml_value(v)}" for k, v in settings.items() if v is not None]
    base = text if text.strip() else TEMPLATE
    new = base.rstrip("\n") + "\n\n" + "\n".join(block) + "\n"
    try:
        written = tomllib.loads(new)["sources"][name]
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise ConfigError(
            f"Could not add the source to {path} automatically ({exc}). "
            "Next: add it by hand with paperterm config edit."
        ) from exc
    if set(written) != {k for k, v in settings.items() if v is not None}:
        raise ConfigError(f"Could not add the source to {path} automatically.")
    _write(path, new)


def remove_source(path: Path, name: str) -> str:
    """Delete the ``[sources.NAME]`` table from the config; returns the name as written."""
    text, data = _read_for_edit(path)
    sources = data.get("sources", {})
    found = (
        next(
            (k for k in sources if str(k).casefold() == name.casefold()),
            None,
        )
        if isinstance(sources, dict)
        else None
    )
    if found is None:
        known = ", ".join(sorted(sources)) if isinstance(sources, dict) and sources else "none"
        raise ConfigError(f"No source named {name!r} (configured: {known}).")
    lines = text.splitlines(keepends=True)
    start = table_header(text.splitlines(), ("sources", found))
    if start is None:
        raise ConfigError(
            f"Could not find [sources.{found}] in {path}. "
            "Next: remove it with paperterm config edit."
        )
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")),
        len(lines),
    )
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    new = "".join(lines[:start] + lines[end:])
    new = re.sub(r"\n{3,}", "\n\n", new)
    expected = {k: v for k, v in sources.items() if k != found}
    try:
        after = tomllib.loads(new)
    except tomllib.TOMLDecodeError:
        after = None
    rest_before = {k: v for k, v in data.items() if k != "sources"}
    if (
        after is None
        or after.get("sources", {}) != expected
        or {k: v for k, v in after.items() if k != "sources"} != rest_before
    ):
        raise ConfigError(
            f"Could not remove [sources.{found}] from {path} automatically "
            f"(line {start + 1}). Next: remove it with paperterm config edit."
        )
    _write(path, new)
    return str(found)
