"""Parts of the detail block: authors, ids and dates, links by kind, related papers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text

from paperterm.links import valid_arxiv_id
from paperterm.models import Paper
from paperterm.paper_links import Link
from paperterm.tui.label_grid import LabelGrid
from paperterm.tui.render import Glyphs, line

AUTHORS_IN_PANE = 3  # more than this: the first two, then "… +N"
KIND_NAMES = {
    "hf": "paper",
    "arxiv": "arXiv",
    "pdf": "PDF",
    "code": "code",
    "project": "project",
    "doi": "DOI",
    "search": "search",
}
KIND_WIDTH = 8


def authors_text(authors: Sequence[str], glyphs: Glyphs, *, full: bool) -> str:
    """Every author (``full``), or "A, B, … +12" when there are more than a few."""
    names = [line(a) for a in authors if line(a)]
    if full or len(names) <= AUTHORS_IN_PANE:
        return ", ".join(names)
    return f"{', '.join(names[:2])}, {glyphs.ellipsis} +{len(names) - 2}"


def arxiv_text(paper: Paper) -> str | None:
    """The arXiv id with its primary class when known: ``2303.16900 (cs.CV)``."""
    arxiv = valid_arxiv_id(paper.arxiv_id)
    if not arxiv:
        return None
    category = line(paper.arxiv_category or "")
    return f"{arxiv} ({category})" if category else arxiv


def links_text(links: Sequence[Link], muted: Style | str, link: Style | str) -> LabelGrid:
    """One row per link: its kind, then the URL (a search shows its label: it is no page)."""
    rows = []
    for item in links:
        kind = KIND_NAMES.get(item.kind, item.kind)
        if item.is_search:
            rows.append((kind, Text(line(item.label), style=muted)))
        else:
            rows.append((kind, Text(line(item.url), style=link)))
    return LabelGrid(rows, KIND_WIDTH - 1, muted)


@dataclass(frozen=True)
class RelatedRow:
    """A related paper as the detail block lists it: its title and the words it shares."""

    key: str
    title: str
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class RelatedView:
    """The related papers of one paper: ``loading`` until ready, ``message`` when failed."""

    key: str
    rows: tuple[RelatedRow, ...] = ()
    loading: bool = False
    message: str = ""


def related_text(
    view: RelatedView, glyphs: Glyphs, *, muted: Style | str, title: Style | str = ""
) -> Text:
    """The rows under the "Related papers" heading (or what is happening instead)."""
    if view.loading:
        return Text(f"finding related papers{glyphs.ellipsis}", style=muted)
    if view.message:
        return Text(line(view.message), style=muted)
    if not view.rows:
        return Text("none found in this library", style=muted)
    text = Text()
    for i, row in enumerate(view.rows):
        if i:
            text.append("\n")
        text.append(f"{glyphs.active} ", style=muted)
        text.append(line(row.title) or "(untitled)", style=title)
        words = [line(w) for w in row.words if line(w)]
        if words:
            text.append(f"  ({', '.join(words)})", style=muted)
    return text
