"""Text left in the answer field when a call ends is kept: the gate says so, the call keeps it as
a note (every ending: the next step, a call that did not connect, the quit keys)."""

from __future__ import annotations

from textual.widgets import Input

from callmate.store import Store
from callmate.tui.screens.call import CallScreen
from callmate.tui.screens.call_end import NotConnectedScreen
from callmate.tui.screens.next_step import NextStepScreen
from tests.tui.helpers import call_app, type_text

TYPED = "p: staff spend an hour a day on reminder calls"


def stored(data_dir):
    store = Store(data_dir)
    (row,) = store.summaries()
    return store.load(row["id"])


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def type_at_problems(pilot) -> None:
    """Past the first question, the POWN question's item typed and not entered."""
    await type_text(pilot, "y")
    await type_text(pilot, TYPED, enter=False)


async def test_the_gate_says_what_is_not_recorded_and_the_call_keeps_it_as_a_note(
    data_dir, small_playbook
):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_at_problems(pilot)
        await pilot.press("ctrl+e")
        assert isinstance(app.screen, NextStepScreen)
        said = shown(app, "#unrecorded")
        assert "Not recorded yet" in said and "p: staff spend" in said and "note" in said
        await type_text(pilot, "tomorrow 10am")
        await type_text(pilot, "1")
        await type_text(pilot, "bring last month's invoices", enter=False)
        await pilot.press("ctrl+s")
        await pilot.pause()
    record = stored(data_dir)
    assert record.status == "completed"
    assert [(n.text, n.question) for n in record.notes] == [(TYPED, "problems")]


async def test_escape_from_the_gate_leaves_the_text_in_the_field_unrecorded(
    data_dir, small_playbook
):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_at_problems(pilot)
        await pilot.press("ctrl+e")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert app.screen.query_one("#answer", Input).value == TYPED
    assert stored(data_dir).notes == []


async def test_a_call_that_did_not_connect_keeps_the_text_too(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_at_problems(pilot)
        await pilot.press("ctrl+c")  # the quit key opens the same gate
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, NotConnectedScreen)
        # The time check was answered, so it connected: a wrong contact, not a voicemail.
        await pilot.press("down", "down", "enter")
        await type_text(pilot, "tomorrow 9am")
        await pilot.press("ctrl+s")
        await pilot.pause()
    record = stored(data_dir)
    assert (record.status, record.outcome) == ("completed", "wrong_contact")
    assert [n.text for n in record.notes] == [TYPED]


async def test_an_answer_given_back_to_edit_is_not_called_unrecorded(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "y")
        await pilot.press("ctrl+b")  # the yes/no answer comes back into the field
        assert app.screen.query_one("#answer", Input).value != ""
        await pilot.press("ctrl+e")
        assert isinstance(app.screen, NextStepScreen)
        assert not app.screen.query("#unrecorded")
        await type_text(pilot, "tomorrow 10am")
        await type_text(pilot, "1")
        await type_text(pilot, "bring last month's invoices", enter=False)
        await pilot.press("ctrl+s")
        await pilot.pause()
    record = stored(data_dir)
    assert record.status == "completed"
    assert record.notes == []


async def test_pasted_lines_waiting_in_the_field_become_a_note_of_lines(data_dir, small_playbook):
    """Pasted lines a question could not take wait in the field joined with ⏎ marks: kept,
    they are a note of those lines again."""
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "y")
        field = app.screen.query_one("#answer", Input)
        field.value = "owner away ⏎ back on the 5th"
        field.cursor_position = len(field.value)
        await pilot.press("ctrl+e")
        await type_text(pilot, "tomorrow 10am")
        await type_text(pilot, "1")
        await type_text(pilot, "bring last month's invoices", enter=False)
        await pilot.press("ctrl+s")
        await pilot.pause()
    record = stored(data_dir)
    assert record.status == "completed"
    assert [n.text for n in record.notes] == ["owner away\nback on the 5th"]
