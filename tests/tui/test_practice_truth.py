"""Practice cannot be gamed: honest, methodology-breaking and junk runs through the real app.

The honest rep captures what each persona actually said (asking "what else?" until it runs
out); the methodology-breaking rep skips straight to a pitch and a brochure; the junk rep types
one-letter answers against everything the persona says. Only the first scores well.
"""

from __future__ import annotations

import re

import pytest

from callmate.core.judgement import judge_step_text
from callmate.core.playbook import Capture, Signal
from callmate.core.practice_truth import NOTHING_MORE
from callmate.store import Store
from callmate.tui.app import CallmateApp, CallRequest
from callmate.tui.screens.call import CallScreen
from callmate.tui.screens.next_step import NextStepScreen
from callmate.tui.screens.scorecard import ScorecardScreen
from tests.tui.helpers import (
    StepClock,
    bundled_persona,
    bundled_playbook,
    focused_input,
    type_text,
)

PERSONAS = ["eager-champion", "busy-sceptic", "not-yet-convinced"]
#: Who must be in the next step for each persona (the contact, or the one who signs).
DECIDERS = {
    "eager-champion": "Dr. Okafor",
    "busy-sceptic": "Jo Banks",
    "not-yet-convinced": "Dr. Marsh",
}


def practice_app(data_dir, persona_name: str) -> CallmateApp:
    playbook = bundled_playbook("first-discovery")
    persona = bundled_persona(persona_name)
    request = CallRequest(playbook, persona.display_name, persona.company, "practice", persona)
    return CallmateApp(Store(data_dir), start=request, clock=StepClock())


def shown(card) -> str:
    rows = [f"{c.id} {c.points}/{c.max} {c.reason}" for c in card.criteria]
    return "\n".join([str(card.total), *rows, *card.notes])


def heard_at(app, question_id: str) -> list[str]:
    """Everything the persona said at this question, from the record (the ground truth)."""
    events = app.screen.session.record.events or []
    said = [e.fields for e in events if e.type == "prospect_said"]
    return [str(f["text"]) for f in said if f.get("question") == question_id]


async def enter(pilot, text: str) -> None:
    """Type a whole line into the answer box (set at once: the keys are tested elsewhere)."""
    focused_input(pilot).value = text
    await pilot.press("enter")
    await pilot.pause()


def closed_answer(question, said: str) -> str:
    folded = said.casefold()
    if question.capture is Capture.YES_NO:
        # A hedge ("Up to a point. Under twenty thousand it's mine") is no yes: typing y over
        # it is recorded against their words, and costs that part of the call.
        hedge = r"\W*(no|not|maybe|up to a point|honestly\? it's annoying)\b"
        return "n" if re.match(hedge, folded) else "y"
    if question.capture is Capture.SCALE:
        found = re.search(r"\b(10|[0-9])\b", said)
        return found.group(1) if found else "5"
    for number, choice in enumerate(question.choices, 1):
        if choice.casefold() in folded:
            return str(number)
    return str(len(question.choices))


async def honest_walk(pilot, app) -> None:
    """Capture what the persona said, in its words; "what else?" until it has nothing more."""
    asked_again: set[str] = set()
    for _ in range(80):
        question = app.screen.session.current()
        if question is None:
            return
        said = heard_at(app, question.id)[-1]
        if question.capture is Capture.POWNS:
            items = [said]
            while True:
                await pilot.press("f7")
                await pilot.pause()
                latest = heard_at(app, question.id)[-1]
                if "about it" in latest:
                    break
                items.append(latest)
            for item in items:
                if item == NOTHING_MORE:
                    continue
                text = item.removeprefix("And most of all: ")
                await enter(pilot, f"{question.tag.value[0]}: {text}")
                if item.startswith("And most of all"):
                    await pilot.press("ctrl+s", "enter")
            await pilot.press("enter")
            await pilot.pause()
        elif question.capture is Capture.LIST:
            await enter(pilot, said)
            await pilot.press("enter")
            await pilot.pause()
        elif (
            question.signal is Signal.THEIR_PART
            and not judge_step_text(said).advance
            and question.id not in asked_again
        ):
            # "Send me something" is no part of theirs: ask again (back, and on again).
            asked_again.add(question.id)
            await pilot.press("ctrl+b", "enter")
            await pilot.pause()
        elif question.capture is Capture.TEXT:
            await enter(pilot, said)
        else:
            await enter(pilot, closed_answer(question, said))
    raise AssertionError("the walk never reached the end of the playbook")


