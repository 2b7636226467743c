"""Naming papers on the command line: KEY|QUERY to papers, candidates and failures printed."""

from __future__ import annotations

from rich.text import Text

from paperterm.bookmarks import AmbiguousQuery, BookmarksError, find_keys, find_papers, plural
from paperterm.cli.output import err, error, safe
from paperterm.models import Paper
from paperterm.store import Store, get_paper


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


def papers_named(store: Store, words: list[str], *, all_hint: str = "") -> list[Paper]:
    """find_papers, printing the candidates on stderr when a query names several papers."""
    try:
        return find_papers(store, words, all_hint=all_hint)
    except AmbiguousQuery as exc:
        text = " ".join(words).strip()
        err.print(safe(f'{plural(exc.total, "paper")} match "{text}":'))
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


def keys_named(store: Store, words: list[str], every: bool) -> tuple[list[str], Paper | None]:
    """The keys a bulk command acts on (every match with ``every``), and the paper when one."""
    if every:
        keys = find_keys(store, words)
        return keys, get_paper(store.conn, keys[0]) if len(keys) == 1 else None
    papers = papers_named(store, words, all_hint="--all")
    return [p.key for p in papers], papers[0] if len(papers) == 1 else None
