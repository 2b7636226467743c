"""``paperterm search``: the same ranking as the service, spans in JSON, errors on stderr."""

from __future__ import annotations

import json

from paperterm.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_hits_carry_fields_score_and_spans(capsys, tmp_path, digests_dir):
    store = str(tmp_path / "t.db")
    assert run(capsys, "--store", store, "sync", str(digests_dir))[0] == 0
    code, out, _ = run(capsys, "--store", store, "search", "--json", "-n", "3", "kernl densty")
    assert code == 0
    hits = json.loads(out)
    first = hits[0]
    assert first["title"] == "Kernel Density Estimators in Large Dimensions"
    assert {"key", "title", "abstract", "first_seen", "last_seen", "seen"} <= set(first)
    assert first["abstract"]  # the full paper, not the light one the index holds
    assert [first["title"][a:b] for a, b in first["spans"]] == ["Kernel", "Density"]
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_exclusions_and_filters_in_one_quoted_argument(capsys, tmp_path, digests_dir):
    store = str(tmp_path / "t.db")
    run(capsys, "--store", store, "sync", str(digests_dir))
    code, out, _ = run(capsys, "--store", store, "search", "--json", "kernel -density seen:>=2")
    assert code == 0
    hits = json.loads(out)
    assert hits and all(h["seen"] >= 2 for h in hits)
    assert all("density" not in h["title"].lower() for h in hits)


def test_malformed_query_exits_2_with_one_line_on_stderr(capsys, tmp_path, digests_dir):
    store = str(tmp_path / "t.db")
    run(capsys, "--store", store, "sync", str(digests_dir))
    code, out, err = run(capsys, "--store", store, "search", "date:2026-02-30")
    assert code == 2 and out == ""
    assert 'bad date "2026-02-30"' in err and err.strip().count("\n") == 0
