"""The pre-call brief says what the last conversation lacked: a reviewer's follow-up brief left
out that the prospect said the problem was not big enough and the open price objection."""

from __future__ import annotations

from datetime import timedelta

from callmate.core.brief import brief_of
from callmate.core.next_step import NextStepDraft
from callmate.core.playbook import Playbook
from callmate.core.session import CallSession
from tests.conftest import START


def ended_call(small_playbook: Playbook, *, pain: str) -> CallSession:
    now = START
    session = CallSession.start(small_playbook, "Pat Quill", "Quill Co", now)
    session.answer("y", now)
    session.add_item("p: late invoices", now)
    session.finish_items(now)
    session.answer(pain, now)
    session.raise_objection("send_info", now)
    now += timedelta(minutes=5)
    draft = NextStepDraft("in 2 days", "call to go through it together", "bring the invoices")
    assert session.set_next_step(draft, now) == {}
    session.complete(now)
    return session


def test_a_no_to_the_pain_and_an_open_objection_are_in_the_brief(
    small_playbook: Playbook,
) -> None:
    session = ended_call(small_playbook, pain="n")
    (call,) = brief_of([session.record], lambda record: small_playbook)
    assert any(gap.startswith("no agreed pain") for gap in call.lacked), call.lacked
    assert "the objection 'Just send me some information' was left open" in call.lacked


def test_a_call_that_agreed_the_pain_does_not_say_it_lacked_it(small_playbook: Playbook) -> None:
    session = ended_call(small_playbook, pain="y")
    (call,) = brief_of([session.record], lambda record: small_playbook)
    assert not any(gap.startswith("no agreed pain") for gap in call.lacked), call.lacked
