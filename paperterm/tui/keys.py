"""The key the user presses for a binding id, after the config's keymap: hints never lie."""

from __future__ import annotations

from textual.binding import Binding
from textual.dom import DOMNode


def key_for(node: DOMNode, binding_id: str, default: str) -> str:
    """How the first key of ``binding_id`` is shown (``b``, ``?``, ``ctrl+s``).

    ``default`` is the binding's own key, used when the keymap does not remap the id.
    """
    try:
        app = node.app
    except Exception:  # not mounted (a renderable built outside an app): the default key
        return default.split(",")[0]
    config = getattr(app, "config", None)
    keymap = getattr(config, "keymap", None) or {}
    keys = [k.strip() for k in str(keymap.get(binding_id, default)).split(",") if k.strip()]
    return app.get_key_display(Binding(keys[0] if keys else default, ""))
