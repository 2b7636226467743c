"""JSON text that keeps every value exact yet is safe to print: no raw control characters."""

from __future__ import annotations

import json
import re
from typing import Any

# Valid raw in JSON strings, but unsafe on a terminal (DEL, C1 controls such as CSI U+009B),
# able to reorder the text around them (bidi controls) or taken as line breaks by some readers
# (U+2028, U+2029). json.dumps already escapes C0 controls.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def dumps(data: Any, *, indent: int | None = 2) -> str:
    """``json.dumps`` with readable non-ASCII text and the unsafe characters escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
