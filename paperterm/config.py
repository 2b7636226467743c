"""config.toml -> Config: sources, key bindings, UI, mail and Hugging Face settings (tomllib).

Reading only; changing the file (``sources add`` / ``remove``) is in paperterm.config_edit.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from paperterm.config_toml import TomlReader, type_name
from paperterm.paths import config_path
from paperterm.text import sanitize_line

SOURCE_TYPES = ("folder", "mailbox", "hf")
DEFAULT_HF_URL = "https://huggingface.co"
HF_URL_ENV = "PAPERTERM_HF_URL"
CONFIG_ENV = "PAPERTERM_CONFIG"
# The Hugging Face digest comes from a huggingface.co address with "paper" in the subject.
DEFAULT_MAIL_FROM: tuple[str, ...] = ("huggingface.co", "hf.co")
DEFAULT_MAIL_SUBJECT: tuple[str, ...] = ("paper",)
MAX_DAYS = 3660


@dataclass(frozen=True)
class UiSettings:
    """Settings of the reader."""

    mark_read_on_open: bool = True
    theme: str | None = None


@dataclass(frozen=True)
class DiscoverSettings:
    """What to read next: Trending counts the digests of the library's last ``trending_days``."""

    trending_days: int = 7


@dataclass(frozen=True)
class MailMatch:
    """Which messages of a mailbox are digests: sender and subject substrings (any case).

    A message is taken when its From matches one of ``senders`` and its Subject one of
    ``subjects``; an empty tuple matches everything.
    """

    senders: tuple[str, ...] = DEFAULT_MAIL_FROM
    subjects: tuple[str, ...] = DEFAULT_MAIL_SUBJECT

    def matches(self, sender: str, subject: str) -> bool:
        sender, subject = sender.casefold(), subject.casefold()
        return (not self.senders or any(p.casefold() in sender for p in self.senders)) and (
            not self.subjects or any(p.casefold() in subject for p in self.subjects)
        )

    def describe(self) -> str:
        senders = ", ".join(self.senders) or "anyone"
        subjects = ", ".join(self.subjects) or "anything"
        return f"from {senders}; subject containing {subjects}"


@dataclass(frozen=True)
class HfSettings:
    """The Hugging Face daily papers API: where it is and how far back ``sync hf`` looks."""

    base_url: str = DEFAULT_HF_URL
    days: int = 7
    timeout: float = 30.0  # overall deadline of one request, seconds


@dataclass(frozen=True)
class SourceConfig:
    """One ``[sources.NAME]`` table: a folder, a mailbox or the Hugging Face API."""

    name: str
    type: str  # "folder", "mailbox", "hf", or "auto" (decided by what the path holds)
    path: Path | None = None
    mail: MailMatch | None = None  # mailbox: overrides [mail]
    days: int | None = None  # hf: overrides [hf] days
    since: dt.date | None = None  # hf: first day to fetch
    enabled: bool = True
    line: int = 0  # where the table starts in config.toml

    @property
    def target(self) -> str:
        return str(self.path) if self.path else "Hugging Face daily papers API"


@dataclass(frozen=True)
class Config:
    """Everything config.toml can say; defaults when it says nothing."""

    path: Path | None = None
    ui: UiSettings = field(default_factory=UiSettings)
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> keys ("ctrl+k,K")
    problems: tuple[str, ...] = ()  # "file:line: key: what is wrong", shown, not fatal
    sources: tuple[SourceConfig, ...] = ()
    hf: HfSettings = field(default_factory=HfSettings)
    mail: MailMatch = field(default_factory=MailMatch)
    discover: DiscoverSettings = field(default_factory=DiscoverSettings)
    readable: bool = True  # False: the file exists but could not be parsed at all
    # Set when the file was named by --config or $PAPERTERM_CONFIG and does not exist: what
    # to tell the user (also one of ``problems``). A missing file at the default place is
    # just the defaults.
    missing: str = ""

    def source(self, name: str) -> SourceConfig | None:
        """The source called ``name`` (any case)."""
        for source in self.sources:
            if source.name.casefold() == name.casefold():
                return source
        return None


class ConfigError(ValueError):
    """The config file cannot be changed as asked; the message says why and what to do."""


