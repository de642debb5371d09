"""Phrasings a sales trainer tried at the gate, judged as a trainer would.

Each their part is typed beside time booked together ("call to go through it") on the bundled
discovery playbook, the policy a live call uses, so the step stands or falls by their part;
real advances with the same words stay accepted.
"""

from __future__ import annotations

import pytest

from callmate.core.catalog import bundled_dir
from callmate.core.judgement import StepJudgement, judge_step
from callmate.core.playbook_loader import load_playbook

POLICY = load_playbook(bundled_dir() / "first-discovery.yaml").next_step
TOGETHER = "call to go through it"


def judged(theirs: str, what: str = TOGETHER) -> StepJudgement:
    return judge_step(what, theirs, POLICY)


# -- stalls: being called back or reachable is no action of theirs ---------------------------------
@pytest.mark.parametrize(
    "theirs",
    ["she will call us back next week", "she'll call us back", "he will ring us next week"],
)
def test_calling_us_back_is_a_stall_as_getting_back_to_us_is(theirs: str) -> None:
    step = judged(theirs)
    assert not step.advance
    assert "stall (they will get back to us)" in step.reason, step.reason
    same = judged("will get back to us").reason
    assert step.reason.split("' ", 1)[1] == same.split("' ", 1)[1]


def test_our_call_next_month_and_their_picking_up_is_no_time_booked_together() -> None:
    step = judged("she'll pick up", what="I'll call her next month")
    assert not step.advance
    assert "time booked together" not in step.reason
    assert "continuation" in step.reason


@pytest.mark.parametrize(
    ("what", "theirs"),
    [
        ("call her next month to go through the numbers", "she will bring the invoices"),
        (TOGETHER, "she'll call us with the usage numbers"),
        (TOGETHER, "she'll call us to book the demo with the CFO"),
        (TOGETHER, "pick up the invoices from accounts and bring them"),
    ],
)
def test_a_call_with_a_purpose_is_still_an_advance(what: str, theirs: str) -> None:
    step = judged(theirs, what=what)
    assert step.advance, step.reason


# -- refusals, placeholders, a no later on, what they did not do -----------------------------------
@pytest.mark.parametrize(
    ("theirs", "said"),
    [
        ("no commitment from his side", "says they committed to nothing"),
        ("no commitment", "says they committed to nothing"),
        ("she made no promises", "says they committed to nothing"),
        ("nothing from her side", "says they committed to nothing"),
        ("bring the invoices? she said no", "ends in a no ('she said no')"),
        ("she was asked to bring the invoices, but refused", "ends in a no ('refused')"),
        ("asked her to bring the CFO and she declined", "ends in a no ('she declined')"),
        (
            "she was supposed to bring the invoices last time and didn't",
            "what they were to do before, not what they will do now",
        ),
        ("she was meant to send the usage figures", "what they were to do before"),
    ],
)
def test_a_part_with_no_commitment_is_refused_for_what_it_says(theirs: str, said: str) -> None:
    step = judged(theirs)
    assert not step.advance
    assert said in step.reason, step.reason
    assert "numbers shared" not in step.reason


def test_a_no_followed_by_what_they_will_do_is_judged_by_the_offer() -> None:
    step = judged("bring the invoices? she said no, but she'll send the usage report")
    assert step.advance, step.reason
    assert "their own numbers shared" in step.reason


# -- hedges: a condition or "not sure" is not a yes yet --------------------------------------------
@pytest.mark.parametrize(
    "theirs",
    [
        "she'll bring the invoices, if she finds them",
        "she will bring the CFO if he is free",
        "bring the numbers if possible",
        "she'll share the usage figures as long as legal agrees",
        "not sure she can make it",
        "she isn't sure she can bring the numbers",
        "she doesn't know if the CFO can join",
        "not yet confirmed",
    ],
)
def test_a_condition_or_a_doubt_is_not_a_yes_yet(theirs: str) -> None:
    step = judged(theirs)
    assert not step.advance
    assert "is not a yes yet" in step.reason, step.reason
    assert "will not do" not in step.reason


# -- a refusal, then what they will do instead ----------------------------------------------------
@pytest.mark.parametrize(
    ("theirs", "why"),
    [
        ("Ana can't do Tuesday so she'll bring the invoices Wednesday", "their own numbers shared"),
        ("she won't have the numbers but will join", "working through it"),
        ("she can't send the data, but will bring the invoices", "their own numbers shared"),
    ],
)
def test_a_refusal_then_an_offer_is_judged_by_the_offer(theirs: str, why: str) -> None:
    step = judged(theirs)
    assert step.advance, step.reason
    assert why in step.reason


@pytest.mark.parametrize(
    "theirs",
    [
        "she can't do Tuesday so she won't come",
        "she won't have the numbers but will think about it",
    ],
)
def test_an_offer_that_is_no_commitment_is_still_refused(theirs: str) -> None:
    assert not judged(theirs).advance
