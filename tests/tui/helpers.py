"""Driving the real app in tests: a fixed clock, a real store in a temp folder, typing."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from functools import cache
from pathlib import Path

from textual import events
from textual.geometry import Offset
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot, _get_mouse_message_arguments
from textual.widgets import Input

from callmate.core.catalog import resolve_playbook
from callmate.core.persona import Persona
from callmate.core.persona_loader import load_persona, resolve_persona
from callmate.core.playbook import Playbook
from callmate.core.playbook_loader import load_playbook
from callmate.store import Store
from callmate.tui.app import CallmateApp, CallRequest
from tests.conftest import START


class StepClock:
    """A clock that stays put unless a test moves it, so screens and snapshots are repeatable."""

    def __init__(self, at: datetime = START) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@cache
def bundled_playbook(name: str) -> Playbook:
    """A bundled playbook, read and checked once per test process: loading one takes about a
    second, and playbooks are frozen, so the tests that drive the app with it share one."""
    return load_playbook(resolve_playbook(name))


@cache
def bundled_persona(name: str) -> Persona:
    """A bundled practice persona, read and checked once per test process (frozen, shared)."""
    return load_persona(resolve_persona(name))


def call_app(store_dir: Path, playbook: Playbook, **kwargs: object) -> CallmateApp:
    request = CallRequest(playbook, "Pat Quill", "Hollow Pines Dental")
    return CallmateApp(Store(store_dir), start=request, clock=StepClock(), **kwargs)  # type: ignore[arg-type]


def typed_key(key: str) -> events.Key:
    """The key event `Pilot.press(key)` sends (textual/app.py `_press_keys`), made the same way."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    char: str | None
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def type_text(pilot: Pilot, text: str, *, enter: bool = True) -> None:
    """Type into the focused input key by key, as a quick typist would.

    Every character is a real key event posted to the app, in order, as `Pilot.press` sends
    it; only the settling differs: `press` waits for the app to go idle after each key (about
    40 ms a key, most of the TUI suite's time), here the app settles once, after the Enter (or
    after the text when there is none). Keys arriving faster than the app settles is what real
    typing does; the burst tests (bursts.py) push that further.
    """
    app = pilot.app
    for key in text:  # queued now, so they are ahead of the Enter below and of pause's checks
        event = typed_key(key)
        event.set_sender(app)
        app.post_message(event)
    if enter:
        await pilot.press("enter")
    else:
        await pilot.pause()


def focused_input(pilot: Pilot) -> Input:
    focused = pilot.app.focused
    assert isinstance(focused, Input), f"focus is on {focused!r}, not an input"
    return focused


async def click_every_cell(pilot: Pilot, selector: str) -> int:
    """Click each cell of a widget once, as `Pilot.click` does (down, up, click, each forwarded
    to the screen, which reads the style and any link under the mouse at that moment), but
    without settling between clicks: one settle at the end. Returns how many cells it clicked."""
    app = pilot.app
    screen = app.screen
    widget = screen.query_one(selector)
    clicks = 0
    for y in range(widget.size.height):
        for x in range(widget.size.width):
            where = _get_mouse_message_arguments(widget, (x, y), button=1)
            app.mouse_position = Offset(where["x"], where["y"])
            screen._forward_event(events.MouseDown(**where))
            screen._forward_event(events.MouseUp(**where))
            screen._forward_event(events.Click(**where, chain=1))
            clicks += 1
    await pilot.pause()
    return clicks
