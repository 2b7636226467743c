"""The CLI as scripts and cron use it: sync, search, show, stats, --store and the env."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from paperterm import __version__
from paperterm.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_sync_prints_one_summary_line_and_is_idempotent(capsys, tmp_path, digests_dir):
    store = str(tmp_path / "t.db")
    code, out, _ = run(capsys, "--store", store, "sync", str(digests_dir))
    assert code == 0
    assert "2 digests · 80 papers (80 new) · 105 appearances · 0 errors" in out
    code, out, _ = run(capsys, "--store", store, "sync", str(digests_dir))
    assert code == 0
    assert out.startswith("0 digests · 0 papers (0 new) · 0 appearances · 0 errors")


def test_broken_file_exits_1_and_is_named_on_stderr(capsys, tmp_path, digests_dir):
    (digests_dir / "broken.txt").write_bytes(b"\x00\xff\xfe junk without any date\n")
    code, out, err = run(capsys, "--store", str(tmp_path / "t.db"), "sync", str(digests_dir))
    assert code == 1
    assert "broken.txt:" in err
    assert "80 papers (80 new)" in out


def test_quiet_sync_prints_nothing_when_all_is_well(capsys, tmp_path, digests_dir):
    code, out, err = run(capsys, "--store", str(tmp_path / "t.db"), "sync", "-q", str(digests_dir))
    assert (code, out, err) == (0, "", "")


def test_stats_json(capsys, tmp_path, digests_dir):
    store = str(tmp_path / "t.db")
    run(capsys, "--store", store, "sync", str(digests_dir))
    code, out, _ = run(capsys, "--store", store, "stats", "--json")
    figures = json.loads(out)
    assert code == 0
    assert {k: figures[k] for k in ("digests", "papers", "appearances")} == {
        "digests": 2,
        "papers": 80,
        "appearances": 105,
    }
    assert figures["first_date"].endswith("-03-14") and figures["last_date"].endswith("-03-19")


def test_search_json_fields(capsys, tmp_path, digests_dir):
    store = str(tmp_path / "t.db")
    run(capsys, "--store", store, "sync", str(digests_dir))
    code, out, _ = run(capsys, "--store", store, "search", "inception", "convnext", "--json")
    hits = json.loads(out)
    assert code == 0 and hits
    top = hits[0]
    assert top["title"] == "InceptionNeXt: When Inception Meets ConvNeXt"
    for field in ("key", "abstract", "first_seen", "last_seen", "seen", "score", "spans"):
        assert field in top
    assert top["seen"] == 2 and top["abstract"].startswith("Inspired by")


def test_show_accepts_a_key_prefix(capsys, tmp_path, digests_dir):
    store = str(tmp_path / "t.db")
    run(capsys, "--store", store, "sync", str(digests_dir))
    _, out, _ = run(capsys, "--store", store, "search", "kernel density", "--json", "-n", "1")
    key = json.loads(out)[0]["key"]
    code, out, _ = run(capsys, "--store", store, "show", key[:6], "--json")
    shown = json.loads(out)
    assert code == 0 and shown["key"] == key
    # seen: distinct digest days; appearances: every entry, one per digest it was listed in
    days = {a["date"] for a in shown["appearances"]}
    assert shown["seen"] == len(days) == 2 and len(shown["appearances"]) >= 2
    code, _, err = run(capsys, "--store", store, "show", "ffffffffffff")
    assert code == 1 and "no paper" in err


def test_store_comes_from_the_environment(capsys, tmp_path, digests_dir, monkeypatch):
    monkeypatch.setenv("PAPERTERM_STORE", str(tmp_path / "env.db"))
    assert run(capsys, "sync", str(digests_dir))[0] == 0
    assert (tmp_path / "env.db").exists()


def test_default_store_lives_in_the_user_data_dir(capsys, digests_dir, isolated_dirs):
    assert run(capsys, "sync", str(digests_dir))[0] == 0
    assert list(isolated_dirs.rglob("paperterm.db"))


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"paperterm {__version__}"


def test_core_never_imports_the_ui():
    code = (
        "import sys, paperterm.store, paperterm.sync, paperterm.search, paperterm.text, "
        "paperterm.models, paperterm.config, paperterm.links\n"
        "import importlib.util\n"
        "if importlib.util.find_spec('paperterm.bookmarks'): import paperterm.bookmarks\n"
        "bad = sorted(m for m in ('textual', 'rich') if m in sys.modules)\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_cli_does_not_load_textual_for_scripts():
    code = (
        "import sys, paperterm.cli; paperterm.cli.build_parser(); print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_piped_search_prints_one_whole_line_per_paper(capsys, tmp_path, digests_dir):
    store = str(tmp_path / "t.db")
    run(capsys, "--store", store, "sync", str(digests_dir))
    code, out, _ = run(capsys, "--store", store, "search", "scaling", "kernels", "-n", "3")
    lines = out.splitlines()
    assert code == 0 and 1 <= len(lines) <= 3
    key, first_seen, seen, title = lines[0].split("\t")
    assert len(key) == 16 and first_seen.endswith("-03-14") and seen == "2"
    assert (
        title == "Scaling Up Your Kernels: Large Kernel Design in ConvNets towards Universal "
        "Representations"
    )  # whole, never cut to the terminal width


def test_bookmark_takes_several_keys(capsys, tmp_path, digests_dir):
    store = str(tmp_path / "t.db")
    run(capsys, "--store", store, "sync", str(digests_dir))
    _, out, _ = run(capsys, "--store", store, "search", "kernel", "-n", "2")
    keys = [line.split("\t")[0][:8] for line in out.splitlines()]
    code, out, _ = run(capsys, "--store", store, "bookmark", "--list", "Two", *keys)
    assert code == 0 and "Added 2 papers to Two" in out
    code, out, _ = run(capsys, "--store", store, "read", *keys)  # read takes several keys too
    assert code == 0 and "Marked 2 papers read." in out
    code, _, err = run(capsys, "--store", store, "note", *keys, "--set", "x")
    assert code == 1 and "one paper" in err
