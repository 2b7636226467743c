"""Rich renderables for papers: marks, the detail block; every untrusted string sanitized here."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import PurePath

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from paperterm.links import paper_links
from paperterm.models import NO_DIGEST, PaperDetail
from paperterm.text import clean_paragraph, sanitize, sanitize_line

LABEL_WIDTH = 11


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

    def quote(self, value: str) -> str:
        """``value`` between the quotes of this glyph set."""
        return f"{self.lquote}{value}{self.rquote}"


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


@dataclass(frozen=True)
class DetailStyles:
    """Styles the detail block takes from the widget's component classes."""

    title: Style | str = "bold"
    label: Style | str = "dim"
    muted: Style | str = "dim"
    link: Style | str = "underline"
    heading: Style | str = "bold"
    mark: Style | str = "bold"


def detail_renderable(
    detail: PaperDetail | None, styles: DetailStyles, glyphs: Glyphs = UNICODE
) -> RenderableType:
    """The detail pane and reading view: title, dates, digests, lists, note, links, abstract."""
    if detail is None:
        return Text("No paper selected.", style=styles.muted)
    paper = detail.paper
    head = Text()
    if not detail.read:
        head.append(f"{glyphs.unread} unread  ", style=styles.mark)
    if detail.bookmarked:
        head.append(f"{glyphs.bookmark} bookmarked  ", style=styles.mark)
    title = Text(line(paper.title) or "(untitled)", style=styles.title)

    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=LABEL_WIDTH, no_wrap=True, style=styles.label)
    grid.add_column(ratio=1, overflow="fold")

    def row(label: str, value: Text | str) -> None:
        grid.add_row(label, value if isinstance(value, Text) else Text(value))

    seen = Text()
    seen.append(str(paper.first_seen or "?"))
    if paper.last_seen and paper.last_seen != paper.first_seen:
        seen.append("  last seen ", style=styles.label)
        seen.append(str(paper.last_seen))
    count = paper.seen
    if count:
        seen.append(f"  ·  seen {count} time{'s' * (count != 1)}", style=styles.muted)
    else:  # kept by an imported backup or by your data after its source went
        seen.append(f"  ·  {NO_DIGEST}", style=styles.muted)
    row("First seen", seen)
    if detail.appearances:
        digests = Text()
        for i, app in enumerate(detail.appearances):
            if i:
                digests.append("\n")
            digests.append(str(app.date))
            digests.append(f"  #{app.position + 1}  ", style=styles.muted)
            digests.append(origin_name(app.origin), style=styles.muted)
        row("Digests", digests)
    if paper.authors:
        row("Authors", ", ".join(line(a) for a in paper.authors))
    if paper.upvotes is not None:
        row("Upvotes", str(paper.upvotes))
    row(
        "Lists",
        ", ".join(line(name) for name in detail.lists)
        if detail.lists
        else Text("none (b bookmarks, a adds to a list)", style=styles.muted),
    )
    links = paper_links(paper)
    if links:
        value = Text()
        for i, (name, url) in enumerate(links.items()):
            if i:
                value.append("\n")
            value.append(f"{name:<8}", style=styles.muted)
            value.append(line(url), style=styles.link)
        row("Links", value)
    else:
        row("Links", Text("none known", style=styles.muted))
    note = clean_paragraph(detail.note or "")
    row("Note", Text(note) if note else Text("none (n writes one)", style=styles.muted))
    row("Key", Text(line(paper.key), style=styles.muted))

    parts: list[RenderableType] = []
    if head:
        parts.append(head)
    parts += [title, Text(""), grid, Text("")]
    parts.append(Text("Abstract", style=styles.heading))
    abstract = clean_paragraph(sanitize(paper.abstract or ""))
    parts.append(Text(abstract) if abstract else Text("No abstract.", style=styles.muted))
    return Group(*parts)
