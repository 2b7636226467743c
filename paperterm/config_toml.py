"""Checking parsed TOML against the text it came from: each problem names file, line and key."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any


def table_header(lines: list[str], table: tuple[str, ...]) -> int | None:
    """The 0-based line of the ``[a.b]`` header of ``table`` in config text, or None."""
    want = ".".join(table)
    for number, raw in enumerate(lines):
        line = raw.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            inner = re.sub(r"[\s\"']", "", line.strip("[]"))
            if inner == want:
                return number
    return None


def type_name(value: object) -> str:
    """How a TOML value's type is named in messages: "a string", "an array"..."""
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    names |= {list: "an array", dict: "a table", dt.date: "a date", dt.datetime: "a date-time"}
    return names.get(type(value), type(value).__name__)


class TomlReader:
    """Validates the parsed TOML; every problem names the file, the line and the key."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.problems: list[str] = []

    def problem(self, keys: tuple[str, ...], message: str) -> None:
        line = self.line_of(keys)
        where = f"{self.path}:{line}" if line else str(self.path)
        self.problems.append(f"{where}: {'.'.join(keys)}: {message}")

    def line_of(self, keys: tuple[str, ...]) -> int:
        """The 1-based line where ``keys`` is set (scanning the text), or 0 when not found."""
        table, key = keys[:-1], keys[-1]
        start, end = 0, len(self.lines)
        header = table_header(self.lines, table) if table else None
        if header is not None:
            start = header + 1
            for number in range(start, len(self.lines)):
                if self.lines[number].lstrip().startswith("["):
                    end = number
                    break
        elif not table:
            # Top-level keys sit before the first table header.
            end = next((i for i, raw in enumerate(self.lines) if raw.lstrip().startswith("[")), end)
        if not table:
            header = table_header(self.lines, keys)  # the key may name a whole table: [keymap]
            if header is not None:
                return header + 1
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*[=.]")
        for number in range(start, end):
            if pattern.match(self.lines[number]):
                return number + 1
        dotted = re.compile(r"^\s*" + r"\s*\.\s*".join(re.escape(k) for k in keys) + r"\s*=")
        for number, raw in enumerate(self.lines):
            if dotted.match(raw):
                return number + 1
        return header + 1 if header is not None else 0

    def table(self, data: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
        value = data.get(keys[-1], {})
        if isinstance(value, dict):
            return value
        self.problem(keys, f"expected a table, got {type_name(value)}; ignored")
        return {}

    def unknown(self, data: dict[str, Any], known: set[str], keys: tuple[str, ...]) -> None:
        for name in data:
            if name not in known:
                choices = ", ".join(sorted(known))
                self.problem((*keys, name), f"unknown setting (known: {choices}); ignored")

    def boolean(self, data: dict[str, Any], keys: tuple[str, ...], default: bool) -> bool:
        value = data.get(keys[-1], default)
        if isinstance(value, bool):
            return value
        self.problem(keys, f"expected true or false, got {type_name(value)}; using {default}")
        return default

    def string(self, data: dict[str, Any], keys: tuple[str, ...]) -> str | None:
        value = data.get(keys[-1])
        if value is None or isinstance(value, str):
            return value
        self.problem(keys, f"expected a string, got {type_name(value)}; ignored")
        return None

    def integer(
        self, data: dict[str, Any], keys: tuple[str, ...], low: int, high: int
    ) -> int | None:
        value = data.get(keys[-1])
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(keys, f"expected a whole number, got {type_name(value)}; ignored")
            return None
        if not low <= value <= high:
            self.problem(keys, f"expected a number from {low} to {high}, got {value}; ignored")
            return None
        return value

    def patterns(self, data: dict[str, Any], keys: tuple[str, ...]) -> tuple[str, ...] | None:
        value = data.get(keys[-1])
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(v.strip() for v in value if v.strip())
        self.problem(keys, f"expected a string or an array of strings, got {type_name(value)}")
        return None
