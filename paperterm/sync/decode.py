"""Bytes to lines: BOMs, UTF-16/32, invalid UTF-8 replaced with a warning naming the line.

Only ``\\n``, ``\\r\\n`` and ``\\r`` end a line (``str.splitlines`` would also split on FF, VT,
FS, NEL, U+2028 ...). Bytes are never decoded as Latin-1: that would turn byte 0x9B into a
C1 CSI. Undecodable bytes become U+FFFD, one warning per line that held them.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from paperterm.models import Issue

# A binary file must not become a million warnings: the first ones, then a count.
MAX_LINE_WARNINGS = 20
_LINE_END_TEXT = re.compile("\r\n|\r|\n")
_SURROGATES = re.compile("[\ud800-\udfff]+")
# Longest BOM first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


_SPLIT_AT_ONCE = 1 << 20  # characters: a list of lines at most this long is cheap to hold


def _split(text: str) -> Iterator[str]:
    """The lines of ``text``, one at a time (a list of millions of tiny lines would not be)."""
    start = 0
    if "\r" not in text and len(text) <= _SPLIT_AT_ONCE:
        yield from text.split("\n")  # one C call for a digest-sized text
        return
    if "\r" not in text:
        find = text.find
        while (end := find("\n", start)) >= 0:
            yield text[start:end]
            start = end + 1
    else:
        for match in _LINE_END_TEXT.finditer(text):
            yield text[start : match.start()]
            start = match.end()
    yield text[start:]


def iter_lines(data: bytes, where: str, issues: list[Issue]) -> Iterator[tuple[int, str]]:
    """Yield (line number, text) for each line of ``data``; problems go into ``issues``.

    Every undecodable byte sequence becomes U+FFFD, with a warning naming its line.
    """
    encoding, name = "utf-8", "UTF-8"
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            data, encoding, name = data[len(bom) :], codec, label
            break
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        pass  # decode again below, keeping bad bytes as surrogates to name their lines
    else:
        yield from enumerate(_split(text), start=1)
        return
    tail = b""
    if encoding == "utf-8":
        text = data.decode("utf-8", errors="surrogateescape")
    else:
        unit = 4 if name == "UTF-32" else 2
        cut = len(data) - len(data) % unit
        data, tail = data[:cut], data[cut:]
        try:
            # Lone surrogates (the usual invalid UTF-16) come through as surrogate code points.
            text = data.decode(encoding, errors="surrogatepass")
        except UnicodeDecodeError:
            # Code units beyond U+10FFFF in UTF-32: replaced; counted as one line-1 warning.
            text = data.decode(encoding, errors="replace")
            issues.append(Issue(where, 1, f"invalid {name} replaced with U+FFFD", "warning"))
        if tail:
            text += "\ufffd"
    bad = 0
    number = 0
    for number, line in enumerate(_split(text), start=1):
        if line and max(line) >= "\ud800" and _SURROGATES.search(line):
            bad += 1
            if bad <= MAX_LINE_WARNINGS:
                message = f"invalid {name} replaced with U+FFFD"
                issues.append(Issue(where, number, message, "warning"))
            line = _SURROGATES.sub("\ufffd", line)
        yield number, line
    if bad > MAX_LINE_WARNINGS:
        message = f"{bad - MAX_LINE_WARNINGS} more lines with invalid {name} replaced with U+FFFD"
        issues.append(Issue(where, number, message, "warning"))
    if tail:
        message = f"file ends inside a {name} character (replaced with U+FFFD)"
        issues.append(Issue(where, number, message, "warning"))
