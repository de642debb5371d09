"""Posting whole key bursts to a running app without waiting between keys.

Pilot's `press` waits for the app to settle after every key, which hides ordering bugs
(Textual issue #6605): a person typing fast, or a text expander, does not wait.
"""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from callmate.tui.widgets.key_order import key_order
from tests.tui.helpers import typed_key as key_event

#: Quiet pauses in a row that count as "the app has finished acting on the keys".
QUIET_PAUSES = 3


def keys_of(text: str) -> list[str]:
    """Each character of `text` as a key; `\\n` as Enter."""
    return ["enter" if c == "\n" else c for c in text]


def _state(app: App) -> tuple[object, ...]:
    """What a key could still change: the screen, the focus, every field's text, the queues."""
    screen = app.screen
    nodes = [app, *screen.walk_children(with_self=True)]
    fields = tuple((f.id, f.value, f.cursor_position) for f in screen.query(Input))
    return (
        len(app.screen_stack),
        type(screen).__name__,
        app.focused.id if app.focused is not None else None,
        fields,
        sum(node.message_queue_size for node in nodes),
    )


async def settle(pilot: Pilot, most: int = 30) -> None:
    """Pause until the app is quiet: no typed key held back for an earlier key's effect, no
    message waiting, and nothing a key changes (screen, focus, fields) moved for
    `QUIET_PAUSES` pauses in a row; at most `most` pauses (then the test's own checks say what
    did not arrive)."""
    app = pilot.app
    order = key_order(app)
    quiet = 0
    before: tuple[object, ...] | None = None
    for _ in range(most):
        await pilot.pause()
        now = _state(app)
        busy = order.busy or bool(order.held) or now[-1] != 0
        quiet = quiet + 1 if (now == before and not busy) else 0
        before = now
        if quiet >= QUIET_PAUSES:
            return


async def burst(pilot: Pilot, *keys: str, settle_most: int = 30) -> None:
    """Send every key at once, then let the app work through them."""
    app: App = pilot.app
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app.post_message(event)
    await settle(pilot, settle_most)


async def paste(pilot: Pilot, text: str, settle_most: int = 10) -> None:
    """A bracketed paste, as the terminal delivers it: one event with every line."""
    pilot.app.post_message(events.Paste(text))
    await settle(pilot, settle_most)
