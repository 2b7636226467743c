"""``paperterm sync [PATH ...]``: ingest digests with a progress bar and one summary line."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from paperterm.cli.common import is_empty, load_sample, open_store
from paperterm.cli.output import err, out, print_json, safe
from paperterm.store import Store
from paperterm.sync import SyncProgress, SyncReport, sync_paths

MAX_WARNINGS_SHOWN = 20


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sync", help="ingest digest files and folders")
    p.add_argument("paths", nargs="*", metavar="PATH", help="digest files or folders")
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors (for cron)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[SyncProgress], None] | None]:
    """A rich progress bar on a terminal: units done, papers, errors, per source."""
    if not enabled:
        yield None
        return
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[papers]} papers · {task.fields[errors]} errors"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        tasks: dict[str, int] = {}

        def update(p: SyncProgress) -> None:
            if p.source not in tasks:
                tasks[p.source] = bar.add_task(p.source, total=p.total, papers=0, errors=0)
            bar.update(
                tasks[p.source],
                completed=p.done,
                total=p.total,
                papers=len(p.report.papers),
                errors=len(p.report.errors),
            )

        yield update


def report_result(report: SyncReport, args: argparse.Namespace) -> int:
    """Print errors (always), warnings and the summary (unless quiet); the exit status."""
    for issue in report.errors:
        err.print(safe(str(issue), style="red"))
    if args.json:
        print_json(
            {
                "digests": report.digests,
                "papers": len(report.papers),
                "new_papers": report.new_papers,
                "appearances": report.appearances,
                "unchanged": report.unchanged,
                "errors": [str(i) for i in report.errors],
                "warnings": [str(i) for i in report.warnings],
            }
        )
    elif not args.quiet:
        for issue in report.warnings[:MAX_WARNINGS_SHOWN]:
            err.print(safe(str(issue), style="yellow"))
        if len(report.warnings) > MAX_WARNINGS_SHOWN:
            err.print(f"… and {len(report.warnings) - MAX_WARNINGS_SHOWN} more warnings")
        out.print(report.summary())
    return 1 if report.errors else 0


def sync_default(store: Store, args: argparse.Namespace, progress) -> SyncReport | None:
    """What ``paperterm sync`` does with no path: the bundled sample into an empty store."""
    if is_empty(store):
        if not args.quiet and not args.json:
            out.print("No sources configured and the store is empty: loading the bundled sample.")
        return load_sample(store)
    return None


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    with progress_bar(not args.quiet and not args.json and err.is_terminal) as progress:
        if args.paths:
            report = sync_paths(store, args.paths, progress=progress)
        else:
            report = sync_default(store, args, progress)
    if report is None:
        err.print("Nothing to sync. Next: paperterm sync PATH (a digest file or folder).")
        return 2
    return report_result(report, args)
