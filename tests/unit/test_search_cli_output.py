"""``search`` and ``show`` piped and for people: every match, ignored words, whole lines."""

from __future__ import annotations

import json

import pytest

from paperterm.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def store(capsys, tmp_path, digests_dir) -> str:
    path = str(tmp_path / "t.db")
    assert run(capsys, "--store", path, "sync", str(digests_dir))[0] == 0
    return path


def test_piped_search_prints_every_match_not_twenty(capsys, store):
    code, out, err = run(capsys, "--store", store, "search", "")
    assert code == 0 and err == ""
    assert len(out.splitlines()) == 80  # captured output is a pipe
    _, out, _ = run(capsys, "--store", store, "search", "", "--limit", "5")
    assert len(out.splitlines()) == 5


def test_json_search_says_on_stderr_when_it_stops_at_twenty(capsys, store):
    _, out, err = run(capsys, "--store", store, "search", "", "--json")
    assert len(json.loads(out)) == 20
    assert err.strip() == "20 of 80; --limit N for more"
    _, out, err = run(capsys, "--store", store, "search", "", "--json", "--limit", "100")
    assert len(json.loads(out)) == 80 and err == ""


def test_a_word_matching_nothing_is_named_on_stderr(capsys, store):
    code, out, err = run(capsys, "--store", store, "search", "kernel", "xyzzy")
    assert code == 0 and "Kernel Density Estimators in Large Dimensions" in out
    assert err.strip() == "ignored: xyzzy"
    code, out, err = run(capsys, "--store", store, "search", "kernel", "xyzzy", "--json")
    assert isinstance(json.loads(out), list)  # the JSON stays a list of hits
    assert err.splitlines()[0] == "ignored: xyzzy"
    _, _, err = run(capsys, "--store", store, "search", "kernel", "density")
    assert err == ""


def test_piped_show_is_not_hard_wrapped_and_has_no_trailing_spaces(capsys, store):
    code, out, _ = run(capsys, "--store", store, "show", "03cdff48")
    assert code == 0
    lines = out.splitlines()
    assert all(line == line.rstrip() for line in lines)
    abstract = lines[-1]
    assert abstract.startswith("This paper studies Kernel density estimation")
    assert len(abstract) > 300  # one paragraph, one line: the reader's terminal wraps it


def test_a_paper_only_in_a_backup_does_not_say_seen_0_times(capsys, store, tmp_path):
    run(capsys, "--store", store, "bookmark", "03cdff48")
    backup = tmp_path / "backup.json"
    run(capsys, "--store", store, "export", "--format", "json", "-o", str(backup))
    fresh = str(tmp_path / "fresh.db")
    assert run(capsys, "--store", fresh, "import", str(backup))[0] == 0
    _, out, _ = run(capsys, "--store", fresh, "show", "03cdff48")
    assert "no digest left (from your backup or a removed source)" in out
    assert "0 digests" not in out and "0 times" not in out
    assert "first seen" not in out.split("\n")[1]  # no dates claimed from digests it is not in
