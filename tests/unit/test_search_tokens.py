"""Tokens: the fast bulk path gives exactly what the per-title rules give, for any title."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from paperterm.search import SearchService
from paperterm.search.tokens import bulk_tokens, extra_tokens, token_spans, tokens

SAMPLES = [
    "GS-LIVO: Real-Time LiDAR, Inertial, and Visual Multi-sensor Fused Odometry",
    "ShiftAddViT: Mixture of Multiplication Primitives",
    "Équivariant naïve ﬁne—grained “quotes”",
    "a--b x-y--z -lead trail- _a-b a-b_c",
    "Geo2SigMap: High-Fidelity RF Signal Mapping",
    "",
    "x",
]


def per_title(titles):
    return [sorted(tokens(t) + extra_tokens(t)) for t in titles]


def by_owner(titles):
    words, owners, lens = bulk_tokens(titles)
    got = defaultdict(list)
    for word, owner in zip(words, owners.tolist(), strict=True):
        got[owner].append(word)
    assert lens.tolist() == [len(tokens(t)) for t in titles]
    return [sorted(got[i]) for i in range(len(titles))]


def test_names_get_extra_tokens():
    assert tokens(SAMPLES[0])[:2] == ["gs", "livo"]
    assert {"gslivo", "realtime", "multisensor"} <= set(extra_tokens(SAMPLES[0]))
    assert {"shift", "add"} <= set(extra_tokens(SAMPLES[1]))
    assert tokens(SAMPLES[2]) == ["equivariant", "naive", "fine", "grained", "quotes"]


def test_bulk_matches_per_title_on_samples():
    assert by_owner(SAMPLES) == per_title(SAMPLES)
    assert bulk_tokens([])[0] == []


def test_spans_point_at_their_tokens():
    for title in SAMPLES:
        for token, start, end in token_spans(title):
            assert 0 <= start < end <= len(title)
            assert token == "".join(tokens(title[start:end])) or token in tokens(title[start:end])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from("aZb-Q9 _.:é\u00e9\u0301X-y\tÅ\n"), max_size=30),
        max_size=8,
    )
)
def test_bulk_matches_per_title_for_any_titles(titles):
    assert by_owner(titles) == per_title(titles)


def test_an_empty_store_searches_to_nothing(store):
    service = SearchService(store)
    for query in ("", "kernel", "is:read", "-x", '"a b"'):
        result = service.search(query)
        assert result.error is None and result.total == 0 and len(result.hits) == 0
    service.close()
