"""Keys that arrive while earlier keys are still being acted on land in the order typed.

A terminal delivers a burst as its bytes come in: some keys reach the app before an Enter has
been acted on, others in the middle of the app's own work on it (saving the answer, showing the
next question, handing the held keys back). `Trickle` makes the worst case repeatable: one more
typed key reaches the app just before each message the app sends itself, so a key arrives at
every moment the app could be between two steps.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pytest
from textual import events
from textual.message import Message

from callmate.store import Store
from callmate.tui import app as app_module
from callmate.tui.app import CallmateApp, CallRequest
from tests.tui.bursts import key_event, keys_of
from tests.tui.helpers import StepClock

SIZE = (80, 24)
APP_CSS = Path(app_module.__file__).with_name("app.tcss")


class Trickle(CallmateApp):
    """The real app; typed keys arrive one at a time, each just before a message of the app's."""

    CSS_PATH = APP_CSS

    def __init__(self, data_dir, playbook, keys: list[str], per_message: int = 1) -> None:
        request = CallRequest(playbook, "Pat Quill", "Hollow Pines Dental")
        super().__init__(Store(data_dir), start=request, clock=StepClock())
        self.typed: deque[str] = deque(keys)
        self.per_message = per_message
        self.trickling = False

    def post_message(self, message: Message) -> bool:
        if self.trickling and not isinstance(message, events.Key):
            for _ in range(self.per_message):
                if self.typed:
                    self.type_one()
        return super().post_message(message)

    def type_one(self) -> None:
        event = key_event(self.typed.popleft())
        event.set_sender(self)
        super().post_message(event)


def stored(data_dir) -> dict:
    store = Store(data_dir)
    return store.load(store.summaries()[0]["id"])


async def run_trickle(data_dir, playbook, text: str, per_message: int) -> dict:
    app = Trickle(data_dir, playbook, keys_of(text), per_message)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.trickling = True
        app.type_one()
        for _ in range(200):
            if not app.typed:
                break
            await pilot.pause()
        while app.typed:
            app.type_one()
        for _ in range(30):
            await pilot.pause()
        app.trickling = False
    return stored(data_dir)["answers"]


@pytest.mark.parametrize("per_message", [1, 2, 3])
async def test_keys_arriving_between_the_steps_of_an_enter_keep_their_order(
    data_dir, small_playbook, per_message
):
    answers = await run_trickle(
        data_dir, small_playbook, "n\nten minutes\np: slow invoices\n", per_message
    )
    got = (
        answers["time_ok"]["value"],
        answers["how_long"]["value"],
        [i["text"] for i in answers["problems"]["value"]],
    )
    assert got == (False, "ten minutes", ["slow invoices"])
