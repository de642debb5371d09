"""Work that follows the first frame waits until the keys typed meanwhile are on screen.

Why: after the call screen's first frame (the question and its answer field) come the panes,
the footer, the index write and the look for an open next step. Each takes the event loop for a
while, and laying the panes out makes the next paint a whole-screen one: a key typed as the
question appeared used to wait for all of it before its echo showed (a third of a second on a
busy machine). Here the steps run one per turn of the App, the first after a repaint, and each
only once no key is waiting in the App, the screen or the focused field; until then it is put
back behind the next repaint, so the echo is painted first. The cheap steps (index write,
follow-up look) come first and the panes last. A key is never held back: only the work is.

The first step also waits ``GRACE_S`` after that repaint: a key typed the moment the question
showed is still on its way then (the terminal, the input thread), not yet waiting anywhere the
steps could see it, and would otherwise wait behind the first step (the index write takes tens
of ms with 10,000 calls). Headless (tests) there is no terminal and no grace. A rep typing
without a pause would put the panes off for ever: after ``PATIENCE_S`` the work runs anyway.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from typing import Any

from textual.app import App

from callmate.startup_trace import mark

#: The longest the steps wait, in all, for a gap in the typing.
PATIENCE_S = 0.5
#: After the repaint, how long the first step leaves to keys already typed but not yet read.
GRACE_S = 0.1

Step = Callable[[], object]


def keys_waiting(app: App[Any]) -> bool:
    """True while a message is queued where a typed key passes (the App reads it, the screen
    hands it on, the focused field acts on it)."""
    screen = app.screen_stack[-1] if app.screen_stack else None
    pumps = [app, screen, screen.focused if screen is not None else None]
    return any(pump is not None and pump.message_queue_size for pump in pumps)


class _Steps:
    """One app's steps, in order: the first after a repaint, each once no key is waiting, one
    per turn of the App (so a key that arrives between two of them is handled and painted
    before the next).

    A single chain: its own pending callback is the only one it ever queues, so it never
    mistakes another step's for a key."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.steps: list[Step] = []
        self.give_up_at = 0.0

    def add(self, step: Step) -> None:
        if not self.steps:
            self.give_up_at = time.monotonic() + PATIENCE_S
            self.app.call_after_refresh(self._after_grace)
        self.steps.append(step)

    def _after_grace(self) -> None:
        mark("repainted")
        if self.app.is_headless:  # no terminal: no key can be on its way (tests post them)
            self._attempt()
        else:
            self.app.set_timer(GRACE_S, self._attempt)

    def _attempt(self) -> None:
        if not self.steps:
            return
        if keys_waiting(self.app) and time.monotonic() < self.give_up_at:
            self.app.call_after_refresh(self._attempt)  # after the keys' echo is painted
            return
        step = self.steps.pop(0)
        try:
            step()
            mark(f"after: {_name(step)}")
        finally:
            if self.steps:  # the next one in the App's next turn: a key read by then goes first
                self.app.call_later(self._attempt)


def _name(step: Step) -> str:
    """What a step is called in a start-up trace (a partial is named by its function)."""
    func = getattr(step, "func", step)
    return str(getattr(func, "__name__", "step"))


_chains: weakref.WeakKeyDictionary[App[Any], _Steps] = weakref.WeakKeyDictionary()


def after_keys(app: App[Any], step: Step) -> None:
    """Run ``step`` after a repaint, once the keys typed so far have been handled and painted
    (or, in all, ``PATIENCE_S`` has passed); steps given earlier run first."""
    chain = _chains.get(app)
    if chain is None:
        chain = _chains[app] = _Steps(app)
    chain.add(step)
