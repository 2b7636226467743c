"""One-letter last words resolved ahead (search.letters): the same hits, never stale ones."""

from __future__ import annotations

import numpy as np
import pytest

from paperterm.search import SearchService, letters
from paperterm.search.fuzzy import expand
from paperterm.sync import sync_paths
from tests.unit.test_search_refresh import write_digest


@pytest.fixture
def service(synced_store, monkeypatch):
    monkeypatch.setattr(letters, "MIN_SLOTS", 0)  # the 80 sample papers: keep letters anyway
    monkeypatch.setattr(letters, "SHARE", 10_000)  # and every letter, however rare
    svc = SearchService(synced_store, cache=False)
    yield svc
    svc.close()


def answers(service: SearchService, query: str) -> list[tuple[str, float]]:
    result = service.search(query, limit=None)
    return [(h.paper.key, round(h.score, 4)) for h in result.hits]


def test_a_kept_letter_gives_the_same_slots_and_scores_bit_for_bit(service):
    index = service._index
    kept = letters.LetterScores(index)
    todo = kept.worth_keeping()
    assert len(todo) > 15  # every first letter of the sample's title words
    for letter in todo:
        kept.keep(letter)
        exp = expand(index, letter, last=True)
        slots, scores = index.word_scores(exp.wids, exp.sims)
        got = kept.scores(letter)
        assert got is not None
        assert np.array_equal(got[0], slots) and got[0].dtype == slots.dtype
        assert np.array_equal(got[1], scores) and got[1].dtype == scores.dtype


def test_searches_ending_in_one_letter_find_the_same_with_the_letters_kept(service):
    queries = ["n", "neural t", "kernl d", "diffusion m", "s", "-robot e", "title:g"]
    before = {q: answers(service, q) for q in queries}
    service.warm_letters()
    service.clear_cache()
    assert service._letters is not None and service._letters.scores("t") is not None
    assert {q: answers(service, q) for q in queries} == before
    assert before["neural t"] and before["n"]


def test_a_paper_synced_after_the_letters_were_kept_is_found_by_its_letter(
    service, synced_store, digests_dir
):
    service.warm_letters()
    assert not any(t.startswith("Quokka") for t in titles(service, "q"))
    write_digest(digests_dir, "003_new.txt", "Mar 21", [("Quokka Walks", "Legged robots on a Pi.")])
    report = sync_paths(synced_store, [digests_dir])
    service.refresh(report.papers)  # an update in place: the kept tables no longer hold
    assert any(t.startswith("Quokka") for t in titles(service, "q"))
    assert any(t.startswith("Quokka") for t in titles(service, "legged q"))


def titles(service: SearchService, query: str) -> list[str]:
    return [h.paper.title for h in service.search(query, limit=None).hits]
