"""``paperterm sources add|list|remove`` (the bundled sample is listed and removable too)."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.table import Table
from rich.text import Text

from paperterm.cli.config_cmd import (
    USAGE_EXIT,
    config_of,
    needed_config,
    print_problems,
    source_json,
)
from paperterm.cli.config_cmd import register as config_register
from paperterm.cli.output import error, out, plural, print_json, safe, warning
from paperterm.config import ConfigError, SourceConfig
from paperterm.config_edit import add_source, remove_source
from paperterm.paths import sample_dir, store_path
from paperterm.reader.sample import (
    SAMPLE_NAME,
    SampleFigures,
    SampleRemoval,
    remove_sample,
    sample_figures,
)
from paperterm.store import Store
from paperterm.sync.sources.mailbox import detect_mailbox

SOURCE_NAME_MAX = 40


def register(sub: argparse._SubParsersAction) -> None:
    config_register(sub)
    p = sub.add_parser("sources", help="list, add or remove the sources paperterm sync reads")
    ssub = p.add_subparsers(dest="sources_command", metavar="ACTION", required=True)
    s = ssub.add_parser("list", help="the configured sources")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=run_list)
    s = ssub.add_parser(
        "add",
        help="add a source: a folder, an mbox file, a Maildir folder, or hf",
        description="TARGET is a path (a digest folder, an mbox file or a Maildir folder, "
        "recognised by content) or the word hf for the Hugging Face daily papers API. "
        "'paperterm sources add hf' adds the API under the name hf.",
    )
    s.add_argument("name", help="a short name, used by paperterm sync --source NAME")
    s.add_argument("target", nargs="?", help="a path, or hf")
    s.add_argument("--type", choices=("folder", "mailbox", "hf"), help="override detection")
    s.add_argument(
        "--from", dest="senders", action="append", metavar="TEXT", help="mailbox: sender match"
    )
    s.add_argument(
        "--subject", dest="subjects", action="append", metavar="TEXT", help="mailbox: subject"
    )
    s.add_argument("--days", type=int, metavar="N", help="hf: how many days back to fetch")
    s.set_defaults(func=run_add)
    s = ssub.add_parser(
        "remove",
        help="remove a source (its papers stay in the store); remove sample drops the sample",
    )
    s.add_argument("name")
    s.set_defaults(func=run_remove)


def _sample_in_store(args: argparse.Namespace) -> SampleFigures | None:
    """The bundled sample's figures in the store, None when it holds none (or no store)."""
    path = store_path(getattr(args, "store", None))
    if not path.is_file():
        return None
    with Store.open_readonly(path) as store:
        return sample_figures(store.conn)


def _sample_row(figures: SampleFigures) -> dict:
    return {
        "name": SAMPLE_NAME,
        "type": "sample",
        "path": str(sample_dir()),
        "digests": figures.digests,
        "papers": figures.papers,
    }


def source_figures(args: argparse.Namespace, store: Store) -> dict[str, int]:
    """For ``stats --json``: the sources as ``sources list`` counts them, and the origins
    (files, mail messages, API days) the store holds digests from."""
    config = config_of(args)
    sample = sample_figures(store.conn) is not None
    origins = store.conn.execute("SELECT count(*) FROM origins").fetchone()[0]
    return {"sources": len(config.sources) + sample, "origins": origins}


