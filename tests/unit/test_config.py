"""config.toml: defaults, problems naming file, line and key, sources, and safe edits."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from paperterm.config import DEFAULT_HF_URL, ConfigError, MailMatch, load_config
from paperterm.config_edit import add_source, remove_source

GOOD = """\
# my settings
[ui]
mark_read_on_open = false
theme = "nord"

[keymap]
bookmark = "b,ctrl+b"

[hf]
base_url = "http://mirror.example:8080/"
days = 3

[mail]
from = "digest@example.org"

[sources.inbox]
type = "mailbox"
path = "~/Mail/papers.mbox"
subject = ["Daily", "Papers"]

[sources.saved]   # hand-saved pages
path = "digests"

[sources.hf]
type = "hf"
since = 2025-01-01
days = 30
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_means_defaults(tmp_path, isolated_dirs):
    config = load_config()  # nothing at the default place: silently the defaults
    assert config.problems == () and config.readable and not config.missing
    assert config.sources == () and config.keymap == {}
    assert config.ui.mark_read_on_open is True and config.ui.theme is None
    assert config.hf.base_url == DEFAULT_HF_URL and config.hf.days == 7
    assert config.mail.matches("Hugging Face <papers@huggingface.co>", "Daily Papers")
    assert not config.mail.matches("friend@example.com", "Daily Papers")


def test_a_missing_file_named_by_flag_or_env_says_so(tmp_path, monkeypatch):
    path = tmp_path / "nope.toml"
    config = load_config(path)
    assert config.missing == (
        f"Config file {path} does not exist. "
        "Next: paperterm config edit to create it, or check --config."
    )
    assert config.problems == (config.missing,)  # the reader shows problems: it says so too
    assert config.sources == () and config.hf.days == 7  # still the defaults
    monkeypatch.setenv("PAPERTERM_CONFIG", str(path))
    assert load_config().missing.endswith("or check $PAPERTERM_CONFIG.")
    path.write_text("")
    assert load_config().missing == "" and load_config(path).problems == ()


def test_default_location_is_the_user_config_dir(isolated_dirs, monkeypatch):
    config = load_config()
    assert config.path == isolated_dirs / "xdg_config_home" / "paperterm" / "config.toml"
    monkeypatch.setenv("PAPERTERM_CONFIG", "/somewhere/else.toml")
    assert load_config().path == Path("/somewhere/else.toml")


def test_a_good_config(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    config = load_config(write(tmp_path, GOOD))
    assert config.problems == ()
    assert config.ui.mark_read_on_open is False and config.ui.theme == "nord"
    assert config.keymap == {"bookmark": "b,ctrl+b"}
    assert config.hf.base_url == "http://mirror.example:8080" and config.hf.days == 3
    assert config.mail == MailMatch(senders=("digest@example.org",), subjects=("paper",))
    inbox, saved, hf = config.sources
    assert (inbox.name, inbox.type) == ("inbox", "mailbox")
    assert inbox.path == tmp_path / "home" / "Mail" / "papers.mbox"
    assert inbox.mail.subjects == ("Daily", "Papers") and inbox.line == 17
    assert (saved.type, saved.path) == ("auto", tmp_path / "digests")  # relative to the file
    assert (hf.type, hf.since, hf.days) == ("hf", dt.date(2025, 1, 1), 30)
    assert config.source("INBOX") is inbox


def test_syntax_error_names_file_and_line_and_keeps_defaults(tmp_path):
    path = write(tmp_path, '[ui]\ntheme = "nord"\nmark_read_on_open = \n')
    config = load_config(path)
    assert not config.readable
    assert config.problems == (
        f"{path}:3: invalid TOML: Invalid value (column 21); using the default settings",
    )
    assert config.ui.theme is None


def test_wrong_types_name_file_line_and_key(tmp_path):
    path = write(
        tmp_path,
        """\
[ui]
theme = "ok"
mark_read_on_open = "yes"
colour = "red"

[keymap]
quit = 3

[hf]
days = 0
base_url = "ftp://nope"

[sources.box]
type = "imap"

[sources.dir]
type = "folder"

[sources.api]
type = "hf"
since = "yesterday"
""",
    )
    config = load_config(path)
    assert config.problems == (
        f"{path}:3: ui.mark_read_on_open: expected true or false, got a string; using True",
        f"{path}:4: ui.colour: unknown setting (known: mark_read_on_open, theme); ignored",
        f'{path}:7: keymap.quit: expected keys as a string (e.g. "ctrl+k"), got 3',
        f"{path}:10: hf.days: expected a number from 1 to 3660, got 0; ignored",
        f"{path}:11: hf.base_url: not an http(s) URL: 'ftp://nope'; using {DEFAULT_HF_URL}",
        f"{path}:14: sources.box.type: unknown type 'imap' (use folder, mailbox, hf)",
        f"{path}:16: sources.dir.path: a folder source needs a path; source skipped",
        f"{path}:21: sources.api.since: expected a date like 2025-03-14, got 'yesterday'",
    )
    # Everything that was right still applies.
    assert config.readable and config.ui.theme == "ok" and config.ui.mark_read_on_open
    assert [s.name for s in config.sources] == ["api"]


def test_dotted_and_inline_keys_are_found(tmp_path):
    path = write(tmp_path, 'title = "x"\nui.mark_read_on_open = 1\n')
    problems = load_config(path).problems
    assert problems[0].startswith(f"{path}:1: title: unknown setting")
    assert problems[1].startswith(f"{path}:2: ui.mark_read_on_open: expected true or false")


def test_env_url_wins_over_the_file(tmp_path, monkeypatch):
    path = write(tmp_path, GOOD)
    monkeypatch.setenv("PAPERTERM_HF_URL", "http://127.0.0.1:9999")
    assert load_config(path).hf.base_url == "http://127.0.0.1:9999"
    monkeypatch.setenv("PAPERTERM_HF_URL", "not a url")
    config = load_config(path)
    assert config.hf.base_url == "http://mirror.example:8080"
    assert config.problems == ("PAPERTERM_HF_URL: not an http(s) URL: 'not a url'; ignored",)


def test_unreadable_bytes_are_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b'[ui]\ntheme = "\xff"\n')
    config = load_config(path)
    assert not config.readable and str(path) in config.problems[0]


