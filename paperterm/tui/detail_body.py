"""The detail block of the detail pane and the reading view, as one Rich renderable."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text

from paperterm.models import NO_DIGEST, PaperDetail
from paperterm.paper_links import links_for
from paperterm.text import clean_paragraph, sanitize
from paperterm.tui.detail_sections import (
    RelatedView,
    arxiv_text,
    authors_text,
    links_text,
    related_text,
)
from paperterm.tui.label_grid import LabelGrid
from paperterm.tui.render import UNICODE, Glyphs, line, origin_name

LABEL_WIDTH = 11
# The hints' binding ids and their default keys (remapped through the config's [keymap]).
DEFAULT_KEYS = {"bookmark": "b", "add-to-list": "a", "note": "n"}


@dataclass(frozen=True)
class DetailStyles:
    """Styles the detail block takes from the widget's component classes."""

    title: Style | str = "bold"
    label: Style | str = "dim"
    muted: Style | str = "dim"
    link: Style | str = "underline"
    heading: Style | str = "bold"
    mark: Style | str = "bold"


def _seen(detail: PaperDetail, styles: DetailStyles, glyphs: Glyphs) -> Text:
    paper = detail.paper
    seen = Text()
    seen.append(str(paper.first_seen or "?"))
    if paper.last_seen and paper.last_seen != paper.first_seen:
        seen.append("  last seen ", style=styles.label)
        seen.append(str(paper.last_seen))
    count = paper.seen
    if count:
        seen.append(f"  {glyphs.dot}  seen {count} time{'s' * (count != 1)}", style=styles.muted)
    else:  # kept by an imported backup or by your data after its source went
        seen.append(f"  {glyphs.dot}  {NO_DIGEST}", style=styles.muted)
    return seen


def _digests(detail: PaperDetail, styles: DetailStyles) -> Text:
    digests = Text()
    for i, app in enumerate(detail.appearances):
        if i:
            digests.append("\n")
        digests.append(str(app.date))
        digests.append(f"  #{app.position + 1}  ", style=styles.muted)
        digests.append(origin_name(app.origin), style=styles.muted)
    return digests


def _grid(
    detail: PaperDetail,
    styles: DetailStyles,
    glyphs: Glyphs,
    full: bool,
    keys: Mapping[str, str],
) -> LabelGrid:
    paper = detail.paper
    bookmark, add, note_key = (keys.get(k, d) for k, d in DEFAULT_KEYS.items())
    rows: list[tuple[str, RenderableType]] = []

    def row(label: str, value: RenderableType) -> None:
        rows.append((label, value))

    if paper.authors:
        row("Authors", authors_text(paper.authors, glyphs, full=full))
    arxiv = arxiv_text(paper)
    if arxiv:
        row("arXiv", arxiv)
    if paper.published and line(paper.published):
        row("Published", line(paper.published)[:10])
    if paper.upvotes is not None:
        row("Upvotes", str(paper.upvotes))
    row("First seen", _seen(detail, styles, glyphs))
    if detail.appearances:
        row("Digests", _digests(detail, styles))
    row(
        "Lists",
        ", ".join(line(name) for name in detail.lists)
        if detail.lists
        else Text(f"none ({bookmark} bookmarks, {add} adds to a list)", style=styles.muted),
    )
    links = links_for(paper, detail.found_links)
    row("Links", links_text(links, styles.muted, styles.link))
    note = clean_paragraph(detail.note or "")
    row("Note", Text(note) if note else Text(f"none ({note_key} writes one)", style=styles.muted))
    row("Key", Text(line(paper.key), style=styles.muted))
    return LabelGrid(rows, LABEL_WIDTH, styles.label)


def detail_renderable(
    detail: PaperDetail | None,
    styles: DetailStyles,
    glyphs: Glyphs = UNICODE,
    *,
    full_authors: bool = False,
    related: RelatedView | None = None,
    keys: Mapping[str, str] | None = None,
) -> RenderableType:
    """Title, authors, ids, dates, digests, lists, links, note, summary, abstract, related.

    ``keys``: binding id -> the key shown in hints (the keymap applied; see ``tui/keys.py``).
    """
    if detail is None:
        return Text("No paper selected.", style=styles.muted)
    paper = detail.paper
    head = Text()
    if not detail.read:
        head.append(f"{glyphs.unread} unread  ", style=styles.mark)
    if detail.bookmarked:
        head.append(f"{glyphs.bookmark} bookmarked  ", style=styles.mark)
    title = Text(line(paper.title) or "(untitled)", style=styles.title)

    parts: list[RenderableType] = []
    if head:
        parts.append(head)
    parts += [title, Text(""), _grid(detail, styles, glyphs, full_authors, keys or {}), Text("")]
    summary = clean_paragraph(sanitize(paper.ai_summary or ""))
    if summary:
        parts += [Text("AI summary (Hugging Face)", style=styles.heading), Text(summary), Text("")]
    parts.append(Text("Abstract", style=styles.heading))
    abstract = clean_paragraph(sanitize(paper.abstract or ""))
    parts.append(Text(abstract) if abstract else Text("No abstract.", style=styles.muted))
    if related is not None and related.key == paper.key:
        parts.append(related_renderable(related, styles, glyphs))
    return Group(*parts)


def related_renderable(related: RelatedView, styles: DetailStyles, glyphs: Glyphs) -> Group:
    """The "Related papers" section that ends the detail block (laid out on its own: it
    arrives later than the paper)."""
    heading = Text("Related papers", style=styles.heading)
    return Group(Text(""), heading, related_text(related, glyphs, muted=styles.muted))
