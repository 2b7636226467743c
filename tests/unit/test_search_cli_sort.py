"""``paperterm search --sort`` and ``--since``/``is:new`` from the shell."""

from __future__ import annotations

import json

import pytest

from paperterm.cli import main
from paperterm.store import Store, record_visit
from tests.unit.test_visits import MAR14, MAR19, later


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse rejects bad option values this way
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def store(tmp_path, digests_dir, capsys):
    path = str(tmp_path / "t.db")
    assert run(capsys, "--store", path, "sync", str(digests_dir))[0] == 0
    return path


def test_sort_seen_json_lists_the_25_papers_of_both_digests_first(capsys, store):
    code, out, _ = run(capsys, "--store", store, "search", "", "--sort", "seen", "--json")
    assert code == 0
    hits = json.loads(out)
    assert len(hits) == 20 and all(h["seen"] == 2 for h in hits)  # -n 20 by default
    code, out, _ = run(
        capsys, "--store", store, "search", "", "--sort", "seen", "-n", "80", "--json"
    )
    counts = [h["seen"] for h in json.loads(out)]
    assert counts == [2] * 25 + [1] * 55


def test_json_carries_the_date_the_order_uses(capsys, store):
    _, out, _ = run(capsys, "--store", store, "search", "--sort", "newest", "-n", "80", "--json")
    hits = json.loads(out)
    assert all(h["sort_date"] == h["last_seen"] for h in hits)
    assert [h["sort_date"] for h in hits] == sorted((h["sort_date"] for h in hits), reverse=True)
    _, out, _ = run(capsys, "--store", store, "search", "--sort", "old", "-n", "80", "--json")
    hits = json.loads(out)
    assert all(h["sort_date"] == h["first_seen"] for h in hits)
    assert hits[0]["sort_date"] == "2026-03-14" and hits[-1]["sort_date"] == "2026-03-19"


def test_sort_beats_a_sort_word_in_the_query(capsys, store):
    _, out, _ = run(capsys, "--store", store, "search", "sort:title", "--sort", "seen", "--json")
    assert all(h["seen"] == 2 for h in json.loads(out))


def test_an_unknown_order_exits_2_naming_the_valid_ones(capsys, store):
    code, out, err = run(capsys, "--store", store, "search", "gan", "--sort", "sideways")
    assert code == 2 and not out
    for name in ("relevance", "newest", "oldest", "seen", "upvotes", "title"):
        assert name in err


def test_an_unknown_sort_word_in_the_query_exits_2(capsys, store):
    code, _, err = run(capsys, "--store", store, "search", "sort:sideways")
    assert code == 2 and "sort:upvotes" in err


def test_the_table_names_the_order_and_its_date(capsys, store, monkeypatch):
    import io

    from rich.console import Console

    from paperterm.cli import search_cmd

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120, color_system=None)
    monkeypatch.setattr(search_cmd, "out", console)
    assert run(capsys, "--store", store, "search", "--sort", "oldest", "-n", "3")[0] == 0
    drawn = screen.getvalue()
    assert "first seen" in drawn and "3 of 80 papers · oldest first" in drawn
    screen.truncate(0)
    assert run(capsys, "--store", store, "search", "-n", "3")[0] == 0
    drawn = screen.getvalue()
    assert "last seen" in drawn and "first seen" not in drawn and "newest first" in drawn
    assert "2026-03-19" in drawn and "2026-03-14" not in drawn  # the newest rows, by last seen
    assert run(capsys, "--store", store, "search", "is:new", "-n", "3")[0] == 0
    assert "new: every paper, no visit recorded yet" in screen.getvalue()


def test_piped_rows_show_the_date_the_order_uses(capsys, store):
    _, out, _ = run(capsys, "--store", store, "search", "seen:2", "-n", "1")
    key, date, seen, _ = out.splitlines()[0].split("\t")
    assert date == "2026-03-19" and seen == "2"  # newest: the last appearance
    _, out, _ = run(capsys, "--store", store, "search", "seen:2", "--sort", "oldest", "-n", "1")
    assert out.splitlines()[0].split("\t")[1] == "2026-03-14"


def test_is_new_changes_after_a_new_digest_is_synced(capsys, tmp_path, monkeypatch):
    path = str(tmp_path / "n.db")
    run(capsys, "--store", path, "sync", str(MAR14))
    with Store(path) as s:
        record_visit(s.conn)
    _, out, _ = run(capsys, "--store", path, "search", "is:new", "--json")
    assert json.loads(out) == []
    later(monkeypatch)
    run(capsys, "--store", path, "sync", str(MAR19))
    _, out, _ = run(capsys, "--store", path, "search", "is:new", "-n", "100", "--json")
    hits = json.loads(out)
    assert len(hits) == 22 and all(h["first_seen"] == "2026-03-19" for h in hits)
    # --since overrides the visit, and implies is:new.
    _, out, _ = run(
        capsys, "--store", path, "search", "--since", "2020-01-01", "-n", "100", "--json"
    )
    assert len(json.loads(out)) == 80
    code, _, err = run(capsys, "--store", path, "search", "--since", "last tuesday")
    assert code == 2 and "YYYY-MM-DD" in err
