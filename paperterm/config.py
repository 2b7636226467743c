"""config.toml -> Config: sources, key bindings, UI, mail and Hugging Face settings (tomllib)."""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from paperterm.paths import config_path

SOURCE_TYPES = ("folder", "mailbox", "hf")
DEFAULT_HF_URL = "https://huggingface.co"
HF_URL_ENV = "PAPERTERM_HF_URL"
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
    readable: bool = True  # False: the file exists but could not be parsed at all

    def source(self, name: str) -> SourceConfig | None:
        """The source called ``name`` (any case)."""
        for source in self.sources:
            if source.name.casefold() == name.casefold():
                return source
        return None


class ConfigError(ValueError):
    """The config file cannot be changed as asked; the message says why and what to do."""


# --- reading --------------------------------------------------------------------------------

_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$")
_KNOWN = {
    "": {"ui", "keymap", "hf", "mail", "sources"},
    "ui": {"mark_read_on_open", "theme"},
    "hf": {"base_url", "days", "timeout"},
    "mail": {"from", "subject"},
    "source": {"type", "path", "from", "subject", "days", "since", "enabled"},
}


def _type_name(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    names |= {list: "an array", dict: "a table", dt.date: "a date", dt.datetime: "a date-time"}
    return names.get(type(value), type(value).__name__)


class _Reader:
    """Validates the parsed TOML; every problem names the file, the line and the key."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.problems: list[str] = []

    def problem(self, keys: tuple[str, ...], message: str) -> None:
        line = self.line_of(keys)
        where = f"{self.path}:{line}" if line else str(self.path)
        self.problems.append(f"{where}: {'.'.join(keys)}: {message}")

    def _header(self, table: tuple[str, ...]) -> int | None:
        want = ".".join(table)
        for number, raw in enumerate(self.lines):
            line = raw.split("#", 1)[0].strip()
            if line.startswith("[") and line.endswith("]"):
                inner = re.sub(r"[\s\"']", "", line.strip("[]"))
                if inner == want:
                    return number
        return None

    def line_of(self, keys: tuple[str, ...]) -> int:
        """The 1-based line where ``keys`` is set (scanning the text), or 0 when not found."""
        table, key = keys[:-1], keys[-1]
        start, end = 0, len(self.lines)
        header = self._header(table) if table else None
        if header is not None:
            start = header + 1
            for number in range(start, len(self.lines)):
                if self.lines[number].lstrip().startswith("["):
                    end = number
                    break
        elif not table:
            # Top-level keys sit before the first table header.
            end = next((i for i, raw in enumerate(self.lines) if raw.lstrip().startswith("[")), end)
        if not table:
            header = self._header(keys)  # the key may name a whole table: [keymap]
            if header is not None:
                return header + 1
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*[=.]")
        for number in range(start, end):
            if pattern.match(self.lines[number]):
                return number + 1
        dotted = re.compile(r"^\s*" + r"\s*\.\s*".join(re.escape(k) for k in keys) + r"\s*=")
        for number, raw in enumerate(self.lines):
            if dotted.match(raw):
                return number + 1
        return header + 1 if header is not None else 0

    def table(self, data: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
        value = data.get(keys[-1], {})
        if isinstance(value, dict):
            return value
        self.problem(keys, f"expected a table, got {_type_name(value)}; ignored")
        return {}

    def unknown(self, data: dict[str, Any], known: set[str], keys: tuple[str, ...]) -> None:
        for name in data:
            if name not in known:
                choices = ", ".join(sorted(known))
                self.problem((*keys, name), f"unknown setting (known: {choices}); ignored")

    def boolean(self, data: dict[str, Any], keys: tuple[str, ...], default: bool) -> bool:
        value = data.get(keys[-1], default)
        if isinstance(value, bool):
            return value
        self.problem(keys, f"expected true or false, got {_type_name(value)}; using {default}")
        return default

    def string(self, data: dict[str, Any], keys: tuple[str, ...]) -> str | None:
        value = data.get(keys[-1])
        if value is None or isinstance(value, str):
            return value
        self.problem(keys, f"expected a string, got {_type_name(value)}; ignored")
        return None

    def integer(
        self, data: dict[str, Any], keys: tuple[str, ...], low: int, high: int
    ) -> int | None:
        value = data.get(keys[-1])
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(keys, f"expected a whole number, got {_type_name(value)}; ignored")
            return None
        if not low <= value <= high:
            self.problem(keys, f"expected a number from {low} to {high}, got {value}; ignored")
            return None
        return value

    def patterns(self, data: dict[str, Any], keys: tuple[str, ...]) -> tuple[str, ...] | None:
        value = data.get(keys[-1])
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(v.strip() for v in value if v.strip())
        self.problem(keys, f"expected a string or an array of strings, got {_type_name(value)}")
        return None

    def mail_match(self, data: dict[str, Any], keys: tuple[str, ...]) -> MailMatch | None:
        senders = self.patterns(data, (*keys, "from"))
        subjects = self.patterns(data, (*keys, "subject"))
        if senders is None and subjects is None:
            return None
        return MailMatch(
            senders=DEFAULT_MAIL_FROM if senders is None else senders,
            subjects=DEFAULT_MAIL_SUBJECT if subjects is None else subjects,
        )

    def url(self, value: str, keys: tuple[str, ...]) -> str | None:
        parts = urlsplit(value.strip())
        if parts.scheme in ("http", "https") and parts.netloc:
            return value.strip().rstrip("/")
        self.problem(keys, f"not an http(s) URL: {value!r}; using {DEFAULT_HF_URL}")
        return None


def _ui(r: _Reader, data: dict[str, Any]) -> UiSettings:
    ui = r.table(data, ("ui",))
    r.unknown(ui, _KNOWN["ui"], ("ui",))
    return UiSettings(
        mark_read_on_open=r.boolean(ui, ("ui", "mark_read_on_open"), True),
        theme=r.string(ui, ("ui", "theme")),
    )


def _keymap(r: _Reader, data: dict[str, Any]) -> dict[str, str]:
    keymap: dict[str, str] = {}
    for name, value in r.table(data, ("keymap",)).items():
        if isinstance(value, str) and value.strip():
            keymap[str(name)] = value.strip()
        else:
            r.problem(("keymap", name), f'expected keys as a string (e.g. "ctrl+k"), got {value!r}')
    return keymap


def _hf(r: _Reader, data: dict[str, Any]) -> HfSettings:
    hf = r.table(data, ("hf",))
    r.unknown(hf, _KNOWN["hf"], ("hf",))
    base = r.string(hf, ("hf", "base_url"))
    base_url = (r.url(base, ("hf", "base_url")) if base else None) or DEFAULT_HF_URL
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


def _source(r: _Reader, name: str, table: dict[str, Any], base: Path) -> SourceConfig | None:
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
        r.problem((*keys, "since"), f"expected a date like 2025-03-14, got {_type_name(since)}")
        since = None
    return SourceConfig(
        name=name,
        type=kind,
        path=path,
        mail=r.mail_match(table, keys),
        days=r.integer(table, (*keys, "days"), 1, MAX_DAYS),
        since=since,
        enabled=r.boolean(table, (*keys, "enabled"), True),
        line=r.line_of((*keys, "type")) or r.line_of(keys),
    )


def _sources(r: _Reader, data: dict[str, Any], base: Path) -> tuple[SourceConfig, ...]:
    value = data.get("sources", {})
    if isinstance(value, list):
        r.problem(("sources",), "write each source as a [sources.NAME] table; ignored")
        return ()
    sources: list[SourceConfig] = []
    for name, table in r.table(data, ("sources",)).items():
        if not isinstance(table, dict):
            r.problem(("sources", name), f"expected a table, got {_type_name(table)}; ignored")
            continue
        source = _source(r, str(name), table, base)
        if source:
            sources.append(source)
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
        return Config(path=path, problems=(problem,), readable=False)
    r = _Reader(path, text)
    r.unknown(data, _KNOWN[""], ())
    ui, keymap, hf = _ui(r, data), _keymap(r, data), _hf(r, data)
    mail = r.table(data, ("mail",))
    r.unknown(mail, _KNOWN["mail"], ("mail",))
    match = r.mail_match(mail, ("mail",)) or MailMatch()
    sources = _sources(r, data, path.parent)
    return Config(
        path=path,
        ui=ui,
        keymap=keymap,
        hf=hf,
        mail=match,
        sources=sources,
        problems=tuple(sorted(r.problems, key=_problem_line)),
    )


def load_config(override: str | os.PathLike[str] | None = None) -> Config:
    """Read the config file; a missing file means defaults, a bad one defaults plus problems."""
    path = config_path(override)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return parse_config("", path)
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return Config(path=path, problems=(f"{path}: cannot read: {reason}",), readable=False)
    return parse_config(text, path)


# --- writing --------------------------------------------------------------------------------

TEMPLATE = """\
# paperterm configuration (TOML). `paperterm config show` prints what is in effect.

[ui]
# mark_read_on_open = true
# theme = "textual-dark"

[keymap]
# binding id = "keys", e.g. bookmark = "b,ctrl+b"

[hf]
# base_url = "https://huggingface.co"   # or a mirror; env PAPERTERM_HF_URL wins
# days = 7                              # how far back `paperterm sync hf` looks

[mail]
# Which messages of a mailbox are digests (substrings, any case; [] = any).
# from = ["huggingface.co", "hf.co"]
# subject = ["paper"]

# Sources synced by `paperterm sync` (add them with `paperterm sources add`):
# [sources.inbox]
# type = "mailbox"            # folder | mailbox | hf
# path = "~/Mail/papers"      # an mbox file or a Maildir folder
"""

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = ['"']
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return toml_string(str(value))


def table_key(name: str) -> str:
    return name if _BARE_KEY.match(name) else toml_string(name)


def _read_for_edit(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return "", {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Could not read {path}. Why: {exc}.") from exc
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path} is not valid TOML ({exc}). Next: fix it with paperterm config edit."
        ) from exc


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def add_source(path: Path, name: str, settings: dict[str, object]) -> None:
    """Append a ``[sources.NAME]`` table to the config, keeping the rest of the file as is."""
    text, data = _read_for_edit(path)
    sources = data.get("sources", {})
    if not isinstance(sources, dict):
        raise ConfigError(
            f"{path}: sources is not a table of [sources.NAME] entries. "
            "Next: fix it with paperterm config edit."
        )
    if any(str(k).casefold() == name.casefold() for k in sources):
        raise ConfigError(
            f"A source named {name!r} already exists. "
            f"Next: paperterm sources remove {name}, or choose another name."
        )
    block = [f"[sources.{table_key(name)}]"]
    block += [f"{k} = {toml_value(v)}" for k, v in settings.items() if v is not None]
    base = text if text.strip() else TEMPLATE
    new = base.rstrip("\n") + "\n\n" + "\n".join(block) + "\n"
    try:
        written = tomllib.loads(new)["sources"][name]
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise ConfigError(
            f"Could not add the source to {path} automatically ({exc}). "
            "Next: add it by hand with paperterm config edit."
        ) from exc
    if set(written) != {k for k, v in settings.items() if v is not None}:
        raise ConfigError(f"Could not add the source to {path} automatically.")
    _write_atomic(path, new)


def remove_source(path: Path, name: str) -> str:
    """Delete the ``[sources.NAME]`` table from the config; returns the name as written."""
    text, data = _read_for_edit(path)
    sources = data.get("sources", {})
    found = (
        next(
            (k for k in sources if str(k).casefold() == name.casefold()),
            None,
        )
        if isinstance(sources, dict)
        else None
    )
    if found is None:
        known = ", ".join(sorted(sources)) if isinstance(sources, dict) and sources else "none"
        raise ConfigError(f"No source named {name!r} (configured: {known}).")
    lines = text.splitlines(keepends=True)
    start = _Reader(path, text)._header(("sources", found))
    if start is None:
        raise ConfigError(
            f"Could not find [sources.{found}] in {path}. "
            "Next: remove it with paperterm config edit."
        )
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")),
        len(lines),
    )
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    new = "".join(lines[:start] + lines[end:])
    new = re.sub(r"\n{3,}", "\n\n", new)
    expected = {k: v for k, v in sources.items() if k != found}
    try:
        after = tomllib.loads(new)
    except tomllib.TOMLDecodeError:
        after = None
    rest_before = {k: v for k, v in data.items() if k != "sources"}
    if (
        after is None
        or after.get("sources", {}) != expected
        or {k: v for k, v in after.items() if k != "sources"} != rest_before
    ):
        raise ConfigError(
            f"Could not remove [sources.{found}] from {path} automatically "
            f"(line {start + 1}). Next: remove it with paperterm config edit."
        )
    _write_atomic(path, new)
    return str(found)
