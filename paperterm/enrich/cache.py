"""What title look-ups found: the ``enrich_cache`` table and writing a match into a paper."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

from paperterm.enrich.match import Candidate

NONE = "none"  # asked everywhere, no paper with that title


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def fresh_keys(conn: sqlite3.Connection, days: int, now: dt.datetime | None = None) -> set[str]:
    """Paper keys looked up less than ``days`` ago: they are not asked again yet."""
    since = ((now or now_utc()) - dt.timedelta(days=days)).isoformat()
    rows = conn.execute("SELECT paper_key FROM enrich_cache WHERE checked_at > ?", (since,))
    return {key for (key,) in rows}


def record(
    conn: sqlite3.Connection, key: str, outcome: str, title: str | None, now: dt.datetime
) -> None:
    conn.execute(
        "INSERT INTO enrich_cache (paper_key, checked_at, outcome, matched_title)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (paper_key) DO UPDATE SET"
        " checked_at = excluded.checked_at, outcome = excluded.outcome,"
        " matched_title = excluded.matched_title",
        (key, now.isoformat(), outcome, title),
    )


# What the paper already holds wins: a match only fills in the gaps.
_FILL = (
    "UPDATE papers SET arxiv_id = coalesce(arxiv_id, ?), authors = coalesce(authors, ?),"
    " published = coalesce(published, ?), upvotes = coalesce(?, upvotes),"
    " ai_summary = coalesce(?, ai_summary), github = coalesce(github, ?),"
    " project_page = coalesce(project_page, ?), arxiv_category = coalesce(arxiv_category, ?)"
    " WHERE id = ?"
)


def apply_match(conn: sqlite3.Connection, paper_id: int, match: Candidate) -> None:
    """Store what a match says about a paper (upvotes refresh; the rest only fills gaps)."""
    authors = json.dumps(list(match.authors)) if match.authors else None
    conn.execute(
        _FILL,
        (
            match.arxiv_id,
            authors,
            match.published,
            match.upvotes,
            match.ai_summary,
            match.github,
            match.project_page,
            match.category,
            paper_id,
        ),
    )
