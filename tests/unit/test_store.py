"""The store itself: schema version, WAL, reopening, bad files, key lookups."""

from __future__ import annotations

import pytest

from paperterm.store import AmbiguousKey, Store, StoreError, get_paper
from paperterm.store.migrations import MIGRATIONS


def test_new_store_is_wal_with_every_migration_applied(tmp_path):
    store = Store(tmp_path / "deep" / "er" / "s.db")  # parent folders are created
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    store.close()
    again = Store(tmp_path / "deep" / "er" / "s.db")
    assert again.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_a_file_that_is_not_a_store_gives_a_clear_error(tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("this is not a database, it is my shopping list\n" * 100)
    with pytest.raises(StoreError) as err:
        Store(bogus)
    assert str(bogus) in str(err.value) and "Next:" in str(err.value)
    assert bogus.read_text().startswith("this is not a database")  # left untouched


def test_write_rolls_back_on_error(store):
    with pytest.raises(RuntimeError), store.write() as conn:
        conn.execute("INSERT INTO lists (name, created_at) VALUES ('x', 'now')")
        raise RuntimeError("boom")
    assert store.conn.execute("SELECT count(*) FROM lists").fetchone()[0] == 0


def test_data_version_moves_when_another_connection_commits(tmp_path):
    one, two = Store(tmp_path / "s.db"), Store(tmp_path / "s.db")
    before = one.data_version()
    with two.write() as conn:
        conn.execute("INSERT INTO lists (name, created_at) VALUES ('x', 'now')")
    assert one.data_version() != before


def test_key_prefix_lookup(synced_store):
    keys = [k for (k,) in synced_store.conn.execute("SELECT key FROM papers ORDER BY key")]
    assert get_paper(synced_store.conn, keys[0][:10]).key == keys[0]
    assert get_paper(synced_store.conn, keys[0].upper()).key == keys[0]
    assert get_paper(synced_store.conn, "zzzz") is None
    with synced_store.write() as conn:
        for key in ("abcd000000000000", "abcd111111111111"):
            conn.execute("INSERT INTO papers (key, title) VALUES (?, ?)", (key, key))
    with pytest.raises(AmbiguousKey):
        get_paper(synced_store.conn, "abcd")
    assert get_paper(synced_store.conn, "abcd1").key == "abcd111111111111"


def test_another_programs_database_is_refused_and_left_alone(tmp_path):
    import sqlite3

    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="another program"):
        Store(path)
    tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("recipes",)]


def test_a_store_from_a_newer_paperterm_is_refused(tmp_path):
    Store(tmp_path / "s.db").close()
    import sqlite3

    conn = sqlite3.connect(tmp_path / "s.db")
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer paperterm"):
        Store(tmp_path / "s.db")


def test_a_store_path_under_a_file_is_a_clear_error(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="Could not open the store"):
        Store(tmp_path / "file" / "s.db")


def test_a_failing_commit_never_leaves_the_write_lock_held(store):
    import sqlite3

    def deny(action, table, column, *_):
        return sqlite3.SQLITE_DENY if column == "indexed" and action == 23 else sqlite3.SQLITE_OK

    store.conn.set_authorizer(deny)  # index_pending fails inside write()
    with pytest.raises(sqlite3.DatabaseError), store.write() as conn:
        conn.execute("INSERT INTO papers (key, title) VALUES ('k', 't')")
    store.conn.set_authorizer(None)
    assert not store.conn.in_transaction
    with store.write() as conn:
        conn.execute("INSERT INTO lists (name, created_at) VALUES ('after', 'now')")
