"""A practice rep who records the opposite of what the persona said, or skips the commitment
question, loses the points of that part of the call, and the scorecard line says why.

Played through the core with the bundled playbook and personas, as a trainer's run plays them:
the persona replies on arrival at each question and the rep types what it heard.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from callmate.core.catalog import bundled_dir
from callmate.core.next_step import NextStepDraft
from callmate.core.persona import PracticePartner
from callmate.core.persona_loader import load_persona
from callmate.core.playbook import Capture
from callmate.core.playbook_loader import load_playbook
from callmate.core.scoring import Scorecard, score
from callmate.core.session import CallSession

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
DISCOVERY = load_playbook(bundled_dir() / "first-discovery.yaml")
SKIP = "<skip>"


def play(persona_name: str, typed: Mapping[str, str] | None = None, theirs: str = "") -> Scorecard:
    """A rep who types what the persona said (y for its yes), except `typed` the first time
    at a question (SKIP skips it, as ctrl+n does)."""
    persona = load_persona(bundled_dir() / "personas" / f"{persona_name}.yaml")
    typed = dict(typed or {})
    now = T0
    session = CallSession.start(
        DISCOVERY, persona.display_name, persona.company, now, mode="practice", persona=persona.name
    )
    partner = PracticePartner(persona, DISCOVERY)
    their_part = ""
    for _ in range(200):  # a branch back (a no to "worth fixing") comes round again
        if (question := session.current()) is None:
            break
        now += timedelta(minutes=1)
        reply = partner.reply(question, session)
        session.record_reply(question.id, reply.text, reply.objection, now)
        said = reply.text
        if question.id == "their_part":
            their_part = said
        if typed.get(question.id) == SKIP:
            session.skip(now)
            del typed[question.id]
        elif question.id in typed:
            session.answer(typed.pop(question.id), now)
        elif question.capture is Capture.YES_NO:
            session.answer("y" if said.startswith(("Yes", "Fine, yes", "Go")) else "n", now)
        elif question.capture is Capture.CHOICE:
            folded = said.casefold()
            named = [i for i, c in enumerate(question.choices) if c.casefold() in folded]
            session.answer(str((named or [len(question.choices) - 1])[0] + 1), now)
        elif question.takes_many:
            session.add_item(("p: " if question.capture is Capture.POWNS else "") + said, now)
            session.finish_items(now)
        else:
            session.answer(said, now)
    assert session.current() is None, "the practice never ended"
    draft = NextStepDraft(
        "tomorrow 10am",
        "call with the owner to go through the numbers",
        theirs or their_part,
        "a proposal",
    )
    assert session.set_next_step(draft, now) == {}
    session.complete(now)
    return score(session.record, DISCOVERY)


def test_a_good_rep_keeps_the_points() -> None:
    card = play("eager-champion")
    assert card.criterion("decision_maker").points == 2, card.criterion("decision_maker")
    assert card.criterion("agenda").points == 2
    assert card.criterion("pain_agreed").points == 1


def test_a_yes_recorded_where_the_persona_said_no_costs_the_decision_maker_points() -> None:
    """The trainer's case: "No, sadly not. Dr. Okafor makes the final call" typed as y."""
    card = play("eager-champion", {"contact_decides": "y"})
    decider = card.criterion("decision_maker")
    assert decider.points == 0, decider.reason
    assert "'Contact decides': you recorded yes" in decider.reason
    assert "No, sadly not" in decider.reason
    assert decider.tip


def test_a_no_recorded_where_the_persona_agreed_the_pain_costs_the_pain_point() -> None:
    """(A no there branches back to discovery, so this rep moves on to the close instead.)"""
    persona = load_persona(bundled_dir() / "personas" / "eager-champion.yaml")
    session = CallSession.start(
        DISCOVERY, "Robin", "Larkspur", T0, mode="practice", persona=persona.name
    )
    partner = PracticePartner(persona, DISCOVERY)
    session.jump("agreement", T0)
    question = DISCOVERY.question("worth_fixing")
    reply = partner.reply(question, session)
    session.record_reply("worth_fixing", reply.text, reply.objection, T0)
    session.answer("n", T0)
    session.jump("closing", T0)
    draft = NextStepDraft(
        "tomorrow 10am",
        "call with the owner to go through the numbers",
        "I can pull last quarter's no-show numbers",
        "a proposal",
    )
    assert session.set_next_step(draft, T0) == {}
    session.complete(T0)
    pain = score(session.record, DISCOVERY).criterion("pain_agreed")
    assert pain.points == 0, pain.reason
    assert 'you recorded no, they said "Yes! Absolutely.' in pain.reason


def test_a_yes_recorded_over_ten_minutes_tops_earns_no_agenda_points() -> None:
    """The yes-man: y where the busy sceptic said "No. Ten minutes, tops." """
    card = play("busy-sceptic", {"time_check": "y"}, theirs="bring the numbers")
    agenda = card.criterion("agenda")
    assert agenda.points == 0, agenda.reason
    assert "Ten minutes, tops" in agenda.reason
    assert play("busy-sceptic", theirs="bring the numbers").criterion("agenda").points == 2


def test_a_skipped_required_commitment_question_shows_in_the_commitment_line() -> None:
    card = play("eager-champion", {"start_when": SKIP})
    commitment = card.criterion("commitment")
    assert commitment.points == 0
    assert "was skipped" in commitment.reason and "required" in commitment.reason
    # The advance is judged as the step it is, and its line says how the two relate.
    advance = card.criterion("next_step_commitment")
    assert advance.points == advance.max, advance.reason
    assert "the commitment question was skipped" in advance.reason
    assert "costs the commitment points, not these" in advance.reason
