"""The Textual reader; ``run(args)`` is what ``paperterm`` with no command calls."""

from __future__ import annotations

import argparse
import gc
import os

# Textual redraws at most TEXTUAL_FPS times a second, and a change that lands just after a
# frame waits one to two frame periods. At 120 a keystroke's new results reach the screen in
# about one 60 Hz frame. Set before Textual is imported; a user's own value wins.
os.environ.setdefault("TEXTUAL_FPS", "120")


def run(args: argparse.Namespace) -> int:
    """Open the reader on ``--store`` with ``--config`` and ``--theme``; the exit status.

    An empty store with no configured source is filled with the bundled sample first.
    """
    # No cyclic garbage collection until the first list is painted (the app resumes it):
    # the start's imports and first frame made ~45 ms of collections, one of them a full
    # one over every object the imports made, and they free almost nothing.
    gc.disable()
    try:
        from paperterm.tui.heap import keep_freed_memory

        keep_freed_memory()
        from paperterm.config import load_config
        from paperterm.paths import store_path
        from paperterm.tui.app import create_app

        app = create_app(
            store_path(getattr(args, "store", None)),
            load_config(getattr(args, "config", None)),
            theme=getattr(args, "theme", None),
            auto_sample=True,
        )
        result = app.run()
    finally:
        gc.enable()
    return int(result or app.return_code or 0)
