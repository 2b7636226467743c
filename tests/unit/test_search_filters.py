"""Every search filter against ground truth computed with SQL on the real digests."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from paperterm.search import SearchService

NOW = "2026-03-20T10:00:00+00:00"


@pytest.fixture
def service(synced_store):
    svc = SearchService(synced_store)
    yield svc
    svc.close()


def key_of(store, title_start: str) -> str:
    (key,) = store.conn.execute(
        "SELECT key FROM papers WHERE title LIKE ?", (title_start + "%",)
    ).fetchone()
    return key


def keys(result) -> set[str]:
    assert result.error is None, result.error
    return {h.paper.key for h in result.hits}


def all_keys(store) -> set[str]:
    return {k for (k,) in store.conn.execute("SELECT key FROM papers")}


def add_list(store, name: str, paper_keys: list[str]) -> None:
    # Written with SQL: the bookmarks service is another helper's work.
    with store.write() as conn:
        list_id = conn.execute(
            "INSERT INTO lists (name, created_at) VALUES (?, ?)", (name, NOW)
        ).lastrowid
        conn.executemany(
            "INSERT INTO list_items (list_id, paper_key, position, added_at) VALUES (?,?,?,?)",
            [(list_id, k, i, NOW) for i, k in enumerate(paper_keys)],
        )


def mark_read(store, paper_keys: list[str]) -> None:
    with store.write() as conn:
        conn.executemany(
            "INSERT INTO read_state (paper_key, read_at) VALUES (?, ?)",
            [(k, NOW) for k in paper_keys],
        )


@pytest.fixture
def user_data(synced_store):
    s = synced_store
    muvera, kde, smash = (key_of(s, t) for t in ("MUVERA", "Kernel Density", "SMASH"))
    add_list(s, "Reading list", [muvera, kde])
    add_list(s, "To Read Later", [smash])
    mark_read(s, [kde, smash])
    return {"muvera": muvera, "kde": kde, "smash": smash}


def test_is_bookmarked_means_in_any_list(service, synced_store, user_data):
    assert keys(service.search("is:bookmarked")) == set(user_data.values())
    assert keys(service.search("-is:bookmarked")) == all_keys(synced_store) - set(
        user_data.values()
    )
    top = [h.paper.key for h in service.search("kernel is:bookmarked").hits]
    assert top == [user_data["kde"], user_data["smash"]]  # title hit, then abstract hit


def test_is_read_and_is_unread_split_the_library(service, synced_store, user_data):
    read = keys(service.search("is:read"))
    unread = keys(service.search("is:unread"))
    assert read == {user_data["kde"], user_data["smash"]}
    assert read | unread == all_keys(synced_store) and not read & unread
    assert keys(service.search("-is:read")) == unread
    assert keys(service.search("muvera is:unread")) == {user_data["muvera"]}
    assert keys(service.search("muvera is:read")) == set()


def test_list_names_ignore_case_and_may_be_quoted(service, user_data):
    reading = {user_data["muvera"], user_data["kde"]}
    assert keys(service.search('list:"Reading list"')) == reading
    assert keys(service.search('list:"READING LIST"')) == reading
    assert keys(service.search('LIST:"to read later"')) == {user_data["smash"]}
    assert keys(service.search('density list:"reading list"')) == {user_data["kde"]}
    assert user_data["smash"] not in keys(service.search('-list:"to read later"'))


def test_an_unknown_list_is_an_error_naming_the_known_lists(service, synced_store, user_data):
    result = service.search("list:kernals")
    assert result.total == 0 and not result.hits
    assert result.error == 'no list named "kernals" (lists: Reading list, To Read Later)'
    assert service.search("-list:kernals").error == result.error
    # An existing list that is empty is not an error: it just has no papers.
    add_list(synced_store, "kernels", [])
    empty = service.search("list:Kernels")
    assert empty.error is None and empty.total == 0
    assert "kernels" in service.search("list:kernals").error  # the new list is now named


def test_an_unknown_list_error_when_there_are_no_lists(service):
    assert service.search("list:x").error == 'no list named "x" (no lists yet)'


@pytest.mark.parametrize(
    "name",
    ['Bob\'s "best"', "back\\slash", "ends with \\", '"quoted"', 'a \\" b'],
)
def test_list_names_with_quotes_and_backslashes_can_be_filtered(service, synced_store, name):
    muvera = key_of(synced_store, "MUVERA")
    add_list(synced_store, name, [muvera])
    escaped = name.replace("\\", "\\\\").replace('"', '\\"')  # as the TUI writes it
    assert keys(service.search(f'list:"{escaped}"')) == {muvera}
    assert muvera not in keys(service.search(f'-list:"{escaped}" muvera'))


def test_user_data_written_after_the_service_started_is_seen(service, synced_store):
    assert service.search("is:read").total == 0
    key = key_of(synced_store, "MUVERA")
    mark_read(synced_store, [key])
    assert keys(service.search("is:read")) == {key}
    add_list(synced_store, "New", [key])
    assert keys(service.search("list:new")) == {key}
    with synced_store.write() as conn:
        conn.execute("DELETE FROM read_state")
    assert service.search("is:read").total == 0


def _on_dates(store, lo: str, hi: str) -> set[str]:
    return {
        k
        for (k,) in store.conn.execute(
            "SELECT DISTINCT p.key FROM papers p JOIN appearances a ON a.paper_id = p.id"
            " JOIN digests d ON d.id = a.digest_id WHERE d.date BETWEEN ? AND ?",
            (lo, hi),
        )
    }


def test_date_filters_use_appearance_dates(service, synced_store):
    s = synced_store
    dates = [d for (d,) in s.conn.execute("SELECT DISTINCT date FROM digests ORDER BY date")]
    assert dates == ["2026-03-14", "2026-03-19"]
    first, second = _on_dates(s, *dates[:1] * 2), _on_dates(s, *dates[1:] * 2)
    assert len(first & second) == 25
    assert keys(service.search("date:2026-03-14")) == first
    assert keys(service.search("date:2026-03-19")) == second
    assert keys(service.search("after:2026-03-14")) == second  # strictly after
    assert keys(service.search("after:2026-03-13")) == first | second
    assert keys(service.search("before:2026-03-19")) == first  # strictly before
    assert keys(service.search("date:2026-03")) == first | second
    assert keys(service.search("date:2026-03-15..2026-03-18")) == set()
    assert keys(service.search("date:2026-03-15..")) == second
    assert keys(service.search("-date:2026-03-14")) == second - first
    assert keys(service.search("date:2025")) == set()


def test_after_and_before_together_mean_appeared_in_between(service, synced_store):
    # Seen on the 14th and the 19th, but not between the 15th and the 18th.
    assert keys(service.search("after:2026-03-14 before:2026-03-19")) == set()
    both = _on_dates(synced_store, "2026-03-14", "2026-03-14")
    assert keys(service.search("after:2026-03-13 before:2026-03-15")) == both


@pytest.mark.parametrize(
    ("query", "sql"),
    [
        ("seen:>=2", "seen >= 2"),
        ("seen:2", "seen = 2"),
        ("seen:=1", "seen = 1"),
        ("seen:>1", "seen > 1"),
        ("seen:<2", "seen < 2"),
        ("seen:<=1", "seen <= 1"),
        ("seen:>=3", "seen >= 3"),
    ],
)
def test_seen_counts_digests(service, synced_store, query, sql):
    truth = {k for (k,) in synced_store.conn.execute(f"SELECT key FROM papers WHERE {sql}")}
    assert keys(service.search(query)) == truth
    if query == "seen:>=2":
        assert len(truth) == 25


@pytest.fixture
def metadata(synced_store):
    """Authors and upvotes, as a richer source (the HF API) would fill them in."""
    s = synced_store
    rows = {
        "MUVERA": (["Laxman Dhulipala", "Majid Hadian", "Rajesh Jayaram"], 42),
        "Kernel Density": (["Yann LeCun", "José Müller"], 7),
        "SMASH": (["Mark Li"], 0),
    }
    with s.write() as conn:
        for title, (authors, upvotes) in rows.items():
            conn.execute(
                "UPDATE papers SET authors = ?, upvotes = ? WHERE title LIKE ?",
                (json.dumps(authors), upvotes, title + "%"),
            )
    return {t: key_of(s, t) for t in rows}


def test_author_matches_word_starts_of_any_author(synced_store, metadata):
    service = SearchService(synced_store)
    assert keys(service.search("author:lecun")) == {metadata["Kernel Density"]}
    assert keys(service.search('author:"yann lecun"')) == {metadata["Kernel Density"]}
    assert keys(service.search("author:jose")) == {metadata["Kernel Density"]}  # José
    assert keys(service.search("author:müller")) == {metadata["Kernel Density"]}
    assert keys(service.search("author:hadi")) == {metadata["MUVERA"]}  # a prefix
    assert keys(service.search("author:adian")) == set()  # not mid-word
    assert keys(service.search("author:li")) == {metadata["SMASH"]}
    assert keys(service.search("retrieval author:jayaram")) == {metadata["MUVERA"]}
    assert metadata["MUVERA"] not in keys(service.search("-author:jayaram"))
    service.close()


def test_upvotes_compare_known_counts_only(synced_store, metadata):
    service = SearchService(synced_store)
    assert keys(service.search("upvotes:>=7")) == {metadata["MUVERA"], metadata["Kernel Density"]}
    assert keys(service.search("upvotes:>40")) == {metadata["MUVERA"]}
    assert keys(service.search("upvotes:0")) == {metadata["SMASH"]}
    assert keys(service.search("upvotes:<10")) == {metadata["Kernel Density"], metadata["SMASH"]}
    hit = service.search("muvera", limit=1).hits[0]
    assert hit.paper.upvotes == 42
    service.close()


def test_refresh_picks_up_changed_upvotes(service, synced_store):
    assert service.search("upvotes:>=1").total == 0
    key = key_of(synced_store, "MUVERA")
    with synced_store.write() as conn:
        conn.execute("UPDATE papers SET upvotes = 99 WHERE key = ?", (key,))
    (pid,) = synced_store.conn.execute("SELECT id FROM papers WHERE key = ?", (key,)).fetchone()
    service.refresh([pid])
    assert keys(service.search("upvotes:>=1")) == {key}


def test_filters_combine_with_words_and_each_other(service, synced_store, user_data):
    result = service.search("kernel seen:>=2 date:2026-03-14 -is:read")
    assert result.error is None and result.total > 0
    read = {user_data["kde"], user_data["smash"]}
    for hit in result.hits:
        assert hit.paper.seen >= 2
        assert hit.paper.key not in read
        assert hit.paper.first_seen == dt.date(2026, 3, 14)
