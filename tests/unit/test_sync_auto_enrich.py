"""``[enrich] auto = true``: ``paperterm sync`` looks the synced papers up by title."""

from __future__ import annotations

import pytest
from enrich_server import EnrichServer, Reply, fixture

from paperterm.cli import main
from paperterm.store import Store, get_paper
from paperterm.text import paper_key

INCEPTION = "InceptionNeXt: When Inception Meets ConvNeXt"


def configure(monkeypatch, tmp_path, url: str, auto: bool) -> None:
    monkeypatch.setenv("PAPERTERM_HF_URL", url)
    monkeypatch.setenv("PAPERTERM_ARXIV_URL", url)
    config = tmp_path / "config.toml"
    config.write_text(
        f"[enrich]\nauto = {str(auto).lower()}\narxiv_pace = 0\nhf_pace = 0\ntimeout = 5\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PAPERTERM_CONFIG", str(config))


def arxiv_id(path, title):
    with Store(path) as store:
        return get_paper(store.conn, paper_key(title)).arxiv_id


@pytest.mark.parametrize("auto", [True, False])
def test_sync_enriches_new_papers_only_when_auto(monkeypatch, tmp_path, digests_dir, capsys, auto):
    server = EnrichServer()
    try:
        server.answer("hf", INCEPTION, Reply(fixture("hf_search_exact.json")))
        configure(monkeypatch, tmp_path, server.url, auto)
        db = str(tmp_path / "s.db")
        assert main(["--store", db, "sync", str(digests_dir)]) == 0
        out = capsys.readouterr().out
        if auto:
            assert "enrich: 80 papers looked up · 1 matched" in out
            assert arxiv_id(db, INCEPTION) == "2303.16900"
            asked = server.asked()
            assert main(["--store", db, "sync", str(digests_dir)]) == 0  # nothing new
            assert server.asked() == asked
        else:
            assert "enrich" not in out and server.asked() == 0
            assert arxiv_id(db, INCEPTION) is None
    finally:
        server.close()


def test_sync_offline_enrichment_is_one_warning_and_the_sync_stands(
    monkeypatch, tmp_path, digests_dir, capsys
):
    configure(monkeypatch, tmp_path, "http://127.0.0.1:9", True)
    db = str(tmp_path / "s.db")
    assert main(["--store", db, "sync", str(digests_dir)]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("offline?") == 1
    with Store(db) as store:
        assert store.conn.execute("SELECT count(*) FROM papers").fetchone()[0] == 80
