"""Sources as sync jobs: configured sources, ad hoc paths, the API and stdin, each runnable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from paperterm.config import Config, HfSettings, MailMatch, SourceConfig
from paperterm.models import Issue
from paperterm.store import Store
from paperterm.sync.engine import ProgressCallback, SyncProgress, SyncReport, sync_units
from paperterm.sync.sources.folder import folder_units
from paperterm.sync.sources.hf_api import HfClient, client_for, plan_days, sync_hf, utc_today
from paperterm.sync.sources.mailbox import detect_mailbox, mailbox_units
from paperterm.sync.sources.page import looks_like_page, page_file_unit, stdin_unit
from paperterm.sync.units import Unit

ClientFactory = Callable[[HfSettings], HfClient]


@dataclass(frozen=True)
class SourceJob:
    """One source to sync: a name for the progress bar and a function that syncs it."""

    name: str
    kind: str  # folder, mailbox, hf, page, stdin
    target: str
    run: Callable[[Store, ProgressCallback | None], SyncReport]


def _units_job(
    name: str, kind: str, target: str, build: Callable[[], tuple[list[Unit], list[Issue]]]
) -> SourceJob:
    def run(store: Store, progress: ProgressCallback | None) -> SyncReport:
        units, issues = build()
        if progress:
            progress(SyncProgress(name, 0, len(units), "", SyncReport()))
        report = sync_units(store, units, source=name, progress=progress)
        report.errors[:0] = [i for i in issues if i.severity == "error"]
        report.warnings[:0] = [i for i in issues if i.severity != "error"]
        return report

    return SourceJob(name, kind, target, run)


def folder_job(name: str, paths: Sequence[Path]) -> SourceJob:
    target = ", ".join(str(p) for p in paths)
    return _units_job(name, "folder", target, lambda: folder_units(list(paths)))


def mailbox_job(name: str, path: Path, match: MailMatch, *, hint: str) -> SourceJob:
    def build() -> tuple[list[Unit], list[Issue]]:
        units, issues, scan = mailbox_units(path, match)
        if scan.messages and not scan.matched:
            issues.append(
                Issue(
                    str(path),
                    0,
                    f"none of its {scan.messages} messages is a digest ({match.describe()})."
                    f" Next: {hint}",
                    "warning",
                )
            )
        return units, issues

    return _units_job(name, "mailbox", str(path), build)


def page_job(name: str, paths: Sequence[Path]) -> SourceJob:
    def build() -> tuple[list[Unit], list[Issue]]:
        units, issues = [], []
        for path in paths:
            try:
                units.append(page_file_unit(path))
            except OSError as exc:
                issues.append(Issue(str(path), 0, f"cannot read: {exc.strerror or exc}"))
        return units, issues

    return _units_job(name, "page", ", ".join(str(p) for p in paths), build)


def stdin_job(data: bytes, today: dt.date | None = None) -> SourceJob:
    return _units_job("stdin", "stdin", "standard input", lambda: ([stdin_unit(data, today)], []))


def hf_job(
    name: str,
    settings: HfSettings,
    *,
    since: dt.date | None = None,
    days: int | None = None,
    client_factory: ClientFactory = client_for,
    today: dt.date | None = None,
) -> SourceJob:
    def run(store: Store, progress: ProgressCallback | None) -> SyncReport:
        day = today or utc_today()
        try:
            todo = plan_days(store, today=day, since=since, days=days, default_days=settings.days)
        except ValueError as exc:
            report = SyncReport()
            report.errors.append(Issue(name, 0, str(exc)))
            return report
        with client_factory(settings) as client:
            return sync_hf(store, todo, client, today=day, source=name, progress=progress)

    return SourceJob(name, "hf", settings.base_url, run)


def job_for_source(
    source: SourceConfig, config: Config, *, client_factory: ClientFactory = client_for
) -> SourceJob:
    """The job that syncs one configured source."""
    where = f"{config.path}:{source.line}" if source.line else str(config.path)
    if source.type == "hf":
        settings = config.hf
        if source.days:
            settings = HfSettings(settings.base_url, source.days, settings.timeout)
        return hf_job(source.name, settings, since=source.since, client_factory=client_factory)
    path = source.path or Path()
    kind = source.type
    if kind == "auto":
        kind = "mailbox" if detect_mailbox(path) else "folder"
    if kind == "mailbox":
        hint = f"set from/subject of [sources.{source.name}] in {where}"
        return mailbox_job(source.name, path, source.mail or config.mail, hint=hint)
    return folder_job(source.name, [path])


def configured_jobs(
    config: Config,
    names: Sequence[str] = (),
    *,
    client_factory: ClientFactory = client_for,
) -> list[SourceJob]:
    """Jobs for the named sources, or every enabled source; KeyError names an unknown one."""
    if names:
        chosen = []
        for name in names:
            source = config.source(name)
            if source is None:
                raise KeyError(name)
            chosen.append(source)
    else:
        chosen = [s for s in config.sources if s.enabled]
    return [job_for_source(s, config, client_factory=client_factory) for s in chosen]


def path_jobs(paths: Sequence[str | Path], config: Config) -> list[SourceJob]:
    """Jobs for paths named on the command line, each recognised by its content."""
    digests: list[Path] = []
    pages: list[Path] = []
    jobs: list[SourceJob] = []
    hint = f"set [mail] from/subject in {config.path}"
    for raw in paths:
        path = Path(raw).expanduser()
        if detect_mailbox(path):
            jobs.append(mailbox_job(path.name or str(path), path, config.mail, hint=hint))
        elif path.is_file() and looks_like_page(path):
            pages.append(path)
        else:
            digests.append(path)
    if digests:
        jobs.insert(0, folder_job("files", digests))
    if pages:
        jobs.append(page_job("pages", pages))
    return jobs
