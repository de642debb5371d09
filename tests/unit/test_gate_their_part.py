"""The gate's rule for the prospect's part: their own action, not a stall, a yes or a blank.

Driven through the core (judge_step, a CallSession on the bundled discovery playbook) and the
scorecard, which must agree with the gate.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from callmate.core.catalog import bundled_dir
from callmate.core.judgement import judge_step, judge_step_text
from callmate.core.next_step import NextStepDraft
from callmate.core.playbook import NextStepPolicy
from callmate.core.playbook_loader import load_playbook
from callmate.core.scoring import score
from callmate.core.session import CallSession
from tests.conftest import START

DISCOVERY = load_playbook(bundled_dir() / "first-discovery.yaml")
#: What happens then: time together, so the step stands or falls by their part.
TOGETHER = "20-minute call to go through the proposal together"

#: (their part as a rep types it, what the refusal must say about it)
NOT_THEIRS = [
    # stalls
    ("I'll think about it", "stall"),
    ("they'll think it over", "stall"),
    ("let me think", "stall"),
    ("have a think", "stall"),
    ("we'll see", "stall"),
    ("will get back to us", "stall"),
    ("I'll take a look", "stall"),
    ("run it by my boss", "stall"),
    # asking us to act
    ("send me some information", "asks us to act"),
    ("call me next week", "asks us to act"),
    ("email me the deck", "asks us to act"),
    # bare replies
    ("ok", "only agrees"),
    ("OK!", "only agrees"),
    ("sure", "only agrees"),
    ("yes", "only agrees"),
    ("fine", "only agrees"),
    ("Sure, will do", "only agrees"),
    ("they agreed", "only agrees"),
    # placeholders
    ("tbd", "left open"),
    ("nothing", "left open"),
    ("none", "left open"),
    ("as discussed", "left open"),
    ("no idea", "left open"),
    # hedges
    ("maybe", "not a yes"),
    ("possibly", "not a yes"),
    ("depends", "not a yes"),
    ("maybe bring the CFO", "not a yes"),
    ("they'll try to bring the CFO", "not a yes"),
]

#: Real commitments, some with words a stall also uses ("review", "send", "think").
THEIRS = [
    "bring their CFO to the call",
    "share last quarter's invoice numbers",
    "book the room and invite IT",
    "review the proposal with Ana and send comments by Friday",
    "she will check",
    "get back to us with the numbers",
    "think it over, then bring the CFO to the call",
    "yes, and bring the two shift leads",
    "walk us round the depot",
    "pull last quarter's no-show numbers",
]


@pytest.mark.parametrize(("theirs", "said"), NOT_THEIRS)
def test_their_part_that_is_no_action_of_theirs_is_refused(theirs: str, said: str) -> None:
    judged = judge_step(TOGETHER, theirs)
    assert not judged.advance
    assert judged.reason.startswith("their part ")
    assert said in judged.reason
    assert "ask" in judged.reason


@pytest.mark.parametrize("theirs", THEIRS)
def test_a_real_action_of_theirs_still_makes_an_advance(theirs: str) -> None:
    judged = judge_step(TOGETHER, theirs)
    assert judged.advance, judged.reason


@pytest.mark.parametrize("theirs", ["traerá las facturas del último trimestre", "oui", "はい"])
def test_text_in_another_language_is_not_refused_for_its_language(theirs: str) -> None:
    assert judge_step(TOGETHER, theirs).advance


def test_a_stall_says_what_to_ask_for_instead() -> None:
    reason = judge_step(TOGETHER, "I'll think about it").reason
    assert "'I'll think about it'" in reason
    assert "ask what they will do before then" in reason


def test_their_part_is_not_checked_when_the_playbook_does_not_ask_for_it() -> None:
    policy = NextStepPolicy(require_prospect_commitment=False)
    assert judge_step(TOGETHER, "ok", policy).advance


def test_a_suggestion_the_gate_accepted_before_still_reads_as_an_advance() -> None:
    for text in DISCOVERY.next_step.suggestions:
        assert judge_step_text(text, DISCOVERY.next_step).advance, text


def start() -> CallSession:
    return CallSession.start(DISCOVERY, "Pat Quill", "Hollow Pines Dental", START)


def test_the_gate_refuses_a_suggestion_with_a_stall_as_their_part() -> None:
    session = start()
    now = START + timedelta(minutes=30)
    draft = NextStepDraft("tomorrow 2pm", "1", "I'll think about it")
    review = session.review_step(draft, now)
    assert not review.judgement.advance
    errors = session.set_next_step(draft, now)
    assert set(errors) == {"continuation"}
    assert "I'll think about it" in errors["continuation"]
    assert session.record.next_step is None


def test_said_plainly_the_stall_ends_the_call_as_a_continuation_and_scores_nothing() -> None:
    session = start()
    now = START + timedelta(minutes=30)
    draft = NextStepDraft(
        "tomorrow 2pm", "1", "I'll think about it", why_continuation="budget frozen until March"
    )
    assert session.set_next_step(draft, now) == {}
    session.complete(now)
    assert session.record.next_step is not None
    assert session.record.next_step.kind == "continuation"
    card = score(session.record, DISCOVERY)
    assert card.criterion("next_step_commitment").points == 0


def test_an_older_step_kept_as_an_advance_with_a_stall_is_scored_as_the_gate_judges_now() -> None:
    session = start()
    now = START + timedelta(minutes=30)
    assert session.set_next_step(NextStepDraft("tomorrow 2pm", "1", "bring the numbers"), now) == {}
    session.complete(now)
    assert score(session.record, DISCOVERY).criterion("next_step_commitment").points == 2
    stored = session.record.next_step
    assert stored is not None and stored.kind == "advance"
    old = dataclasses.replace(
        session.record,
        next_step=dataclasses.replace(stored, their_commitment="I'll think about it"),
    )
    result = score(old, DISCOVERY).criterion("next_step_commitment")
    assert result.points == 0
    assert "I'll think about it" in result.reason
