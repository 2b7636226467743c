"""Naming papers on the command line: KEY|QUERY to papers, candidates and failures printed."""

from __future__ import annotations

from rich.text import Text

from paperterm.bookmarks import AmbiguousQuery, BookmarksError, find_papers
from paperterm.cli.output import err, error, safe
from paperterm.models import Paper
from paperterm.store import Store


def fail(exc: Exception | str) -> int:
    """Print a (possibly multi-line) error on stderr; the exit status 1."""
    lines = str(exc).split("\n")
    error(lines[0])
    for line in lines[1:]:
        err.print(Text("  ") + safe(line))
    return 1


def short(paper: Paper) -> Text:
    """A paper on one line: its clean title and short key."""
    return safe(paper.title, style="bold") + Text(f" ({paper.key[:8]})", style="dim")


def papers_named(
    store: Store, words: list[str], *, many: bool = False, all_hint: str = ""
) -> list[Paper]:
    """find_papers, printing the candidates on stderr when a query names several papers."""
    try:
        return find_papers(store, words, many=many, all_hint=all_hint)
    except AmbiguousQuery as exc:
        text = " ".join(words).strip()
        err.print(safe(f'{exc.total:,} papers match "{text}":'))
        for candidate in exc.candidates:
            line = Text("  ") + Text(candidate.key[:8], style="cyan") + Text("  ")
            err.print(line + safe(candidate.title), no_wrap=True, overflow="ellipsis")
        raise


def one_paper(store: Store, words: list[str]) -> Paper:
    """The one paper a command that takes one paper is given, or BookmarksError."""
    papers = papers_named(store, words)
    if len(papers) > 1:
        raise BookmarksError("this command takes one paper; give one key or query.")
    return papers[0]
