"""Their part of a next step, as a second reviewer typed it at the gate.

Each part stands beside time booked together ("Demo Thursday", "Call Friday") on the bundled
discovery playbook, the policy a live call uses, so the step stands or falls by their part: a
hedge, a stall or a refusal is no commitment; someone brought in after talking to them, or their
own data sent to us, is one.
"""

from __future__ import annotations

import pytest

from callmate.core.catalog import bundled_dir
from callmate.core.judgement import StepJudgement, judge_step
from callmate.core.playbook_loader import load_playbook

POLICY = load_playbook(bundled_dir() / "first-discovery.yaml").next_step


def judged(theirs: str, what: str = "Demo Thursday") -> StepJudgement:
    return judge_step(what, theirs, POLICY)


# -- 1. hedges: a may, a could, a hope or a "TBC" is not a yes yet ---------------------------------
@pytest.mark.parametrize(
    "theirs",
    [
        "CFO may join",
        "she may bring the CFO",
        "she should be able to bring the CFO",
        "she'll aim to bring the CFO",
        "she'll see if the CFO can join",
        "he'll ask if his boss can come",
        "likely bringing the CFO",
        "hoping to bring the CFO",
        "she would bring the CFO",
        "she could bring the CFO",
        "she'll bring the CFO, fingers crossed",
        "she'll bring the CFO tentatively",
        "she'll bring the CFO, TBC",
        "bring CFO - tentative",
        "she'll bring the CFO if he's free",
        "she'll bring the CFO if he is free",
    ],
)
def test_a_hedged_part_is_not_a_yes_yet(theirs: str) -> None:
    step = judged(theirs)
    assert not step.advance, step.reason
    assert "is not a yes yet" in step.reason, step.reason


@pytest.mark.parametrize(
    "theirs",
    [
        "she'll bring the CFO in May",
        "she'll bring the CFO on May 3",
        "she'll bring the CFO by may 3",
        "May will bring the invoices",
        "she'll bring the CFO so we could go through it together",
    ],
)
def test_may_the_month_and_our_could_are_no_hedge(theirs: str) -> None:
    step = judged(theirs)
    assert step.advance, step.reason
