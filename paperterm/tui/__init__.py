"""The Textual reader (placeholder: syncs the sample and prints the newest papers)."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    from paperterm.cli.common import is_empty, load_sample, open_store
    from paperterm.cli.output import out

    store = open_store(args)
    if is_empty(store):
        out.print("The store is empty: loading the bundled sample digests.")
        out.print(load_sample(store).summary())
    from paperterm.cli.search_cmd import run_search

    return run_search(argparse.Namespace(**vars(args), query=[], limit=10, json=False))
