"""The Hugging Face daily papers API: one sync unit per day, fetched defensively with httpx.

Every request has an overall deadline (a server that drips bytes is cut off), a cap on the
decoded body, redirects only to the same host, and retries with backoff and jitter on
connection errors, 429 (honouring Retry-After, capped) and 5xx. A day that fails is reported
and fetched again next time; it never stops the other days.

Days are keyed ``hf:YYYY-MM-DD``. A day two or more days old (UTC) never changes once
synced (stamp None). Today and yesterday are still filling up on the site, so they carry a
fresh stamp on every sync and are fetched again each time (their upvotes refresh too).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from paperterm import __version__
from paperterm.config import DEFAULT_HF_URL, MAX_DAYS, HfSettings
from paperterm.links import safe_url, valid_arxiv_id
from paperterm.models import Digest, Entry, Issue, ParseResult
from paperterm.store import Store
from paperterm.store.ingest import known_origins
from paperterm.sync.engine import ProgressCallback, SyncProgress, SyncReport, sync_units
from paperterm.sync.units import Fetched, Unit
from paperterm.text import MAX_ABSTRACT, MAX_TITLE, paper_key, sanitize_line

MAX_AUTHORS = 500
GAP_FILL_DAYS = 90  # how far back a default sync fills the gap since the last synced day


@dataclass(frozen=True)
class FetchPolicy:
    """Limits of one API request."""

    deadline: float = 30.0  # seconds for the whole answer, all reads included
    connect_timeout: float = 10.0
    read_timeout: float = 15.0  # a server silent this long is given up
    max_bytes: int = 16 * 1024 * 1024  # decoded body
    attempts: int = 4  # the first try and three retries
    backoff: float = 0.5  # seconds, doubled on each retry, plus up to as much jitter
    max_wait: float = 60.0  # the longest single wait, Retry-After included
    max_redirects: int = 5


class FetchError(Exception):
    """A request that failed for good; ``offline`` when no connection could be made."""

    def __init__(self, message: str, *, offline: bool = False) -> None:
        super().__init__(message)
        self.offline = offline


class _Retry(Exception):
    def __init__(self, message: str, *, wait: float | None = None, offline: bool = False):
        super().__init__(message)
        self.wait = wait
        self.offline = offline


def _retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, when.timestamp() - now)


def _same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    # Same host and port; http -> https on the same host is fine, a downgrade is not.
    if a.host.lower() != b.host.lower():
        return False
    if a.scheme == "https" and b.scheme != "https":
        return False
    if a.scheme == b.scheme:
        return (a.port or 0) == (b.port or 0)
    return b.port in (None, 443)


class HfClient:
    """Fetches daily papers JSON; ``sleep``, ``clock`` and ``jitter`` are injectable for tests."""

    def __init__(
        self,
        base_url: str = DEFAULT_HF_URL,
        policy: FetchPolicy | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.policy = policy or FetchPolicy()
        self.sleep, self.clock, self.jitter = sleep, clock, jitter
        self.host = urlsplit(self.base_url).hostname or self.base_url
        self._client = httpx.Client(
            headers={
                "User-Agent": f"paperterm/{__version__}",
                "Accept": "application/json",
            },
            follow_redirects=False,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HfClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def day_url(self, day: dt.date) -> str:
        return f"{self.base_url}/api/daily_papers?date={day.isoformat()}"

    def get_bytes(self, url: str) -> bytes:
        """The body of a 200 answer, retrying what is worth retrying; raises FetchError."""
        p = self.policy
        for attempt in range(p.attempts):
            try:
                return self._get_once(url)
            except _Retry as retry:
                if attempt + 1 >= p.attempts:
                    tries = f"{p.attempts} tries" if p.attempts > 1 else "1 try"
                    raise FetchError(
                        f"{retry} (gave up after {tries})", offline=retry.offline
                    ) from None
                wait = retry.wait
                if wait is None:
                    wait = p.backoff * 2**attempt + self.jitter() * p.backoff
                self.sleep(min(max(wait, 0.0), p.max_wait))
        raise FetchError("no attempt made")  # only when attempts < 1

    def _get_once(self, url: str) -> bytes:
        p = self.policy
        deadline = self.clock() + p.deadline
        first = current = httpx.URL(url)
        for _ in range(p.max_redirects + 1):
            remaining = max(deadline - self.clock(), 0.001)
            timeout = httpx.Timeout(
                connect=min(p.connect_timeout, remaining),
                read=min(p.read_timeout, remaining),
                write=min(p.read_timeout, remaining),
                pool=min(p.connect_timeout, remaining),
            )
            try:
                with self._client.stream("GET", current, timeout=timeout) as response:
                    if response.is_redirect:
                        try:
                            target = current.join(response.headers["location"])
                        except (httpx.InvalidURL, ValueError) as exc:
                            raise FetchError(f"redirected to a bad address: {exc}") from exc
                        if not _same_origin(first, target):
                            raise FetchError(
                                f"redirected to another host ({target.host or target}); "
                                "not followed"
                            )
                        current = target
                        continue
                    return self._body(response, deadline)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                raise _Retry(f"cannot reach {first.host} (offline?): {exc}", offline=True) from exc
            except (httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout) as exc:
                raise FetchError(f"no answer within {p.deadline:g} s") from exc
            except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
                raise _Retry(f"connection broken: {exc}") from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"request failed: {exc}") from exc
        raise FetchError(f"more than {p.max_redirects} redirects")

    def _body(self, response: httpx.Response, deadline: float) -> bytes:
        p = self.policy
        status = response.status_code
        if status == 429:
            wait = _retry_after(response.headers.get("retry-after"), time.time())
            raise _Retry("rate limited (HTTP 429)", wait=wait)
        if status >= 500:
            raise _Retry(f"server error (HTTP {status})")
        if status != 200:
            raise FetchError(f"HTTP {status} {response.reason_phrase}".rstrip())
        limit = f"{p.max_bytes // 2**20} MB" if p.max_bytes >= 2**20 else f"{p.max_bytes} bytes"
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > p.max_bytes:
            raise FetchError(f"answer larger than {limit}; not read")
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > p.max_bytes:
                raise FetchError(f"answer larger than {limit}; stopped reading")
            if self.clock() > deadline:
                raise FetchError(f"answer not complete within {p.deadline:g} s; stopped reading")
        return bytes(body)


# --- JSON -> digest -------------------------------------------------------------------------


def _text(value: object) -> str:
    # Hard line breaks and runs of spaces fold to single spaces.
    return sanitize_line(value) if isinstance(value, str) else ""


def _published(value: object) -> str | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _authors(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    names: list[str] = []
    for author in value[:MAX_AUTHORS]:
        name = _text(author.get("name")) if isinstance(author, dict) else _text(author)
        if name:
            names.append(name[:200])
    return tuple(names)


def _entry(item: object, index: int, where: str, issues: list[Issue]) -> Entry | None:
    if not isinstance(item, dict):
        issues.append(Issue(where, index, "item is not a JSON object; skipped", "warning"))
        return None
    paper = item.get("paper") if isinstance(item.get("paper"), dict) else {}
    raw_id = paper.get("id")
    arxiv_id = valid_arxiv_id(raw_id) if isinstance(raw_id, str) else None
    label = arxiv_id or f"item {index}"
    title = _text(paper.get("title")) or _text(item.get("title"))
    if not title:
        issues.append(Issue(where, index, f"paper {label} has no title; skipped", "warning"))
        return None
    if len(title) > MAX_TITLE:
        title = title[:MAX_TITLE].rstrip() + "…"
    abstract = _text(paper.get("summary")) or _text(item.get("summary"))
    if len(abstract) > MAX_ABSTRACT:
        abstract = abstract[:MAX_ABSTRACT].rstrip() + "…"
    upvotes = paper.get("upvotes")
    if isinstance(upvotes, bool) or not isinstance(upvotes, int) or upvotes < 0:
        upvotes = None
    return Entry(
        title=title,
        abstract=abstract,
        line=index,
        arxiv_id=arxiv_id,
        authors=_authors(paper.get("authors")),
        upvotes=upvotes,
        github=safe_url(
            paper.get("githubRepo") if isinstance(paper.get("githubRepo"), str) else None
        ),
        project_page=safe_url(
            paper.get("projectPage") if isinstance(paper.get("projectPage"), str) else None
        ),
        published=_published(paper.get("publishedAt")),
    )


def day_result(body: bytes, day: dt.date, where: str) -> ParseResult:
    """One day's API answer -> its digest (none for an empty day)."""
    try:
        data = json.loads(body)
    except RecursionError:
        return ParseResult((), (Issue(where, 0, "answer nested too deeply; not read"),))
    except json.JSONDecodeError as exc:
        cut_short = exc.msg.startswith("Unterminated") or exc.pos >= len(body.rstrip()) - 1
        message = f"answer is not valid JSON: {exc.msg} (byte {exc.pos})"
        message += "; it was cut short" if cut_short else ""
        return ParseResult((), (Issue(where, 0, message),))
    except ValueError:  # not UTF-8/16/32
        return ParseResult((), (Issue(where, 0, "answer is not valid JSON: not UTF-8 text"),))
    if not isinstance(data, list):
        return ParseResult((), (Issue(where, 0, "unexpected answer: not a list of papers"),))
    issues: list[Issue] = []
    entries: list[Entry] = []
    seen: set[str] = set()
    for index, item in enumerate(data, start=1):
        entry = _entry(item, index, where, issues)
        if entry is None:
            continue
        key = paper_key(entry.title)
        if key not in seen:
            seen.add(key)
            entries.append(entry)
    digests = (Digest(date=day, entries=tuple(entries), line=0),) if entries else ()
    return ParseResult(digests, tuple(issues))


# --- which days, and syncing them -----------------------------------------------------------


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
    for done, day in enumerate(todo, start=1):
        where = f"hf {day.isoformat()}"
        if offline is not None:
            skipped += 1
        else:
            try:
                body = client.get_bytes(client.day_url(day))
            except FetchError as exc:
                if exc.offline:
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
    policy = FetchPolicy(deadline=settings.timeout)
    return HfClient(settings.base_url, policy, **kwargs)  # type: ignore[arg-type]
