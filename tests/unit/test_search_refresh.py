"""refresh(): the index follows the store after a sync, in place or by a full reload."""

from __future__ import annotations

import pytest

from paperterm.search import SearchService
from paperterm.sync import sync_paths

HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n"
HEADER += "byAK and the research community\n\n"
NEW_PAPERS = [
    (
        "Quokka: Tiny Recurrent Controllers for Legged Robots",
        "We train recurrent controllers for quadruped robots on a Raspberry Pi.",
    ),
    (
        "Sparse Autoencoders Find Monosemantic Features in Protein Language Models",
        "Dictionary learning on ESM2 activations recovers interpretable protein motifs.",
    ),
]


@pytest.fixture
def service(synced_store):
    svc = SearchService(synced_store)
    yield svc
    svc.close()


def write_digest(folder, name: str, date_line: str, papers) -> None:
    body = "\n\n".join(f"{t}\n\n{a}" for t, a in papers)
    (folder / name).write_text(HEADER + date_line + "\n\n" + body + "\n", encoding="utf-8")


def muvera(store):
    return store.conn.execute(
        "SELECT title, abstract FROM papers WHERE title LIKE 'MUVERA%'"
    ).fetchone()


def test_refresh_after_a_sync_finds_new_papers_and_updates_old_ones(
    service, synced_store, digests_dir
):
    assert service.search("quokka legged").total == 0
    write_digest(digests_dir, "003_new.txt", "Mar 21", [*NEW_PAPERS, muvera(synced_store)])
    report = sync_paths(synced_store, [digests_dir])
    assert report.ok and report.new_papers == 2
    service.refresh(report.papers)

    assert service.size == 82
    hits = service.search("quoka legged robts", limit=3).hits  # typos work on new words
    assert hits[0].paper.title.startswith("Quokka")
    assert [hits[0].paper.title[a:b] for a, b in hits[0].spans] == ["Quokka", "Legged", "Robots"]
    assert service.search("esm2 monosemantic").hits[0].paper.title.startswith("Sparse Auto")
    assert service.search("raspberry").total == 1  # abstract of a new paper

    newest = [h.paper.title for h in service.search("").hits[:3]]
    assert newest[0].startswith("Quokka") and newest[2].startswith("MUVERA")
    (m,) = service.search("muvera seen:>=2").hits
    assert m.paper.seen == 2 and str(m.paper.last_seen) == "2026-03-21"
    assert service.search("date:2026-03-21").total == 3


def test_full_refresh_gives_the_same_answers_as_an_in_place_one(service, synced_store, digests_dir):
    write_digest(digests_dir, "003_new.txt", "Mar 21", NEW_PAPERS)
    report = sync_paths(synced_store, [digests_dir])
    service.refresh(report.papers)
    fresh = SearchService(synced_store)
    for query in ("", "quokka", "protein", "kernel density", "seen:>=2", "date:2026-03-21"):
        ours = [(h.paper.key, h.score, h.spans) for h in service.search(query).hits]
        theirs = [(h.paper.key, h.score, h.spans) for h in fresh.search(query).hits]
        assert ours == theirs, query
    service.refresh()
    assert [h.paper.key for h in service.search("quokka").hits] == [
        h.paper.key for h in fresh.search("quokka").hits
    ]
    fresh.close()


def test_refresh_drops_papers_that_are_gone(service, synced_store):
    rows = synced_store.conn.execute(
        "SELECT id, title FROM papers WHERE title LIKE 'MUVERA%' OR title LIKE 'SMASH%'"
        " ORDER BY title"
    ).fetchall()
    (muvera_id, _), (smash_id, _) = rows
    with synced_store.write() as conn:
        conn.execute("DELETE FROM appearances WHERE paper_id IN (?, ?)", (muvera_id, smash_id))
        conn.execute("DELETE FROM papers WHERE id IN (?, ?)", (muvera_id, smash_id))
    service.refresh([muvera_id])  # SMASH is not named: the count check catches it
    assert service.search("muvera").total == 0
    assert not any(h.paper.id == smash_id for h in service.search("smash hashing").hits)
    assert service.size == 78
    assert len(service.search("").hits) == 78


def test_refresh_of_a_renamed_paper_indexes_its_new_title(service, synced_store):
    (pid,) = synced_store.conn.execute(
        "SELECT id FROM papers WHERE title LIKE 'MUVERA%'"
    ).fetchone()
    with synced_store.write() as conn:
        conn.execute("UPDATE papers SET title = 'Zanzibar Retrieval' WHERE id = ?", (pid,))
    service.refresh([pid])
    assert service.search("zanzibar").hits[0].paper.id == pid
    assert service.search("in:title muvera").total == 0
    assert service.size == 80
