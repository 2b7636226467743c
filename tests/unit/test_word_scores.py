"""A word's title hits are the same whether counted per paper (one byte each, the path of a
first letter in a big store) or by sorting its postings (the path of a rarer word)."""

from __future__ import annotations

import numpy as np
import pytest

from paperterm.search import SearchService
from paperterm.search import word_scores as ws
from paperterm.search.fuzzy import expand
from paperterm.sync import sync_paths

HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n"
HEADER += "byAK and the research community\n\n"
NEW = [
    ("Quokka: Tiny Recurrent Controllers for Legged Robots", "Quadruped robots on a Pi."),
    ("Sparse Autoencoders for Protein Language Models", "Dictionary learning on ESM2."),
]
TYPED = ["s", "a", "d", "q", "sp", "difu", "gausi", "kernl", "lerning", "networks"]


@pytest.fixture
def service(synced_store):
    svc = SearchService(synced_store)
    yield svc
    svc.close()


def both_paths(service, monkeypatch, word):
    index = service._index
    exp = expand(index, word, last=True)
    monkeypatch.setattr(ws, "DENSE_SHARE", 0)  # never dense
    sorted_path = ws.word_scores(index, exp.wids, exp.sims)
    monkeypatch.setattr(ws, "DENSE_SHARE", 10**9)
    monkeypatch.setattr(ws, "DENSE_PER_WORD", 0)  # always dense
    dense_path = ws.word_scores(index, exp.wids, exp.sims)
    monkeypatch.undo()
    return sorted_path, dense_path


@pytest.mark.parametrize("word", TYPED)
def test_a_word_has_the_same_hits_and_scores_on_either_path(service, monkeypatch, word):
    (slots, scores), (dense_slots, dense_scores) = both_paths(service, monkeypatch, word)
    assert len(slots), f"{word!r} should match some title of the real digests"
    assert np.array_equal(slots, dense_slots)
    assert np.array_equal(scores, dense_scores)
    assert dense_scores.dtype == np.float32 and np.all(dense_scores > 0)


def test_papers_added_by_a_sync_are_found_on_the_dense_path(
    service, synced_store, digests_dir, monkeypatch
):
    body = "\n\n".join(f"{t}\n\n{a}" for t, a in NEW)
    (digests_dir / "003_new.txt").write_text(HEADER + "Mar 21\n\n" + body + "\n", "utf-8")
    report = sync_paths(synced_store, [digests_dir])
    service.refresh(report.papers)  # in place: the new titles' words are in the delta
    assert service._index.delta, "the refresh should have kept the postings in a delta"
    for word in ("q", "s", "l", "quokk"):
        (slots, scores), (dense_slots, dense_scores) = both_paths(service, monkeypatch, word)
        assert np.array_equal(slots, dense_slots) and np.array_equal(scores, dense_scores)
    quokka = service._index.titles.index(NEW[0][0])
    (slots, _), (dense_slots, _) = both_paths(service, monkeypatch, "q")
    assert quokka in dense_slots.tolist()
