"""``paperterm related``, ``for-you``, ``trending``, ``searches``, ``stats``: what to read next."""

from __future__ import annotations

import argparse

from rich.table import Table
from rich.text import Text

from paperterm.bookmarks.saved_searches import (
    SavedSearchError,
    delete_search,
    list_searches,
    rename_search,
    save_search,
)
from paperterm.cli.common import is_empty, open_store
from paperterm.cli.output import error, out, print_json, safe
from paperterm.cli.search_cmd import paper_json
from paperterm.cli.stats_view import print_stats, stats_json
from paperterm.models import Paper
from paperterm.store import AmbiguousKey, Store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("related", help="the papers most similar to one paper")
    p.add_argument("key", help="a paper key (or a unique prefix of one)")
    p.add_argument("-n", "--limit", type=int, default=10, help="at most N papers (default 10)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_related)
    p = sub.add_parser("for-you", help="unread papers ranked by your reading lists")
    p.add_argument("--list", metavar="NAME", help="rank against this list only")
    p.add_argument("-n", "--limit", type=int, default=20, help="at most N papers (default 20)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_for_you)
    p = sub.add_parser("trending", help="papers seen in the most digests lately")
    p.add_argument(
        "--days", type=int, help="the last N days of the library ([discover] trending_days, 7)"
    )
    p.add_argument("-n", "--limit", type=int, default=20, help="at most N papers (default 20)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_trending)
    p = sub.add_parser("searches", help="saved searches: list, save, rename, delete")
    p.add_argument(
        "action", nargs="?", default="list", choices=("list", "save", "rename", "delete")
    )
    p.add_argument("words", nargs="*", help="save NAME QUERY · rename OLD NEW · delete NAME")
    p.add_argument("--filter", default="", help="with save: the filter part (e.g. is:unread)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_searches)
    p = sub.add_parser("stats", help="figures about the library, with a chart per digest day")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_stats)


def _table(score_name: str, extra: str) -> Table:
    table = Table(show_edge=False, expand=True)
    table.add_column("key", style="dim", no_wrap=True, width=8)
    table.add_column("title", overflow="ellipsis", no_wrap=True, ratio=1)
    table.add_column(score_name, justify="right", width=5)
    table.add_column(extra, overflow="ellipsis", no_wrap=True, max_width=30)
    return table


def _row(table: Table, paper: Paper, score: str, extra: str) -> None:
    table.add_row(paper.key[:8], safe(paper.title), score, safe(extra))


def _empty_hint(store: Store) -> str:
    return " The store is empty: run paperterm sync PATH." if is_empty(store) else ""


def run_related(args: argparse.Namespace) -> int:
    from paperterm.discover import related  # numpy: only for these commands

    store = open_store(args)
    try:
        found = related(store, args.key, max(args.limit, 1))
    except AmbiguousKey as exc:
        error(str(exc))
        return 2
    except LookupError:
        error(f"no paper with key {args.key}. Next: paperterm search WORDS to find its key.")
        return 1
    if args.json:
        print_json(
            [{**paper_json(r.paper), "score": r.score, "words": list(r.words)} for r in found]
        )
        return 0
    if not found:
        out.print("No related papers: this paper shares no topic words with the others.")
        return 0
    table = _table("score", "shared words")
    for r in found:
        _row(table, r.paper, f"{r.score:.2f}", ", ".join(r.words))
    out.print(table)
    return 0


def run_for_you(args: argparse.Namespace) -> int:
    from paperterm.discover import NoSuchList, for_you

    store = open_store(args)
    try:
        result = for_you(store, args.list, max(args.limit, 1))
    except NoSuchList as exc:
        error(str(exc))
        return 2
    if args.json:
        print_json(
            {
                "message": result.message,
                "lists": list(result.lists),
                "papers": [
                    {
                        **paper_json(p.paper),
                        "score": p.score,
                        "why": list(p.why),
                        "list": p.list_name,
                    }
                    for p in result.picks
                ],
            }
        )
        return 0
    if result.message:
        out.print(safe(result.message + _empty_hint(store)))
        return 0
    table = _table("score", "why")
    for pick in result.picks:
        _row(table, pick.paper, f"{pick.score:.2f}", ", ".join(pick.why))
    out.print(table)
    out.print(safe(f"Ranked against: {', '.join(result.lists)}", style="dim"))
    return 0


def run_trending(args: argparse.Namespace) -> int:
    from paperterm.discover import trending
    from paperterm.discover.trending import window

    if args.days is None:
        from paperterm.config import load_config

        args.days = load_config(getattr(args, "config", None)).discover.trending_days
    store = open_store(args)
    found = trending(store, max(args.days, 1), max(args.limit, 1))
    span = window(store, args.days)
    if args.json:
        print_json(
            {
                "from": span[0].isoformat() if span else None,
                "to": span[1].isoformat() if span else None,
                "papers": [{**paper_json(t.paper), "digests": t.digests} for t in found],
            }
        )
        return 0
    if not found:
        out.print(safe("No digests yet." + _empty_hint(store)))
        return 0
    table = _table("days", "upvotes")
    for t in found:
        upvotes = "" if t.paper.upvotes is None else str(t.paper.upvotes)
        _row(table, t.paper, str(t.digests), upvotes)
    out.print(table)
    if span:
        out.print(Text(f"Digests from {span[0]} to {span[1]}", style="dim"))
    return 0


def _counts(store: Store, queries: list[str]) -> list[int | None]:
    """How many papers each query matches now (None when the query no longer parses)."""
    from paperterm.search import SearchService

    service = SearchService(store)
    try:
        results = [service.search(q, limit=0) for q in queries]
    finally:
        service.close()
    return [None if r.error else r.total for r in results]


def run_searches(args: argparse.Namespace) -> int:
    store = open_store(args)
    words = args.words
    wanted = {"list": 0, "save": 2, "rename": 2, "delete": 1}[args.action]
    if args.action == "save" and len(words) > 2:
        words = [words[0], " ".join(words[1:])]  # an unquoted query: its words are one query
    if len(words) != wanted and not (args.action == "save" and len(words) == 1 and args.filter):
        usage = {
            "list": "searches list",
            "save": "searches save NAME QUERY [--filter F]",
            "rename": "searches rename OLD NEW",
            "delete": "searches delete NAME",
        }
        error(f"usage: paperterm {usage[args.action]}")
        return 2
    try:
        if args.action == "save":
            saved = save_search(store, words[0], words[1] if len(words) > 1 else "", args.filter)
            out.print(safe(f'Saved "{saved.name}": {saved.full_query}'))
        elif args.action == "rename":
            renamed = rename_search(store, words[0], words[1])
            out.print(safe(f'Renamed to "{renamed.name}".'))
        elif args.action == "delete":
            delete_search(store, words[0])
            out.print(safe(f'Deleted the saved search "{words[0]}".'))
    except SavedSearchError as exc:
        error(str(exc))
        return 2
    if args.action != "list":
        return 0
    searches = list_searches(store)
    counts = _counts(store, [s.full_query for s in searches])
    if args.json:
        print_json(
            [
                {
                    "name": s.name,
                    "query": s.query,
                    "filter": s.filter,
                    "count": n,
                    "created_at": s.created_at,
                    "updated_at": s.updated_at,
                }
                for s, n in zip(searches, counts, strict=True)
            ]
        )
        return 0
    if not searches:
        out.print('No saved searches. Next: paperterm searches save NAME "QUERY".')
        return 0
    table = Table(show_edge=False)
    table.add_column("name", no_wrap=True)
    table.add_column("papers", justify="right")
    table.add_column("query", overflow="ellipsis", no_wrap=True)
    for s, n in zip(searches, counts, strict=True):
        table.add_row(safe(s.name), "?" if n is None else str(n), safe(s.full_query))
    out.print(table)
    return 0


def run_stats(args: argparse.Namespace) -> int:
    from paperterm.cli.sources_cmd import source_figures
    from paperterm.discover import library_stats
    from paperterm.store import stats

    store = open_store(args)
    figures = library_stats(store)
    if args.json:
        print_json({**stats(store.conn), **stats_json(figures), **source_figures(args, store)})
        return 0
    print_stats(figures)
    return 0