_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$")
_KNOWN = {
    "": {"ui", "keymap", "hf", "mail", "sources", "discover"},
    "discover": {"trending_days"},
    "ui": {"mark_read_on_open", "theme"},
    "hf": {"base_url", "days", "timeout"},
    "mail": {"from", "subject"},
    "source": {"type", "path", "from", "subject", "days", "since", "enabled"},
}


def _mail_match(r: TomlReader, data: dict[str, Any], keys: tuple[str, ...]) -> MailMatch | None:
    senders = r.patterns(data, (*keys, "from"))
    subjects = r.patterns(data, (*keys, "subject"))
    if senders is None and subjects is None:
        return None
    return MailMatch(
        senders=DEFAULT_MAIL_FROM if senders is None else senders,
        subjects=DEFAULT_MAIL_SUBJECT if subjects is None else subjects,
    )


def _url(r: TomlReader, value: str, keys: tuple[str, ...]) -> str | None:
    parts = urlsplit(value.strip())
    if parts.scheme in ("http", "https") and parts.netloc:
        return value.strip().rstrip("/")
    r.problem(keys, f"not an http(s) URL: {value!r}; using {DEFAULT_HF_URL}")
    return None


def _ui(r: TomlReader, data: dict[str, Any]) -> UiSettings:
    ui = r.table(data, ("ui",))
    r.unknown(ui, _KNOWN["ui"], ("ui",))
    return UiSettings(
        mark_read_on_open=r.boolean(ui, ("ui", "mark_read_on_open"), True),
        theme=r.string(ui, ("ui", "theme")),
    )


def _keymap(r: TomlReader, data: dict[str, Any]) -> dict[str, str]:
    keymap: dict[str, str] = {}
    for name, value in r.table(data, ("keymap",)).items():
        if isinstance(value, str) and value.strip():
            keymap[str(name)] = value.strip()
        else:
            r.problem(("keymap", name), f'expected keys as a string (e.g. "ctrl+k"), got {value!r}')
    return keymap


def _hf(r: TomlReader, data: dict[str, Any]) -> HfSettings:
    hf = r.table(data, ("hf",))
    r.unknown(hf, _KNOWN["hf"], ("hf",))
    base = r.string(hf, ("hf", "base_url"))
    base_url = (_url(r, base, ("hf", "base_url")) if base else None) or DEFAULT_HF_URL
    env = os.environ.get(HF_URL_ENV, "").strip()
    if env:
        parts = urlsplit(env)
        if parts.scheme in ("http", "https") and parts.netloc:
            base_url = env.rstrip("/")
        else:
            r.problems.append(f"{HF_URL_ENV}: not an http(s) URL: {env!r}; ignored")
    timeout = hf.get("timeout", 30.0)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 1 <= timeout <= 600:
        r.problem(("hf", "timeout"), "expected seconds from 1 to 600; using 30")
        timeout = 30.0
    return HfSettings(
        base_url=base_url,
        days=r.integer(hf, ("hf", "days"), 1, MAX_DAYS) or 7,
        timeout=float(timeout),
    )


def _discover(r: TomlReader, data: dict[str, Any]) -> DiscoverSettings:
    table = r.table(data, ("discover",))
    r.unknown(table, _KNOWN["discover"], ("discover",))
    days = r.integer(table, ("discover", "trending_days"), 1, MAX_DAYS)
    return DiscoverSettings(trending_days=days or DiscoverSettings.trending_days)


def _source(r: TomlReader, name: str, table: dict[str, Any], base: Path) -> SourceConfig | None:
    keys = ("sources", name)
    r.unknown(table, _KNOWN["source"], keys)
    kind = r.string(table, (*keys, "type"))
    raw_path = r.string(table, (*keys, "path"))
    path: Path | None = None
    if raw_path:
        path = Path(raw_path).expanduser()
        if not path.is_absolute():
            path = base / path  # relative to the config file
    if kind is None:
        kind = "auto" if path else "hf"
    elif kind not in SOURCE_TYPES:
        r.problem((*keys, "type"), f"unknown type {kind!r} (use {', '.join(SOURCE_TYPES)})")
        return None
    if kind != "hf" and path is None:
        r.problem((*keys, "path"), f"a {kind} source needs a path; source skipped")
        return None
    since = table.get("since")
    if isinstance(since, str):
        try:
            since = dt.date.fromisoformat(since.strip())
        except ValueError:
            r.problem((*keys, "since"), f"expected a date like 2025-03-14, got {since!r}")
            since = None
    elif isinstance(since, dt.datetime):
        since = since.date()
    elif since is not None and not isinstance(since, dt.date):
        r.problem((*keys, "since"), f"expected a date like 2025-03-14, got {type_name(since)}")
        since = None
    return SourceConfig(
        name=name,
        type=kind,
        path=path,
        mail=_mail_match(r, table, keys),
        days=r.integer(table, (*keys, "days"), 1, MAX_DAYS),
        since=since,
        enabled=r.boolean(table, (*keys, "enabled"), True),
        line=r.line_of((*keys, "type")) or r.line_of(keys),
    )


