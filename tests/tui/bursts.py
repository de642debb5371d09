"""Posting whole key bursts to a running app without waiting between keys.

Pilot's `press` waits for the app to settle after every key, which hides ordering bugs
(Textual issue #6605): a person typing fast, or a text expander, does not wait.
"""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.pilot import Pilot

from tests.tui.helpers import typed_key as key_event


def keys_of(text: str) -> list[str]:
    """Each character of `text` as a key; `\\n` as Enter."""
    return ["enter" if c == "\n" else c for c in text]


async def burst(pilot: Pilot, *keys: str, settle: int = 30) -> None:
    """Send every key at once, then let the app work through them."""
    app: App = pilot.app
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app.post_message(event)
    for _ in range(settle):
        await pilot.pause()


async def paste(pilot: Pilot, text: str, settle: int = 10) -> None:
    """A bracketed paste, as the terminal delivers it: one event with every line."""
    pilot.app.post_message(events.Paste(text))
    for _ in range(settle):
        await pilot.pause()
