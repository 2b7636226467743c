"""``paperterm sync``: configured sources, paths, the Hugging Face API or stdin, under a lock."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from paperterm.cli.common import open_store
from paperterm.cli.output import err, error, out, print_json, safe
from paperterm.config import Config, load_config
from paperterm.models import Issue
from paperterm.reader import jobs as reader_jobs
from paperterm.store import Store
from paperterm.sync import SyncProgress, SyncReport
from paperterm.sync.lock import LOCKED_EXIT, SyncLocked
from paperterm.sync.sources.configured import (
    SourceJob,
    configured_jobs,
    hf_job,
    path_jobs,
    stdin_job,
)
from paperterm.sync.sources.folder import folder_units
from paperterm.sync.sources.mailbox import detect_mailbox
from paperterm.sync.sources.page import MAX_PAGE_BYTES
from paperterm.text import sanitize_line

MAX_WARNINGS_SHOWN = 20
NO_DIGESTS = (
    "no digest files found under this folder (digests are .txt files, or files that start "
    "with a digest's date line)"
)
USAGE_EXIT = 2


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date like 2025-03-14: {value!r}") from None


def _days(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 3660:
        raise argparse.ArgumentTypeError(f"expected a number of days from 1 to 3660: {value!r}")
    return int(value)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sync",
        help="sync configured sources, digest files, mailboxes, pages or the HF API",
        description="With no argument, sync every configured source. PATH may be a digest "
        "file or folder, an mbox file, a Maildir folder or a saved papers page (recognised "
        "by content); '-' reads a pasted page from standard input; 'hf' fetches the Hugging "
        "Face daily papers API (write ./hf for a folder named hf).",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="what to sync (see above)")
    p.add_argument(
        "-s", "--source", action="append", default=[], metavar="NAME", help="a configured source"
    )
    p.add_argument("--since", type=_date, metavar="DATE", help="hf: fetch from this day")
    p.add_argument("--days", type=_days, metavar="N", help="hf: fetch the last N days")
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors (for cron)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[SyncProgress], None] | None]:
    """A rich progress bar on a terminal: one row per source with units, papers and errors."""
    if not enabled:
        yield None
        return
    columns = (
        # The description is a source name from the config or argv: plain text, never markup.
        TextColumn("{task.description}", style="bold", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[papers]} papers · {task.fields[errors]} errors"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        tasks: dict[str, int] = {}

        def update(p: SyncProgress) -> None:
            if p.source not in tasks:
                tasks[p.source] = bar.add_task(
                    sanitize_line(p.source), total=p.total, papers=0, errors=0
                )
            bar.update(
                tasks[p.source],
                completed=p.done,
                total=p.total,
                papers=len(p.report.papers),
                errors=len(p.report.errors),
            )

        yield update


def _report_json(report: SyncReport) -> dict:
    return {
        "digests": report.digests,
        "papers": len(report.papers),
        "new_papers": report.new_papers,
        "appearances": report.appearances,
        "unchanged": report.unchanged,
        "errors": [str(i) for i in report.errors],
        "warnings": [str(i) for i in report.warnings],
    }


def report_result(
    report: SyncReport, args: argparse.Namespace, per_source: list[tuple[str, SyncReport]] = ()
) -> int:
    """Print errors (always), warnings and the summary (unless quiet); the exit status."""
    for issue in report.errors:
        err.print(safe(str(issue), style="red"), soft_wrap=True)
    if args.json:
        print_json(
            {
                **_report_json(report),
                "sources": [{"name": n, **_report_json(r)} for n, r in per_source],
            }
        )
    elif not args.quiet:
        for issue in report.warnings[:MAX_WARNINGS_SHOWN]:
            err.print(safe(str(issue), style="yellow"), soft_wrap=True)
        if len(report.warnings) > MAX_WARNINGS_SHOWN:
            err.print(f"… and {len(report.warnings) - MAX_WARNINGS_SHOWN} more warnings")
        if len(per_source) > 1:
            for name, part in per_source:
                line = Text.assemble((safe(name).plain, "bold"), ": " + part.summary())
                out.print(line, soft_wrap=True)
            out.print(Text.assemble(("total", "bold"), ": " + report.summary()), soft_wrap=True)
        else:
            out.print(Text(report.summary()), soft_wrap=True)
    return report.exit_code()


def _read_stdin(args: argparse.Namespace) -> bytes:
    if sys.stdin.isatty() and not args.quiet:
        err.print("Paste the page, then press Ctrl-D on a line of its own.")
    data = sys.stdin.buffer.read(MAX_PAGE_BYTES + 1)
    return data


def _show_problems(config: Config, *, but: str | None = None) -> None:
    for problem in config.problems:
        if problem != but:  # the error that stops the sync is printed once, as an error
            err.print(Text("config: ", style="yellow") + safe(problem), soft_wrap=True)


def choose_jobs(
    args: argparse.Namespace, config: Config, store: Store
) -> tuple[list[SourceJob], str | None]:
    """What to sync, or a message saying why nothing can be."""
    paths: list[str] = list(args.paths)
    hf_mode = bool(paths) and paths[0] == "hf"
    if (args.since or args.days) and not hf_mode:
        return [], "--since and --days go with paperterm sync hf."
    if args.since and args.days:
        return [], "give --since or --days, not both."
    if hf_mode:
        if len(paths) > 1 or args.source:
            return [], "paperterm sync hf takes no paths or sources (write ./hf for a folder)."
        return [hf_job("hf", config.hf, since=args.since, days=args.days)], None
    if paths:
        if args.source:
            return [], "give PATHs or --source, not both."
        jobs: list[SourceJob] = []
        if "-" in paths:
            jobs.append(stdin_job(_read_stdin(args)))
            paths = [p for p in paths if p != "-"]
        return jobs + path_jobs(paths, config), None
    if config.missing:
        return [], config.missing
    if not config.readable:
        return [], "the config file cannot be read (see above). Next: paperterm config edit."
    try:
        jobs = configured_jobs(config, args.source)
    except KeyError as exc:
        known = ", ".join(s.name for s in config.sources) or "none"
        return [], (
            f"no source named {exc.args[0]!r} (configured: {known}). Next: paperterm sources list."
        )
    if jobs:
        return jobs, None
    if config.sources:
        return [], "every configured source is disabled (enabled = false in config.toml)."
    if reader_jobs.sample_wanted(config, store):
        if not args.quiet and not args.json:
            out.print("No sources configured and the store is empty: loading the bundled sample.")
        return [reader_jobs.sample_job()], None
    return [], (
        "No sources configured. Next: paperterm sources add NAME PATH (a folder, mbox or "
        "Maildir), paperterm sources add hf, or paperterm sync PATH."
    )


def folder_roots(job: SourceJob, args: argparse.Namespace, config: Config) -> list[Path]:
    """The paths a folder job reads: the PATHs given (but mailboxes), or its source's path."""
    if job.kind != "folder":
        return []
    if args.paths:
        roots = [Path(p).expanduser() for p in args.paths if p != "-"]
        return [p for p in roots if not detect_mailbox(p)]
    source = config.source(job.name)
    return [source.path] if source and source.path else []


