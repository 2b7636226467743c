"""Bytes to lines: BOMs, UTF-16, invalid UTF-8 replaced with a warning naming the line."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from paperterm.models import Issue

# Only \n, \r\n and \r end a line (str.splitlines would also split on FF, U+2028 ...).
_LINE_END = re.compile(rb"\r\n|\r|\n")
_LINE_END_TEXT = re.compile("\r\n|\r|\n")


def iter_lines(data: bytes, where: str, issues: list[Issue]) -> Iterator[tuple[int, str]]:
    """Yield (line number, text) for each line of ``data``; problems go into ``issues``."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(
        codecs.BOM_UTF32_LE
    ):
        text = data.decode("utf-16", errors="replace")
        if "\ufffd" in text:
            issues.append(Issue(where, 1, "invalid UTF-16 replaced", "warning"))
        for number, line in enumerate(_LINE_END_TEXT.split(text), start=1):
            yield number, line
        return
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    start = 0
    number = 0
    for match in _LINE_END.finditer(data):
        number += 1
        yield number, _decode(data[start : match.start()], where, number, issues)
        start = match.end()
    yield number + 1, _decode(data[start:], where, number + 1, issues)


def _decode(raw: bytes, where: str, number: int, issues: list[Issue]) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # Never Latin-1: that would turn byte 0x9B into a C1 CSI.
        issues.append(Issue(where, number, "invalid UTF-8 replaced with U+FFFD", "warning"))
        return raw.decode("utf-8", errors="replace")
