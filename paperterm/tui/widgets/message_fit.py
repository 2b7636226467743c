"""Fitting a status message to its line: paths elided in the middle, the point kept, two lines."""

from __future__ import annotations

import re
import textwrap

from rich.cells import cell_len
from rich.text import Text

from paperterm.tui.render import UNICODE, Glyphs, clip, clip_left

MIN_PATH = 18  # an elided path keeps at least this many cells: its start and its file name
_PATH = re.compile(r"(?:~|\.{0,2})?/[^\s:;,]*[^\s:;,.]")
_NEXT = re.compile(r"\s(?=Next:|Try:)")


def fit_message(message: str, keep: str, width: int, glyphs: Glyphs = UNICODE) -> Text:
    """``message`` in ``width`` cells; the prose around ``keep`` is shortened before ``keep``."""
    text = Text(message, no_wrap=True)
    if width <= 0 or cell_len(message) <= width:
        return text
    at = message.find(keep) if keep else -1
    if at < 0:
        return clip(text, width, glyphs)
    before, after = message[:at], message[at + len(keep) :]
    room = width - cell_len(keep)
    if room <= 0:
        return clip(Text(keep, no_wrap=True), width, glyphs)
    after_room = room - cell_len(before)
    if after_room >= cell_len(after):
        shown_after = after
    elif after_room > len(glyphs.ellipsis):
        shown_after = clip(Text(after), after_room, glyphs).plain
    else:
        shown_after = ""
    before_room = room - cell_len(shown_after)
    return Text(clip_left(before, before_room, glyphs) + keep + shown_after, no_wrap=True)


def elide_middle(value: str, width: int, glyphs: Glyphs = UNICODE) -> str:
    """``/very/long/path/file.toml`` as ``/very/lo…/file.toml`` in ``width`` cells."""
    if cell_len(value) <= width:
        return value
    mark = glyphs.ellipsis
    room = max(2, width - len(mark))
    head = room // 3
    return value[:head] + mark + value[len(value) - (room - head) :]


def elide_paths(message: str, width: int, glyphs: Glyphs = UNICODE, keep: str = "") -> str:
    """``message`` with its long paths shortened in the middle until it fits (or they are
    as short as they go); a path inside ``keep`` (a URL) is left whole."""
    over = cell_len(message) - width
    if over <= 0:
        return message
    parts: list[str] = []
    last = 0
    for match in _PATH.finditer(message):
        path = match.group(0)
        parts.append(message[last : match.start()])
        inside_keep = bool(keep) and path in keep
        if over > 0 and not inside_keep and len(path) > MIN_PATH and "//" not in path:
            target = max(MIN_PATH, len(path) - over)
            short = elide_middle(path, target, glyphs)
            over -= len(path) - len(short)
            path = short
        parts.append(path)
        last = match.end()
    parts.append(message[last:])
    return "".join(parts)


def fit_lines(
    message: str, keep: str, width: int, glyphs: Glyphs = UNICODE, *, lines: int = 2
) -> list[Text]:
    """``message`` on at most ``lines`` lines of ``width`` cells, keeping its point: paths are
    elided first, then the words wrap; what still does not fit keeps ``keep`` and the
    ``Next:`` part (on the last line)."""
    if width <= 0 or cell_len(message) <= width:
        return [Text(message, no_wrap=True)]
    message = elide_paths(message, width * (1 if lines == 1 else lines), glyphs, keep)
    if cell_len(message) <= width or lines == 1:
        return [fit_message(message, keep, width, glyphs)]
    wrapped = textwrap.wrap(message, width, break_on_hyphens=False)
    if len(wrapped) <= lines and (not keep or any(keep in row for row in wrapped)):
        return [Text(row, no_wrap=True) for row in wrapped]
    main, *rest = _NEXT.split(message, maxsplit=1)
    if rest:  # the reason on the first line(s), what to do next on the last
        head = fit_lines(main, keep, width, glyphs, lines=lines - 1)
        return [*head, clip(Text(rest[0], no_wrap=True), width, glyphs)]
    first = wrapped[0]
    tail = message[len(first) :].strip()
    return [Text(first, no_wrap=True), fit_message(tail, keep, width, glyphs)]
