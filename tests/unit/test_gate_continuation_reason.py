"""The continuation exit: a call ends without an advance only with a reason in real words."""

from __future__ import annotations

from datetime import timedelta

import pytest

from callmate.core.catalog import bundled_dir
from callmate.core.judgement import says_why
from callmate.core.next_step import NextStepDraft
from callmate.core.playbook_loader import load_playbook
from callmate.core.session import CallSession
from tests.conftest import START

DISCOVERY = load_playbook(bundled_dir() / "first-discovery.yaml")
NOW = START + timedelta(minutes=30)


def stalled(why: str) -> NextStepDraft:
    return NextStepDraft(
        "tomorrow 2pm", "send me some information", "I'll think about it", why_continuation=why
    )


def start() -> CallSession:
    return CallSession.start(DISCOVERY, "Pat Quill", "Hollow Pines Dental", START)


@pytest.mark.parametrize(
    "why", ["x", "-", "..", "ok", "n/a", "no reason", "idk", "busy", "asdf asdf", "x y z"]
)
def test_a_reason_that_says_nothing_does_not_open_the_continuation_exit(why: str) -> None:
    session = start()
    errors = session.set_next_step(stalled(why), NOW)
    assert set(errors) == {"why_continuation"}
    assert "does not say why Pat Quill will not commit" in errors["why_continuation"]
    assert "a few words" in errors["why_continuation"]
    assert session.record.next_step is None
    assert not session.completed


@pytest.mark.parametrize(
    "why",
    [
        "budget frozen until March",
        "they refuse a meeting",
        "won't book before budget",
        "presupuesto congelado",
        "予算が凍結",
    ],
)
def test_a_real_reason_ends_the_call_on_a_continuation(why: str) -> None:
    session = start()
    assert session.set_next_step(stalled(why), NOW) == {}
    session.complete(NOW)
    step = session.record.next_step
    assert step is not None
    assert step.kind == "continuation"
    assert step.why_continuation == why


def test_an_advance_does_not_need_a_reason_however_short() -> None:
    session = start()
    draft = NextStepDraft("tomorrow 2pm", "1", "bring the invoices", why_continuation="x")
    assert session.set_next_step(draft, NOW) == {}
    assert session.record.next_step is not None
    assert session.record.next_step.kind == "advance"
    assert session.record.next_step.why_continuation == ""


def test_says_why_reads_words_not_length() -> None:
    assert says_why("budget frozen")
    assert not says_why("x" * 40)
    assert not says_why("ok sure")
