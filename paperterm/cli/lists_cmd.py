"""``paperterm lists``, ``list``, ``bookmark`` and ``move``: reading lists from the shell."""

from __future__ import annotations

import argparse

from rich.table import Table
from rich.text import Text

from paperterm.bookmarks import DEFAULT_LIST, Bookmarks, BookmarksError, plural
from paperterm.cli.common import open_store
from paperterm.cli.output import out, print_json, safe
from paperterm.cli.resolve import fail, keys_named, one_paper, short
from paperterm.store import get_paper


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lists", help="show reading lists; create, rename or delete one")
    p.add_argument("--json", action="store_true", help="print the lists as JSON")
    p.set_defaults(func=run_lists)
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    a = actions.add_parser("create", help="create an empty list")
    a.add_argument("name")
    a.set_defaults(func=run_lists_create)
    a = actions.add_parser("rename", help="rename a list")
    a.add_argument("old")
    a.add_argument("new")
    a.set_defaults(func=run_lists_rename)
    a = actions.add_parser("delete", help="delete a list (--force when it holds papers)")
    a.add_argument("name")
    a.add_argument("--force", action="store_true", help="delete even if it holds papers")
    a.set_defaults(func=run_lists_delete)

    p = sub.add_parser("list", help="show the papers of a reading list, in order")
    p.add_argument("name", nargs="?", default=DEFAULT_LIST, help=f'default "{DEFAULT_LIST}"')
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_list)

    p = sub.add_parser("bookmark", help="add papers to a reading list (or --remove them)")
    p.add_argument("target", nargs="+", metavar="KEY|QUERY", help="a paper key or a search")
    p.add_argument("--list", dest="list_name", default=DEFAULT_LIST, metavar="NAME")
    p.add_argument("--remove", action="store_true", help="take the paper out of the list")
    p.add_argument("--all", action="store_true", help="every paper the query matches")
    p.set_defaults(func=run_bookmark)

    p = sub.add_parser("move", help="move a paper up/down in a list, or to another list")
    p.add_argument("target", nargs="+", metavar="KEY|QUERY")
    p.add_argument("--list", dest="list_name", default=DEFAULT_LIST, metavar="NAME")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--up", type=int, nargs="?", const=1, metavar="N", help="N places up")
    how.add_argument("--down", type=int, nargs="?", const=1, metavar="N", help="N places down")
    how.add_argument("--to", metavar="LIST", help="move it to the end of another list")
    p.add_argument("--create", action="store_true", help="with --to: create a missing list")
    p.set_defaults(func=run_move)


def run_lists(args: argparse.Namespace) -> int:
    lists = Bookmarks(open_store(args)).lists()
    if args.json:
        print_json([{"name": x.name, "count": x.count, "created_at": x.created_at} for x in lists])
        return 0
    if not lists:
        out.print("No reading lists yet. Next: paperterm bookmark KEY|QUERY.")
        return 0
    table = Table(show_edge=False)
    table.add_column("list")
    table.add_column("papers", justify="right")
    table.add_column("created", no_wrap=True)
    for item in lists:
        table.add_row(safe(item.name), str(item.count), safe(item.created_at[:10]))
    out.print(table)
    return 0


def run_lists_create(args: argparse.Namespace) -> int:
    try:
        name = Bookmarks(open_store(args)).create_list(args.name)
    except BookmarksError as exc:
        return fail(exc)
    out.print(Text("Created the list ") + safe(name, style="bold") + Text("."))
    return 0


def run_lists_rename(args: argparse.Namespace) -> int:
    try:
        name = Bookmarks(open_store(args)).rename_list(args.old, args.new)
    except BookmarksError as exc:
        return fail(exc)
    out.print(Text("Renamed to ") + safe(name, style="bold") + Text("."))
    return 0


def run_lists_delete(args: argparse.Namespace) -> int:
    try:
        count = Bookmarks(open_store(args)).delete_list(args.name, force=args.force)
    except BookmarksError as exc:
        return fail(exc)
    held = f" (it held {plural(count, 'paper')})" if count else ""
    out.print(Text("Deleted the list ") + safe(args.name, style="bold") + safe(held + "."))
    return 0


