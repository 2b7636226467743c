"""Run the paperterm CLI as a user that file permissions apply to (root ignores chmod)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

NOBODY = 65534


def run_cli(args: list[str], *, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m paperterm ARGS`` as an ordinary user; skips when that is impossible."""
    command = [sys.executable, "-m", "paperterm", *args]
    if os.getuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: permissions cannot be tested")
        command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
        command += [sys.executable, "-m", "paperterm", *args]
    env = {**os.environ, "HOME": str(cwd), "NO_COLOR": "1", "COLUMNS": "200"}
    for name in ("CONFIG", "DATA", "CACHE", "STATE"):
        env[f"XDG_{name}_HOME"] = str(cwd / f".xdg-{name.lower()}")
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=180, check=False
    )


def world_readable(path: Path) -> None:
    """Let the ordinary user reach ``path`` (tmp_path's parents are private to root)."""
    for part in [path, *path.parents]:
        if part == Path("/"):
            break
        part.chmod(part.stat().st_mode | 0o555)
