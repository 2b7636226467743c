"""The last word of a query is being typed: a typo in it keeps its paper on every keystroke,
and its first letter stands for the title words it starts."""

from __future__ import annotations

import pytest

from paperterm.search import SearchService
from paperterm.search.tokens import tokens


@pytest.fixture
def service(synced_store):
    svc = SearchService(synced_store)
    yield svc
    svc.close()


def titles(service, query, n=3):
    result = service.search(query, limit=n)
    assert result.error is None, result.error
    return [h.paper.title for h in result.hits]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("equaingular", "Equiangular Basis Vectors"),  # two letters swapped early
        ("kolmogrov", "Kolmogorov-Arnold Attention"),  # a letter left out
        ("hierarhcical", "Learning Hierarchical Polynomials"),
        ("spectrlearth", "SpectralEarth"),
    ],
)
def test_every_keystroke_of_a_misspelt_word_keeps_the_paper(service, typed, expected):
    for end in range(4, len(typed) + 1):
        found = titles(service, typed[:end], n=10)
        assert any(t.startswith(expected) for t in found), (typed[:end], found)


def test_a_misspelt_prefix_highlights_the_letters_it_stands_for(service):
    (hit,) = service.search("equai", limit=1).hits
    assert hit.paper.title.startswith("Equiangular")
    assert [hit.paper.title[a:b] for a, b in hit.spans] == ["Equia"]


def test_a_prefix_that_matches_plainly_does_not_also_fuzz(service):
    plain = service.search("in:title equi")  # "eque", "equa"... would be a typo away
    assert plain.hits
    assert all(h.paper.title[a:b].lower() == "equi" for h in plain.hits for a, b in h.spans)


def test_digits_and_far_words_still_find_nothing(service):
    assert titles(service, "qzxw") == []
    assert titles(service, "gpt9") == []  # a digit is never a typo


def test_a_last_word_of_one_letter_is_the_start_of_a_title_word(service):
    result = service.search("neural s")
    assert result.hits
    for hit in result.hits:
        words = tokens(hit.paper.title)
        assert any(w.startswith("s") for w in words), hit.paper.title