def _sources(r: TomlReader, data: dict[str, Any], base: Path) -> tuple[SourceConfig, ...]:
    value = data.get("sources", {})
    if isinstance(value, list):
        r.problem(("sources",), "write each source as a [sources.NAME] table; ignored")
        return ()
    sources: list[SourceConfig] = []
    for name, table in r.table(data, ("sources",)).items():
        keys = ("sources", str(name))
        if not isinstance(table, dict):
            r.problem(keys, f"expected a table, got {type_name(table)}; ignored")
            continue
        # The name reaches the terminal (progress bar, messages): never a control character.
        clean = sanitize_line(str(name))
        if not clean:
            r.problem(keys, "the name is empty without its control characters; source skipped")
            continue
        if clean != name:
            r.problem(keys, f"control characters removed from the name: now {clean!r}")
        if any(s.name.casefold() == clean.casefold() for s in sources):
            r.problem(keys, f"a second source named {clean!r}; source skipped")
            continue
        source = _source(r, str(name), table, base)
        if source:
            sources.append(replace(source, name=clean))
    return tuple(sources)


def _problem_line(problem: str) -> int:
    match = re.match(r"^.*?:(\d+): ", problem)
    return int(match.group(1)) if match else 0


def parse_config(text: str, path: Path) -> Config:
    """Validate config text; what is wrong is reported in ``problems`` and left at defaults."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POS.search(message)
        line = len(text.splitlines()) or 1
        if match and match.group(1):
            line = int(match.group(1))
            message = message[: match.start()] + f" (column {match.group(2)})"
        elif match:
            message = message[: match.start()] + " (at the end of the file)"
        problem = f"{path}:{line}: invalid TOML: {message}; using the default settings"
        problem = sanitize_line(problem)
        return Config(path=path, problems=(problem,), readable=False)
    r = TomlReader(path, text)
    r.unknown(data, _KNOWN[""], ())
    ui, keymap, hf = _ui(r, data), _keymap(r, data), _hf(r, data)
    mail = r.table(data, ("mail",))
    r.unknown(mail, _KNOWN["mail"], ("mail",))
    match = _mail_match(r, mail, ("mail",)) or MailMatch()
    sources = _sources(r, data, path.parent)
    discover = _discover(r, data)
    return Config(
        path=path,
        ui=ui,
        keymap=keymap,
        hf=hf,
        mail=match,
        sources=sources,
        discover=discover,
        # Problems quote the file's keys and values: one clean line each.
        problems=tuple(sanitize_line(p) for p in sorted(r.problems, key=_problem_line)),
    )


def load_config(override: str | os.PathLike[str] | None = None) -> Config:
    """Read the config file; a bad one means defaults plus problems.

    A missing file at the default place means the defaults; a missing file named by
    ``override`` (--config) or $PAPERTERM_CONFIG is the defaults too, but ``missing`` says so.
    """
    path = config_path(override)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        config = parse_config("", path)
        named_by = "--config" if override else "$PAPERTERM_CONFIG" if _env_path() else ""
        if not named_by:
            return config
        message = sanitize_line(
            f"Config file {path} does not exist. "
            f"Next: paperterm config edit to create it, or check {named_by}."
        )
        return replace(config, missing=message, problems=(message, *config.problems))
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        problem = sanitize_line(f"{path}: cannot read: {reason}")
        return Config(path=path, problems=(problem,), readable=False)
    return parse_config(text, path)


def _env_path() -> str:
    # The same test as paths.config_path: a non-empty $PAPERTERM_CONFIG names the file.
    return os.environ.get(CONFIG_ENV, "")


# [enrich] (title matching) is read by paperterm.enrich.settings; known here so it is not
# reported as an unknown table.
_KNOWN[""].add("enrich")
