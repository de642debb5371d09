"""Driving the real app in tests: a fixed clock, a real store in a temp folder, typing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from callmate.core.playbook import Playbook
from callmate.store import Store
from callmate.tui.app import CallmateApp, CallRequest
from tests.conftest import START


class StepClock:
    """A clock that stays put unless a test moves it, so screens and snapshots are repeatable."""

    def __init__(self, at: datetime = START) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def call_app(store_dir: Path, playbook: Playbook, **kwargs: object) -> CallmateApp:
    request = CallRequest(playbook, "Pat Quill", "Hollow Pines Dental")
    return CallmateApp(Store(store_dir), start=request, clock=StepClock(), **kwargs)  # type: ignore[arg-type]


async def type_text(pilot: Pilot, text: str, *, enter: bool = True) -> None:
    """Type into the focused input key by key, as a rep would."""
    await pilot.press(*text)
    if enter:
        await pilot.press("enter")


def focused_input(pilot: Pilot) -> Input:
    focused = pilot.app.focused
    assert isinstance(focused, Input), f"focus is on {focused!r}, not an input"
    return focused
