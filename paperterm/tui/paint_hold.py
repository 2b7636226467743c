"""One frame per keystroke: the search bar's echo waits, briefly, for the search's results.

Without this a keystroke paints twice: the typed letter at once, then the new list and detail
a frame or more later (Textual paints at most every 1/60 s, so the second frame waited for
the next tick, and each frame re-renders what changed). Held, the letter, the list and the
detail reach the terminal in one frame; a search slower than ``HOLD`` lets the letter go
first, so typing never waits for it longer than that.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from textual.app import App
from textual.screen import Screen
from textual.timer import Timer

HOLD = 0.025  # seconds the screen waits for a search's results before painting anyway

_held: WeakKeyDictionary[App, Timer] = WeakKeyDictionary()


def hold(app: App) -> None:
    """Paint nothing until ``release`` or ``HOLD`` seconds from the first hold."""
    if app in _held or not app.is_running:
        return
    app._begin_batch()  # what App.batch_update does, across awaits
    _held[app] = app.set_timer(HOLD, lambda: release(app), name="paint-hold")


def flush_and_release(screen: Screen) -> None:
    """Paint the screen's changes in one frame: every widget's refresh request goes to the
    screen now, then the hold ends behind them.

    A widget hands its refresh to the screen only once its own message queue is idle, so
    after a search some of the panes would miss the frame and wait for the next one (1/60 s).
    """
    for widget in screen.walk_children(with_self=False):
        widget._check_refresh()  # what the widget's idle handler would do
        for bar in (widget._vertical_scrollbar, widget._horizontal_scrollbar):
            if bar is not None:  # scroll bars are no children: walked here by hand
                bar._check_refresh()
    screen.call_later(release, screen.app)


def release(app: App) -> None:
    """Paint what changed meanwhile, in one frame (nothing held: nothing to do)."""
    timer = _held.pop(app, None)
    if timer is None:
        return
    timer.stop()
    app._end_batch()


def held(app: App) -> bool:
    return app in _held
