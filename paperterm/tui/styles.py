"""Where the reader's .tcss files are: inside the installed package, else the checkout."""

from __future__ import annotations

from pathlib import Path

STYLE_FILES = ("app.tcss", "main.tcss", "reading.tcss", "modals.tcss", "views.tcss")


def styles_dir() -> Path:
    """The .tcss files: inside the installed package, else the checkout's top-level styles/."""
    here = Path(__file__).resolve().parent.parent  # .../paperterm
    packaged = here / "styles"
    return packaged if packaged.is_dir() else here.parent / "styles"


def css_paths() -> list[Path]:
    base = styles_dir()
    return [base / name for name in STYLE_FILES]
