"""The triage card: one paper's title, authors, dates and abstract, or the triage summary."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from paperterm.models import Paper
from paperterm.text import sanitize, sanitize_line
from paperterm.tui.render import UNICODE, Glyphs

MAX_AUTHORS = 8


def card_text(paper: Paper, glyphs: Glyphs = UNICODE) -> Text:
    """The paper as the triage card shows it; untrusted text stays plain text."""
    text = Text()
    text.append(sanitize_line(paper.title), style="bold")
    text.append("\n")
    authors = [sanitize_line(a) for a in paper.authors if sanitize_line(a)]
    if authors:
        shown = ", ".join(authors[:MAX_AUTHORS])
        more = f", +{len(authors) - MAX_AUTHORS} more" if len(authors) > MAX_AUTHORS else ""
        text.append(shown + more, style="italic")
        text.append("\n")
    facts = []
    if paper.first_seen is not None:
        facts.append(f"first seen {paper.first_seen.isoformat()}")
    if paper.seen > 1:
        facts.append(f"in {paper.seen} digests")
    if paper.upvotes is not None:
        facts.append(f"{paper.upvotes} upvotes")
    if facts:
        sep = f" {glyphs.dot} "
        text.append(sep.join(facts), style="dim")
        text.append("\n")
    text.append("\n")
    text.append(sanitize(paper.abstract).strip() or "(no abstract)")
    return text


class TriageCard(Static):
    """What the triage screen hands it: a paper, a summary, or a message; never markup."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", markup=False, id=id)

    def show_paper(self, paper: Paper, glyphs: Glyphs = UNICODE) -> None:
        self.update(card_text(paper, glyphs))

    def show_text(self, heading: str, body: str) -> None:
        text = Text()
        text.append(sanitize_line(heading), style="bold")
        text.append("\n\n")
        text.append(sanitize(body))
        self.update(text)