def test_add_and_remove_keep_the_rest_of_the_file(tmp_path):
    path = write(tmp_path, GOOD)
    add_source(path, "more", {"type": "folder", "path": '/data/with "quotes"\\ and\ttab'})
    text = path.read_text()
    assert text.startswith(GOOD)  # comments and order untouched
    config = load_config(path)
    assert config.problems == ()
    assert config.source("more").path == Path('/data/with "quotes"\\ and\ttab')
    with pytest.raises(ConfigError, match="already exists"):
        add_source(path, "More", {"type": "folder", "path": "/x"})
    assert remove_source(path, "inbox") == "inbox"
    after = load_config(path)
    assert [s.name for s in after.sources] == ["saved", "hf", "more"]
    assert after.keymap == {"bookmark": "b,ctrl+b"} and after.hf.days == 3
    assert "# my settings" in path.read_text()
    assert "[sources.inbox]" not in path.read_text()
    with pytest.raises(ConfigError, match="No source named 'inbox'"):
        remove_source(path, "inbox")


def test_add_to_a_missing_file_starts_from_the_commented_template(tmp_path):
    path = tmp_path / "new" / "config.toml"
    add_source(path, "hf", {"type": "hf", "days": 14})
    data = tomllib.loads(path.read_text())
    assert data == {
        "ui": {},
        "keymap": {},
        "hf": {},
        "mail": {},
        "sources": {"hf": {"type": "hf", "days": 14}},
    }
    assert "# [sources.inbox]" in path.read_text()  # the examples stay as comments


def test_edits_refuse_a_broken_file(tmp_path):
    path = write(tmp_path, "[ui\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        add_source(path, "x", {"type": "hf"})
    assert path.read_text() == "[ui\n"


def test_remove_refuses_when_it_cannot_do_it_cleanly(tmp_path):
    path = write(tmp_path, 'sources = { inline = { type = "hf" } }\n')
    with pytest.raises(ConfigError, match="config edit"):
        remove_source(path, "inline")
    assert path.read_text() == 'sources = { inline = { type = "hf" } }\n'


def test_edits_write_atomically_with_the_usual_permissions(tmp_path):
    import os
    import stat

    mask = os.umask(0o077)  # a private setup: new files are the user's only
    try:
        path = tmp_path / "new" / "config.toml"
        add_source(path, "inbox", {"type": "mailbox", "path": "/m"})
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        path.chmod(0o640)
        add_source(path, "hf", {"type": "hf"})
        assert stat.S_IMODE(path.stat().st_mode) == 0o640  # an edited file keeps its mode
        remove_source(path, "inbox")
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
    finally:
        os.umask(mask)
    assert sorted(p.name for p in path.parent.iterdir()) == ["config.toml"]
    assert [s.name for s in load_config(path).sources] == ["hf"]


def test_config_problems_and_source_names_are_clean_text(tmp_path):
    path = write(
        tmp_path,
        '[sources."a\\u001b[2Jb"]\npath = "/x"\n[sources."\\u009b6n"]\npath = "/y"\n'
        '[sources.ab]\npath = "/z"\n[ui]\n"evil\\u001b]0;t\\u0007" = 1\n',
    )
    config = load_config(path)
    assert [s.name for s in config.sources] == ["ab"]
    text = "\n".join(config.problems)
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
    assert "control characters removed from the name: now 'ab'" in text
    assert "a second source named 'ab'; source skipped" in text
    assert "the name is empty without its control characters" in text
    assert "ui.evil: unknown setting" in text
