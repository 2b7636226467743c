"""Exit statuses a cron job can use: 0 clean, 1 errors, 4 completed with warnings."""

from __future__ import annotations

import shutil
from pathlib import Path

from paperterm.cli import main
from paperterm.sync import SyncReport
from paperterm.sync.engine import WARNINGS_EXIT


def test_clean_sync_exits_0(tmp_path: Path, digests_dir, capsys) -> None:
    assert main(["--store", str(tmp_path / "s.db"), "sync", str(digests_dir)]) == 0


def test_empty_file_is_a_warning_exit_4_not_an_error(tmp_path: Path, digests_dir, capsys):
    folder = tmp_path / "in"
    shutil.copytree(digests_dir, folder)
    (folder / "empty.txt").write_bytes(b"")
    code = main(["--store", str(tmp_path / "s.db"), "sync", str(folder)])
    err = capsys.readouterr().err
    assert code == WARNINGS_EXIT == 4
    assert "empty.txt:1: empty file" in err


def test_errors_exit_1_and_win_over_warnings(tmp_path: Path, digests_dir, capsys) -> None:
    folder = tmp_path / "in"
    shutil.copytree(digests_dir, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.txt").write_text("Subscribe\n\nA title\n\nNo date line anywhere.\n")
    assert main(["--store", str(tmp_path / "s.db"), "sync", str(folder)]) == 1


def test_report_exit_code_is_pure() -> None:
    from paperterm.models import Issue

    report = SyncReport()
    assert report.exit_code() == 0
    report.warnings.append(Issue("f.txt", 1, "w", "warning"))
    assert report.exit_code() == 4
    report.errors.append(Issue("f.txt", 2, "e"))
    assert report.exit_code() == 1
