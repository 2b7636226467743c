"""Schema migrations: an ordered list of functions, the applied count in ``user_version``.

User tables (lists, list_items, notes, read_state) are keyed by paper key and are never
dropped or rewritten by a migration, a sync or a rebuild.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
from collections.abc import Callable


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Execute statements one by one (``executescript`` would commit the open transaction)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            conn.execute(pending)
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement: {pending.strip()[:60]}")


def _v1(conn: sqlite3.Connection) -> None:
    run_script(
        conn,
        """
        CREATE TABLE origins (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,              -- file, mail, hf, stdin, import
            locator TEXT NOT NULL UNIQUE,    -- absolute path, mail:<id>, hf:YYYY-MM-DD
            stamp TEXT,                      -- cheap change stamp (size:mtime_ns)
            sha256 TEXT,
            synced_at TEXT NOT NULL
        );
        CREATE TABLE digests (
            id INTEGER PRIMARY KEY,
            origin_id INTEGER NOT NULL REFERENCES origins(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            date TEXT NOT NULL,
            line INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX digests_origin ON digests(origin_id);
        CREATE INDEX digests_date ON digests(date);
        CREATE TABLE papers (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            abstract TEXT NOT NULL DEFAULT '',
            arxiv_id TEXT,
            authors TEXT,                    -- JSON array of names
            upvotes INTEGER,
            github TEXT,
            project_page TEXT,
            published TEXT,
            first_seen TEXT,                 -- derived from appearances, kept in step by sync
            last_seen TEXT,
            seen INTEGER NOT NULL DEFAULT 0,  -- distinct digest dates it appeared on
            last_position INTEGER NOT NULL DEFAULT 0,
            indexed INTEGER NOT NULL DEFAULT 0  -- 1 once in papers_fts
        );
        CREATE INDEX papers_last_seen ON papers(last_seen);
        -- Covers the search index's start-up scan, so it never reads the abstracts' pages.
        CREATE INDEX papers_listing ON papers(
            id, key, title, first_seen, last_seen, seen, last_position, upvotes
        );
        CREATE TABLE appearances (
            digest_id INTEGER NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            paper_id INTEGER NOT NULL REFERENCES papers(id),
            line INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (digest_id, position)
        ) WITHOUT ROWID;
        CREATE INDEX appearances_paper ON appearances(paper_id);
        CREATE VIRTUAL TABLE papers_fts USING fts5(
            title, abstract, content='papers', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        );
        -- New papers are added to the full-text index in bulk (index_pending) at the end
        -- of each write batch: row-by-row inserts inside savepoints flush FTS5 segments
        -- per unit and made a cold sync four times slower. Rows already indexed are
        -- kept in step by these triggers.
        CREATE INDEX papers_unindexed ON papers(id) WHERE indexed = 0;
        -- Merge segments 16 at a time (default 4): a cold sync of 100k papers spends ~2 s
        -- less merging; queries still read few segments (measured in bench/search.py).
        INSERT INTO papers_fts(papers_fts, rank) VALUES ('automerge', 16);
        CREATE TRIGGER papers_ad AFTER DELETE ON papers WHEN old.indexed = 1 BEGIN
            INSERT INTO papers_fts(papers_fts, rowid, title, abstract)
            VALUES ('delete', old.id, old.title, old.abstract);
        END;
        CREATE TRIGGER papers_au AFTER UPDATE OF title, abstract ON papers
        WHEN old.indexed = 1 BEGIN
            INSERT INTO papers_fts(papers_fts, rowid, title, abstract)
            VALUES ('delete', old.id, old.title, old.abstract);
            INSERT INTO papers_fts(rowid, title, abstract)
            VALUES (new.id, new.title, new.abstract);
        END;

        -- The user's own data. Keyed by paper key, never touched by sync.
        CREATE TABLE lists (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            created_at TEXT NOT NULL
        );
        CREATE TABLE list_items (
            list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
            paper_key TEXT NOT NULL,
            position INTEGER NOT NULL,
            added_at TEXT NOT NULL,
            PRIMARY KEY (list_id, paper_key)
        );
        CREATE INDEX list_items_key ON list_items(paper_key);
        CREATE TABLE notes (
            paper_key TEXT PRIMARY KEY,
            body TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE read_state (
            paper_key TEXT PRIMARY KEY,
            read_at TEXT NOT NULL
        );
        """,
    )


def _v2(conn: sqlite3.Connection) -> None:
    """When each paper was first stored, and the reader's own state (the last visit)."""
    upgraded = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    run_script(
        conn,
        """
        ALTER TABLE papers ADD COLUMN created_at TEXT;  -- UTC, when first stored (is:new)
        CREATE INDEX papers_created ON papers(created_at);
        -- The search index reads created_at at start-up: keep its scan on a covering index.
        DROP INDEX papers_listing;
        CREATE INDEX papers_listing ON papers(
            id, key, title, first_seen, last_seen, seen, last_position, upvotes, created_at
        );
        -- Small key/value state of the reader itself (last_visit), never touched by sync.
        CREATE TABLE reader_state (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """,
    )
    # Papers stored before this version: when the first digest naming them was synced
    # (never later than now), so an upgrade does not make old papers look new.
    conn.execute(
        "UPDATE papers SET created_at = min(?, coalesce((SELECT min(o.synced_at)"
        " FROM appearances a JOIN digests d ON d.id = a.digest_id"
        " JOIN origins o ON o.id = d.origin_id WHERE a.paper_id = papers.id), ?))",
        (upgraded, upgraded),
    )
    # A store already in use counts as visited at the upgrade: only papers synced after it
    # are new. A store with no papers has no visit yet, so its first digests are all new.
    if conn.execute("SELECT 1 FROM papers LIMIT 1").fetchone():
        conn.execute("INSERT INTO reader_state VALUES ('last_visit', ?)", (upgraded,))


def _links_and_enrichment(conn: sqlite3.Connection) -> None:
    """Links found in abstracts, what a title match adds, and the cache of title look-ups."""
    run_script(
        conn,
        """
        CREATE TABLE paper_links (
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,              -- arxiv, code, project, doi
            url TEXT NOT NULL,               -- a clean http(s) URL
            source TEXT NOT NULL,            -- abstract, hf, arxiv
            UNIQUE (paper_id, url)
        );
        ALTER TABLE papers ADD COLUMN ai_summary TEXT;
        ALTER TABLE papers ADD COLUMN arxiv_category TEXT;  -- primary class, e.g. cs.CV
        -- One row per paper key asked about; "none" answers are kept so a paper is not asked
        -- again for a while. Not user data: dropping it only means asking again.
        CREATE TABLE enrich_cache (
            paper_key TEXT PRIMARY KEY,
            checked_at TEXT NOT NULL,        -- ISO date-time, UTC
            outcome TEXT NOT NULL,           -- hf, arxiv (matched there) or none
            matched_title TEXT
        );
        """,
    )
    from paperterm.store.links import refresh_text_links  # the link patterns: only here

    refresh_text_links(conn, None)  # existing stores get the links of what they hold


def _saved_searches(conn: sqlite3.Connection) -> None:
    """Saved searches (issue 16): the user's own data, never touched by sync or rebuild."""
    run_script(
        conn,
        """
        CREATE TABLE saved_searches (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            query TEXT NOT NULL DEFAULT '',
            filter TEXT NOT NULL DEFAULT '',   -- the filter pane's part, e.g. is:unread
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """,
    )


def _paper_changes(conn: sqlite3.Connection) -> None:
    """A log of paper changes and a store epoch: the key of the title index cache."""
    fields = ("key", "title", "first_seen", "last_seen", "seen", "last_position", "upvotes")
    changed = " OR ".join(f"old.{f} IS NOT new.{f}" for f in (*fields, "created_at"))
    run_script(
        conn,
        f"""
        CREATE TABLE paper_changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            paper_id INTEGER NOT NULL
        );
        CREATE TRIGGER papers_log_ai AFTER INSERT ON papers BEGIN
            INSERT INTO paper_changes (paper_id) VALUES (new.id);
        END;
        CREATE TRIGGER papers_log_ad AFTER DELETE ON papers BEGIN
            INSERT INTO paper_changes (paper_id) VALUES (old.id);
        END;
        CREATE TRIGGER papers_log_au AFTER UPDATE OF {", ".join(fields)}, created_at ON papers
        WHEN {changed} BEGIN
            INSERT INTO paper_changes (paper_id) VALUES (new.id);
        END;
        """,
    )
    conn.execute(
        "INSERT OR IGNORE INTO reader_state (name, value) VALUES ('index_epoch', ?)",
        (secrets.token_hex(8),),
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1,
    _v2,
    _links_and_enrichment,
    _saved_searches,
    _paper_changes,
]


APPLICATION_ID = 0x50505452  # "PPTR": marks a SQLite file as a paperterm store


class MigrationError(Exception):
    """The file is not a paperterm store, or was made by a newer paperterm."""


def _check_foreign(conn: sqlite3.Connection, version: int) -> None:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id not in (0, APPLICATION_ID):
        raise MigrationError("it is an SQLite database of another program")
    if version > len(MIGRATIONS):
        raise MigrationError(
            f"it was made by a newer paperterm (schema {version}, this one knows "
            f"{len(MIGRATIONS)}); upgrade paperterm"
        )
    if version == 0:
        tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
        if tables:
            raise MigrationError("it is an SQLite database of another program")


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every migration not yet applied, each in its own immediate transaction."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    _check_foreign(conn, version)
    if version == len(MIGRATIONS):
        return version  # up to date: no write lock taken, so reading never waits on a sync
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            _check_foreign(conn, version)
            if version >= len(MIGRATIONS):
                conn.execute("COMMIT")
                return version
            if version == 0:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
