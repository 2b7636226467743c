"""Regenerate the README screenshots (screenshots/*.svg) from the fixture digests.

    python scripts/screenshots.py [--out screenshots]

Drives the reader headless over a temporary store synced from tests/fixtures/digests, with
the same marks as the snapshot tests, and saves SVGs with ``app.save_screenshot``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIGESTS = ROOT / "tests" / "fixtures" / "digests"
THEME = "textual-dark"

READ_TITLE = "SMASH: Sparse Matrix Atomic Scratchpad Hashing"
# Bookmarked in the "For you" store: three kernel-theory papers to rank the rest against.
THEORY = (
    "Neural Tangent Kernel: Convergence and Generalization in Neural Networks",
    "Feature Learning in Infinite-Width Neural Networks",
    "Scale Mixtures of Neural Network Gaussian Processes",
)
BOOKMARKED_TITLE = "Kernel Density Estimators in Large Dimensions"


def build_store(folder: Path, bookmarked: tuple[str, ...] = ()) -> Path:
    from paperterm.bookmarks import Bookmarks
    from paperterm.store import Store
    from paperterm.sync import sync_paths

    path = folder / ("foryou.db" if bookmarked else "library.db")
    store = Store(path)
    sync_paths(store, [DIGESTS])
    key = lambda title: store.conn.execute(  # noqa: E731
        "SELECT key FROM papers WHERE title = ?", (title,)
    ).fetchone()[0]
    marks = Bookmarks(store)
    marks.set_read(key(READ_TITLE))
    kde = key(BOOKMARKED_TITLE)
    marks.toggle_bookmark(kde)
    marks.add_to_list(kde, "kernels")
    marks.set_note(kde, "Compare with the NTK paper; eq. 3 is the key step.")
    marks.create_list("diffusion")
    for title in bookmarked:
        marks.toggle_bookmark(key(title))
    store.close()
    return path


async def settle(pilot, timeout: float = 10.0) -> None:
    app = pilot.app
    deadline = time.monotonic() + timeout
    quiet = 0
    while time.monotonic() < deadline and quiet < 2:
        await app.workers.wait_for_complete()
        await pilot.pause()
        quiet = 0 if any(w.is_running for w in app.workers) else quiet + 1


async def shoot(
    store: Path, state: Path, out: Path, name: str, size, keys=(), text=None, then=(), view=None
) -> Path:
    from paperterm.config import Config
    from paperterm.tui.app import create_app
    from paperterm.tui.filters import Filter

    config = Config(path=Path("~/.config/paperterm/config.toml"))
    app = create_app(store, config, theme=THEME, state_path=state)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        if view:  # a filter-pane view, as Enter on its row chooses it
            app.screen.active_filter = Filter(view)
            await settle(pilot, 30)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)
        if text:
            app.focused.insert_text_at_cursor(text)
            await settle(pilot)
        if then:
            await pilot.press(*then)
            await settle(pilot)
        return Path(app.save_screenshot(f"{name}.svg", path=str(out)))


async def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = build_store(folder)
        shots = [
            ("main", (120, 36), ("j", "j"), None, ()),
            ("main-80x24", (80, 24), (), None, ()),
            ("search", (120, 36), ("slash",), "kernl densty", ("enter",)),
            ("reading", (100, 32), ("slash",), "kernel density large", ("enter", "enter")),
            ("help", (100, 40), ("question_mark",), None, ()),
            ("triage", (100, 30), ("t", "k", "x"), None, ()),
            ("stats", (100, 30), ("S",), None, ()),
        ]
        for i, (name, size, keys, text, then) in enumerate(shots):
            state = folder / f"state-{i}.json"  # every shot starts fresh
            path = await shoot(store, state, out, name, size, keys, text, then)
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        foryou = build_store(folder, bookmarked=THEORY)
        state = folder / "state-foryou.json"
        path = await shoot(foryou, state, out, "foryou", (120, 36), view="foryou")
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Regenerate screenshots/*.svg")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = parser.parse_args()
    os.environ.pop("NO_COLOR", None)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = tempfile.mkdtemp(prefix="paperterm-shots-")
    sys.path.insert(0, str(ROOT))
    asyncio.run(main(args.out))
