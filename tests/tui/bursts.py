"""Posting whole key bursts to a running app without waiting between keys.

Pilot's `press` waits for the app to settle after every key, which hides ordering bugs
(Textual issue #6605): a person typing fast, or a text expander, does not wait.
"""

from __future__ import annotations

import unicodedata

from textual import events
from textual.app import App
from textual.keys import _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot


def key_event(key: str) -> events.Key:
    """The event a terminal sends for `key` (a character or a key name such as "enter")."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(key))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


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
