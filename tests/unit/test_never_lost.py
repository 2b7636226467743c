"""Never lost: the user's data survives re-sync, deleted digests, rebuilds and migrations."""

from __future__ import annotations

import os
import sqlite3

import pytest

from paperterm.bookmarks import Bookmarks
from paperterm.bookmarks.export import export_text
from paperterm.cli import main
from paperterm.store import Store, get_paper, iter_papers, migrations
from paperterm.store.maintenance import integrity_problems, rebuild
from paperterm.sync import sync_paths

USER_TABLES = {
    "lists": "SELECT id, name, created_at FROM lists ORDER BY id",
    "list_items": "SELECT * FROM list_items ORDER BY list_id, position",
    "notes": "SELECT * FROM notes ORDER BY paper_key",
    "read_state": "SELECT * FROM read_state ORDER BY paper_key",
}


def user_rows(store: Store) -> dict[str, list[tuple]]:
    return {name: store.conn.execute(sql).fetchall() for name, sql in USER_TABLES.items()}


def paper_figures(store: Store) -> list[tuple]:
    return store.conn.execute(
        "SELECT key, title, abstract, first_seen, last_seen, seen, last_position"
        " FROM papers ORDER BY key"
    ).fetchall()


def counts(store: Store) -> tuple[int, int, int]:
    one = lambda sql: store.conn.execute(sql).fetchone()[0]  # noqa: E731
    return (
        one("SELECT count(*) FROM digests"),
        one("SELECT count(*) FROM papers"),
        one("SELECT count(*) FROM appearances"),
    )


def only_in(store: Store, digests_dir, name: str) -> list[str]:
    """Keys of papers that appear in the digest file ``name`` and in no other."""
    path = str((digests_dir / name).resolve())
    rows = store.conn.execute(
        """
        SELECT p.key FROM papers p WHERE p.id IN (
          SELECT a.paper_id FROM appearances a JOIN digests d ON d.id = a.digest_id
          JOIN origins o ON o.id = d.origin_id GROUP BY a.paper_id
          HAVING count(DISTINCT o.locator) = 1 AND max(o.locator) = ?)
        ORDER BY p.key
        """,
        (path,),
    )
    return [key for (key,) in rows]


@pytest.fixture
def filled(synced_store, digests_dir):
    """User data on papers of both digests, including papers found in only one of them."""
    store = synced_store
    names = sorted(p.name for p in digests_dir.iterdir())
    first_only = only_in(store, digests_dir, names[0])
    second_only = only_in(store, digests_dir, names[1])
    assert first_only and second_only
    marks = Bookmarks(store)
    marks.toggle_bookmark(first_only[0])
    marks.add_to_list(first_only[1], "Only here")
    marks.add_to_list(second_only[0], "Only here")
    marks.set_note(first_only[2], "note on a paper of one digest")
    marks.set_read(first_only[3])
    marks.set_read(second_only[1])
    marks.set_note(second_only[1], "line one\nline two")
    keys = first_only[:4] + second_only[:2]
    titles = {key: get_paper(store.conn, key).title for key in keys}
    return store, names, titles


def assert_intact(store: Store, before: dict, titles: dict[str, str]) -> None:
    assert user_rows(store) == before
    for key, title in titles.items():
        paper = get_paper(store.conn, key)
        assert paper is not None, key
        assert paper.title == title
    assert integrity_problems(store.conn) == []


def test_resync_of_every_source_keeps_user_data(filled, digests_dir):
    store, names, titles = filled
    before = user_rows(store)
    exported = export_text(store, "json")
    for path in digests_dir.iterdir():  # every file looks changed: all are read again
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert sync_paths(store, [digests_dir]).ok
    assert_intact(store, before, titles)
    assert export_text(store, "json") == exported
    assert counts(store) == (2, 80, 105)


def test_a_digest_rewritten_without_the_bookmarked_papers(filled, digests_dir):
    store, names, titles = filled
    before = user_rows(store)
    path = digests_dir / names[0]
    text = path.read_text(encoding="utf-8")
    for key in list(titles):
        paper = get_paper(store.conn, key)
        text = text.replace(paper.title + "\n\n" + paper.abstract + "\n\n", "")
    path.write_text(text, encoding="utf-8")
    assert sync_paths(store, [digests_dir]).ok
    assert_intact(store, before, titles)
    # The papers stay (the user's data names them) though no digest mentions them now.
    kept = [get_paper(store.conn, k) for k in titles]
    assert any(p.seen == 0 for p in kept)


