"""The CLI's `paperterm sync` and the reader's `s` sync through the same core function."""

from __future__ import annotations

import shutil

from paperterm.cli import main as cli_main
from paperterm.config import load_config
from paperterm.reader import jobs
from paperterm.store import iter_papers
from paperterm.tui.screens.main import MainScreen
from tests.tui.conftest import make_app, settle, wait_for


async def test_cli_and_reader_both_sync_through_reader_run_jobs(
    store, digests_dir, tmp_path, monkeypatch
):
    calls: list[tuple[str, list[str]]] = []
    real = jobs.run_jobs

    def recording(store_, todo, progress=None, **kwargs):
        calls.append((str(store_.path), [job.kind for job in todo]))
        return real(store_, todo, progress, **kwargs)

    monkeypatch.setattr(jobs, "run_jobs", recording)
    first, second = sorted(digests_dir.iterdir())

    assert cli_main(["--store", str(store.path), "sync", "-q", str(first)]) == 0
    assert calls == [(str(store.path), ["folder"])]
    after_cli = sum(1 for _ in iter_papers(store.conn))
    assert after_cli > 0

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(second, inbox / second.name)
    config_path = tmp_path / "config.toml"
    config_path.write_text(f'[sources.inbox]\npath = "{inbox}"\n', encoding="utf-8")
    app = make_app(store.path, tmp_path, config=load_config(config_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.loaded)
        await pilot.press("s")
        await wait_for(pilot, lambda: len(calls) == 2 and not app.syncing)
        await settle(pilot)
        assert calls[1] == (str(store.path), ["folder"])
        assert app.screen.paper_list.row_count > after_cli  # the reader shows what it synced
