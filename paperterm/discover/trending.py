"""Trending: the papers seen in the most digests over the library's last N days.

"The last N days" end at the newest digest in the store, not at today's date: a library
synced from old digests still has a trend. Ties go to upvotes (when known), then recency.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from paperterm.models import Paper
from paperterm.store import Store, papers_by_ids
from paperterm.store.papers import in_chunks

DEFAULT_DAYS = 7


@dataclass(frozen=True)
class Trend:
    """A trending paper: on how many digest days of the window it appeared."""

    paper: Paper
    digests: int


def window(store: Store, days: int = DEFAULT_DAYS) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the window, or None for a store without digests."""
    newest = store.conn.execute("SELECT max(date) FROM digests").fetchone()[0]
    if newest is None:
        return None
    end = dt.date.fromisoformat(newest)
    return end - dt.timedelta(days=max(days, 1) - 1), end


def _counts(store: Store, days: int) -> dict[int, int]:
    span = window(store, days)
    if span is None:
        return {}
    rows = store.conn.execute(
        "SELECT a.paper_id, count(DISTINCT d.date) FROM appearances a"
        " JOIN digests d ON d.id = a.digest_id WHERE d.date >= ? AND d.date <= ?"
        " GROUP BY a.paper_id",
        (span[0].isoformat(), span[1].isoformat()),
    )
    return dict(rows.fetchall())


def _rank_key(counts: dict[int, int], paper: Paper) -> tuple:
    last = paper.last_seen.toordinal() if paper.last_seen else 0
    upvotes = paper.upvotes if paper.upvotes is not None else -1
    return (-counts.get(paper.id, 0), -upvotes, -last, paper.last_position, -paper.id)


def trending(store: Store, days: int = DEFAULT_DAYS, limit: int = 20) -> list[Trend]:
    """The papers of the window, most digests first."""
    counts = _counts(store, days)
    papers = papers_by_ids(store.conn, list(counts))
    ranked = sorted(papers.values(), key=lambda p: _rank_key(counts, p))
    return [Trend(p, counts[p.id]) for p in ranked[: max(limit, 0)]]


def trending_scores(
    store: Store, paper_ids: Sequence[int], days: int = DEFAULT_DAYS
) -> dict[int, int]:
    """In how many digest days of the window each paper appeared (0 when not in it)."""
    counts = _counts(store, days)
    return {int(i): counts.get(int(i), 0) for i in paper_ids}


def order_by_trending(
    store: Store, paper_ids: Sequence[int], days: int = DEFAULT_DAYS
) -> list[int]:
    """``paper_ids`` most trending first (papers outside the window after, by upvotes, recency)."""
    counts = _counts(store, days)
    facts: dict[int, tuple] = {}
    for chunk, marks in in_chunks(int(i) for i in paper_ids):
        for pid, upvotes, last, pos in store.conn.execute(
            f"SELECT id, upvotes, last_seen, last_position FROM papers WHERE id IN ({marks})",
            chunk,
        ):
            last_day = dt.date.fromisoformat(last).toordinal() if last else 0
            up = upvotes if upvotes is not None else -1
            facts[pid] = (-counts.get(pid, 0), -up, -last_day, pos, -pid)
    missing = (1, 1, 0, 0, 0)
    return sorted(paper_ids, key=lambda i: facts.get(int(i), missing))
