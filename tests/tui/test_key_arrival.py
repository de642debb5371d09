"""Keys that arrive while earlier keys are still being acted on land in the order typed.

A terminal delivers a burst as its bytes come in: some keys reach the app before an Enter has
been acted on, others in the middle of the app's own work on it (saving the answer, showing the
next question, handing the held keys back). `Trickle` makes the worst case repeatable: one more
typed key reaches the app just before each message the app sends itself, so a key arrives at
every moment the app could be between two steps.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual import events
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input

from callmate.core.call_record import CallRecord
from callmate.store import Store
from callmate.tui import app as app_module
from callmate.tui.app import CallmateApp, CallRequest
from callmate.tui.screens.call import CallScreen
from callmate.tui.screens.next_step import NextStepScreen
from tests.tui.bursts import key_event, keys_of, settle
from tests.tui.helpers import StepClock

SIZE = (80, 24)
APP_CSS = Path(app_module.__file__).with_name("app.tcss")


Typed = str | events.Paste


class Trickle(CallmateApp):
    """The real app; typed keys arrive one at a time, each just before a message of the app's
    (`per_message` keys each time; 0: the whole burst at once)."""

    CSS_PATH = APP_CSS

    def __init__(self, data_dir, playbook, typed: list[Typed], per_message: int = 1) -> None:
        request = CallRequest(playbook, "Pat Quill", "Hollow Pines Dental")
        super().__init__(Store(data_dir), start=request, clock=StepClock())
        self.typed: deque[Typed] = deque(typed)
        self.per_message = per_message
        self.trickling = False

    def post_message(self, message: Message) -> bool:
        if self.trickling and not isinstance(message, (events.Key, events.Paste)):
            for _ in range(self.per_message):
                if self.typed:
                    self.type_one()
        return super().post_message(message)

    def type_one(self) -> None:
        item = self.typed.popleft()
        event = item if isinstance(item, events.Paste) else key_event(item)
        event.set_sender(self)
        super().post_message(event)

    async def type_all(self, pilot: Pilot) -> None:
        """Type everything, as it trickles in, then let the app finish acting on it."""
        self.trickling = self.per_message > 0
        while self.typed and not self.trickling:
            self.type_one()
        if self.typed:
            self.type_one()
        for _ in range(300):
            if not self.typed:
                break
            await pilot.pause()
        while self.typed:
            self.type_one()
        await settle(pilot)
        self.trickling = False


@dataclass(frozen=True)
class Shown:
    """Where the app stands once every typed key has been acted on."""

    on_call: bool
    answer: str  # what the call's answer field holds ("" off the call screen)
    question: str  # the current question's id ("" off the call screen)
    refused: str  # the next-step dialog's refusal, when it is open


async def typed_through(data_dir, playbook, typed: list[Typed], per_message: int) -> Shown:
    """Type `typed` into a new call, as it trickles in (Trickle), and say where it stands."""
    app = Trickle(data_dir, playbook, typed, per_message)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.type_all(pilot)
        screen = app.screen
        if isinstance(screen, CallScreen):
            current = screen.session.current()
            answer = screen.query_one("#answer", Input).value
            return Shown(True, answer, current.id if current else "", "")
        refused = ""
        if isinstance(screen, NextStepScreen):
            refused = str(screen.query_one("#refused").render())
        return Shown(False, "", "", refused)


def stored(data_dir) -> CallRecord:
    store = Store(data_dir)
    return store.load(store.summaries()[0]["id"])


def field_values(app, names: tuple[str, ...]) -> dict[str, str]:
    return {n: app.screen.query_one(f"#f-{n}", Input).value for n in names}


ARRIVALS = [0, 1, 2, 3]


@pytest.mark.parametrize("per_message", ARRIVALS)
async def test_keys_arriving_between_the_steps_of_an_enter_keep_their_order(
    data_dir, small_playbook, per_message
):
    typed = keys_of("n\nten minutes\np: slow invoices\n")
    await typed_through(data_dir, small_playbook, typed, per_message)
    answers = stored(data_dir).answers
    got = (
        answers["time_ok"].value,
        answers["how_long"].value,
        [i.text for i in answers["problems"].value],
    )
    assert got == (False, "ten minutes", ["slow invoices"])


@pytest.mark.parametrize("per_message", ARRIVALS)
async def test_corrections_with_backspace_across_capture_kinds(
    data_dir, small_playbook, per_message
):
    typed = [
        *keys_of("n"),
        "backspace",
        *keys_of("y\np: slow invoicez"),
        "backspace",
        *keys_of("s\nw: a dashbaord"),
        "left",
        "left",
        "backspace",
        "backspace",
        *keys_of("oa"),
        "end",
        *keys_of("!\n\nyes"),
        "backspace",
        "backspace",
        *keys_of("\n2"),
        "backspace",
        *keys_of("1\n"),
    ]
    await typed_through(data_dir, small_playbook, typed, per_message)
    answers = stored(data_dir).answers
    assert answers["time_ok"].value is True
    assert [(i.tag, i.text) for i in answers["problems"].value] == [
        ("problem", "slow invoices"),
        ("want", "a dashboard!"),
    ]
    assert answers["big_enough"].value is True
    assert answers["start_when"].value == "this month"


@pytest.mark.parametrize("per_message", ARRIVALS)
async def test_a_paste_in_the_middle_of_a_burst_stays_in_its_place(
    data_dir, small_playbook, per_message
):
    typed: list[Typed] = [
        *keys_of("y\np: first"),
        events.Paste(" typed\nw: pasted two\nn: pasted three"),
        *keys_of("w: typed after\n\ny\n"),
    ]
    await typed_through(data_dir, small_playbook, typed, per_message)
    answers = stored(data_dir).answers
    assert [(i.tag, i.text) for i in answers["problems"].value] == [
        ("problem", "first typed"),
        ("want", "pasted two"),
        ("need", "pasted three"),
        ("want", "typed after"),
    ]
    assert answers["big_enough"].value is True


@pytest.mark.parametrize("per_message", ARRIVALS)
async def test_the_gate_opened_and_filled_in_one_burst(data_dir, small_playbook, per_message):
    typed = [
        *keys_of("y\n"),
        "ctrl+e",
        *keys_of("thu 3pm"),
        "tab",
        *keys_of("demo of the dashboard"),
        "enter",
        *keys_of("they bring the logs"),
        "tab",
        *keys_of("send quotx"),
        "backspace",
        "e",
        "shift+tab",
        "end",
        "s",
    ]
    app = Trickle(data_dir, small_playbook, typed, per_message)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.type_all(pilot)
        assert isinstance(app.screen, NextStepScreen)
        values = field_values(app, ("when", "what", "their_commitment", "our_commitment"))
    assert stored(data_dir).answers["time_ok"].value is True
    assert values == {
        "when": "thu 3pm",
        "what": "demo of the dashboard",
        "their_commitment": "they bring the logss",
        "our_commitment": "send quote",
    }


@pytest.mark.parametrize("per_message", ARRIVALS)
async def test_a_note_written_and_the_call_going_on_in_one_burst(
    data_dir, small_playbook, per_message
):
    typed = ["ctrl+o", *keys_of("call back after 3\ny\n"), "ctrl+o", *keys_of("two\nten")]
    shown = await typed_through(data_dir, small_playbook, typed, per_message)
    assert shown.on_call and shown.answer == "ten"
    record = stored(data_dir)
    assert [n.text for n in record.notes] == ["call back after 3", "two"]
    assert record.answers["time_ok"].value is True


@pytest.mark.parametrize("per_message", ARRIVALS)
async def test_keys_after_a_pasted_note_go_back_to_the_call(data_dir, small_playbook, per_message):
    # The pasted lines wait in the note's field; Enter saves the note.
    typed: list[Typed] = ["ctrl+o", events.Paste("line one\nline two"), *keys_of("\ny\np: slow\n")]
    assert (await typed_through(data_dir, small_playbook, typed, per_message)).on_call
    record = stored(data_dir)
    assert [n.text for n in record.notes] == ["line one\nline two"]
    assert record.answers["time_ok"].value is True
    assert [i.text for i in record.answers["problems"].value] == ["slow"]
