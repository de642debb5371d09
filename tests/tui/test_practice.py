"""Practice mode end to end: each bundled persona, a good and a poor run, their scorecards."""

from __future__ import annotations

import copy

import pytest

from callmate.core.playbook import Capture
from callmate.store import Store
from callmate.tui.app import CallmateApp, CallRequest
from callmate.tui.screens.next_step import NextStepScreen
from callmate.tui.screens.scorecard import ScorecardScreen
from callmate.tui.text import Plain
from tests.tui.helpers import StepClock, bundled_persona, bundled_playbook, type_text

PERSONAS = ["eager-champion", "busy-sceptic", "not-yet-convinced"]
ANSWERS = {Capture.YES_NO: "y", Capture.CHOICE: "1", Capture.SCALE: "8", Capture.TEXT: "Noted"}


def practice_app(data_dir, persona_name: str) -> CallmateApp:
    playbook = bundled_playbook("first-discovery")
    persona = bundled_persona(persona_name)
    request = CallRequest(playbook, persona.display_name, persona.company, "practice", persona)
    return CallmateApp(Store(data_dir), start=request, clock=StepClock())


def said(app) -> str:
    return str(app.screen.query_one("#prospect-says").render())


async def end_with(pilot, what: str, theirs: str) -> None:
    await pilot.press("ctrl+e")
    await type_text(pilot, "tomorrow 10am")
    await type_text(pilot, what)
    await type_text(pilot, theirs)
    await pilot.press("ctrl+s")
    await pilot.pause()


@pytest.mark.parametrize("persona", PERSONAS)
async def test_poor_practice_run_scores_low_and_is_still_gated(data_dir, persona):
    app = practice_app(data_dir, persona)
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, NextStepScreen)  # the gate applies exactly as on a call
        await pilot.press("escape")
        await end_with(pilot, "Send some information", "Have a look at it")
        assert isinstance(app.screen, NextStepScreen)  # a continuation is refused first
        app.screen.query_one("#f-why_continuation").focus()
        await type_text(pilot, "they only want to read")
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        card = app.screen.card
        assert card.total < 40, card.to_dict()
        assert (
            card.criterion("next_step_commitment").points
            < card.criterion("next_step_commitment").max
        )


async def test_persona_raises_its_objection_when_due(data_dir):
    app = practice_app(data_dir, "busy-sceptic")
    async with app.run_test(size=(130, 40)) as pilot:
        assert "Objection:" not in said(app)  # a section starting is not a trigger
        await type_text(pilot, "n")  # the agenda is under way: its objection is due
        assert "Objection:" in said(app)
        assert "brochure" in said(app)


async def test_restart_from_the_top_after_a_confirm(data_dir):
    from callmate.tui.screens.practice_restart import ConfirmRestart

    app = practice_app(data_dir, "eager-champion")
    async with app.run_test(size=(130, 40)) as pilot:
        await type_text(pilot, "y")
        await type_text(pilot, "y")
        assert app.screen.session.value("time_check") is True
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmRestart)
        asked = " ".join(str(w.render()) for w in app.screen.query(Plain))
        assert "2 answers and 0 notes" in asked
        await pilot.press("y")
        await pilot.pause()
        session = app.screen.session
        assert session.record.answers == {}
        assert session.current().id == "time_check"
        assert session.record.restarts == 1
        assert "Yes, half an hour" in said(app)
        assert app.focused is app.screen.query_one("#answer")


@pytest.mark.parametrize("key", ["escape", "n", "enter"])
async def test_restart_called_off_leaves_the_run_untouched(data_dir, key):
    from callmate.tui.screens.call import CallScreen
    from callmate.tui.screens.practice_restart import ConfirmRestart

    app = practice_app(data_dir, "eager-champion")
    async with app.run_test(size=(130, 40)) as pilot:
        await type_text(pilot, "y")
        await type_text(pilot, "y")
        before = copy.deepcopy(app.screen.session.record)
        on_disk = Store(data_dir).load(app.screen.session.id)
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        if key == "enter":  # Enter neither confirms nor cancels: the question stays open
            assert isinstance(app.screen, ConfirmRestart)
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert app.screen.session.record == before
        assert Store(data_dir).load(app.screen.session.id) == on_disk
        assert app.screen.session.record.restarts == 0
        assert app.focused is app.screen.query_one("#answer")


async def test_restart_key_is_not_offered_on_a_real_call(data_dir, small_playbook):
    from tests.tui.helpers import call_app

    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Restart (ctrl+r)" not in titles
        assert "End call (ctrl+e)" in titles
        await pilot.press("ctrl+r")
        assert app.screen.session.record.restarts == 0
