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
