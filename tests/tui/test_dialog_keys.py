"""Keys typed right after the key that opens a picker or pane land there, in order, and the
keys after its choice go back to the call: a rep who knows the keys types ahead of the screen.
"""

from __future__ import annotations

from collections import deque

import pytest
from textual.widgets import Input

from callmate.store import Store
from callmate.tui.app import CallmateApp
from callmate.tui.screens.call import CallScreen
from callmate.tui.screens.next_step import NextStepScreen
from tests.tui.bursts import burst, keys_of
from tests.tui.helpers import StepClock, type_text
from tests.tui.test_key_arrival import SIZE, Trickle, stored, typed_through

#: The whole burst at once, and one key before each message of the app's (test_key_arrival.py
#: runs every arrival pattern through the call itself).
ARRIVALS = [0, 1]


@pytest.mark.parametrize("per_message", ARRIVALS)
async def test_an_objection_found_by_its_words_in_one_burst(data_dir, small_playbook, per_message):
    typed = ["ctrl+t", *keys_of("costs too\n"), *keys_of("y\nten")]
    shown = await typed_through(data_dir, small_playbook, typed, per_message)
    assert shown.on_call and shown.answer == "ten"
    record = stored(data_dir)
    assert [o.card for o in record.objections] == ["price"]
    assert record.answers["time_ok"].value is True


@pytest.mark.parametrize("per_message", ARRIVALS)
async def test_a_section_picked_in_one_burst(data_dir, small_playbook, per_message):
    # Sections: agenda, discovery, commitment, decision; two downs pick commitment.
    typed = ["ctrl+g", "down", "down", "enter", *keys_of("this month")]
    shown = await typed_through(data_dir, small_playbook, typed, per_message)
    assert (shown.question, shown.answer) == ("start_when", "this month")


@pytest.mark.parametrize("per_message", ARRIVALS)
async def test_a_captured_item_corrected_in_one_burst(data_dir, small_playbook, per_message):
    typed = [*keys_of("y\np: slow\n"), "f6", "enter", "ctrl+u", *keys_of("p: slow invoices\n")]
    shown = await typed_through(
        data_dir, small_playbook, [*typed, *keys_of("w: faster")], per_message
    )
    assert shown.on_call and shown.answer == "w: faster"
    assert [i.text for i in stored(data_dir).answers["problems"].value] == ["slow invoices"]


@pytest.mark.parametrize("per_message", ARRIVALS)
@pytest.mark.parametrize(
    "typed",
    [
        ["ctrl+g", "down", "escape", *keys_of("y\n"), "ctrl+t", "escape", *keys_of("ten")],
        ["f3", "down", "escape", *keys_of("y\n"), "f2", "f2", *keys_of("ten")],
    ],
    ids=["pickers", "pane-overlays"],
)
async def test_keys_after_a_picker_or_overlay_closed_go_back_to_the_call(
    data_dir, small_playbook, per_message, typed
):
    shown = await typed_through(data_dir, small_playbook, typed, per_message)
    assert (shown.question, shown.answer) == ("problems", "ten")
    assert stored(data_dir).answers["time_ok"].value is True


async def test_a_practice_restart_confirmed_in_one_burst_keeps_the_keys_after_it(data_dir):
    from tests.tui.test_practice import practice_app

    app = practice_app(data_dir, "eager-champion")
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, *keys_of("y\n"), "ctrl+r", "y", *keys_of("n"))
        screen = app.screen
        assert isinstance(screen, CallScreen)
        assert screen.session.record.restarts == 1
        assert screen.session.record.answers == {}
        assert screen.query_one("#answer", Input).value == "n"


@pytest.mark.parametrize("per_message", ARRIVALS)
async def test_ctrl_s_takes_the_text_typed_right_before_it(data_dir, small_playbook, per_message):
    gate = ["ctrl+e", *keys_of("thu 3pm"), "tab", *keys_of("Send some information"), "tab"]
    typed = [*keys_of("y\n"), *gate, *keys_of("send me some information"), "ctrl+s"]
    shown = await typed_through(data_dir, small_playbook, typed, per_message)
    assert "Not saved" in shown.refused  # a continuation: refused, and why
    draft = stored(data_dir).next_step_draft
    assert draft is not None
    assert (draft.when, draft.what, draft.their_commitment) == (
        "thu 3pm",
        "Send some information",
        "send me some information",
    )


async def test_ctrl_s_in_an_open_gate_waits_for_the_text_typed_before_it(data_dir, small_playbook):
    app = Trickle(data_dir, small_playbook, [], 0)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "y")
        await pilot.press("ctrl+e")
        for text in ("thu 3pm", "Send some information"):
            await type_text(pilot, text)
        await type_text(pilot, "send me", enter=False)
        await burst(pilot, *keys_of(" some information"), "ctrl+s")
        assert isinstance(app.screen, NextStepScreen)
        assert "Not saved" in str(app.screen.query_one("#refused").render())
    draft = stored(data_dir).next_step_draft
    assert draft is not None
    assert draft.their_commitment == "send me some information"


