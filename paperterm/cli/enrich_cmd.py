"""``paperterm enrich``: match papers by title on Hugging Face, then arXiv; store the matches."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from paperterm.cli.common import open_store
from paperterm.cli.output import err, error, out, print_json, warning
from paperterm.config import load_config
from paperterm.enrich import (
    EnrichProgress,
    EnrichReport,
    enrich_papers,
    load_enrich_settings,
    papers_to_enrich,
)
from paperterm.models import Paper
from paperterm.store import Store, papers_by_ids
from paperterm.text import sanitize_line

LINE_EVERY = 10  # without a terminal, one progress line per this many papers
SEARCH_LIMIT = 100_000


def _limit(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of papers from 1: {value!r}")
    return int(value)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "enrich",
        help="match papers by title on Hugging Face and arXiv (ids, authors, dates, code)",
        description="For each paper without an arXiv id (those matching QUERY, if given), "
        "search its title on Hugging Face, then on arXiv, and store the ids, authors, "
        "publication date, upvotes, AI summary and repository of an exact title match. "
        "Sends only the titles. Papers looked up in the last 7 days are skipped.",
    )
    p.add_argument("query", nargs="*", metavar="QUERY", help="only papers matching this search")
    p.add_argument("--limit", type=_limit, metavar="N", help="look up at most N papers")
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors (for cron)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)


def _chosen(store: Store, query: str) -> list[Paper] | str:
    """The papers matching the query, in rank order, or the query's error."""
    from paperterm.search import SearchService  # numpy and rapidfuzz: only when searching

    result = SearchService(store).search(query, limit=SEARCH_LIMIT)
    if result.error:
        return result.error
    found = papers_by_ids(store.conn, [h.paper.id for h in result.hits])
    return [found[h.paper.id] for h in result.hits if h.paper.id in found]


@contextmanager
def _progress(mode: str) -> Iterator[Callable[[EnrichProgress], None] | None]:
    if mode == "none":
        yield None
        return
    if mode == "lines":

        def line(p: EnrichProgress) -> None:
            if p.done % LINE_EVERY == 0 or p.done == p.total:
                err.print(Text(f"enrich: {p.done}/{p.total} papers looked up"))

        yield line
        return
    columns = (
        TextColumn("Looking up titles", style="bold"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[matched]} matched"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("enrich", total=None, matched=0)
        matched = 0

        def update(p: EnrichProgress) -> None:
            nonlocal matched
            matched += p.outcome in ("hf", "arxiv")
            bar.update(task, completed=p.done, total=p.total, matched=matched)

        yield update


def _json(report: EnrichReport) -> dict:
    return {
        "looked_up": report.total,
        "matched": report.matched,
        "matched_hf": report.matched_hf,
        "matched_arxiv": report.matched_arxiv,
        "no_match": report.no_match,
        "failed": report.failed,
        "offline": report.offline,
        "stopped": report.stopped or None,
        "errors": [sanitize_line(e) for e in report.errors],
    }


def run(args: argparse.Namespace) -> int:
    config = load_config(getattr(args, "config", None))
    settings, problems = load_enrich_settings(config)
    for problem in (*config.problems, *problems):
        if not args.quiet:
            warning(problem)
    store = open_store(args)
    pool: list[Paper] | None = None
    if args.query:
        chosen = _chosen(store, " ".join(args.query))
        if isinstance(chosen, str):
            error(chosen)
            return 2
        pool = chosen
    papers = papers_to_enrich(store, pool, limit=args.limit, cache_days=settings.cache_days)
    mode = "none" if args.quiet or args.json else "bar" if err.is_terminal else "lines"
    with _progress(mode) as progress:
        report = enrich_papers(store, settings, papers, progress=progress)
    if report.offline:
        error(
            f"Could not reach {settings.hf_url} or {settings.arxiv_url} (offline?). "
            "Nothing was lost. Next: run paperterm enrich again when online."
        )
    elif report.stopped:
        error(f"Enrichment {report.stopped}. What was found is stored; run it again later.")
    if args.json:
        print_json(_json(report))
    elif not args.quiet:
        if not papers:
            out.print(Text("Nothing to look up: every paper has an arXiv id or was looked up."))
        else:
            out.print(Text(report.summary()))
        if report.failed and not (report.offline or report.stopped):
            for line in report.errors[-3:]:
                warning(line)
    if report.offline or report.stopped or report.failed:
        return 1
    return 0
