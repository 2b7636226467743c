"""``paperterm search`` and ``show``: find and look at papers from the shell."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from paperterm.cli.common import is_empty, open_store
from paperterm.cli.output import error, note, out, plural, print_json, safe
from paperterm.links import paper_links
from paperterm.models import Paper, seen_in
from paperterm.store import AmbiguousKey, appearances_of, get_paper, papers_by_ids
from paperterm.text import clean_paragraph, sanitize, sanitize_line

TABLE_LIMIT = 20  # hits shown on a terminal (and in --json) unless --limit says otherwise


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="search papers (fuzzy titles + full-text abstracts)")
    p.add_argument("query", nargs="*", help='words, "phrases", -exclusions, filters')
    p.add_argument(
        "-n",
        "--limit",
        type=int,
        default=None,
        help=f"at most N hits (default: {TABLE_LIMIT} on a terminal and with --json,"
        " every match when piped)",
    )
    p.add_argument("--json", action="store_true", help="print hits as JSON")
    p.add_argument(
        "--sort",
        type=_sort_order,
        metavar="ORDER",
        help="relevance (with words; the default then), newest (the default without words),"
        " oldest, seen, upvotes or title",
    )
    p.add_argument(
        "--since",
        type=_since,
        metavar="DATE",
        help="new means stored after DATE (YYYY-MM-DD or YYYY-MM-DDTHH:MM, local time)"
        " instead of after the last visit; adds is:new to the query",
    )
    p.set_defaults(func=run_search)
    p = sub.add_parser("show", help="show one paper by key (or a unique key prefix)")
    p.add_argument("key")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_show)


def _sort_order(value: str) -> str:
    from paperterm.search.orders import SORTS, resolve_sort

    order = resolve_sort(value)
    if order is None:
        raise argparse.ArgumentTypeError(
            f"unknown order {sanitize_line(value)!r} (use one of: {', '.join(SORTS)})"
        )
    return order


def _since(value: str) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"bad date {sanitize_line(value)!r} (use YYYY-MM-DD or YYYY-MM-DDTHH:MM)"
        ) from None
    return when


def _has_is_new(query: str) -> bool:
    from paperterm.search import QueryError, parse_query

    try:
        filters = parse_query(query).filters
    except QueryError:
        return False  # the search itself reports the problem
    return any(f.name == "is" and f.value == "new" for f in filters)


def _date(value) -> str | None:
    return value.isoformat() if value else None


def paper_json(paper: Paper) -> dict:
    """A paper as JSON: the fields scripts rely on."""
    return {
        "key": paper.key,
        "title": paper.title,
        "abstract": paper.abstract,
        "first_seen": _date(paper.first_seen),
        "last_seen": _date(paper.last_seen),
        "seen": paper.seen,
        "arxiv_id": paper.arxiv_id,
        "authors": list(paper.authors),
        "upvotes": paper.upvotes,
        "links": paper_links(paper),
    }


def run_search(args: argparse.Namespace) -> int:
    from paperterm.search import SearchService  # numpy and rapidfuzz: only when searching

    store = open_store(args)
    query = " ".join(args.query)
    if args.since is not None and not _has_is_new(query):
        query = f"is:new {query}".strip()
    text = f"{query} sort:{args.sort}" if args.sort else query  # --sort beats a sort: word
    limit = args.limit
    if limit is None and (args.json or out.is_terminal):
        limit = TABLE_LIMIT
    days = 7
    if "trend" in text or "hot" in text:  # sort:trending's window: [discover] in the config
        from paperterm.config import load_config

        days = load_config(getattr(args, "config", None)).discover.trending_days
    result = SearchService(store, trending_days=days).search(
        text, limit=None if limit is None else max(limit, 1), since=args.since
    )
    if result.error:
        error(result.error)
        return 2
    if result.ignored:
        # Words no listed paper has are dropped so a typo does not empty the list: say so.
        note(f"ignored: {', '.join(result.ignored)}")
    hits = list(result.hits)
    if args.json and len(hits) < result.total and args.limit is None:
        note(f"{len(hits)} of {result.total}; --limit N for more")
    full = papers_by_ids(store.conn, [h.paper.id for h in hits])
    if args.json:
        print_json(
            [
                {
                    **paper_json(full.get(h.paper.id, h.paper)),
                    "sort_date": _date(result.date_of(h)),
                    "score": round(h.score, 2),
                    "spans": [list(s) for s in h.spans],
                }
                for h in hits
            ]
        )
        return 0
    if not hits:
        hint = " The store is empty: run paperterm sync PATH." if is_empty(store) else ""
        if _has_is_new(text):
            hint += f" ({_new_since(result.since)})"
        out.print(safe(f'No papers match "{query}".{hint}'))
        return 0
    if not out.is_terminal:
        # Pipes get one whole line per paper (key, the order's date, times seen, title).
        for hit in hits:
            first = _date(result.date_of(hit)) or "-"
            title = sanitize_line(hit.paper.title)
            sys.stdout.write(f"{hit.paper.key}\t{first}\t{hit.paper.seen}\t{title}\n")
        return 0
    print_table(result, hits, text)
    return 0


def print_table(result, hits: list, text: str) -> None:
    """Hits as a table on a terminal, with the footer (count, order, what is:new means)."""
    from rich.table import Table

    scored = any(hit.score for hit in hits)
    table = Table(show_edge=False, expand=True)
    table.add_column("key", style="dim", no_wrap=True, width=8)
    table.add_column("title", overflow="ellipsis", no_wrap=True, ratio=1)
    table.add_column(result.sort.date_label, no_wrap=True, width=10)
    table.add_column("seen", justify="right", width=4)
    if scored:
        table.add_column("score", justify="right", width=5)
    for hit in hits:
        title = safe(hit.paper.title)
        for start, end in hit.spans:
            title.stylize("bold underline", start, end)
        cells = [
            hit.paper.key[:8],
            title,
            _date(result.date_of(hit)) or "",
            str(hit.paper.seen) if hit.paper.seen else "-",
        ]
        table.add_row(*cells, *([f"{hit.score:.0f}"] if scored else []))
    out.print(table)
    total = f"{result.total}+" if getattr(result, "total_is_estimate", False) else result.total
    footer = f"{len(hits)} of {plural(total, 'paper')} · {result.sort.label}"
    if _has_is_new(text):
        footer += f" · {_new_since(result.since)}"
    out.print(safe(footer, style="dim"))


def _new_since(since: dt.datetime | None) -> str:
    """What is:new meant, for people: the time in local time, or that none is recorded."""
    if since is None:
        return "new: every paper, no visit recorded yet"
    return f"new: stored after {since.astimezone().strftime('%Y-%m-%d %H:%M')}"


def run_show(args: argparse.Namespace) -> int:
    piped, out.soft_wrap = out.soft_wrap, not out.is_terminal  # piped: lines are never cut
    try:
        return _show(args)
    finally:
        out.soft_wrap = piped


def _show(args: argparse.Namespace) -> int:
    from paperterm.cli.user_data import print_user_data, user_data_json  # bookmarks, rich

    store = open_store(args)
    try:
        paper = get_paper(store.conn, args.key)
    except AmbiguousKey as exc:
        error(str(exc))
        return 2
    if paper is None:
        error(f"no paper with key {args.key}. Next: paperterm search WORDS to find its key.")
        return 1
    seen = appearances_of(store.conn, paper.id)
    if args.json:
        print_json(
            {
                **paper_json(paper),
                "appearances": [
                    {"date": a.date.isoformat(), "source": a.origin, "position": a.position + 1}
                    for a in seen
                ],
                **user_data_json(store, paper.key),
            }
        )
        return 0
    out.print(safe(paper.title, style="bold"))
    seen = f"first seen {_date(paper.first_seen)} · last seen {_date(paper.last_seen)} · "
    if not paper.seen:
        seen = ""
    out.print(safe(f"key {paper.key} · {seen}{seen_in(paper.seen)}", style="dim"))
    print_user_data(store, paper.key)
    if paper.authors:
        out.print(safe(", ".join(paper.authors)))
    for name, url in paper_links(paper).items():
        out.print(safe(f"{name}: ") + safe(url))
    out.print()
    if not out.is_terminal:
        # Piped: whole paragraphs, no hard wraps, no trailing spaces (the reader wraps).
        out.file.flush()
        abstract = clean_paragraph(sanitize(paper.abstract or ""))
        sys.stdout.write(abstract + "\n" if abstract else "")
        return 0
    out.print(safe(paper.abstract, multiline=True), width=min(out.width, 88))
    return 0