def empty_folders(report: SyncReport, roots: list[Path]) -> list[Path]:
    """The folders among ``roots`` in which the sync found no digest file at all."""
    # A folder the sync could not read has its error already: no second word about it.
    failed = {issue.where for issue in report.errors}
    folders = [p for p in roots if p.is_dir() and str(p) not in failed]
    if not folders:
        return []
    if report.units == 0:
        return folders
    if len(roots) == 1:
        return []
    # Several roots and some units: only a second look tells which folder gave none.
    return [p for p in folders if not folder_units([p])[0]]


def run(args: argparse.Namespace) -> int:
    config = load_config(getattr(args, "config", None))
    store = open_store(args)
    jobs, problem = choose_jobs(args, config, store)
    _show_problems(config, but=problem)
    if problem:
        error(problem)
        return USAGE_EXIT
    per_source: list[tuple[str, SyncReport]] = []

    def job_done(job: SourceJob, part: SyncReport) -> None:
        # Not an error: a drop folder may be empty today. But say so, in case the path is a
        # typo or the files are not digests.
        for folder in empty_folders(part, folder_roots(job, args, config)):
            part.warnings.append(Issue(str(folder), 0, NO_DIGESTS, "warning"))
        per_source.append((job.name, part))

    show_bar = not args.quiet and not args.json and err.is_terminal
    try:
        with progress_bar(show_bar) as progress:
            report = reader_jobs.run_jobs(store, jobs, progress, on_job=job_done)
    except SyncLocked as exc:
        error(str(exc))
        return LOCKED_EXIT
    status = report_result(report, args, per_source)
    auto_enrich(store, config, sorted(report.papers), args)
    return status


def auto_enrich(store: Store, config: Config, paper_ids: list[int], args) -> None:
    """``[enrich] auto = true``: look the synced papers up by title (the sync's exit status
    stands; an offline enrichment is one warning)."""
    from paperterm.enrich import enrich_papers, load_enrich_settings, papers_to_enrich
    from paperterm.store import papers_by_ids

    settings, _ = load_enrich_settings(config)
    if not settings.auto or not paper_ids:
        return
    found = papers_by_ids(store.conn, paper_ids)
    papers = papers_to_enrich(store, found.values(), cache_days=settings.cache_days)
    if not papers:
        return
    quiet = args.quiet or args.json
    if not quiet:
        out.print(Text(f"Enriching {len(papers)} papers ([enrich] auto = true)…"))
    result = enrich_papers(store, settings, papers)
    if result.offline:
        err.print(
            Text(
                f"enrich: could not reach {settings.hf_url} (offline?); run paperterm enrich later."
            )
        )
    elif not quiet:
        out.print(Text(f"enrich: {result.summary()}"), soft_wrap=True)
