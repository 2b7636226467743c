"""``paperterm config check`` and ``config show`` report every problem with file:line: key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperterm.cli import main

BAD = """\
[ui]
theme = "no-such-theme"

[keymap]
bookmrk = "x"
quit = "Q"

[sources.inbox]
path = 12
"""


@pytest.fixture
def cfg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.toml"
    monkeypatch.setenv("PAPERTERM_CONFIG", str(path))
    return path


def test_config_check_lists_every_problem_with_file_line_key_and_exits_1(cfg, capsys):
    cfg.write_text(BAD)
    status = main(["config", "check"])
    out, err = capsys.readouterr()
    assert status == 1
    lines = out.strip().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{cfg}:2: ui.theme: unknown theme 'no-such-theme'")
    assert lines[1].startswith(f"{cfg}:5: keymap.bookmrk: no key binding has this id")
    assert "did you mean 'bookmark'?" in lines[1]
    assert lines[2].startswith(f"{cfg}:9: sources.inbox.path: expected a string")
    assert "3 problems" in err


def test_config_check_of_a_good_file_exits_0(cfg, capsys):
    cfg.write_text('[keymap]\nbookmark = "x"\n[ui]\ntheme = "nord"\n')
    assert main(["config", "check"]) == 0
    assert "Config OK" in capsys.readouterr().err
    assert main(["config", "check", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["problems"] == []


def test_config_show_reports_unknown_themes_and_keymap_ids(cfg, capsys):
    cfg.write_text(BAD)
    assert main(["config", "show", "--json"]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert any("ui.theme: unknown theme" in p for p in problems)
    assert any("keymap.bookmrk" in p for p in problems)
    assert main(["config", "show"]) == 1
    assert "keymap.bookmrk" in capsys.readouterr().err.replace("\n", "")
