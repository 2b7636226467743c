"""Textual's parsed stylesheet kept between runs (each start parsed every rule: ~15-25 ms)."""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from pathlib import Path

import textual
from textual.css.stylesheet import Stylesheet

from paperterm.atomic import write_atomic

CACHE_FILE = "tui-styles.cache"
FORMAT = 1


def _key(stylesheet: Stylesheet) -> str:
    """What the parsed rules depend on besides their text: the theme's variables and the
    Textual install (its package file changes with every upgrade)."""
    package = Path(textual.__file__).stat()
    variables = sorted(stylesheet._variables.items())
    made = repr((FORMAT, textual.__file__, package.st_mtime_ns, package.st_size, variables))
    return hashlib.sha256(made.encode()).hexdigest()


class StyleCache:
    """Seeds ``stylesheet``'s parse cache from ``path``; ``save`` keeps what was parsed.

    Textual looks rules up by their CSS text and origin, so a cached entry is only used for
    the same text; a theme change clears the parse cache (``Stylesheet.set_variables``). A
    file that is torn, damaged or from another theme or Textual is ignored (parsed anew).
    """

    def __init__(self, stylesheet: Stylesheet, path: Path) -> None:
        self.path = path
        self._loaded: set[tuple] = set()
        with contextlib.suppress(Exception):  # a cache: anything wrong means parse again
            key, rules = pickle.loads(path.read_bytes())
            if key == _key(stylesheet):
                for source, parsed in rules.items():
                    stylesheet._parse_cache.set(source, parsed)
                self._loaded = set(rules)

    def save(self, stylesheet: Stylesheet) -> None:
        """Write ``stylesheet``'s parse cache when it holds rules the file lacks (best effort;
        the app's stylesheet, which Textual's CSS watcher may have replaced)."""
        cache = stylesheet._parse_cache
        rules = {source: cache.get(source) for source in list(cache.keys())}
        if set(rules) <= self._loaded:
            return
        with contextlib.suppress(Exception):
            data = pickle.dumps((_key(stylesheet), rules), protocol=pickle.HIGHEST_PROTOCOL)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, data, force=True)
            self._loaded = set(rules)
