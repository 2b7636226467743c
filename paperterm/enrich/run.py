"""One enrichment run: for each paper without an arXiv id, ask Hugging Face, then arXiv.

Each paper's answer is written in its own short transaction, so a run stopped half way
(Ctrl-C, a lost connection) keeps what it learnt and the next run carries on. Only the
papers table's metadata columns and the look-up cache are written; user data never is.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from paperterm.enrich import arxiv, hf_search
from paperterm.enrich.cache import NONE, apply_match, fresh_keys, now_utc, record
from paperterm.enrich.hf_search import AnswerError
from paperterm.enrich.match import Candidate, best_match
from paperterm.enrich.settings import EnrichSettings
from paperterm.links import valid_arxiv_id
from paperterm.models import Paper
from paperterm.store import Store, iter_papers
from paperterm.sync.sources.hf_api import FetchError, FetchPolicy, HfClient

MAX_FAILURES_IN_A_ROW = 3  # a service that keeps failing stops the run instead of each paper


@dataclass(frozen=True)
class EnrichProgress:
    """After each paper: how far the run is and what that paper's outcome was."""

    done: int
    total: int
    title: str
    outcome: str  # "hf", "arxiv", "none" or "failed"


ProgressCallback = Callable[[EnrichProgress], None]


@dataclass
class EnrichReport:
    """What a run did; ``offline`` or ``stopped`` say why it ended early."""

    total: int = 0
    matched_hf: int = 0
    matched_arxiv: int = 0
    no_match: int = 0
    failed: int = 0
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    offline: bool = False
    stopped: str = ""

    @property
    def matched(self) -> int:
        return self.matched_hf + self.matched_arxiv

    @property
    def ok(self) -> bool:
        return not (self.offline or self.stopped or self.failed)

    def summary(self) -> str:
        line = (
            f"{self.total} papers looked up · {self.matched} matched "
            f"({self.matched_hf} Hugging Face, {self.matched_arxiv} arXiv) · "
            f"{self.no_match} no match · {self.failed} failed"
        )
        return line


def papers_to_enrich(
    store: Store,
    papers: Iterable[Paper] | None = None,
    *,
    limit: int | None = None,
    cache_days: int = 7,
) -> list[Paper]:
    """The papers (default: all, newest first) with no arXiv id and no recent look-up."""
    fresh = fresh_keys(store.conn, cache_days)
    pool = iter_papers(store.conn) if papers is None else papers
    chosen: list[Paper] = []
    for paper in pool:
        if valid_arxiv_id(paper.arxiv_id) or paper.key in fresh:
            continue
        chosen.append(paper)
        if limit is not None and len(chosen) >= limit:
            break
    return chosen


class Pacer:
    """Keeps at least ``interval`` seconds between two requests to one service."""

    def __init__(self, interval: float, sleep: Callable[[float], None], clock: Callable[[], float]):
        self.interval, self.sleep, self.clock = interval, sleep, clock
        self.last: float | None = None

    def wait(self) -> None:
        if self.last is not None and self.interval > 0:
            left = self.last + self.interval - self.clock()
            if left > 0:
                self.sleep(left)
        self.last = self.clock()


class _Service:
    """One search service: its client, pace and parser."""

    def __init__(self, name, client: HfClient, pacer: Pacer, url, parse) -> None:
        self.name, self.client, self.pacer = name, client, pacer
        self.url: Callable[[str, str], str] = url
        self.parse: Callable[[bytes], list[Candidate]] = parse

    def ask(self, title: str, report: EnrichReport) -> list[Candidate]:
        self.pacer.wait()
        report.requests += 1
        body = self.client.get_bytes(self.url(self.client.base_url, title))
        return self.parse(body)


def enrich_papers(
    store: Store,
    settings: EnrichSettings,
    papers: list[Paper],
    *,
    progress: ProgressCallback | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    policy: FetchPolicy | None = None,
) -> EnrichReport:
    """Look each paper up by title and store what an exact (or near-exact) match says."""
    report = EnrichReport(total=len(papers))
    policy = policy or FetchPolicy(deadline=settings.timeout, read_timeout=settings.timeout)
    hf = _Service(
        "Hugging Face",
        HfClient(settings.hf_url, policy, sleep=sleep, clock=clock),
        Pacer(settings.hf_pace, sleep, clock),
        hf_search.search_url,
        hf_search.parse_hf,
    )
    ax = _Service(
        "arXiv",
        HfClient(settings.arxiv_url, policy, sleep=sleep, clock=clock),
        Pacer(settings.arxiv_pace, sleep, clock),
        arxiv.query_url,
        arxiv.parse_atom,
    )
    in_a_row = 0
    try:
        for done, paper in enumerate(papers, start=1):
            outcome = _one(store, paper, (hf, ax), report)
            in_a_row = in_a_row + 1 if outcome == "failed" else 0
            if progress:
                progress(EnrichProgress(done, len(papers), paper.title, outcome))
            if report.offline:
                break
            if in_a_row >= MAX_FAILURES_IN_A_ROW and done < len(papers):
                report.stopped = (
                    f"stopped after {in_a_row} papers in a row could not be looked up"
                    f" (last: {report.errors[-1]})"
                )
                break
    finally:
        hf.client.close()
        ax.client.close()
    return report


def _one(store: Store, paper: Paper, services: tuple[_Service, ...], report: EnrichReport) -> str:
    """Look one paper up: the first service with a match wins; "none" only if all answered."""
    failed = False
    for service in services:
        try:
            candidates = service.ask(paper.title, report)
        except FetchError as exc:
            report.errors.append(f"{service.name}: {exc}")
            if exc.offline:
                report.offline = True
                report.failed += 1
                return "failed"
            failed = True
            continue
        except AnswerError as exc:
            report.errors.append(str(exc))
            failed = True
            continue
        match = best_match(paper.title, candidates)
        if match:
            with store.write() as conn:
                apply_match(conn, paper.id, match)
                record(conn, paper.key, match.source, match.title, now_utc())
            if match.source == "hf":
                report.matched_hf += 1
            else:
                report.matched_arxiv += 1
            return match.source
    if failed:
        report.failed += 1  # not cached: asked again next run
        return "failed"
    with store.write() as conn:
        record(conn, paper.key, NONE, None, now_utc())
    report.no_match += 1
    return NONE