async def junk_walk(pilot, app) -> None:
    """Type against the persona: "y" to everything, one-letter items, "x" for text."""
    for _ in range(80):
        question = app.screen.session.current()
        if question is None:
            return
        if question.takes_many:
            for item in ("a", "b", "c"):
                await enter(pilot, item)
            if question.capture is Capture.POWNS:
                await pilot.press("ctrl+s", "enter")
            await pilot.press("enter")
        elif question.capture is Capture.CHOICE:
            await enter(pilot, "1")
        elif question.capture is Capture.SCALE:
            await enter(pilot, "10")
        elif question.capture is Capture.YES_NO:
            await enter(pilot, "y")
        else:
            await enter(pilot, "x")
        await pilot.pause()
    raise AssertionError("the walk never reached the end of the playbook")


async def end_with(pilot, when: str, what: str, theirs: str, why: str = "") -> None:
    await pilot.press("ctrl+e")
    await pilot.pause()
    for text in (when, what, theirs):
        await enter(pilot, text)
    await pilot.press("ctrl+s")
    await pilot.pause()
    if why and isinstance(pilot.app.screen, NextStepScreen):
        pilot.app.screen.query_one("#f-why_continuation").focus()
        await type_text(pilot, why)
        await pilot.pause()


@pytest.mark.parametrize("persona", PERSONAS)
async def test_an_honest_practice_scores_85_or_more(data_dir, persona):
    app = practice_app(data_dir, persona)
    async with app.run_test(size=(130, 40)) as pilot:
        await honest_walk(pilot, app)
        decider = DECIDERS[persona]
        theirs = heard_at(app, "their_part")[-1]  # their part in their own words
        await end_with(
            pilot,
            "tomorrow 10am",
            f"30-minute call with {decider} to go through a proposal together",
            f"{decider} joins the call. {theirs}",
        )
        assert isinstance(app.screen, ScorecardScreen), app.screen
        card = app.screen.card
        assert card.total >= 85, shown(card)


@pytest.mark.parametrize("persona", PERSONAS)
async def test_a_methodology_breaking_practice_scores_40_or_less(data_dir, persona):
    app = practice_app(data_dir, persona)
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        await enter(pilot, "Let me tell you about our platform, we offer reminders")
        screen = app.screen  # straight to the commitment question: no agenda, no pain
        screen.session.jump("commitment", app.clock())
        screen.after_change(prefill=True)
        await pilot.pause()
        await enter(pilot, "How soon?")
        await pilot.pause()
        await end_with(
            pilot,
            "in 9 days",
            "Send a brochure",
            "Have a look at it",
            why="they only want to read",
        )
        assert isinstance(app.screen, ScorecardScreen), app.screen
        card = app.screen.card
        assert card.total <= 40, shown(card)
        assert "loss" in card.criterion("next_step_commitment").reason


# Junk never matches anything a persona says, so one persona shows it through the real app.
@pytest.mark.parametrize("persona", ["busy-sceptic"])
async def test_a_junk_run_typed_against_the_persona_scores_40_or_less(data_dir, persona):
    app = practice_app(data_dir, persona)
    async with app.run_test(size=(130, 40)) as pilot:
        await junk_walk(pilot, app)
        await end_with(pilot, "tomorrow 10am", "a call", "x")
        if isinstance(app.screen, NextStepScreen):  # a junk step may be refused: say why
            app.screen.query_one("#f-why_continuation").focus()
            await type_text(pilot, "no time now")
            await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen), app.screen
        card = app.screen.card
        assert card.total <= 40, shown(card)
        assert any("no credit" in n or "says nothing" in n for n in card.notes)


async def test_persona_state_survives_a_kill_and_resume(data_dir):
    """A resumed practice carries on where it stopped: no line or objection is repeated."""
    app = practice_app(data_dir, "eager-champion")
    async with app.run_test(size=(130, 40)) as pilot:
        await honest_walk_until(pilot, app, "problems")
        first = heard_at(app, "problems")
        record_id = app.screen.session.record.id
    # The process is gone without ending the call (as after a kill): the file has the state.
    store = Store(data_dir)
    assert store.load(record_id).status == "in_progress"
    resumed = CallmateApp(store, clock=StepClock())
    async with resumed.run_test(size=(130, 40)) as pilot:
        resumed.resume_call(record_id)
        await pilot.pause()
        assert isinstance(resumed.screen, CallScreen)
        await pilot.press("f7")
        await pilot.pause()
        again = heard_at(resumed, "problems")
        assert again[: len(first)] == first
        assert again[-1] not in first  # the next item, not the first one again


async def honest_walk_until(pilot, app, question_id: str) -> None:
    for _ in range(20):
        question = app.screen.session.current()
        if question.id == question_id:
            return
        said = heard_at(app, question.id)[-1]
        answer = said if question.capture is Capture.TEXT else closed_answer(question, said)
        await enter(pilot, answer)
    raise AssertionError(f"never reached {question_id}")
