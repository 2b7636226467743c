"""`paperterm config`, `paperterm sources`, and `paperterm sync` over configured sources."""

from __future__ import annotations

import json
import mailbox
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest

from paperterm.cli import main
from paperterm.config import load_config
from paperterm.store import Store, stats


@pytest.fixture
def cfg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "conf" / "config.toml"
    monkeypatch.setenv("PAPERTERM_CONFIG", str(path))
    monkeypatch.setenv("PAPERTERM_STORE", str(tmp_path / "store.db"))
    return path


@pytest.fixture
def mbox(tmp_path: Path) -> Path:
    msg = EmailMessage()
    msg["From"] = "Hugging Face <papers@huggingface.co>"
    msg["Subject"] = "Daily Papers"
    msg["Date"] = "Fri, 15 Mar 2024 08:00:00 +0000"
    msg["Message-ID"] = "<cli@hf>"
    msg.set_content("Mar 15\n\nA Paper From The Mailbox\n\nIts abstract. Short and clear.\n")
    path = tmp_path / "hf.mbox"
    box = mailbox.mbox(str(path))
    box.add(msg)
    box.close()
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_config_path_show_and_problems(cfg, capsys, monkeypatch):
    status, out, _ = run(capsys, "config", "path")
    assert status == 0 and out.strip() == str(cfg)
    status, out, _ = run(capsys, "--config", "/elsewhere.toml", "config", "path")
    assert out.strip() == "/elsewhere.toml"
    monkeypatch.delenv("PAPERTERM_CONFIG")  # the default place: missing means the defaults
    status, out, _ = run(capsys, "config", "show")
    assert status == 0 and "does not exist" in out and 'base_url = "https://huggingface.co"' in out
    monkeypatch.setenv("PAPERTERM_CONFIG", str(cfg))
    cfg.parent.mkdir()
    cfg.write_text('[ui]\nmark_read_on_open = "no"\n')
    status, out, err = run(capsys, "config", "show")
    assert status == 1
    assert f"{cfg}:2: ui.mark_read_on_open: expected true or false" in err.replace("\n", "")


def test_sources_add_list_remove(cfg, tmp_path, mbox, digests_dir, capsys):
    cfg.parent.mkdir()
    cfg.write_text("")
    status, out, _ = run(capsys, "sources", "list")
    assert status == 0 and "No sources configured" in out
    assert run(capsys, "sources", "add", "inbox", str(mbox))[0] == 0
    assert run(capsys, "sources", "add", "saved", str(digests_dir))[0] == 0
    status, out, _ = run(capsys, "sources", "add", "hf")
    assert status == 0 and "Added source hf (hf)" in out
    maildir = tmp_path / "Maildir"
    mailbox.Maildir(str(maildir), create=True).close()
    run(capsys, "sources", "add", "md", str(maildir), "--from", "me@example.org")
    config = load_config(cfg)
    assert config.problems == ()
    assert [(s.name, s.type) for s in config.sources] == [
        ("inbox", "mailbox"),
        ("saved", "folder"),
        ("hf", "hf"),
        ("md", "mailbox"),
    ]
    assert config.source("md").mail.senders == ("me@example.org",)
    status, out, _ = run(capsys, "sources", "list", "--json")
    assert '"name": "inbox"' in out and '"type": "mailbox"' in out
    status, out, err = run(capsys, "sources", "add", "inbox", str(mbox))
    assert status == 1 and "already exists" in err
    status, out, err = run(capsys, "sources", "add", "bad name!", str(mbox))
    assert status == 2 and "not a usable source name" in err
    status, out, _ = run(capsys, "sources", "remove", "INBOX")
    assert status == 0 and "Removed source inbox" in out
    assert [s.name for s in load_config(cfg).sources] == ["saved", "hf", "md"]
    status, _, err = run(capsys, "sources", "remove", "inbox")
    assert status == 1 and "No source named 'inbox'" in err


def test_sync_all_configured_sources_then_again(cfg, mbox, digests_dir, capsys):
    run(capsys, "sources", "add", "inbox", str(mbox))
    run(capsys, "sources", "add", "saved", str(digests_dir))
    status, out, err = run(capsys, "sync")
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("inbox: 1 digest · 1 paper (1 new)")
    assert lines[1].startswith("saved: 2 digests · 80 papers (80 new)")
    assert lines[2].startswith("total: 3 digests · 81 papers (81 new)")
    status, out, _ = run(capsys, "sync")
    assert status == 0 and "total: 0 digests · 0 papers (0 new)" in out
    assert "3 unchanged" in out


