"""Rich pieces for papers: glyphs, clipped titles, origins; every untrusted string sanitized."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import PurePath

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from paperterm.text import sanitize_line


@dataclass(frozen=True)
class Glyphs:
    """The marks of a row: symbols, never colour alone; ASCII when the terminal is not UTF-8."""

    unread: str = "●"
    bookmark: str = "★"
    active: str = "▸"
    ellipsis: str = "…"
    times: str = "×"
    lquote: str = "“"
    rquote: str = "”"
    check: str = "✓"
    dot: str = "·"  # the separator between facts on one line

    def quote(self, value: str) -> str:
        """``value`` between the quotes of this glyph set."""
        return f"{self.lquote}{value}{self.rquote}"

    def fold(self, value: str) -> str:
        """``value`` with the Unicode set's marks swapped for this set's (a message, a hint)."""
        if self == UNICODE:
            return value
        for mark, plain in zip(_marks(UNICODE), _marks(self), strict=True):
            value = value.replace(mark, plain)
        return value


def _marks(glyphs: Glyphs) -> tuple[str, ...]:
    return (
        glyphs.unread,
        glyphs.bookmark,
        glyphs.active,
        glyphs.ellipsis,
        glyphs.times,
        glyphs.lquote,
        glyphs.rquote,
        glyphs.check,
        glyphs.dot,
    )


UNICODE = Glyphs()
ASCII = Glyphs(
    unread="*",
    bookmark="+",
    active=">",
    ellipsis="...",
    times="x",
    lquote='"',
    rquote='"',
    check="v",
    dot="-",
)


def clip(text: Text, width: int, glyphs: Glyphs = UNICODE, *, pad: bool = False) -> Text:
    """Cut ``text`` to ``width`` cells, ending with the glyph set's ellipsis when cut."""
    width = max(0, width)
    if text.cell_len > width:
        mark = glyphs.ellipsis if len(glyphs.ellipsis) < width else glyphs.ellipsis[:1]
        if width <= len(mark):
            text.truncate(width, overflow="crop")
        else:
            text.truncate(width - len(mark), overflow="crop")
            text.append(mark)
    if pad:
        text.truncate(width, overflow="crop", pad=True)
    return text


def clip_left(value: str, width: int, glyphs: Glyphs = UNICODE) -> str:
    """Keep the end of ``value`` in ``width`` cells, starting with the ellipsis when cut."""
    if cell_len(value) <= width:
        return value
    mark = glyphs.ellipsis
    if width <= len(mark):
        return mark[:width]
    keep = width - len(mark)
    tail = value[-keep:] if keep else ""
    while cell_len(tail) > keep:
        tail = tail[1:]
    return mark + tail


def pick_glyphs(force_ascii: bool | None = None) -> Glyphs:
    """ASCII marks when asked (PAPERTERM_ASCII=1) or when stdout cannot encode the symbols."""
    if force_ascii is None:
        env = os.environ.get("PAPERTERM_ASCII", "")
        if env:
            force_ascii = env not in ("0", "false", "no")
        else:
            encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower()
            force_ascii = "utf" not in encoding
    return ASCII if force_ascii else UNICODE


def count_of(n: int, word: str, *, shown_as: str = "") -> str:
    """``1 paper``, ``1,200 papers``; ``shown_as`` (``12+``, an estimate) in place of ``n``."""
    many = n != 1 or shown_as.endswith("+")
    return f"{shown_as or f'{n:,}'} {word}{'s' * many}"


def line(value: object) -> str:
    """One clean line of untrusted text."""
    return sanitize_line(str(value or ""))


def origin_name(origin: str) -> str:
    """A short name for where a digest came from: a file's name, or the locator itself."""
    clean = line(origin)
    if "://" in clean:
        return clean
    return PurePath(clean).name or clean


def title_text(
    title: str, spans: tuple[tuple[int, int], ...], match: Style | str, base: Style | str = ""
) -> Text:
    """A sanitized title in ``base`` style with the search's match spans styled."""
    text = Text(line(title), no_wrap=True, overflow="ellipsis", style=base)
    size = len(text.plain)
    for start, end in spans:
        start, end = max(0, int(start)), min(size, int(end))
        if start < end:
            text.stylize(match, start, end)
    return text
