"""``paperterm read``: mark a paper, or with --all every paper a query matches, read or unread."""

from __future__ import annotations

import argparse

from rich.text import Text

from paperterm.bookmarks import Bookmarks, BookmarksError, plural
from paperterm.cli.common import open_store
from paperterm.cli.output import out, safe
from paperterm.cli.resolve import fail, papers_named, short


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("read", help="mark a paper read (or --unread); --all for every match")
    p.add_argument("target", nargs="+", metavar="KEY|QUERY")
    p.add_argument("--unread", action="store_true", help="mark it unread")
    p.add_argument("--all", action="store_true", help="every paper the query matches")
    p.set_defaults(func=run_read)


def run_read(args: argparse.Namespace) -> int:
    store = open_store(args)
    marks = Bookmarks(store)
    read = not args.unread
    try:
        papers = papers_named(store, args.target, many=args.all, all_hint="--all")
        undo = marks.set_read_many([p.key for p in papers], read)
    except BookmarksError as exc:
        return fail(exc)
    state = "read" if read else "unread"
    if len(papers) == 1 and not args.all:
        paper = papers[0]
        when = f" ({marks.read_at(paper.key)})" if read else ""
        out.print(safe(f"Marked {state}{when}:") + Text(" ") + short(paper))
        return 0
    already = len(papers) - undo.count
    tail = f" ({already:,} {'was' if already == 1 else 'were'} {state} already)" if already else ""
    out.print(safe(f"Marked {plural(undo.count, 'paper')} {state}{tail}."))
    return 0