def test_sync_one_source_and_an_unknown_one(cfg, mbox, digests_dir, capsys):
    run(capsys, "sources", "add", "inbox", str(mbox))
    run(capsys, "sources", "add", "saved", str(digests_dir))
    status, out, _ = run(capsys, "sync", "--source", "inbox")
    assert status == 0 and out.startswith("1 digest · 1 paper (1 new)")
    status, _, err = run(capsys, "sync", "--source", "nope")
    assert status == 2
    assert "no source named 'nope' (configured: inbox, saved)" in err.replace("\n", " ")


def test_quiet_prints_only_errors(cfg, mbox, tmp_path, capsys):
    run(capsys, "sources", "add", "inbox", str(mbox))
    status, out, err = run(capsys, "sync", "--quiet")
    assert (status, out, err) == (0, "", "")
    run(capsys, "sources", "add", "gone", str(tmp_path / "missing"))
    status, out, err = run(capsys, "sync", "--quiet")
    assert status == 1 and out == ""
    assert "missing: no such file or folder" in err


def test_sync_path_recognises_a_mailbox(cfg, mbox, capsys):
    renamed = mbox.rename(mbox.with_name("no-extension"))
    status, out, _ = run(capsys, "sync", str(renamed))
    assert status == 0 and "1 paper (1 new)" in out
    store = Store(Path(str(cfg.parent.parent / "store.db")))
    assert {r[0] for r in store.conn.execute("SELECT locator FROM origins")} == {"mail:cli@hf"}
    store.close()


def test_no_sources_and_an_empty_store_loads_the_sample(cfg, capsys, monkeypatch):
    monkeypatch.delenv("PAPERTERM_CONFIG")  # no config file at the default place
    status, out, _ = run(capsys, "sync")
    assert status == 0 and "loading the bundled sample" in out
    status, _, err = run(capsys, "sync")
    assert status == 2 and "No sources configured" in err.replace("\n", " ")


def test_broken_config_stops_a_plain_sync(cfg, capsys):
    cfg.parent.mkdir()
    cfg.write_text("[sources.x\n")
    status, out, err = run(capsys, "sync")
    assert status == 2
    assert f"{cfg}:1: invalid TOML" in err.replace("\n", "")
    assert "paperterm config edit" in err
    store = Store(cfg.parent.parent / "store.db")
    assert stats(store.conn)["papers"] == 0  # no sample loaded over a broken config
    store.close()


def test_config_edit_creates_the_template_and_validates(cfg, tmp_path, monkeypatch, capsys):
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\n"
        "with open(sys.argv[1], 'a') as f:\n"
        "    f.write('\\n[sources.notes]\\npath = \"/tmp/notes\"\\n')\n"
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {editor}")
    status, _, err = run(capsys, "config", "edit")
    assert status == 0 and "Config OK" in err
    assert "# [sources.inbox]" in cfg.read_text()
    assert [s.name for s in load_config(cfg).sources] == ["notes"]
    editor.write_text(
        "import sys\nwith open(sys.argv[1], 'a') as f:\n    f.write('[ui]\\ntheme = 1\\n')\n"
    )
    status, _, err = run(capsys, "config", "edit")
    assert status == 1 and "Next: paperterm config edit" in err


def test_hf_options_only_with_hf(cfg, capsys):
    status, _, err = run(capsys, "sync", "--days", "3")
    assert status == 2 and "--since and --days go with paperterm sync hf" in err
    with pytest.raises(SystemExit):
        main(["sync", "hf", "--since", "March"])


def test_progress_is_reported_per_source(cfg, mbox, digests_dir, capsys):
    from paperterm.sync.sources.configured import configured_jobs

    run(capsys, "sources", "add", "inbox", str(mbox))
    run(capsys, "sources", "add", "saved", str(digests_dir))
    seen: list[tuple[str, int, int]] = []
    store = Store(cfg.parent.parent / "store.db")
    for job in configured_jobs(load_config(cfg)):
        job.run(store, lambda p: seen.append((p.source, p.done, p.total)))
    store.close()
    assert seen[0] == ("inbox", 0, 1) and ("inbox", 1, 1) in seen
    assert ("saved", 0, 2) in seen and seen[-1] == ("saved", 2, 2)