def test_deleting_a_digest_and_resyncing(filled, digests_dir, tmp_path):
    store, names, titles = filled
    before = user_rows(store)
    saved = (digests_dir / names[0]).read_bytes()
    (digests_dir / names[0]).unlink()
    sync_paths(store, [digests_dir])  # may report the vanished file; must not lose anything
    assert_intact(store, before, titles)
    (digests_dir / names[0]).write_bytes(saved)
    assert sync_paths(store, [digests_dir]).ok
    assert_intact(store, before, titles)
    assert counts(store) == (2, 80, 105)


def test_full_rebuild_keeps_user_data_and_restores_figures(filled):
    store, names, titles = filled
    before = user_rows(store)
    figures = paper_figures(store)
    query = "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH 'kernel'"
    hits = store.conn.execute(query).fetchone()[0]
    assert hits > 0
    # Damage the derived data: wrong figures, an empty full-text index.
    store.conn.execute("UPDATE papers SET seen = 99, last_position = 7, first_seen = '1999-01-01'")
    store.conn.execute("INSERT INTO papers_fts(papers_fts) VALUES ('delete-all')")
    assert store.conn.execute(query).fetchone()[0] == 0
    assert any("full-text" in p for p in integrity_problems(store.conn))
    report = rebuild(store)
    assert report.papers == 80 and report.orphans_removed == 0
    assert paper_figures(store) == figures
    assert store.conn.execute(query).fetchone()[0] == hits
    assert_intact(store, before, titles)


def test_rebuild_keeps_papers_only_user_data_names(filled, digests_dir):
    store, names, titles = filled
    before = user_rows(store)
    (digests_dir / names[0]).unlink()
    (digests_dir / names[1]).unlink()
    store.conn.execute("DELETE FROM origins")  # as if every source had been removed
    rebuild(store)
    assert_intact(store, before, titles)
    assert store.conn.execute("SELECT count(*) FROM papers").fetchone()[0] == len(titles)
    kept = get_paper(store.conn, next(iter(titles)))
    assert kept.first_seen is not None  # dates are kept when no digest is left


def test_cli_rebuild(filled, capsys):
    store, names, titles = filled
    before = user_rows(store)
    assert main(["--store", str(store.path), "rebuild"]) == 0
    out = capsys.readouterr().out
    assert "Rebuilt the index of 80 papers" in out and "Integrity check: ok" in out
    assert main(["--store", str(store.path), "rebuild", "--check"]) == 0
    assert_intact(store, before, titles)


def test_schema_migration_keeps_user_data(filled, monkeypatch):
    store, names, titles = filled
    before = user_rows(store)
    figures = paper_figures(store)
    path = store.path
    store.close()

    def add_doi(conn: sqlite3.Connection) -> None:
        migrations.run_script(
            conn,
            """
            ALTER TABLE papers ADD COLUMN doi TEXT;
            CREATE INDEX papers_doi ON papers(doi);
            CREATE TABLE future_feature (id INTEGER PRIMARY KEY, query TEXT NOT NULL);
            """,
        )

    version = len(migrations.MIGRATIONS)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, add_doi])
    reopened = Store(path)
    try:
        assert reopened.conn.execute("PRAGMA user_version").fetchone()[0] == version + 1
        columns = {row[1] for row in reopened.conn.execute("PRAGMA table_info(papers)")}
        assert "doi" in columns
        assert_intact(reopened, before, titles)
        assert paper_figures(reopened) == figures
        # The store keeps working for the user after the migration.
        assert Bookmarks(reopened).toggle_bookmark(next(iter_papers(reopened.conn)).key)
    finally:
        reopened.close()


def test_a_failing_migration_changes_nothing(filled, monkeypatch):
    store, names, titles = filled
    before = user_rows(store)
    path = store.path
    store.close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM notes")
        raise sqlite3.OperationalError("simulated failure half way")

    version = len(migrations.MIGRATIONS)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, broken])
    with pytest.raises(Exception, match="simulated failure"):
        Store(path)
    monkeypatch.undo()
    reopened = Store(path)
    try:
        assert reopened.conn.execute("PRAGMA user_version").fetchone()[0] == version
        assert_intact(reopened, before, titles)
    finally:
        reopened.close()
