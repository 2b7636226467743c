"""The ``[enrich]`` table of config.toml and the environment: where to ask, how fast."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from paperterm.config import Config
from paperterm.config_toml import TomlReader
from paperterm.text import sanitize_line

DEFAULT_ARXIV_URL = "https://export.arxiv.org"
HF_URL_ENV = "PAPERTERM_HF_URL"
ARXIV_URL_ENV = "PAPERTERM_ARXIV_URL"
KNOWN = {"hf_url", "arxiv_url", "auto", "timeout", "arxiv_pace", "hf_pace"}


@dataclass(frozen=True)
class EnrichSettings:
    """Where the title searches go and how they are paced; ``auto`` runs one after a sync."""

    hf_url: str = "https://huggingface.co"
    arxiv_url: str = DEFAULT_ARXIV_URL
    auto: bool = False
    timeout: float = 30.0  # overall deadline of one request, seconds
    arxiv_pace: float = 3.0  # seconds between two arXiv requests (arXiv asks for 3)
    hf_pace: float = 0.5  # seconds between two Hugging Face requests
    cache_days: int = 7  # a paper looked up is not asked again for this long


def _url(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    parts = urlsplit(value.strip())
    if parts.scheme in ("http", "https") and parts.netloc:
        return value.strip().rstrip("/")
    return None


def _seconds(r: TomlReader, table: dict, key: str, default: float, low: float, high: float):
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        r.problem(("enrich", key), f"expected seconds from {low:g} to {high:g}; using {default:g}")
        return default
    return float(value)


def load_enrich_settings(config: Config) -> tuple[EnrichSettings, list[str]]:
    """The settings, with problems found in the file or the environment (one line each)."""
    text = ""
    if config.path and config.readable:
        try:
            text = config.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""  # load_config already reported it
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        data = {}  # load_config already reported it
    r = TomlReader(config.path or Path("config.toml"), text)
    table = r.table(data, ("enrich",))
    r.unknown(table, KNOWN, ("enrich",))
    base = EnrichSettings()
    hf_url = config.hf.base_url  # [hf] base_url or $PAPERTERM_HF_URL
    if "hf_url" in table:
        hf_url = _url(table["hf_url"]) or hf_url
        if not _url(table["hf_url"]):
            r.problem(("enrich", "hf_url"), f"not an http(s) URL; using {hf_url}")
    arxiv_url = base.arxiv_url
    if "arxiv_url" in table:
        arxiv_url = _url(table["arxiv_url"]) or arxiv_url
        if not _url(table["arxiv_url"]):
            r.problem(("enrich", "arxiv_url"), f"not an http(s) URL; using {arxiv_url}")
    for env, current in ((HF_URL_ENV, hf_url), (ARXIV_URL_ENV, arxiv_url)):
        raw = os.environ.get(env, "").strip()
        if raw and not _url(raw):
            r.problems.append(f"{env}: not an http(s) URL: {raw!r}; ignored")
        elif raw:
            if env == HF_URL_ENV:
                hf_url = _url(raw) or current
            else:
                arxiv_url = _url(raw) or current
    settings = EnrichSettings(
        hf_url=hf_url,
        arxiv_url=arxiv_url,
        auto=r.boolean(table, ("enrich", "auto"), False),
        timeout=_seconds(r, table, "timeout", base.timeout, 1, 600),
        arxiv_pace=_seconds(r, table, "arxiv_pace", base.arxiv_pace, 0, 60),
        hf_pace=_seconds(r, table, "hf_pace", base.hf_pace, 0, 60),
    )
    return settings, [sanitize_line(p) for p in r.problems]
