"""``paperterm read``: mark a paper, or with --all every paper a query matches, read or unread."""

from __future__ import annotations

import argparse

from rich.text import Text

from paperterm.bookmarks import Bookmarks, BookmarksError, plural
from paperterm.cli.common import open_store
from paperterm.cli.output import out, safe
from paperterm.cli.resolve import fail, keys_named, short


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
        keys, one = keys_named(store, args.target, args.all)
        undo = marks.set_read_many(keys, read)
    except BookmarksError as exc:
        return fail(exc)
    state = "read" if read else "unread"
    if one is not None and not args.all:
        when = f" ({marks.read_at(one.key)})" if read else ""
        out.print(safe(f"Marked {state}{when}:") + Text(" ") + short(one))
        return 0
    already = len(keys) - undo.count
    tail = f" ({already:,} {'was' if already == 1 else 'were'} {state} already)" if already else ""
    out.print(safe(f"Marked {plural(undo.count, 'paper')} {state}{tail}."))
    return 0
