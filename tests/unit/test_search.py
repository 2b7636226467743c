"""Search over the two real digests: ranking, highlights, exclusions, laziness, refresh."""

from __future__ import annotations

import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperterm.search import SearchService
from paperterm.search.tokens import tokens
from paperterm.store import iter_papers

SHARED_FIXTURE = [HealthCheck.function_scoped_fixture]  # one service for all examples: fine


@pytest.fixture
def service(synced_store):
    svc = SearchService(synced_store)
    yield svc
    svc.close()


def top(service, query, n=3):
    result = service.search(query, limit=n)
    assert result.error is None, result.error
    return [h.paper.title for h in result.hits]


# (what a user types, the start of the title they want in the top 3)
REALISTIC = [
    ("kernl densty", "Kernel Density Estimators"),  # two typos
    ("convnext inception", "InceptionNeXt"),  # words swapped
    ("equiang", "Equiangular Basis Vectors"),  # partial word
    ("equiangluar basis", "Equiangular Basis Vectors"),  # swapped letters
    ("basis vector equiangular", "Equiangular Basis Vectors"),  # order and plural
    ("muvera", "MUVERA"),  # acronym
    ("shiftaddvit", "ShiftAddViT"),  # CamelCase name
    ("shift add", "ShiftAddViT"),  # CamelCase parts
    ("gs livo", "GS-LIVO"),  # hyphenated name as two words
    ("gslivo", "GS-LIVO"),  # ... or as one
    ("Jetson Orin", "GS-LIVO"),  # only in the abstract
    ("PIUMA", "SMASH"),  # only in the abstract
    ("GTA5 Cityscapes", "Informative Data Mining"),  # only in the abstract
    ("colbert retrieval", "MUVERA"),  # abstract word + title word
    ("neural tangent kernl", "Neural Tangent Kernel"),
    ("difusion score estimation", "Neural Network-Based Score Estimation"),
    ("heirarchical polynomials", "Learning Hierarchical Polynomials"),
    ("self supervised distillation dataset", "Self-Supervised Dataset Distillation"),
    ("kolmogorov arnold", "Kolmogorov-Arnold Attention"),
    ('"linear mode connectivity"', "Analysis of Linear Mode Connectivity"),  # phrase
    ("geo2sigmap", "Geo2SigMap"),
    ("bessel gpu", "Accurate Computation of the Logarithm of Modified Bessel"),
    ("gaussian splats -grids", "ShapeSplat"),  # exclusion removes the other Gaussian paper
    ("in:title spectralearth", "SpectralEarth"),
    ("in:abstract hippo", "On the Parameterization and Initialization of Diagonal"),
    ("seen:>=2 wide deep optimality", "Wide and Deep Neural Networks"),
    ("date:2026-03-14 vectormapnet", "VectorMapNet"),
]


@pytest.mark.parametrize(("query", "expected"), REALISTIC)
def test_realistic_queries_find_the_paper_in_the_top_3(service, query, expected):
    titles = top(service, query)
    assert any(t.startswith(expected) for t in titles), titles


def test_empty_query_lists_everything_newest_first(service, synced_store):
    result = service.search("")
    assert result.error is None
    assert result.total == len(result.hits) == 80
    expected = [p.key for p in iter_papers(synced_store.conn)]  # last seen, then position
    assert [h.paper.key for h in result.hits] == expected
    assert all(h.score == 0 and h.spans == () for h in result.hits)


def test_limit_cuts_hits_but_not_total(service):
    result = service.search("kernel", limit=2)
    assert len(result.hits) == 2
    assert result.total > 2


def test_spans_cover_the_matched_words(service):
    (hit,) = service.search("kernl densty", limit=1).hits
    title = hit.paper.title
    assert [title[a:b] for a, b in hit.spans] == ["Kernel", "Density"]


def test_spans_of_a_prefix_cover_what_was_typed(service):
    (hit,) = service.search("equiang", limit=1).hits
    assert [hit.paper.title[a:b] for a, b in hit.spans] == ["Equiang"]


def test_spans_of_a_phrase_and_a_name(service):
    hit = service.search('"radial basis" neurbf', limit=1).hits[0]
    assert [hit.paper.title[a:b] for a, b in hit.spans] == ["NeuRBF", "Radial Basis"]
    hit = service.search("gs livo", limit=1).hits[0]
    assert [hit.paper.title[a:b] for a, b in hit.spans] == ["GS", "LIVO"]


def test_abstract_only_hits_have_no_title_spans(service):
    hit = service.search("piuma", limit=1).hits[0]
    assert hit.spans == ()


def test_a_title_hit_outranks_an_abstract_hit(service, synced_store):
    # "convnext" is in one title and in several abstracts.
    hits = list(service.search("convnext").hits)
    in_title = ["convnext" in tokens(h.paper.title) for h in hits]
    assert in_title[0] and not all(in_title)
    first_abstract_only = in_title.index(False)
    assert all(in_title[:first_abstract_only]) and not any(in_title[first_abstract_only:])
    assert hits[0].score > hits[first_abstract_only].score


def test_every_word_must_match_title_or_abstract(service):
    from rapidfuzz.distance import OSA

    def near(word, words, edits):
        return any(w.startswith(word) or OSA.distance(w, word) <= edits for w in words)

    result = service.search("kernel density")
    assert result.total >= 2
    for hit in result.hits:
        full = service.store.conn.execute(
            "SELECT title || ' ' || abstract FROM papers WHERE id = ?", (hit.paper.id,)
        ).fetchone()[0]
        words = set(tokens(full))
        assert near("kernel", words, 1) and near("density", words, 2), hit.paper.title