def run_list(args: argparse.Namespace) -> int:
    store = open_store(args)
    marks = Bookmarks(store)
    try:
        keys = marks.list_keys(args.name)
    except BookmarksError as exc:
        if args.name.casefold() != DEFAULT_LIST.casefold():
            return fail(exc)
        keys = []  # the default list exists from the first bookmark on
    found = {key: paper for key in keys if (paper := get_paper(store.conn, key))}
    read = marks.read_keys()
    noted = marks.note_keys()
    if args.json:
        print_json([_item_json(marks, found, i, key) for i, key in enumerate(keys, start=1)])
        return 0
    if not keys:
        out.print(Text("The list ") + safe(args.name) + Text(" is empty."))
        return 0
    table = Table(show_edge=False, expand=True)
    table.add_column("#", justify="right")
    table.add_column("key", style="dim", no_wrap=True)
    table.add_column("", no_wrap=True)  # marks: unread / note
    table.add_column("title", overflow="ellipsis", no_wrap=True, ratio=1)
    table.add_column("first seen", no_wrap=True)
    for i, key in enumerate(keys, start=1):
        paper = found.get(key)
        mark = ("●" if key not in read else " ") + ("✎" if key in noted else " ")
        table.add_row(
            str(i),
            safe(key[:8]),
            mark,
            safe(paper.title) if paper else Text("(not in the store)", style="dim"),
            paper.first_seen.isoformat() if paper and paper.first_seen else "",
        )
    out.print(table)
    out.print(Text(f"{plural(len(keys), 'paper')} · ● unread · ✎ note", style="dim"))
    return 0


def _item_json(marks: Bookmarks, found: dict, position: int, key: str) -> dict:
    paper = found.get(key)
    note = marks.note(key)
    return {
        "position": position,
        "key": key,
        "title": paper.title if paper else None,
        "first_seen": paper.first_seen.isoformat() if paper and paper.first_seen else None,
        "read_at": marks.read_at(key),
        "note": note.body if note else None,
    }


def run_bookmark(args: argparse.Namespace) -> int:
    store = open_store(args)
    marks = Bookmarks(store)
    name = args.list_name
    try:
        keys, one = keys_named(store, args.target, args.all)
        if args.remove:
            removed = marks.remove_many(keys, name)
            if one is not None:
                verb = "Removed from" if removed else "Was not in"
                out.print(Text(f"{verb} ") + safe(name) + Text(": ") + short(one))
                others = marks.lists_of(one.key)
                if others:
                    out.print(safe("Still in: " + ", ".join(others), style="dim"))
            else:
                out.print(safe(f"Removed {plural(removed, 'paper')} from {name}."))
            return 0
        added = marks.add_many(keys, name)
    except BookmarksError as exc:
        return fail(exc)
    if one is not None:
        verb = "★ Added to" if added else "Already in"
        out.print(Text(f"{verb} ") + safe(name) + Text(": ") + short(one))
    else:
        already = len(keys) - added
        was = "was" if already == 1 else "were"
        tail = f" ({already:,} {was} already in it)." if already else "."
        out.print(safe(f"★ Added {plural(added, 'paper')} to {name}{tail}"))
    return 0


def run_move(args: argparse.Namespace) -> int:
    store = open_store(args)
    marks = Bookmarks(store)
    try:
        paper = one_paper(store, args.target)
        if args.to is not None:
            moved = marks.move_to_list(paper.key, args.list_name, args.to, create=args.create)
            verb = "Moved to " if moved else "Already in "
            out.print(Text(verb) + safe(args.to) + Text(": ") + short(paper))
            return 0
        if args.create:
            raise BookmarksError("--create goes with --to LIST")
        delta = -(args.up or 0) if args.up is not None else (args.down or 0)
        index = marks.move_item(paper.key, args.list_name, delta)
    except BookmarksError as exc:
        return fail(exc)
    out.print(Text(f"Now #{index + 1} in ") + safe(args.list_name) + Text(": ") + short(paper))
    return 0
