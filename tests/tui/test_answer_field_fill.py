"""Text the call puts in the answer field: the cursor after it, an earlier answer selected.

A reviewer's resume typed into the middle of the restored draft ("We have fiZfteen minutes"):
the cursor stayed at the length of the answer shown before the draft replaced it. Going back to
a yes/no answered "no" and typing "y" made "noy", refused as not a yes or no.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from callmate.core.playbook import Playbook
from callmate.store import Store
from callmate.tui.app import CallmateApp
from callmate.tui.screens.call import CallScreen
from tests.tui.bursts import burst, keys_of
from tests.tui.helpers import StepClock, call_app, type_text

DRAFT = "We have fifteen minutes only, hard stop"


def stored_answers(data: Path) -> dict[str, object]:
    (row,) = Store(data).summaries()
    return {qid: a.value for qid, a in Store(data).load(row["id"]).answers.items()}


async def test_a_draft_restored_on_resume_is_typed_on_from_its_end(
    data_dir: Path, small_playbook: Playbook
) -> None:
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "n")  # not twenty minutes: how long then?
        await type_text(pilot, "15 minutes")
        await pilot.press("ctrl+b")
        await pilot.press("ctrl+u")
        await type_text(pilot, DRAFT, enter=False)
        screen = app.screen
        assert isinstance(screen, CallScreen)
        screen.emergency_save()  # what a SIGTERM or a closed terminal does
    resumed = CallmateApp(Store(data_dir), clock=StepClock())
    async with resumed.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # Resume
        await pilot.pause()
        field = resumed.screen.query_one("#answer", Input)
        assert field.value == DRAFT
        assert field.cursor_position == len(DRAFT)
        assert field.selection.is_empty  # the rep's own typing: not selected, not replaced
        await burst(pilot, "Z")
        assert field.value == DRAFT + "Z"
        await burst(pilot, "backspace", "enter")
    assert stored_answers(data_dir)["how_long"] == DRAFT


async def test_resume_without_a_draft_gives_the_recorded_answer_back_selected(
    data_dir: Path, small_playbook: Playbook
) -> None:
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "n")
        await type_text(pilot, "15 minutes")
        await pilot.press("ctrl+b")
        screen = app.screen
        assert isinstance(screen, CallScreen)
        screen.emergency_save()
    resumed = CallmateApp(Store(data_dir), clock=StepClock())
    async with resumed.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        field = resumed.screen.query_one("#answer", Input)
        assert field.value == "15 minutes"
        assert field.cursor_position == len("15 minutes")
        await burst(pilot, *keys_of("twenty\n"))
    assert stored_answers(data_dir)["how_long"] == "twenty"


async def test_going_back_to_a_yes_no_typing_replaces_the_earlier_answer(
    data_dir: Path, small_playbook: Playbook
) -> None:
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        field = app.screen.query_one("#answer", Input)
        await burst(pilot, *keys_of("y\nslow invoices\n\nn\n"))
        screen = app.screen
        assert isinstance(screen, CallScreen)
        # "no" sends the rep back to discovery; Enter through it to the question again.
        assert screen.session.current().id == "problems"  # type: ignore[union-attr]
        await burst(pilot, "enter")
        assert screen.session.current().id == "big_enough"  # type: ignore[union-attr]
        assert field.value == "no"
        assert field.selected_text == "no"
        await burst(pilot, *keys_of("y\n"))
        assert field.value != "noy"
        assert screen.session.current().id == "start_when"  # type: ignore[union-attr]
        # ctrl+b back to it: the same, in one burst with the new answer.
        await burst(pilot, "ctrl+b", *keys_of("n\n"))
        assert screen.session.current().id == "problems"  # type: ignore[union-attr]
    assert stored_answers(data_dir)["big_enough"] is False


async def test_enter_keeps_the_selected_answer_and_arrows_or_home_or_end_deselect(
    data_dir: Path, small_playbook: Playbook
) -> None:
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        field = app.screen.query_one("#answer", Input)
        await burst(pilot, *keys_of("n\n15 minutes\n"), "ctrl+b")
        assert field.selected_text == "15 minutes"
        await burst(pilot, "end", *keys_of(" tops"))
        assert field.value == "15 minutes tops"
        await burst(pilot, "enter", "ctrl+b")
        assert field.selected_text == "15 minutes tops"
        await burst(pilot, "home", "X")
        assert field.value == "X15 minutes tops"
        await burst(pilot, "end", "ctrl+u", *keys_of("15 minutes\n"), "ctrl+b")
        await burst(pilot, "left", "!")
        assert field.value == "!15 minutes"
        await burst(pilot, "ctrl+u", "ctrl+k", *keys_of("15 minutes\n"), "ctrl+b", "enter")
        screen = app.screen
        assert isinstance(screen, CallScreen)
        assert screen.session.current().id == "problems"  # type: ignore[union-attr]
    assert stored_answers(data_dir)["how_long"] == "15 minutes"
