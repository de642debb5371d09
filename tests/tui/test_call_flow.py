"""The live call driven end to end through the real app, with a real store on disk."""

from __future__ import annotations

import pytest

from callmate.core.call_record import CallRecord
from callmate.store import Store
from callmate.tui.app import CallmateApp
from callmate.tui.screens.call import CallScreen
from callmate.tui.screens.home import HomeScreen
from callmate.tui.screens.next_step import NextStepScreen
from tests.tui.helpers import StepClock, call_app, click_every_cell, focused_input, type_text


def only_record(store: Store) -> CallRecord:
    (summary,) = store.summaries()
    return store.load(summary["id"])


def text_of(app: CallmateApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_focus_starts_in_the_answer_field(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        assert isinstance(app.screen, CallScreen)
        assert focused_input(pilot).id == "answer"
        assert "twenty minutes" in text_of(app, "#prompt")


async def test_each_answer_is_on_disk_when_the_screen_moves_on(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await type_text(pilot, "y")
        assert only_record(Store(data_dir)).answers["time_ok"].value is True
        assert "What is getting in the way" in text_of(app, "#prompt")
        await type_text(pilot, "Invoices take three days")
        await type_text(pilot, "w: a dashboard")
        stored = only_record(Store(data_dir)).answers["problems"].value
        assert [i.text for i in stored] == ["Invoices take three days", "a dashboard"]
        assert "saved" in text_of(app, "#saved")
        assert not app.screen.query_one("#saved").has_class("unsaved")


async def test_branching_is_followed_on_screen(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await type_text(pilot, "n")
        assert "How long do we have" in text_of(app, "#prompt")
        await type_text(pilot, "ten minutes")
        await type_text(pilot, "slow invoices")
        await pilot.press("enter")  # empty Enter ends the list
        await type_text(pilot, "no")
        assert "Dig into the cost of slow invoices" in text_of(app, "#coach")
        assert "What is getting in the way" in text_of(app, "#prompt")


async def test_bad_answer_is_shown_inline_and_not_recorded(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await type_text(pilot, "perhaps")
        assert "y or n" in text_of(app, "#message")
        assert focused_input(pilot).value == "perhaps"
        assert only_record(Store(data_dir)).answers == {}


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c", "ctrl+e"])
async def test_every_exit_key_opens_the_gate_and_escape_returns(data_dir, small_playbook, key):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await pilot.press(key)
        assert isinstance(app.screen, NextStepScreen)
        assert app.is_running
        await pilot.press("escape")
        assert isinstance(app.screen, CallScreen)
        assert focused_input(pilot).id == "answer"
        assert only_record(Store(data_dir)).status == "in_progress"


async def test_palette_quit_goes_through_the_gate(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "quit", enter=False)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NextStepScreen)
        assert app.is_running


async def test_palette_lists_the_call_keys(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test():
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in (
            "Back (ctrl+b or pageup)",
            "Skip (ctrl+n)",
            "Section (ctrl+g)",
            "Hot button (ctrl+s)",
            "Note (ctrl+o)",
            "End call (ctrl+e)",
            "Quit (ctrl+q)",
            "Redraw (ctrl+l)",
        ):
            assert wanted in titles
        assert "Quit" not in titles and "Maximize" not in titles  # Textual's own, said as ours
        (quit_command,) = [c for c in app.get_system_commands(app.screen) if "ctrl+q" in c.title]
        assert "next step" in quit_command.help


async def fill_next_step(pilot, when="tomorrow 10am") -> None:
    await type_text(pilot, when)
    await type_text(pilot, "1")  # the first suggestion
    await type_text(pilot, "Bring last month's invoices")
    await type_text(pilot, "Build the comparison")
    await type_text(pilot, "video")


async def test_gate_rejects_a_past_date_inline(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+e")
        await type_text(pilot, "yesterday 3pm", enter=False)
        assert "in the past" in text_of(app, "#e-when")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, NextStepScreen)
        assert only_record(Store(data_dir)).status == "in_progress"


async def test_quit_with_a_next_step_completes_and_exits(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await type_text(pilot, "y")
        await pilot.press("ctrl+q")
        await type_text(pilot, "tomorrow 10am", enter=False)
        assert "tomorrow 10:00" in text_of(app, "#e-when")
        await pilot.press("enter")
        await type_text(pilot, "1")
        await type_text(pilot, "Bring last month's invoices")
        await type_text(pilot, "")
        await type_text(pilot, "")
        await pilot.pause()
        assert not app.is_running
    record = only_record(Store(data_dir))
    assert record.status == "completed"
    assert record.next_step.what == "Review the proposal together"
    assert record.next_step.their_commitment == "Bring last month's invoices"
    assert record.next_step.due == "2026-11-24T10:00+01:00"


async def test_missing_commitment_is_refused(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+e")
        await type_text(pilot, "tomorrow 10am")
        await type_text(pilot, "Review together")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, NextStepScreen)
        assert "prospect agree" in text_of(app, "#e-their_commitment")
        assert focused_input(pilot).id == "f-their_commitment"


async def test_required_questions_are_warned_not_blocking(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+e")
        assert "twenty minutes" in text_of(app, "#warnings")
        await fill_next_step(pilot)
        await pilot.pause()
        assert not app.is_running
    assert only_record(Store(data_dir)).status == "completed"


HOSTILE = "[@click=app.quit]x[/] [/bold] {x.__class__} [link=http://e.x]l[/link]"


async def test_hostile_text_is_shown_literally(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(160, 50)) as pilot:  # wide: the captured pane is on screen
        await type_text(pilot, "y")
        await type_text(pilot, HOSTILE)
        await pilot.press("ctrl+o")
        await type_text(pilot, HOSTILE)
        await pilot.pause()
        captured = text_of(app, "#captured")
        assert captured.count(HOSTILE) == 2
        assert await click_every_cell(pilot, "#captured") > 100  # on the text, links or not
        assert app.is_running
        assert isinstance(app.screen, CallScreen)  # no action ran: not even the gate opened


async def test_hot_button_star_and_note_keys(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await type_text(pilot, "y")
        await type_text(pilot, "slow invoices")
        await pilot.press("ctrl+s")
        await pilot.press("enter")
        assert "★" in text_of(app, "#captured")
        await pilot.press("ctrl+o")
        await type_text(pilot, "Owner is on holiday until the 5th")
        assert "Owner is on holiday until the 5th" in text_of(app, "#captured")
        assert focused_input(pilot).id == "answer"
        record = only_record(Store(data_dir))
        assert record.answers["problems"].value[0].hot is True
        assert record.notes[0].text == "Owner is on holiday until the 5th"
        assert record.notes[0].question == "problems"


async def test_jump_back_and_skip_keys(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+n")
        assert "What is getting in the way" in text_of(app, "#prompt")
        await pilot.press("ctrl+b")
        assert "twenty minutes" in text_of(app, "#prompt")
        await pilot.press("ctrl+g")
        await pilot.press("down", "down", "down", "enter")
        assert "Who else decides" in text_of(app, "#prompt")


async def test_resume_after_a_kill_comes_first_and_is_still_gated(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await type_text(pilot, "y")
        await type_text(pilot, "slow invoices")
    # The app above was torn down without the gate, as a kill would: the call is unfinished.
    assert only_record(Store(data_dir)).status == "in_progress"
    home = CallmateApp(Store(data_dir), clock=StepClock())
    async with home.run_test() as pilot:
        assert isinstance(home.screen, HomeScreen)
        assert "Resume the call with Pat Quill" in str(
            home.screen.query_one("#unfinished").get_option_at_index(0).prompt
        )
        await pilot.press("enter")
        assert isinstance(home.screen, CallScreen)
        assert "What is getting in the way" in text_of(home, "#prompt")
        assert "slow invoices" in text_of(home, "#captured")
        await pilot.press("ctrl+q")
        assert isinstance(home.screen, NextStepScreen)
        assert home.is_running


async def test_new_call_from_home(data_dir, small_playbook_path, monkeypatch):
    monkeypatch.setenv("CALLMATE_PLAYBOOKS", str(small_playbook_path.parent))
    app = CallmateApp(Store(data_dir), clock=StepClock())
    async with app.run_test() as pilot:
        assert isinstance(app.screen, HomeScreen)
        names = [s.entry.name for s in app.screen.playbooks]
        await pilot.press(*["down"] * names.index("small"), "enter")
        assert focused_input(pilot).id == "prospect"
        await type_text(pilot, "Pat Quill")
        await type_text(pilot, "Hollow Pines Dental")
        assert isinstance(app.screen, CallScreen)
        assert app.screen.session.playbook.name == "small"
        assert focused_input(pilot).id == "answer"
