"""A follow-up practice recalls the same persona's previous completed practice (its next step,
its hot button), through the real app and a real store; other personas, unfinished or abandoned
practices and live calls are not recalled."""

from __future__ import annotations

from datetime import timedelta

from callmate.core.catalog import resolve_playbook
from callmate.core.next_step import NextStepDraft
from callmate.core.persona_loader import load_persona, resolve_persona
from callmate.core.playbook_loader import load_playbook
from callmate.core.practice_abandon import abandon_practice
from callmate.core.session import CallSession
from callmate.store import Store
from callmate.tui.app import CallmateApp, CallRequest
from tests.tui.helpers import START, StepClock

DISCOVERY = load_playbook(resolve_playbook("first-discovery"))
FOLLOW_UP = load_playbook(resolve_playbook("follow-up"))


def done_practice(store: Store, persona: str, days_ago: int, what: str, *, finish=True) -> None:
    """A practice with `persona` that ended `days_ago` with the step `what` (or was given up)."""
    who = load_persona(resolve_persona(persona))
    at = START - timedelta(days=days_ago)
    session = CallSession.start(
        DISCOVERY, who.display_name, who.company, at, mode="practice", persona=persona
    )
    session.answer("y", at)
    if finish:
        draft = NextStepDraft("tomorrow 10am", what, "brings the figures")
        assert session.set_next_step(draft, at) == {}
        session.complete(at + timedelta(minutes=20))
    else:
        abandon_practice(session, at + timedelta(minutes=5))
    store.save(session.record)


def follow_up_app(data_dir, persona_name: str) -> CallmateApp:
    persona = load_persona(resolve_persona(persona_name))
    request = CallRequest(FOLLOW_UP, persona.display_name, persona.company, "practice", persona)
    return CallmateApp(Store(data_dir), start=request, clock=StepClock())


async def test_follow_up_practice_recalls_the_last_step_with_that_persona(data_dir):
    store = Store(data_dir)
    done_practice(store, "eager-champion", 9, "demo with Dr Okafor on Tuesday")
    done_practice(store, "eager-champion", 5, "call with Dr Okafor and Robin to agree a trial")
    done_practice(store, "eager-champion", 3, "a proposal walk-through with Dr Okafor")
    done_practice(store, "busy-sceptic", 1, "someone else's step")
    done_practice(store, "eager-champion", 1, "an abandoned run's step", finish=False)
    app = follow_up_app(data_dir, "eager-champion")
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause()
        prompt = str(app.screen.query_one("#prompt").render())
        assert "Last time we agreed: a proposal walk-through with Dr Okafor." in prompt
        assert "not captured yet" not in prompt
        context = app.screen.session.record.context
        assert context["last_next_step"] == "a proposal walk-through with Dr Okafor"


async def test_a_first_practice_with_a_persona_has_nothing_to_recall(data_dir):
    done_practice(Store(data_dir), "busy-sceptic", 2, "someone else's step")
    app = follow_up_app(data_dir, "eager-champion")
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause()
        assert app.screen.session.record.context == {}


def partner_practice(store: Store, prospect: str, what: str) -> None:
    session = CallSession.start(DISCOVERY, prospect, "", START, mode="practice", persona="partner")
    assert (
        session.set_next_step(NextStepDraft("tomorrow 10am", what, "brings the numbers"), START)
        == {}
    )
    session.complete(START + timedelta(minutes=20))
    store.save(session.record)


def test_a_partner_practice_recalls_only_the_same_named_prospect(data_dir):
    from callmate.usecases.practice_history import practice_context

    store = Store(data_dir)
    partner_practice(store, "Jo Park", "pilot review with Jo's director")
    partner_practice(store, "Practice partner", "an unnamed colleague's step")
    assert practice_context(store, "partner", "jo  park", "")["last_next_step"] == (
        "pilot review with Jo's director"
    )
    assert practice_context(store, "partner", "Practice partner", "") == {}
    assert practice_context(store, "partner", "Sam Ortega", "") == {}