def run_list(args: argparse.Namespace) -> int:
    config = needed_config(args)
    if config is None:
        return USAGE_EXIT
    sample = _sample_in_store(args)
    if args.json:
        rows = [source_json(s) for s in config.sources]
        print_json(rows + ([_sample_row(sample)] if sample else []))
        return 0
    print_problems(config)
    if not config.sources and not sample:
        out.print(
            "No sources configured. Next: paperterm sources add NAME PATH "
            "(a digest folder, an mbox file or a Maildir folder), or paperterm sources add hf."
        )
        return 0
    table = Table(show_edge=False)
    table.add_column("name", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("where", overflow="fold")
    table.add_column("options")
    for source in config.sources:
        table.add_row(*_source_row(source))
    if sample:
        figures = (
            f"{plural(sample.digests, 'digest')}, {plural(sample.papers, 'paper')} only it brought"
        )
        table.add_row(
            Text(SAMPLE_NAME, style="bold"),
            "sample",
            safe("the bundled sample (in the store, not in config.toml)"),
            Text(f"{figures}; paperterm sources remove sample"),
        )
    out.print(table)
    return 0


def _source_row(source: SourceConfig) -> tuple[Text, str, Text, Text]:
    options = []
    if source.mail:
        options.append(source.mail.describe())
    if source.days:
        options.append(f"last {source.days} days")
    if source.since:
        options.append(f"since {source.since.isoformat()}")
    if not source.enabled:
        options.append("disabled")
    exists = source.path is None or source.path.exists()
    where = safe(source.target, style="" if exists else "red")
    if not exists:
        where.append(" (missing)")
    return safe(source.name, style="bold"), source.type, where, safe("; ".join(options))


def _valid_name(name: str) -> bool:
    return (
        0 < len(name) <= SOURCE_NAME_MAX
        and name[0].isalnum()
        and all(ch.isalnum() or ch in "-_" for ch in name)
    )


def run_add(args: argparse.Namespace) -> int:
    config = config_of(args)
    name = args.name
    if not _valid_name(name):
        error(
            f"{name!r} is not a usable source name. Next: use letters, digits, '-' or '_' "
            f"(at most {SOURCE_NAME_MAX})."
        )
        return 2
    if config.source(name):
        error(
            f"A source named {name!r} already exists. "
            f"Next: paperterm sources remove {name}, or choose another name."
        )
        return 1
    target = args.target
    kind = args.type
    if target is None:
        if kind == "hf" or name.lower() == "hf":
            kind = "hf"
        else:
            error("give a path, or hf. Example: paperterm sources add inbox ~/Mail/papers.mbox")
            return 2
    elif target.lower() == "hf" and not Path(target).exists():
        kind = kind or "hf"
    settings: dict[str, object] = {}
    if kind == "hf":
        if args.senders or args.subjects:
            error("--from and --subject are for mailbox sources.")
            return 2
        settings["type"] = "hf"
        if args.days is not None:
            if not 1 <= args.days <= 3660:
                error("--days must be from 1 to 3660.")
                return 2
            settings["days"] = args.days
    else:
        path = Path(target).expanduser().absolute()
        found = detect_mailbox(path)
        if kind is None:
            kind = "mailbox" if found else "folder"
        if not path.exists():
            warning(f"{path} does not exist yet; paperterm sync will report it until it does.")
        elif kind == "mailbox" and not found:
            warning(f"{path} does not look like an mbox file or a Maildir folder.")
        if args.days is not None:
            error("--days is for the hf source.")
            return 2
        if kind != "mailbox" and (args.senders or args.subjects):
            error("--from and --subject are for mailbox sources.")
            return 2
        settings["type"] = kind
        settings["path"] = str(path)
        if args.senders:
            settings["from"] = args.senders
        if args.subjects:
            settings["subject"] = args.subjects
    try:
        add_source(config.path, name, settings)
    except ConfigError as exc:
        error(str(exc))
        return 1
    except OSError as exc:
        error(f"could not write {config.path}: {exc.strerror or exc}")
        return 1
    out.print(
        Text("Added source ")
        + safe(name, style="bold")
        + Text(f" ({kind}) to ")
        + safe(str(config.path))
        + Text(". Next: paperterm sync --source ")
        + safe(name),
        soft_wrap=True,
    )
    return 0


def run_remove(args: argparse.Namespace) -> int:
    config = needed_config(args)
    if config is None:
        return USAGE_EXIT
    if args.name.casefold() == SAMPLE_NAME and not config.source(args.name):
        return _remove_sample(args)
    try:
        removed = remove_source(config.path, args.name)
    except ConfigError as exc:
        error(str(exc))
        return 1
    except OSError as exc:
        error(f"could not write {config.path}: {exc.strerror or exc}")
        return 1
    out.print(
        Text("Removed source ")
        + safe(removed, style="bold")
        + Text(". Papers it brought stay in the store."),
        soft_wrap=True,
    )
    return 0


def _remove_sample(args: argparse.Namespace) -> int:
    """Remove the bundled sample's digests and the papers only it brought (not the user's)."""
    path = store_path(getattr(args, "store", None))
    if not path.is_file():
        out.print("The bundled sample is not in the store (there is no store yet).")
        return 0
    with Store(path) as store:
        done = remove_sample(store)
    out.print(sample_removal_message(done), soft_wrap=True)
    return 0


def sample_removal_message(done: SampleRemoval) -> str:
    """What ``sources remove sample`` did, in words: removed, kept and why, what is left."""
    if not done.found:
        return (
            "The bundled sample is not in the store: nothing removed. "
            f"The library holds {plural(done.remaining, 'paper')}, all from your own sources."
        )
    message = (
        f"Removed the bundled sample: {plural(done.digests, 'digest')}, "
        f"{plural(done.papers, 'paper')}."
    )
    if done.kept:
        message += (
            f" {plural(done.kept, 'paper')} from it stayed because "
            f"{'they carry' if done.kept != 1 else 'it carries'} your data "
            "(in a reading list, with a note, or read)."
        )
    message += f" The library now holds {plural(done.remaining, 'paper')}" + (
        ", all from your own sources or with your data." if done.remaining else "."
    )
    if not done.remaining:
        message += " Next: paperterm sync PATH, or paperterm sources add NAME PATH."
    return message
