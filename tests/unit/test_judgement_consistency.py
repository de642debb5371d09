"""Similar next steps are judged alike (the methodology: an advance is a specific action both
sides commit to that moves the decision forward; a vague check-in or catch-up, or the prospect
only reading, looking at or reviewing it, is a continuation). "catch up call" was an advance for
its "call" while "check in" was not; "read it" and "will review internally" passed as the
prospect's part while "look at it" was a stall."""

from __future__ import annotations

import pytest

from callmate.core.judgement import judge_step

VAGUE_WHAT = [
    "check in",
    "follow up",
    "catch up call",
    "catch-up",
    "check-in call",
    "touch base call",
]
A_READ = [
    "look at it",
    "read it",
    "review it",
    "will review internally",
    "have a read",
    "read the deck",
]


@pytest.mark.parametrize("what", VAGUE_WHAT)
def test_a_vague_check_in_is_a_continuation_whatever_it_is_called(what: str) -> None:
    judged = judge_step(what, "block the time")
    assert not judged.advance, judged.reason
    assert "continuation" in judged.reason


@pytest.mark.parametrize("theirs", A_READ)
def test_their_part_that_is_only_a_read_is_a_stall_whatever_the_verb(theirs: str) -> None:
    judged = judge_step("Review the proposal together on a call", theirs)
    assert not judged.advance, judged.reason
    assert "stall" in judged.reason


@pytest.mark.parametrize(
    ("what", "theirs"),
    [
        ("Catch-up call to go through the numbers together", "bring last month's invoices"),
        (
            "Review the proposal together",
            "review the proposal with Ana and send comments by Friday",
        ),
        ("Review call", "send us their current contract before Friday"),
    ],
)
def test_a_read_or_a_catch_up_with_a_real_step_beside_it_is_still_an_advance(
    what: str, theirs: str
) -> None:
    assert judge_step(what, theirs).advance
