"""Enrichment from the reader (e, E, auto after a sync) and related papers under the abstract."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from enrich_server import EnrichServer, Reply, fixture

from paperterm.config import load_config
from paperterm.store import Store, get_paper
from paperterm.text import paper_key
from paperterm.tui.screens.reading import ReadingScreen
from paperterm.tui.widgets import DetailPane, PaperList
from tests.tui.conftest import make_app, search_for, settle, type_text, wait_for

INCEPTION = "InceptionNeXt: When Inception Meets ConvNeXt"
NTK = "Neural Tangent Kernel: Convergence and Generalization in Neural Networks"
INFINITE_WIDTH = "Feature Learning in Infinite-Width Neural Networks"


@pytest.fixture
def server() -> Iterator[EnrichServer]:
    s = EnrichServer()
    s.answer("hf", INCEPTION, Reply(fixture("hf_search_exact.json")))
    yield s
    s.close()


def config_for(tmp_path: Path, url: str, extra: str = ""):
    path = tmp_path / "config.toml"
    path.write_text(
        f'[enrich]\nhf_url = "{url}"\narxiv_url = "{url}"\nhf_pace = 0\narxiv_pace = 0\n'
        f"timeout = 5\n{extra}",
        encoding="utf-8",
    )
    return load_config(path)


def pane(app) -> DetailPane:
    return app.screen.query_one(DetailPane)


async def go_to(pilot, query: str) -> None:
    """Search for ``query`` and land on the top hit."""
    await search_for(pilot, query)
    await pilot.press("enter")
    await settle(pilot)


async def test_e_enriches_the_paper_and_the_detail_shows_it(synced_store, server, tmp_path):
    app = make_app(synced_store.path, tmp_path, config=config_for(tmp_path, server.url))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await go_to(pilot, '"When Inception Meets ConvNeXt"')
        assert app.screen.query_one(PaperList).current.paper.title == INCEPTION
        assert "Weihao Yu" not in pane(app).text
        await pilot.press("e")
        await wait_for(pilot, lambda: app.last_message.startswith("Enriched"))
        await settle(pilot)
        await wait_for(pilot, lambda: "Weihao Yu" in pane(app).text)
        text = pane(app).text
        assert "Authors     Weihao Yu, Pan Zhou, … +2" in text  # shortened in the pane
        assert "arXiv       2303.16900" in text
        assert "Published   2023-03-29" in text
        assert "Upvotes     12" in text
        assert "AI summary (Hugging Face)" in text and "InceptionNeXt decomposes" in text
        assert "https://huggingface.co/papers/2303.16900" in text
        assert "1 matched (1 Hugging Face, 0 arXiv)" in app.last_message
        # The query language sees the new metadata at once.
        await pilot.press("slash")
        app.screen.search_input.value = ""
        await type_text(pilot, "author:weihao upvotes:>10")
        await settle(pilot)
        assert app.screen.result.query.endswith("author:weihao upvotes:>10")
        hits = app.screen.result.hits
        assert [h.paper.title for h in hits] == [INCEPTION]
        # The reading view lists every author.
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert "Weihao Yu, Pan Zhou, Shuicheng Yan, Xinchao Wang" in pane(app).text
    user_rows = synced_store.conn.execute("SELECT count(*) FROM notes").fetchone()[0]
    assert user_rows == 0


async def test_e_offline_says_so_in_one_line_and_changes_nothing(synced_store, tmp_path):
    app = make_app(synced_store.path, tmp_path, config=config_for(tmp_path, "http://127.0.0.1:9"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        key = app.screen.query_one(PaperList).current.paper.key
        await pilot.press("e")
        await wait_for(pilot, lambda: "offline?" in app.last_message, timeout=20)
        assert "Nothing was lost" in app.last_message and "\n" not in app.last_message
        assert get_paper(synced_store.conn, key).arxiv_id is None


async def test_e_twice_on_a_looked_up_paper_says_there_is_nothing_to_do(
    synced_store, server, tmp_path
):
    app = make_app(synced_store.path, tmp_path, config=config_for(tmp_path, server.url))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: app.last_message.startswith("Enriched"))
        asked = server.asked()
        await pilot.press("e")
        await wait_for(pilot, lambda: app.last_message.startswith("Nothing to look up"))
        assert server.asked() == asked  # cached: not asked again


async def test_shift_e_enriches_the_whole_view(synced_store, server, tmp_path):
    app = make_app(synced_store.path, tmp_path, config=config_for(tmp_path, server.url))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await go_to(pilot, "inception")
        total = app.screen.result.total
        await pilot.press("E")
        await wait_for(pilot, lambda: app.last_message.startswith("Enriched this view"))
        assert f"{total} papers looked up" in app.last_message
        assert get_paper(synced_store.conn, paper_key(INCEPTION)).arxiv_id == "2303.16900"


async def test_auto_enrich_after_a_sync_in_the_reader(store, digests_dir, server, tmp_path):
    source = f'[sources.saved]\ntype = "folder"\npath = "{digests_dir}"\n'
    config = config_for(tmp_path, server.url, "auto = true\n" + source)
    # A store with one paper already, so the reader opens on the main screen.
    other = tmp_path / "one"
    other.mkdir()
    first = sorted(digests_dir.iterdir())[0]
    (other / first.name).write_bytes(first.read_bytes())
    from paperterm.sync import sync_paths

    sync_paths(store, [other])
    app = make_app(store.path, tmp_path, config=config)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await wait_for(
            pilot, lambda: app.last_message.startswith("Enriched the synced papers"), timeout=30
        )
    reader = Store(store.path)
    assert get_paper(reader.conn, paper_key(INCEPTION)).arxiv_id == "2303.16900"
    reader.close()


async def test_related_papers_of_ntk_are_kernel_theory(synced_store, tmp_path):
    app = make_app(synced_store.path, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await go_to(pilot, '"Neural Tangent Kernel"')
        assert app.screen.query_one(PaperList).current.paper.title == NTK
        await wait_for(pilot, lambda: "Related papers" in pane(app).text)
        await wait_for(pilot, lambda: "finding related papers" not in pane(app).text)
        related = pane(app).text.split("Related papers", 1)[1].replace("\n", " ")
        first, second = related.split("▸ ")[1:3]
        assert first.startswith(INFINITE_WIDTH) and "(ntk, width, infinite)" in first
        assert "kernel methods" in second  # the other kernel-theory paper
        rows = pane(app).related.rows
        assert len(rows) == 5 and NTK not in [r.title for r in rows]
        # The reading view shows the same, from the cache.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert pane(app).related.rows == rows
        assert INFINITE_WIDTH in pane(app).text.replace("\n", " ")


async def test_related_papers_never_block_the_list(synced_store, tmp_path, monkeypatch):
    import threading

    import paperterm.discover as discover

    gate = threading.Event()
    real = discover.related_to

    def slow(store, paper, limit=5):
        gate.wait(10)
        return real(store, paper, limit)

    monkeypatch.setattr(discover, "related_to", slow)
    app = make_app(synced_store.path, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, lambda: "finding related papers…" in pane(app).text)
        before = app.screen.query_one(PaperList).cursor
        await pilot.press("j")
        await wait_for(pilot, lambda: app.screen.query_one(PaperList).cursor == before + 1)
        assert "finding related papers…" in pane(app).text
        gate.set()
        await wait_for(pilot, lambda: "finding related papers" not in pane(app).text)
        key = app.screen.query_one(PaperList).current.paper.key
        assert pane(app).related.key == key and pane(app).related.rows


async def test_papers_the_cursor_passes_over_are_not_looked_up(synced_store, tmp_path, monkeypatch):
    import paperterm.discover as discover

    asked: list[str] = []
    real = discover.related_to

    def counting(store, paper, limit=5):
        asked.append(paper.title)
        return real(store, paper, limit)

    from paperterm.tui.screens import related_papers

    monkeypatch.setattr(discover, "related_to", counting)
    monkeypatch.setattr(related_papers, "RELATED_DELAY", 1.0)  # a slow machine keeps up
    app = make_app(synced_store.path, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: "finding related papers" not in pane(app).text)
        asked.clear()
        await pilot.press("j", "j", "j", "j")  # within RELATED_DELAY: passing over
        landed = app.screen.query_one(PaperList).current.paper
        await wait_for(pilot, lambda: "finding related papers" not in pane(app).text)
        assert pane(app).related.key == landed.key and pane(app).related.rows
        assert asked == [landed.title]  # the three papers passed over were never computed
