"""The trending window: ``[discover] trending_days`` in config.toml, used by sort:trending,
``paperterm trending`` and ``search --sort trending`` over the two real digests (Mar 14, 19)."""

from __future__ import annotations

import json
from pathlib import Path

from paperterm.cli import main
from paperterm.config import parse_config
from paperterm.search import SearchService


def test_trending_days_is_read_and_checked(tmp_path: Path):
    path = tmp_path / "config.toml"
    assert parse_config("", path).discover.trending_days == 7
    config = parse_config("[discover]\ntrending_days = 3\n", path)
    assert config.discover.trending_days == 3 and not config.problems
    bad = parse_config("[discover]\ntrending_days = 0\nwindow = 2\n", path)
    assert bad.discover.trending_days == 7
    assert any("trending_days" in p and ":2:" in p for p in bad.problems), bad.problems
    assert any("window" in p for p in bad.problems), bad.problems


def test_config_check_reports_a_bad_trending_days(tmp_path: Path, capsys):
    path = tmp_path / "config.toml"
    path.write_text('[discover]\ntrending_days = "a week"\n', encoding="utf-8")
    assert main(["--config", str(path), "config", "check"]) == 1
    assert "trending_days" in capsys.readouterr().out
    path.write_text("[discover]\ntrending_days = 14\n", encoding="utf-8")
    assert main(["--config", str(path), "config", "check"]) == 0


def test_sort_trending_counts_only_the_window(synced_store):
    week = SearchService(synced_store, cache=False)
    seen = [h.paper.seen for h in week.search("sort:trending").hits]
    assert seen[0] == 2 and seen == sorted(seen, reverse=True)  # both digests in 7 days
    # One day: only the Mar 19 digest counts, so a paper seen on the 14th only (count 0)
    # never ranks above one of the 19th, whichever digests it was in before.
    day = SearchService(synced_store, cache=False, trending_days=1)
    hits = list(day.search("sort:trending").hits)
    on_19th = [h.paper.last_seen.isoformat() == "2026-03-19" for h in hits]
    first_out = on_19th.index(False)
    assert first_out > 0 and not any(on_19th[first_out:])


def test_cli_trending_takes_its_window_from_the_config(tmp_path: Path, capsys, synced_store):
    path = tmp_path / "config.toml"
    path.write_text("[discover]\ntrending_days = 2\n", encoding="utf-8")
    store = str(synced_store.path)
    args = ["--config", str(path), "--store", store, "trending", "--json", "-n", "200"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["from"], data["to"]) == ("2026-03-18", "2026-03-19")
    assert {p["digests"] for p in data["papers"]} == {1}  # one digest in the window
    assert main([*args, "--days", "7"]) == 0
    assert json.loads(capsys.readouterr().out)["papers"][0]["digests"] == 2
    search = ["--config", str(path), "--store", store, "search", "", "--sort", "trending"]
    assert main([*search, "--json", "-n", "200"]) == 0
    last_seen = [p["last_seen"] for p in json.loads(capsys.readouterr().out)]
    in_window = last_seen.count("2026-03-19")
    assert 0 < in_window < len(last_seen)  # Mar 19's papers first, then the 14th's only
    assert set(last_seen[:in_window]) == {"2026-03-19"}, last_seen
