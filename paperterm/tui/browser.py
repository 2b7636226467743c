"""Opening a link: a browser when one can show it, else the caller copies the link."""

from __future__ import annotations

import os
import sys
import webbrowser
from collections.abc import Mapping


def browser_blocker(env: Mapping[str, str] | None = None, platform: str | None = None) -> str:
    """Why no browser can be opened here ("" when one can): SSH, or no display on Linux."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY") or env.get("SSH_CLIENT"):
        return "over SSH"
    if platform.startswith(("linux", "freebsd", "openbsd", "netbsd")) and not (
        env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("BROWSER")
    ):
        # A console browser (lynx, w3m) would fight the reader for the terminal.
        return "no graphical display"
    return ""


def open_in_browser(url: str) -> bool:
    """Ask the system browser to open ``url``; False when it could not."""
    try:
        return bool(webbrowser.open(url, new=2))
    except (webbrowser.Error, OSError):
        return False