def test_a_word_with_no_match_does_not_empty_the_list(service):
    titles = top(service, "muvera zzqxj")
    assert titles and titles[0].startswith("MUVERA")


def test_phrase_must_appear_in_order(service, synced_store):
    forward = service.search('"neural networks"')
    backward = service.search('"networks neural"')
    assert forward.total > 5
    assert backward.total < forward.total
    for hit in forward.hits:
        text = synced_store.conn.execute(
            "SELECT title || ' . ' || abstract FROM papers WHERE id = ?", (hit.paper.id,)
        ).fetchone()[0]
        assert "neural networks" in " ".join(tokens(text))


def test_exclusion_removes_papers_with_the_word_anywhere(service, synced_store):
    with_density = service.search("kernel")
    without = service.search("kernel -density")
    assert 0 < without.total < with_density.total
    for hit in without.hits:
        text = synced_store.conn.execute(
            "SELECT title || ' ' || abstract FROM papers WHERE id = ?", (hit.paper.id,)
        ).fetchone()[0]
        assert "density" not in tokens(text)


def test_exclusion_alone_lists_everything_else_newest_first(service):
    everything = service.search("")
    result = service.search("-kernel")
    assert 0 < result.total < everything.total
    order = [h.paper.key for h in everything.hits]
    keys = [h.paper.key for h in result.hits]
    assert keys == [k for k in order if k in set(keys)]


def test_in_title_ignores_abstracts_and_in_abstract_ignores_titles(service):
    assert service.search("in:title piuma").total == 0
    assert service.search("piuma").total == 1
    titles = top(service, "in:abstract muvera", n=50)
    assert titles  # MUVERA is named in its abstract too
    assert service.search("in:abstract shiftaddvit").total <= service.search("shiftaddvit").total


def test_light_papers_carry_listing_fields(service, synced_store):
    hit = service.search("muvera", limit=1).hits[0]
    paper = hit.paper
    assert paper.key and paper.title.startswith("MUVERA")
    assert paper.abstract == ""
    assert str(paper.first_seen) == "2026-03-14" and paper.seen == 1


def test_hits_are_a_lazy_sequence(service):
    result = service.search("")
    hits = result.hits
    assert len(hits) == 80
    assert hits[-1].paper.key == hits[79].paper.key
    assert [h.paper.key for h in hits[10:13]] == [hits[i].paper.key for i in (10, 11, 12)]
    with pytest.raises(IndexError):
        hits[80]
    assert hits.paper_keys() == [h.paper.key for h in hits]
    assert hits.position(hits[42].paper.key) == 42 and hits.position("nope") == -1
    ranked = service.search("learning").hits
    assert [h.score for h in ranked] == sorted((h.score for h in ranked), reverse=True)


def test_searches_from_several_threads_agree(service):
    expected = [h.paper.key for h in service.search("kernel").hits]
    seen, errors = [], []

    def run():
        try:
            for _ in range(20):
                seen.append([h.paper.key for h in service.search("kernel").hits])
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and all(keys == expected for keys in seen)


def test_malformed_query_gives_an_error_not_an_exception(service):
    for query in ("foo:bar", 'list:"x', "date:2026-99-01", "seen:lots", "is:nope"):
        result = service.search(query)
        assert result.error and result.total == 0 and len(result.hits) == 0


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=80))
def test_any_query_returns_hits_or_an_error(service, text):
    result = service.search(text)
    if result.error is not None:
        assert "search failed" not in result.error and "\n" not in result.error
        assert len(result.hits) == 0
    else:
        assert len(result.hits) == result.total
        for hit in result.hits[:5]:
            assert all(0 <= a < b <= len(hit.paper.title) for a, b in hit.spans)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    words=st.lists(
        st.sampled_from(
            [
                "kernel",
                "kernl",
                "-density",
                '"neural networks"',
                "is:read",
                "is:unread",
                "list:x",
                "seen:>=2",
                "date:2026-03",
                "after:2026-03-14",
                "in:title",
                "in:abstract",
                "author:li",
                "upvotes:>1",
                "piuma",
                "-",
                '"',
                "é",
                "k",
            ]
        ),
        max_size=6,
    )
)
def test_any_mix_of_words_and_filters_returns_hits_or_an_error(service, words):
    result = service.search(" ".join(words))
    assert result.error is None or "search failed" not in result.error


# The last word of a query is being typed: a typo in it keeps its paper on every keystroke,
# and its first letter stands for the title words it starts.
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
        found = top(service, typed[:end], n=10)
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
    assert top(service, "qzxw") == []
    assert top(service, "gpt9") == []  # a digit is never a typo


def test_a_last_word_of_one_letter_is_the_start_of_a_title_word(service):
    result = service.search("neural s")
    assert result.hits
    for hit in result.hits:
        words = tokens(hit.paper.title)
        assert any(w.startswith("s") for w in words), hit.paper.title


def test_a_misspelt_prefix_still_matches_after_the_readers_warm_up(service):
    service.warm_orders(("newest",))  # what the reader runs once idle
    assert top(service, "equai")[0].startswith("Equiangular")
