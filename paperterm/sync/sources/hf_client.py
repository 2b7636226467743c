"""An HTTP client for the daily papers API: deadlines, size caps, same-host redirects, retries.

Retries with backoff and jitter on connection errors, 429 and 5xx. A wait (backoff or
Retry-After) is capped at ``max_wait`` and never runs past the run's time budget; each wait
is told to ``on_wait`` (the sync shows it as a progress line and a warning).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from paperterm import __version__
from paperterm.config import DEFAULT_HF_URL


@dataclass(frozen=True)
class FetchPolicy:
    """Limits of one API request."""

    deadline: float = 30.0  # seconds for the whole answer, all reads included
    connect_timeout: float = 10.0
    read_timeout: float = 15.0  # a server silent this long is given up
    max_bytes: int = 16 * 1024 * 1024  # decoded body
    attempts: int = 4  # the first try and three retries
    backoff: float = 0.5  # seconds, doubled on each retry, plus up to as much jitter
    max_wait: float = 10.0  # the longest single wait, Retry-After included
    max_redirects: int = 5
    budget: float = 120.0  # seconds for the whole run (every day, every wait)


class FetchError(Exception):
    """A request that failed for good; ``offline`` when no connection could be made.

    ``out_of_time`` when the run's time budget is spent: the remaining days wait for the
    next sync.
    """

    def __init__(self, message: str, *, offline: bool = False, out_of_time: bool = False):
        super().__init__(message)
        self.offline = offline
        self.out_of_time = out_of_time


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
        self.on_wait: Callable[[str, float], None] | None = None  # (why, seconds)
        self._started = clock()
        self._slept = 0.0  # counted apart: an injected sleep does not move the clock
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

    def remaining(self) -> float:
        """Seconds left of the run's time budget."""
        return self.policy.budget - (self.clock() - self._started) - self._slept

    def _out_of_time(self) -> FetchError:
        return FetchError(
            f"the run's time budget ({self.policy.budget:g} s) is spent", out_of_time=True
        )

    def get_bytes(self, url: str) -> bytes:
        """The body of a 200 answer, retrying what is worth retrying; raises FetchError."""
        p = self.policy
        for attempt in range(p.attempts):
            if self.remaining() <= 0:
                raise self._out_of_time()
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
                wait = min(max(wait, 0.0), p.max_wait)
                if wait >= self.remaining():
                    raise self._out_of_time() from None
                why = str(retry)
                if retry.wait is not None and retry.wait > wait:
                    why += f", asked to wait {retry.wait:,.0f} s"
                if self.on_wait is not None:
                    self.on_wait(why, wait)
                self.sleep(wait)
                self._slept += wait
        raise FetchError("no attempt made")  # only when attempts < 1

    def _get_once(self, url: str) -> bytes:
        p = self.policy
        deadline = self.clock() + min(p.deadline, max(self.remaining(), 0.001))
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
