"""``paperterm enrich`` from the shell, against the loopback stand-in."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from enrich_server import EnrichServer, Reply, fixture

from paperterm.cli import main
from paperterm.enrich.arxiv import phrase
from paperterm.store import Store, get_paper
from paperterm.text import paper_key

INCEPTION = "InceptionNeXt: When Inception Meets ConvNeXt"
NTK = "Neural Tangent Kernel: Convergence and Generalization in Neural Networks"


@pytest.fixture
def server(monkeypatch, tmp_path) -> Iterator[EnrichServer]:
    s = EnrichServer()
    monkeypatch.setenv("PAPERTERM_HF_URL", s.url)
    monkeypatch.setenv("PAPERTERM_ARXIV_URL", s.url)
    config = tmp_path / "config.toml"
    config.write_text("[enrich]\narxiv_pace = 0\nhf_pace = 0\ntimeout = 5\n", encoding="utf-8")
    monkeypatch.setenv("PAPERTERM_CONFIG", str(config))
    yield s
    s.close()


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def db(tmp_path, digests_dir, capsys) -> str:
    path = str(tmp_path / "s.db")
    assert cli(capsys, "--store", path, "sync", str(digests_dir))[0] == 0
    return path


def stored(path: str, title: str):
    with Store(path) as store:
        return get_paper(store.conn, paper_key(title))


def test_enrich_query_looks_up_only_matching_papers(capsys, server, db):
    server.answer("hf", INCEPTION, Reply(fixture("hf_search_exact.json")))
    code, out, err = cli(capsys, "--store", db, "enrich", "inceptionnext", "--json")
    report = json.loads(out)
    assert code == 0, err
    assert report["matched_hf"] >= 1 and report["failed"] == 0
    assert report["looked_up"] < 80  # only the search's hits
    assert stored(db, INCEPTION).arxiv_id == "2303.16900"


def test_enrich_limit_and_summary_line(capsys, server, db):
    server.answer("arxiv", phrase(NTK), Reply(fixture("arxiv_exact.xml")))
    code, out, err = cli(capsys, "--store", db, "enrich", "--limit", "5")
    assert code == 0, err
    assert "5 papers looked up" in out
    assert "enrich: 5/5 papers looked up" in err  # not a terminal: progress lines


def test_enrich_offline_is_one_line_exit_1(capsys, monkeypatch, server, db):
    monkeypatch.setenv("PAPERTERM_HF_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("PAPERTERM_ARXIV_URL", "http://127.0.0.1:9")
    with Store(db) as store:
        before = store.conn.execute("SELECT * FROM papers ORDER BY id").fetchall()
    code, out, err = cli(capsys, "--store", db, "enrich", "-q")
    assert code == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "offline" in lines[0] and "Nothing was lost" in lines[0]
    with Store(db) as store:
        assert store.conn.execute("SELECT * FROM papers ORDER BY id").fetchall() == before


def test_bad_enrich_settings_are_reported_not_fatal(capsys, server, db, tmp_path):
    (tmp_path / "config.toml").write_text(
        '[enrich]\narxiv_url = "ftp://x"\nspeed = 3\narxiv_pace = 0\nhf_pace = 0\n',
        encoding="utf-8",
    )
    code, out, err = cli(capsys, "--store", db, "enrich", "--limit", "1")
    assert code == 0
    assert "enrich.arxiv_url" in err and "enrich.speed: unknown setting" in err