def test_a_missing_config_named_by_flag_or_env_is_reported(cfg, digests_dir, capsys):
    """$PAPERTERM_CONFIG (the cfg fixture) or --config naming no file is not quietly ignored."""
    expected = f"Config file {cfg} does not exist. Next: paperterm config edit to create it"
    for argv in (["sync"], ["sources", "list"], ["config", "show"], ["sources", "remove", "x"]):
        status, out, err = run(capsys, *argv)
        assert status == 2 and expected in " ".join(err.split()), argv
        assert err.count("does not exist") == 1 and out == "", argv
    other = cfg.parent / "other.toml"
    status, _, err = run(capsys, "--config", str(other), "sources", "list", "--json")
    assert status == 2 and "or check --config." in " ".join(err.split())
    status, out, err = run(capsys, "config", "path")
    assert status == 0 and out.strip() == str(cfg) and "does not exist" in err
    # A path to sync needs no config: the defaults are used, with the warning.
    status, out, err = run(capsys, "sync", str(digests_dir))
    assert status == 0 and "80 papers (80 new)" in out and expected in " ".join(err.split())
    # Adding a source creates the file; then it is there.
    assert run(capsys, "sources", "add", "saved", str(digests_dir))[0] == 0
    status, out, err = run(capsys, "sources", "list")
    assert status == 0 and "saved" in out and err == ""


def test_a_missing_default_config_is_the_defaults_silently(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PAPERTERM_STORE", str(tmp_path / "store.db"))
    status, out, err = run(capsys, "sources", "list")
    assert status == 0 and "No sources configured" in out and err == ""
    status, out, err = run(capsys, "config", "show")
    assert status == 0 and "these are the defaults" in out and err == ""


def test_sync_of_an_empty_folder_warns_but_succeeds(cfg, digests_dir, tmp_path, capsys):
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)
    (empty / "notes.pdf").write_bytes(b"%PDF-1.4 not a digest")
    cfg.parent.mkdir()
    cfg.write_text("")
    status, out, err = run(capsys, "sync", str(empty))
    err = " ".join(err.split())
    assert status == 4 and out.startswith("0 digests")  # 4: completed with warnings
    assert f"{empty}: no digest files found under this folder" in err
    status, out, _ = run(capsys, "sync", "--json", str(empty))
    assert status == 4 and "no digest files found" in json.loads(out)["warnings"][0]
    # Only the folder that gave nothing is named, also next to one that did.
    status, out, err = run(capsys, "sync", str(digests_dir), str(empty))
    assert status == 4 and "80 papers (80 new)" in out
    assert f"{empty}: no digest" in " ".join(err.split()) and f"{digests_dir}:" not in err
    # A folder synced before is unchanged, not empty.
    status, _, err = run(capsys, "sync", str(digests_dir))
    assert status == 0 and "no digest" not in err
    status, _, err = run(capsys, "sync", "-q", str(empty))
    assert status == 4 and err == ""  # quiet: errors only
    run(capsys, "sources", "add", "drop", str(empty))
    status, out, err = run(capsys, "sync", "--source", "drop")
    assert status == 4 and f"{empty}: no digest files found" in " ".join(err.split())


HOSTILE_NAMES = '[sources."\\u001b]0;PWNED\\u0007"]\npath = "/tmp"\n\n[sources."in\\u001b[2Jbox"]\n'


def test_source_names_from_the_config_reach_the_terminal_clean(cfg, digests_dir, capsys):
    cfg.parent.mkdir()
    cfg.write_text(HOSTILE_NAMES + f'path = "{digests_dir}"\n')
    config = load_config(cfg)
    assert [s.name for s in config.sources] == ["inbox"]
    assert len(config.problems) == 2 and "control characters" in " ".join(config.problems)
    assert all("\x1b" not in p and "\x07" not in p for p in config.problems)
    for argv in (["sources", "list"], ["config", "show"], ["sync", "--source", "inbox"]):
        status, out, err = run(capsys, *argv)
        assert "\x1b" not in out + err and "PWNED" not in out + err, argv
    assert status == 0 and "80 papers (80 new)" in out


def test_the_progress_bar_shows_source_names_as_plain_text(monkeypatch):
    """On a terminal the bar draws each source's name: no escape code, no markup from it."""
    import io

    from rich.console import Console

    from paperterm.cli import sync_cmd
    from paperterm.sync import SyncProgress, SyncReport

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120, color_system=None)
    monkeypatch.setattr(sync_cmd, "err", console)
    with sync_cmd.progress_bar(True) as update:
        update(SyncProgress("in\x1b]0;PWNED\x07box [red]x[/red]", 0, 3, "", SyncReport()))
        update(SyncProgress("in\x1b]0;PWNED\x07box [red]x[/red]", 3, 3, "", SyncReport()))
    drawn = screen.getvalue()
    assert "inbox [red]x[/red]" in drawn and "PWNED" not in drawn and "\x1b]" not in drawn
