"""The CLI of issue 16: related, for-you, trending and stats, for people and for scripts."""

from __future__ import annotations

import json

from paperterm.bookmarks import Bookmarks
from paperterm.cli import main

NTK = "Neural Tangent Kernel: Convergence and Generalization in Neural Networks"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def key_of(store, title: str) -> str:
    return store.conn.execute("SELECT key FROM papers WHERE title = ?", (title,)).fetchone()[0]


def test_related_json_and_table(capsys, synced_store):
    store = str(synced_store.path)
    code, out, _ = run(
        capsys, "--store", store, "related", key_of(synced_store, NTK)[:8], "--limit", "3", "--json"
    )
    found = json.loads(out)
    assert code == 0 and len(found) == 3
    assert found[0]["title"] == "Feature Learning in Infinite-Width Neural Networks"
    assert found[0]["score"] >= found[1]["score"] and found[0]["words"]
    code, out, _ = run(capsys, "--store", store, "related", key_of(synced_store, NTK))
    assert code == 0 and "Feature Learning" in out
    code, _, err = run(capsys, "--store", store, "related", "ffffffffffffffff")
    assert code == 1 and "no paper with key" in err


def test_for_you_message_then_ranking(capsys, synced_store):
    store = str(synced_store.path)
    code, out, _ = run(capsys, "--store", store, "for-you")
    assert code == 0 and "at least 3 papers" in out
    marks = Bookmarks(synced_store)
    for title in (
        NTK,
        "Feature Learning in Infinite-Width Neural Networks",
        "Scale Mixtures of Neural Network Gaussian Processes",
    ):
        marks.add_to_list(key_of(synced_store, title), "Theory")
    code, out, _ = run(capsys, "--store", store, "for-you", "--list", "theory", "--json")
    result = json.loads(out)
    assert code == 0 and result["message"] is None and result["lists"] == ["Theory"]
    assert result["papers"][0]["why"] and result["papers"][0]["list"] == "Theory"
    code, _, err = run(capsys, "--store", store, "for-you", "--list", "Nope")
    assert code == 2 and 'no list named "Nope"' in err


def test_trending_json(capsys, synced_store):
    code, out, _ = run(capsys, "--store", str(synced_store.path), "trending", "--json", "-n", "100")
    data = json.loads(out)
    assert code == 0 and (data["from"], data["to"]) == ("2026-03-13", "2026-03-19")
    counts = [p["digests"] for p in data["papers"]]
    assert counts == sorted(counts, reverse=True) and counts[0] == 2 and counts[-1] == 1


def test_stats_table_with_chart_and_ascii_fallback(capsys, synced_store, monkeypatch):
    Bookmarks(synced_store).toggle_bookmark(key_of(synced_store, NTK))
    store = str(synced_store.path)
    code, out, _ = run(capsys, "--store", store, "stats")
    assert code == 0
    assert "2026-03-14" in out and "58" in out and "47" in out  # papers per digest day
    assert "█" in out and "kernel" in out and "Reading list" in out
    monkeypatch.setenv("PAPERTERM_ASCII", "1")
    code, out, _ = run(capsys, "--store", store, "stats")
    assert code == 0 and "█" not in out and "#" in out and out.isascii()


def test_stats_json_keeps_the_old_figures_and_adds_the_new(capsys, synced_store):
    code, out, _ = run(capsys, "--store", str(synced_store.path), "stats", "--json")
    data = json.loads(out)
    assert code == 0 and data["papers"] == 80 and data["digests"] == 2  # as before
    assert data["unread"] == 80
    assert data["per_day"] == [
        {"date": "2026-03-14", "papers": 58},
        {"date": "2026-03-19", "papers": 47},
    ]
    assert any(t["term"] == "kernel" for t in data["new_terms"]["7d"])


def test_hostile_titles_never_reach_the_terminal_raw(capsys, synced_store):
    with synced_store.write() as conn:
        conn.execute(
            "UPDATE papers SET title = title || ' [red]x[/red] ' || char(27) || '[2J'"
            " WHERE title = ?",
            (NTK,),
        )
    store = str(synced_store.path)
    for argv in (
        ["trending", "-n", "100"],
        ["related", key_of(synced_store, "Feature Learning in Infinite-Width Neural Networks")],
    ):
        code, out, _ = run(capsys, "--store", store, *argv)
        assert code == 0 and "\x1b" not in out
