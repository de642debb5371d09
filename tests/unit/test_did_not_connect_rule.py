"""A call the prospect answered did connect: it cannot end as a voicemail or no answer.

Ending a real conversation that way would book a retry only and skip the gate's question of
what the prospect committed to. A wrong contact or a reschedule may follow a few answers.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from callmate.core.session import CallSession
from tests.conftest import START
from tests.unit.export_support import discovery_playbook

LATER = START + timedelta(minutes=5)


def answered_call(answers: int) -> CallSession:
    session = CallSession.start(discovery_playbook(), "Pat Quill", "Hollow Pines Dental", START)
    for value in ["yes", "slow invoices"][:answers]:
        session.answer(value, START)
    return session


@pytest.mark.parametrize("outcome", ["voicemail", "no_answer"])
def test_nobody_spoke_is_refused_once_answers_are_recorded(outcome: str) -> None:
    session = answered_call(2)
    refused = session.unconnected_problem(outcome)
    assert refused is not None and refused.startswith("2 answers from this call were recorded")
    assert session.end_without_connecting(outcome, "tomorrow 9am", "", LATER) == {
        "outcome": refused
    }
    assert not session.completed and session.record.next_step is None


def test_one_answer_is_said_in_the_singular() -> None:
    refused = answered_call(1).unconnected_problem("voicemail")
    assert refused is not None and refused.startswith("1 answer from this call was recorded")


@pytest.mark.parametrize("outcome", ["wrong_contact", "rescheduled"])
def test_a_wrong_contact_or_a_reschedule_may_follow_answers(outcome: str) -> None:
    session = answered_call(2)
    assert session.unconnected_problem(outcome) is None
    assert session.end_without_connecting(outcome, "tomorrow 9am", "", LATER) == {}
    assert session.completed and session.record.outcome == outcome


def test_a_call_with_no_answer_ends_as_a_voicemail() -> None:
    session = answered_call(0)
    assert session.unconnected_problem("voicemail") is None
    assert session.end_without_connecting("voicemail", "tomorrow 9am", "message", LATER) == {}
    assert session.record.next_step is not None and session.record.next_step.kind == "retry"
