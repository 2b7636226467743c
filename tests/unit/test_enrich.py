"""Title matching against a loopback stand-in for Hugging Face and arXiv, faults included."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from enrich_server import EnrichServer, Reply, fixture

from paperterm.enrich import EnrichSettings, enrich_papers, papers_to_enrich
from paperterm.enrich.arxiv import phrase
from paperterm.paper_links import links_for
from paperterm.store import get_paper
from paperterm.store.links import found_links
from paperterm.sync.sources.hf_api import FetchPolicy
from paperterm.text import paper_key

INCEPTION = "InceptionNeXt: When Inception Meets ConvNeXt"
KDE = "Kernel Density Estimators in Large Dimensions"
NTK = "Neural Tangent Kernel: Convergence and Generalization in Neural Networks"
EBV = "Equiangular Basis Vectors"
FAST = FetchPolicy(deadline=2.0, read_timeout=1.0, attempts=3, backoff=0.01, max_wait=0.05)


@pytest.fixture
def server() -> Iterator[EnrichServer]:
    s = EnrichServer()
    yield s
    s.close()


@pytest.fixture
def settings(server: EnrichServer) -> EnrichSettings:
    return EnrichSettings(hf_url=server.url, arxiv_url=server.url, arxiv_pace=0, hf_pace=0)


def run(store, settings, papers=None, policy=FAST, **kw):
    chosen = papers_to_enrich(store, papers)
    return enrich_papers(store, settings, chosen, policy=policy, **kw)


def paper(store, title):
    return get_paper(store.conn, paper_key(title))


def user_tables(store):
    return [
        store.conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
        for t in ("lists", "list_items", "notes", "read_state")
    ]


def test_exact_match_on_hugging_face_fills_ids_authors_date_upvotes_summary(
    synced_store, server, settings
):
    server.answer("hf", INCEPTION, Reply(fixture("hf_search_exact.json")))
    target = paper(synced_store, INCEPTION)
    report = run(synced_store, settings, [target])
    got = paper(synced_store, INCEPTION)
    assert report.matched_hf == 1 and report.ok
    assert got.arxiv_id == "2303.16900"  # the second item: the first is another paper
    assert got.authors == ("Weihao Yu", "Pan Zhou", "Shuicheng Yan", "Xinchao Wang")
    assert got.published == "2023-03-29"
    assert got.upvotes == 12
    assert got.ai_summary.startswith("InceptionNeXt decomposes")
    assert got.github == "https://github.com/sail-sg/inceptionnext"
    assert server.asked("arxiv") == 0  # Hugging Face had it: arXiv is not asked
    best = links_for(got, found_links(synced_store.conn, got.id))[0]
    assert best.url == "https://huggingface.co/papers/2303.16900" and not best.is_search


def test_near_miss_title_is_never_merged(synced_store, server, settings):
    server.answer("hf", KDE, Reply(fixture("hf_search_near_miss.json")))
    server.answer("arxiv", phrase(EBV), Reply(fixture("arxiv_near_miss.xml")))
    report = run(synced_store, settings, [paper(synced_store, KDE), paper(synced_store, EBV)])
    for title in (KDE, EBV):
        got = paper(synced_store, title)
        assert (got.arxiv_id, got.authors, got.upvotes, got.github) == (None, (), None, None)
    assert report.no_match == 2 and report.matched == 0


def test_hf_empty_then_arxiv_exact_gives_the_real_year_and_category(synced_store, server, settings):
    server.answer("arxiv", phrase(NTK), Reply(fixture("arxiv_exact.xml")))
    report = run(synced_store, settings, [paper(synced_store, NTK)])
    got = paper(synced_store, NTK)
    assert report.matched_arxiv == 1
    assert (got.arxiv_id, got.published, got.arxiv_category) == (
        "1806.07572",
        "2018-06-20",
        "cs.LG",
    )
    assert got.authors == ("Arthur Jacot", "Franck Gabriel", "Clément Hongler")
    assert server.hits[("hf", NTK)] == 1


def test_empty_answers_everywhere_are_cached_as_no_match(synced_store, server, settings):
    target = paper(synced_store, EBV)
    first = run(synced_store, settings, [target])
    assert first.no_match == 1
    asked = server.asked()
    assert asked == 2  # Hugging Face, then arXiv
    again = run(synced_store, settings, [target])
    assert again.total == 0 and server.asked() == asked  # cached for a week


def test_429_then_success_is_retried(synced_store, server, settings):
    server.answer(
        "hf",
        INCEPTION,
        Reply(b"slow down", status=429, headers={"Retry-After": "0"}),
        Reply(fixture("hf_search_exact.json")),
    )
    report = run(synced_store, settings, [paper(synced_store, INCEPTION)])
    assert report.matched_hf == 1
    assert server.hits[("hf", INCEPTION)] == 2


def test_500_every_time_fails_without_caching_and_stops(synced_store, server, settings):
    for title in (INCEPTION, KDE, EBV, NTK):
        server.answer("hf", title, Reply(b"oops", status=500))
        server.answer("arxiv", phrase(title), Reply(b"oops", status=503))
    targets = [paper(synced_store, t) for t in (INCEPTION, KDE, EBV, NTK)]
    report = run(synced_store, settings, targets)
    assert report.failed == 3 and report.stopped  # gives up after three in a row
    assert "HTTP 500" in " ".join(report.errors)
    assert server.hits[("hf", INCEPTION)] == FAST.attempts
    assert ("hf", NTK) not in server.hits
    # Nothing cached: every paper is asked again next time.
    assert len(papers_to_enrich(synced_store, targets)) == 4


def test_timeout_is_bounded_and_not_cached(synced_store, server, settings):
    server.answer("hf", INCEPTION, Reply(b"[]", delay=1.5))
    policy = FetchPolicy(deadline=0.3, read_timeout=0.3, attempts=1)
    report = run(synced_store, settings, [paper(synced_store, INCEPTION)], policy=policy)
    assert report.failed == 1
    assert any("no answer within" in e for e in report.errors)
    assert papers_to_enrich(synced_store, [paper(synced_store, INCEPTION)])


@pytest.mark.parametrize(
    ("service", "title", "name"),
    [("hf", INCEPTION, "hf_search_malformed.json"), ("arxiv", phrase(NTK), "arxiv_malformed.xml")],
)
def test_malformed_answers_fail_cleanly(synced_store, server, settings, service, title, name):
    server.answer(service, title, Reply(fixture(name)))
    original = INCEPTION if service == "hf" else NTK
    report = run(synced_store, settings, [paper(synced_store, original)])
    got = paper(synced_store, original)
    assert report.failed == 1 and got.arxiv_id is None
    assert any("not JSON" in e or "not an Atom feed" in e for e in report.errors)


def test_entity_bomb_in_atom_is_refused(synced_store, server, settings):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>&b;</title></feed>'
    )
    server.answer("arxiv", phrase(NTK), Reply(bomb))
    report = run(synced_store, settings, [paper(synced_store, NTK)])
    assert report.failed == 1


def test_offline_is_one_clear_error_and_nothing_is_lost(synced_store):
    settings = EnrichSettings(hf_url="http://127.0.0.1:9", arxiv_url="http://127.0.0.1:9")
    targets = papers_to_enrich(synced_store)
    before = synced_store.conn.execute("SELECT * FROM papers ORDER BY id").fetchall()
    report = enrich_papers(synced_store, settings, targets, policy=FAST)
    assert report.offline and report.failed == 1  # stops at the first paper
    assert synced_store.conn.execute("SELECT * FROM papers ORDER BY id").fetchall() == before


def test_real_digests_enrichment_is_idempotent(synced_store, server, settings):
    conn = synced_store.conn
    with synced_store.write() as w:
        w.execute("INSERT INTO notes VALUES (?, 'mine', 'now', 'now')", (paper_key(INCEPTION),))
        w.execute("INSERT INTO read_state VALUES (?, 'now')", (paper_key(KDE),))
    server.answer("hf", INCEPTION, Reply(fixture("hf_search_exact.json")))
    server.answer("hf", KDE, Reply(fixture("hf_search_near_miss.json")))
    server.answer("arxiv", phrase(NTK), Reply(fixture("arxiv_exact.xml")))
    mine = user_tables(synced_store)
    first = run(synced_store, settings)
    assert first.total == 80 and first.matched == 2 and first.no_match == 78
    assert server.asked() == 80 + 79  # every paper on HF, all but one on arXiv too
    content = conn.execute("SELECT * FROM papers ORDER BY id").fetchall()
    links = conn.execute("SELECT * FROM paper_links ORDER BY rowid").fetchall()
    second = run(synced_store, settings)
    assert second.total == 0 and server.asked() == 80 + 79  # the cache: nothing asked
    assert conn.execute("SELECT * FROM papers ORDER BY id").fetchall() == content
    assert conn.execute("SELECT * FROM paper_links ORDER BY rowid").fetchall() == links
    assert user_tables(synced_store) == mine


def test_arxiv_requests_are_paced(synced_store, server):
    settings = EnrichSettings(hf_url=server.url, arxiv_url=server.url, arxiv_pace=3, hf_pace=0)
    waits: list[float] = []
    targets = [paper(synced_store, t) for t in (EBV, KDE, NTK)]
    enrich_papers(synced_store, settings, targets, policy=FAST, sleep=waits.append)
    assert len(waits) == 2 and all(2.5 < w <= 3 for w in waits)  # before the 2nd and 3rd ask


@pytest.mark.parametrize(
    ("ours", "theirs", "same"),
    [
        (INCEPTION, "InceptionNeXt: When Inception Meets ConvNeXt.", True),
        ("Self-Supervised Pre-training at Scale", "Self Supervised Pretraining at Scale", True),
        ("Équivariant Networks for Lie Groups", "Equivariant networks for lie groups", True),
        (NTK, NTK.replace("Generalization", "Generalisation"), True),  # one letter, long title
        (KDE, "Kernel Density Estimators in High Dimensions", False),
        (
            "Scaling Laws for Diffusion in 2D Scenes",
            "Scaling Laws for Diffusion in 3D Scenes",
            False,
        ),
        ("Softmax-free Linear Transformers", "Softmax-free Linear Transformer", False),  # short
        (EBV, "Equiangular Basis Vectors for Few-Shot Learning", False),
        (NTK, NTK + " Revisited", False),
    ],
)
def test_titles_match_only_when_equal_or_nearly(ours, theirs, same):
    from paperterm.enrich.match import titles_match

    assert titles_match(ours, theirs) is same


def test_env_overrides_config_urls(tmp_path, monkeypatch):
    monkeypatch.delenv("PAPERTERM_ARXIV_URL", raising=False)
    from paperterm.config import load_config
    from paperterm.enrich import load_enrich_settings

    config = tmp_path / "config.toml"
    config.write_text('[enrich]\nhf_url = "https://a.example"\narxiv_url = "https://b.example"\n')
    settings, problems = load_enrich_settings(load_config(config))
    assert (settings.hf_url, settings.arxiv_url, settings.auto) == (
        "https://a.example",
        "https://b.example",
        False,
    )
    assert not problems and not load_config(config).problems
    monkeypatch.setenv("PAPERTERM_ARXIV_URL", "http://127.0.0.1:1234/")
    settings, _ = load_enrich_settings(load_config(config))
    assert settings.arxiv_url == "http://127.0.0.1:1234"