async def test_a_line_feed_records_the_answer_like_enter(data_dir, small_playbook):
    """Enter typed before the terminal is in raw mode reaches callmate as a line feed (ctrl+j)."""
    typed = ["y", "ctrl+j", *keys_of("p: early"), "ctrl+j", "n"]
    shown = await typed_through(data_dir, small_playbook, typed, 0)
    assert shown.answer == "n"
    answers = stored(data_dir).answers
    assert answers["time_ok"].value is True
    assert [i.text for i in answers["problems"].value] == ["early"]


class HomeTrickle(Trickle):
    """The real app on its home screen (no call started); keys trickle in as in Trickle."""

    def __init__(self, data_dir, typed, per_message: int) -> None:
        CallmateApp.__init__(self, Store(data_dir), clock=StepClock())
        self.typed = deque(typed)
        self.per_message = per_message
        self.trickling = False


@pytest.mark.parametrize("per_message", ARRIVALS)
async def test_a_new_call_started_from_home_in_one_burst(data_dir, per_message):
    # Enter picks the highlighted playbook; the name, Tab, the company and Enter start the call;
    # the first answer follows. Before, the company went into the name ("Sam LeeLeeCo").
    typed = ["enter", *keys_of("Sam Lee"), "tab", *keys_of("LeeCo\n"), *keys_of("y\nten")]
    app = HomeTrickle(data_dir, typed, per_message)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.type_all(pilot)
        assert isinstance(app.screen, CallScreen)
        assert app.screen.query_one("#answer", Input).value == "ten"
    record = stored(data_dir)
    assert (record.prospect, record.company) == ("Sam Lee", "LeeCo")
    assert next(iter(record.answers.values())).value is True


@pytest.mark.parametrize("per_message", ARRIVALS)
async def test_a_call_that_did_not_connect_ended_in_one_burst(
    data_dir, small_playbook, per_message
):
    # The gate, its "did not connect" dialog, the second outcome, a date and the message left.
    typed = ["ctrl+e", "ctrl+o", "down", "enter", *keys_of("in 4 days\nleft a voicemail\n")]
    await typed_through(data_dir, small_playbook, typed, per_message)
    record = stored(data_dir)
    assert (record.status, record.outcome) == ("completed", "no_answer")
    assert record.next_step is not None
    assert record.next_step.our_commitment == "left a voicemail"


@pytest.mark.parametrize("per_message", ARRIVALS)
async def test_why_typed_right_after_a_refused_save_lands_in_the_why_field(
    data_dir, small_playbook, per_message
):
    # A continuation, ctrl+s (refused), then why and Enter at once: the why-field that appears
    # takes them, the prospect's part keeps its own text, and the call ends on a continuation.
    typed = [
        "ctrl+e",
        *keys_of("thu 3pm"),
        "tab",
        *keys_of("send me some info"),
        "tab",
        *keys_of("read it"),
        "ctrl+s",
        *keys_of("won't book before budget\n"),
    ]
    await typed_through(data_dir, small_playbook, typed, per_message)
    step = stored(data_dir).next_step
    assert step is not None
    assert (step.kind, step.their_commitment) == ("continuation", "read it")
    assert step.why_continuation == "won't book before budget"


@pytest.mark.parametrize("per_message", ARRIVALS)
async def test_a_call_discarded_in_one_burst(data_dir, small_playbook, per_message):
    typed = ["ctrl+e", "ctrl+g", *keys_of("discard\nwrong number\n")]
    await typed_through(data_dir, small_playbook, typed, per_message)
    record = stored(data_dir)
    assert record.status == "discarded"
    assert record.events[-1].fields.get("reason") == "wrong number"


async def test_the_gate_reopened_keeps_its_draft_and_the_keys_edit_it(data_dir, small_playbook):
    """The restored date comes back selected (typing replaces it, as a recorded answer on the
    call screen): End then keys add to it, keys alone replace it, in a burst either way."""
    app = Trickle(data_dir, small_playbook, [], 0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, "ctrl+e", *keys_of("thu 3pm"), "tab", *keys_of("demo"), "escape")
        assert isinstance(app.screen, CallScreen)
        await burst(pilot, "ctrl+e", "end", *keys_of(" 2026"))
        assert isinstance(app.screen, NextStepScreen)
        fields = app.screen.query_one("#f-when", Input), app.screen.query_one("#f-what", Input)
        assert [f.value for f in fields] == ["thu 3pm 2026", "demo"]
        await burst(pilot, "escape", "ctrl+e", *keys_of("fri 4pm"))
        assert isinstance(app.screen, NextStepScreen)
        fields = app.screen.query_one("#f-when", Input), app.screen.query_one("#f-what", Input)
        assert [f.value for f in fields] == ["fri 4pm", "demo"]


async def test_the_section_picker_speaks_of_answers_not_internal_kinds(data_dir, small_playbook):
    from textual.widgets import OptionList

    app = Trickle(data_dir, small_playbook, [], 0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, *keys_of("y\n"), "ctrl+g")
        listing = app.screen.query_one(OptionList)
        shown = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert shown[0] == "Agenda  (1 of 1 answered)"
        assert not any("powns" in row or "decision_maker" in row for row in shown)
