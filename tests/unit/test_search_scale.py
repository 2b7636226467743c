"""Review fixes: common words at scale, CamelCase runs, pasted arXiv links, quoted escapes."""

from __future__ import annotations

import pytest

import paperterm.search.abstracts as abstracts_mod
import paperterm.search.ranking as ranking_mod
import paperterm.search.scoring as scoring_mod
from paperterm.search import QueryError, SearchService, parse_query
from paperterm.search.tokens import tokens


@pytest.fixture
def service(synced_store):
    svc = SearchService(synced_store)
    yield svc
    svc.close()


@pytest.fixture
def tiny_limits(monkeypatch):
    """Make every word "common" and the bounds tiny, as at 100k+ papers."""
    monkeypatch.setattr(abstracts_mod, "PROBE", 3)
    monkeypatch.setattr(scoring_mod, "VERIFY_MAX", 2)
    monkeypatch.setattr(scoring_mod, "CONJUNCTION_LIMIT", 3)


def rows(store):
    return store.conn.execute("SELECT key, title, abstract FROM papers").fetchall()


def in_title(store, words):
    """Keys of papers with every word in the title."""
    return {k for k, t, _ in rows(store) if set(words) <= set(tokens(t))}


QUERIES = ["neural networks", "kernel large", "deep learning", "self supervised"]


@pytest.mark.parametrize("query", QUERIES)
def test_common_words_keep_the_best_title_matches(service, synced_store, monkeypatch, query):
    exact = service.search(query)  # 80 papers: no word is common, nothing is capped
    assert not exact.total_is_estimate and exact.total == len(exact.hits)
    best = in_title(synced_store, query.split())
    assert len(best) > 2  # more than VERIFY_MAX below
    monkeypatch.setattr(abstracts_mod, "PROBE", 3)  # every word "common", as at 100k+
    monkeypatch.setattr(scoring_mod, "VERIFY_MAX", 2)
    monkeypatch.setattr(scoring_mod, "CONJUNCTION_LIMIT", 3)
    service.clear_cache()
    result = service.search(query)
    assert result.error is None
    got = [h.paper.key for h in result.hits]
    assert set(got[: len(best)]) == best  # the best matches are kept, and come first
    assert set(got) <= {h.paper.key for h in exact.hits}  # every hit really matches
    assert 0 < result.total == len(got) <= exact.total
    # A count short of the truth is flagged as a lower bound, so a UI can show "N+".
    assert result.total_is_estimate or result.total == exact.total
    if query == "neural networks":
        assert result.total < exact.total and result.total_is_estimate


def test_a_common_word_in_abstracts_only_is_flagged(service, synced_store, tiny_limits):
    result = service.search("neural in:abstract")
    has = {k for k, _, a in rows(synced_store) if "neural" in tokens(a)}
    assert result.total_is_estimate and result.total >= 3
    assert {h.paper.key for h in result.hits} <= has


@pytest.mark.parametrize(
    ("query", "title", "highlighted"),
    [
        ("nerf", "CuNeRF", "NeRF"),
        ("mapnet", "VectorMapNet", "MapNet"),
        ("lknet", "UniRepLKNet", "LKNet"),
        ("replknet", "UniRepLKNet", "RepLKNet"),
    ],
)
def test_runs_of_camelcase_parts_are_searchable(service, query, title, highlighted):
    result = service.search(query, limit=3)
    assert result.error is None
    hit = result.hits[0]
    assert hit.paper.title.startswith(title)
    assert [hit.paper.title[s:e] for s, e in hit.spans] == [highlighted]


@pytest.fixture
def with_arxiv(synced_store, service):
    with synced_store.write() as conn:
        conn.execute("UPDATE papers SET arxiv_id = '2405.19504' WHERE title LIKE 'MUVERA%'")
        conn.execute(
            "UPDATE papers SET arxiv_id = '2303.16900v2' WHERE title LIKE 'InceptionNeXt%'"
        )
    service.refresh()
    return service


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("https://arxiv.org/abs/2405.19504", "MUVERA"),
        ("arXiv:2405.19504", "MUVERA"),
        ("2405.19504", "MUVERA"),
        ("https://huggingface.co/papers/2405.19504", "MUVERA"),
        ("http://arxiv.org/pdf/2405.19504v3.pdf", "MUVERA"),
        ("arxiv.org/abs/2405.19504", "MUVERA"),
        ("https://arxiv.org/abs/2303.16900", "InceptionNeXt"),
        ("2303.16900", "InceptionNeXt"),
    ],
)
def test_pasted_links_and_arxiv_ids_find_the_paper(with_arxiv, query, title):
    result = with_arxiv.search(query)
    assert result.error is None
    assert [h.paper.title.split(":")[0] for h in result.hits] == [title]


def test_arxiv_ids_combine_with_words_and_exclusions(with_arxiv):
    assert with_arxiv.search("arxiv:2405.19504 kernel").total == 0
    assert with_arxiv.search("arxiv:2405.19504 muvera").total == 1
    assert "MUVERA" not in [h.paper.title[:6] for h in with_arxiv.search("-2405.19504").hits]
    assert with_arxiv.search("arxiv:2101.00001").total == 0  # unknown id: nothing, no error


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("https://github.com/foo/bar", "not a paper link"),
        ("arxiv:notanid", 'bad arXiv id "notanid"'),
    ],
)
def test_links_that_are_not_papers_are_errors(service, query, message):
    result = service.search(query)
    assert result.error is not None and message in result.error
    with pytest.raises(QueryError):
        parse_query(query)


@pytest.mark.parametrize(
    ("query", "value"),
    [
        ('list:"Bob\'s \\"best\\""', 'Bob\'s "best"'),
        (r'list:"back\\slash"', "back\\slash"),
        (r'list:"ends with \\"', "ends with \\"),
        (r'list:"keep \n as is"', "keep \\n as is"),
    ],
)
def test_quoted_values_undo_backslash_escapes(query, value):
    (f,) = parse_query(query).filters
    assert f.value == value


def test_escaped_quotes_inside_a_phrase(service):
    assert parse_query(r'"a \"b\" c"').terms[0].tokens == ("a", "b", "c")
    with pytest.raises(QueryError, match="unclosed quote"):
        parse_query(r'list:"open \"')


@pytest.mark.parametrize("query", ["n", "neural", "learning model", "le"])
def test_hits_read_one_by_one_are_in_the_order_of_a_full_sort(service, monkeypatch, query):
    # The first hits are ordered from the ones the closeness re-rank looked at; reading
    # further sorts the rest: the list a user scrolls through is one order all along.
    monkeypatch.setattr(ranking_mod, "HEAD", 6)
    monkeypatch.setattr(scoring_mod, "HEAD", 6)
    service.clear_cache()
    hits = service.search(query).hits
    assert len(hits) > 12
    read = [hits[i] for i in range(len(hits))]
    scores = [h.score for h in read]
    assert scores == sorted(scores, reverse=True)
    assert [h.paper.key for h in read] == hits.paper_keys()  # everything sorted at once
