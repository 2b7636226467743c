"""The Hugging Face daily papers API: which days to fetch, and syncing them (one unit a day).

Every request has an overall deadline (a server that drips bytes is cut off), a cap on the
decoded body, redirects only to the same host, and retries with backoff and jitter on
connection errors, 429 (honouring Retry-After, capped at 10 s) and 5xx, within a time budget
for the whole run (4x the [hf] timeout, at least 60 s). A day that fails is reported
and fetched again next time; it never stops the other days.

Days are keyed ``hf:YYYY-MM-DD``. A day two or more days old (UTC) never changes once
synced (stamp None). Today and yesterday are still filling up on the site, so they carry a
fresh stamp on every sync and are fetched again each time (their upvotes refresh too).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Iterable

from paperterm.config import MAX_DAYS, HfSettings
from paperterm.models import Issue
from paperterm.store import Store
from paperterm.store.ingest import known_origins
from paperterm.sync.engine import ProgressCallback, SyncProgress, SyncReport, sync_units
from paperterm.sync.sources.hf_client import FetchError, FetchPolicy, HfClient
from paperterm.sync.sources.hf_json import day_result
from paperterm.sync.units import Fetched, Unit

__all__ = ["FetchError", "FetchPolicy", "HfClient", "client_for", "day_result", "plan_days"]
__all__ += ["refreshable", "sync_hf", "utc_today"]

GAP_FILL_DAYS = 90  # how far back a default sync fills the gap since the last synced day


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def refreshable(day: dt.date, today: dt.date) -> bool:
    """Today's and yesterday's lists still change; older days do not."""
    return day >= today - dt.timedelta(days=1)


def plan_days(
    store: Store,
    *,
    today: dt.date,
    since: dt.date | None = None,
    days: int | None = None,
    default_days: int = 7,
) -> list[dt.date]:
    """The days to fetch, oldest first: not yet synced cleanly, or still changing.

    ``since`` (to today) or ``days`` (the last N) choose the range; by default the last
    ``default_days``, reaching back to the day after the newest day already synced (at most
    90 days) so a machine that was off for a while catches up.
    """
    known = known_origins(store.conn, "hf")
    done = {loc[3:] for loc, (_, sha) in known.items() if sha}
    if since is not None:
        start = since
    else:
        start = today - dt.timedelta(days=(days or default_days) - 1)
        if days is None and done:
            newest = max(done)
            try:
                after = dt.date.fromisoformat(newest) + dt.timedelta(days=1)
            except ValueError:
                after = start
            start = min(start, max(after, today - dt.timedelta(days=GAP_FILL_DAYS)))
    if start > today:
        raise ValueError(f"{start.isoformat()} is in the future (today is {today.isoformat()})")
    if (today - start).days + 1 > MAX_DAYS:
        raise ValueError(f"at most {MAX_DAYS} days at a time; choose a later --since")
    span = (today - start).days + 1
    every = (start + dt.timedelta(days=i) for i in range(span))
    return [d for d in every if refreshable(d, today) or d.isoformat() not in done]


def _unit(day: dt.date, today: dt.date, fetched: Fetched) -> Unit:
    stamp = f"refresh:{time.time_ns()}" if refreshable(day, today) else None
    return Unit(
        kind="hf",
        locator=f"hf:{day.isoformat()}",
        stamp=stamp,
        fetch=lambda: fetched,
        label=f"hf {day.isoformat()}",
    )


def sync_hf(
    store: Store,
    days: Iterable[dt.date],
    client: HfClient,
    *,
    today: dt.date | None = None,
    source: str = "hf",
    progress: ProgressCallback | None = None,
) -> SyncReport:
    """Fetch each day, then store it: no write lock is held while waiting on the network."""
    today = today or utc_today()
    todo = list(days)
    report = SyncReport()
    offline: FetchError | None = None
    skipped = 0
    if progress:
        progress(SyncProgress(source, 0, len(todo), "", report))
    done = 0
    where = ""

    def waiting(why: str, seconds: float) -> None:
        # Said twice: live, as the progress line, and as a warning in the report (printed
        # when stderr is not a terminal, where no progress bar is drawn).
        message = f"{why}; waiting {seconds:g} s"
        report.warnings.append(Issue(where, 0, message, "warning"))
        if progress:
            progress(SyncProgress(source, done, len(todo), f"{where}: {message}", report))

    client.on_wait = waiting
    for done, day in enumerate(todo, start=1):
        where = f"hf {day.isoformat()}"
        if offline is not None:
            skipped += 1
        else:
            try:
                body = client.get_bytes(client.day_url(day))
            except FetchError as exc:
                if exc.offline or exc.out_of_time:
                    offline = exc
                    skipped += 1
                else:
                    report.units += 1
                    report.failed_units += 1
                    report.errors.append(Issue(where, 0, f"{exc}; will retry next sync"))
            else:
                fetched = Fetched(hashlib.sha256(body).hexdigest(), day_result(body, day, where))
                report.merge(sync_units(store, [_unit(day, today, fetched)], source=source))
        if progress:
            progress(SyncProgress(source, done, len(todo), where, report))
    if offline is not None:
        days_word = f"{skipped} day{'s' * (skipped != 1)}"
        report.errors.append(
            Issue(source, 0, f"{offline}; {days_word} not fetched, they will be fetched next sync")
        )
        report.units += skipped
        report.failed_units += skipped
    return report


def client_for(settings: HfSettings, **kwargs: object) -> HfClient:
    """A client for the configured base URL and deadline."""
    # The whole run may take four whole-answer timeouts, at least a minute.
    policy = FetchPolicy(deadline=settings.timeout, budget=max(60.0, 4 * settings.timeout))
    return HfClient(settings.base_url, policy, **kwargs)  # type: ignore[arg-type]
