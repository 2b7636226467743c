"""The hostile fixture folder and its generator, shared by the tests that use them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"


def load_make():
    """tests/fixtures/hostile/make.py as a module (the fixtures and their expectations)."""
    if "hostile_make" in sys.modules:
        return sys.modules["hostile_make"]
    spec = importlib.util.spec_from_file_location("hostile_make", HOSTILE / "make.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["hostile_make"] = module
    spec.loader.exec_module(module)
    return module
