"""``paperterm config path|show|edit`` and ``paperterm sources add|list|remove``."""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
from pathlib import Path

from rich.table import Table
from rich.text import Text

from paperterm.cli.output import err, error, out, print_json, safe, warning
from paperterm.config import Config, ConfigError, SourceConfig, load_config
from paperterm.config_edit import (
    TEMPLATE,
    add_source,
    remove_source,
    table_key,
    toml_string,
    toml_value,
)
from paperterm.sync.sources.mailbox import detect_mailbox

SOURCE_NAME_MAX = 40
USAGE_EXIT = 2


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("config", help="where the config file is, what it says, edit it")
    csub = p.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    c = csub.add_parser("path", help="print the config file's path")
    c.set_defaults(func=run_path)
    c = csub.add_parser("show", help="print the settings in effect (and any problems)")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=run_show)
    c = csub.add_parser("edit", help="open the config file in $VISUAL / $EDITOR")
    c.set_defaults(func=run_edit)

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
    s = ssub.add_parser("remove", help="remove a source (its papers stay in the store)")
    s.add_argument("name")
    s.set_defaults(func=run_remove)


def _config(args: argparse.Namespace) -> Config:
    return load_config(getattr(args, "config", None))


def _needed_config(args: argparse.Namespace) -> Config | None:
    """The config, or None (after saying so) when --config names a file that is not there."""
    config = _config(args)
    if config.missing:
        error(config.missing)
        return None
    return config


def _problems(config: Config) -> None:
    for problem in config.problems:
        warning(problem)


def run_path(args: argparse.Namespace) -> int:
    config = _config(args)
    out.print(safe(str(config.path)))
    if config.missing:
        warning(config.missing)
    return 0


def _source_json(source: SourceConfig) -> dict:
    data: dict = {"name": source.name, "type": source.type}
    if not source.enabled:
        data["enabled"] = False
    if source.path:
        data["path"] = str(source.path)
    if source.mail:
        data["from"] = list(source.mail.senders)
        data["subject"] = list(source.mail.subjects)
    if source.days:
        data["days"] = source.days
    if source.since:
        data["since"] = source.since.isoformat()
    return data


def run_show(args: argparse.Namespace) -> int:
    config = _needed_config(args)
    if config is None:
        return USAGE_EXIT
    exists = bool(config.path and config.path.exists())
    if args.json:
        print_json(
            {
                "path": str(config.path),
                "exists": exists,
                "ui": {"mark_read_on_open": config.ui.mark_read_on_open, "theme": config.ui.theme},
                "keymap": config.keymap,
                "hf": {
                    "base_url": config.hf.base_url,
                    "days": config.hf.days,
                    "timeout": config.hf.timeout,
                },
                "mail": {"from": list(config.mail.senders), "subject": list(config.mail.subjects)},
                "sources": [_source_json(s) for s in config.sources],
                "problems": list(config.problems),
            }
        )
        return 1 if config.problems else 0
    note = "" if exists else " (does not exist: these are the defaults)"
    out.print(Text("# ", style="dim") + safe(str(config.path), style="dim") + Text(note))
    lines = ["[ui]", f"mark_read_on_open = {toml_value(config.ui.mark_read_on_open)}"]
    if config.ui.theme:
        lines.append(f"theme = {toml_string(config.ui.theme)}")
    lines += ["", "[keymap]"] + [
        f"{toml_string(k)} = {toml_string(v)}" for k, v in config.keymap.items()
    ]
    lines += [
        "",
        "[hf]",
        f"base_url = {toml_string(config.hf.base_url)}",
        f"days = {config.hf.days}",
        f"timeout = {config.hf.timeout:g}",
        "",
        "[mail]",
        f"from = {toml_value(list(config.mail.senders))}",
        f"subject = {toml_value(list(config.mail.subjects))}",
    ]
    for source in config.sources:
        data = _source_json(source)
        lines += ["", f"[sources.{table_key(source.name)}]"]
        lines += [f"{k} = {toml_value(v)}" for k, v in data.items() if k != "name"]
    for line in lines:
        out.print(safe(line))
    _problems(config)
    return 1 if config.problems else 0


def _editor() -> list[str]:
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            return shlex.split(value)
    for candidate in ("sensible-editor", "nano", "vim", "vi"):
        if shutil.which(candidate):
            return [candidate]
    return []


def run_edit(args: argparse.Namespace) -> int:
    config = _config(args)
    path = config.path or Path("config.toml")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEMPLATE, encoding="utf-8")
        err.print(Text("Created ") + safe(str(path)) + Text(" with commented examples."))
    command = _editor()
    if not command:
        error(f"no editor found. Next: set $EDITOR, or edit {path} by hand.")
        return 2
    try:
        status = subprocess.call([*command, str(path)])
    except OSError as exc:
        error(f"could not start {command[0]}: {exc.strerror or exc}. Next: set $EDITOR.")
        return 2
    if status != 0:
        error(f"{command[0]} exited with status {status}")
        return 1
    after = load_config(path)
    if after.problems:
        _problems(after)
        err.print("Next: paperterm config edit to fix them.")
        return 1
    err.print(Text("Config OK: ") + Text(f"{len(after.sources)} sources."))
    return 0


def run_list(args: argparse.Namespace) -> int:
    config = _needed_config(args)
    if config is None:
        return USAGE_EXIT
    if args.json:
        print_json([_source_json(s) for s in config.sources])
        return 0
    _problems(config)
    if not config.sources:
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
        table.add_row(safe(source.name, style="bold"), source.type, where, safe("; ".join(options)))
    out.print(table)
    return 0


def _valid_name(name: str) -> bool:
    return (
        0 < len(name) <= SOURCE_NAME_MAX
        and name[0].isalnum()
        and all(ch.isalnum() or ch in "-_" for ch in name)
    )


def run_add(args: argparse.Namespace) -> int:
    config = _config(args)
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
    config = _needed_config(args)
    if config is None:
        return USAGE_EXIT
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
