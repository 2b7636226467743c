"""``paperterm config path|show|check|edit``: the config file, what it says, its problems."""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
from pathlib import Path

from rich.text import Text

from paperterm.cli.output import err, error, out, plural, print_json, safe, warning
from paperterm.config import Config, SourceConfig, load_config
from paperterm.config_edit import TEMPLATE, table_key, toml_string, toml_value

USAGE_EXIT = 2


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("config", help="where the config file is, what it says, edit it")
    csub = p.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    c = csub.add_parser("path", help="print the config file's path")
    c.set_defaults(func=run_path)
    c = csub.add_parser("show", help="print the settings in effect (and any problems)")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=run_show)
    c = csub.add_parser(
        "check", help="print every problem in the config file (file:line: key); 1 if any"
    )
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=run_check)
    c = csub.add_parser("edit", help="open the config file in $VISUAL / $EDITOR")
    c.set_defaults(func=run_edit)


def config_of(args: argparse.Namespace) -> Config:
    """The config file's settings with every problem, the reader's (keymap ids, theme) too."""
    from paperterm.config_names import with_name_problems

    config = load_config(getattr(args, "config", None))
    try:
        from paperterm.tui.known import binding_ids, theme_names
    except ImportError:  # pragma: no cover - the reader's extras are always installed
        return config
    return with_name_problems(config, binding_ids(), theme_names())


def needed_config(args: argparse.Namespace) -> Config | None:
    """The config, or None (after saying so) when --config names a file that is not there."""
    config = config_of(args)
    if config.missing:
        error(config.missing)
        return None
    return config


def print_problems(config: Config) -> None:
    for problem in config.problems:
        warning(problem)


def run_path(args: argparse.Namespace) -> int:
    config = config_of(args)
    out.print(safe(str(config.path)), soft_wrap=True)  # a path is one line, however long
    if config.missing:
        warning(config.missing)
    return 0


def source_json(source: SourceConfig) -> dict:
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
    config = needed_config(args)
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
                "sources": [source_json(s) for s in config.sources],
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
        data = source_json(source)
        lines += ["", f"[sources.{table_key(source.name)}]"]
        lines += [f"{k} = {toml_value(v)}" for k, v in data.items() if k != "name"]
    for line in lines:
        out.print(safe(line))
    print_problems(config)
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
    config = config_of(args)
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
        print_problems(after)
        err.print("Next: paperterm config edit to fix them.")
        return 1
    err.print(Text("Config OK: ") + Text(f"{len(after.sources)} sources."))
    return 0


def run_check(args: argparse.Namespace) -> int:
    """Every problem, one per line with file:line: key; exit 1 when there is any."""
    config = config_of(args)
    problems = list(config.problems)
    if args.json:
        print_json({"path": str(config.path), "problems": problems})
        return 1 if problems else 0
    for problem in problems:
        out.print(safe(problem), soft_wrap=True)
    if problems:
        err.print(
            Text(f"{plural(len(problems), 'problem')} in ")
            + safe(str(config.path))
            + Text(". Next: paperterm config edit to fix them."),
            soft_wrap=True,
        )
        return 1
    err.print(Text("Config OK: ") + safe(str(config.path)), soft_wrap=True)
    return 0
