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
        "the CFO could join",
        "Ana would bring the invoices",
        "may bring the CFO",
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
        "she'll bring the numbers so the CFO could see them",
        "she'll bring the CFO, who would sign",
        "she'll bring her partner, who may sign on the day",
        "she'll share the data we asked for, which would help",
    ],
)
def test_may_the_month_and_our_could_are_no_hedge(theirs: str) -> None:
    step = judged(theirs)
    assert step.advance, step.reason


# -- 2. stalls: taken away to others, they will get back to us, thinking it over -------------------
@pytest.mark.parametrize(
    ("theirs", "why"),
    [
        ("she will revert", "they will get back to us"),
        ("he'll revert by EOD", "they will get back to us"),
        ("he'll check internally and revert", "they will get back to us"),
        ("she'll get back", "they will get back to us"),
        ("she'll be in touch", "they will get back to us"),
        ("they'll get in touch", "they will get back to us"),
        ("he'll drop us an email", "they will get back to us"),
        ("he'll drop me a line", "they will get back to us"),
        ("she'll keep us posted", "they will let us know"),
        ("she will update us", "they will let us know"),
        ("they'll decide internally and let us know", "they will let us know"),
        ("he'll give it some thought", "thinking it over"),
        ("she'll digest the proposal", "thinking it over"),
        ("she'll have a word with her director", "taken away to others"),
        ("she will take it to her manager", "taken away to others"),
        ("they will take it to the board", "taken away to others"),
        ("he'll ask his boss", "taken away to others"),
        ("has to ask the CFO", "taken away to others"),
        ("she'll sync with her team", "taken away to others"),
        ("he'll bounce it off his boss", "taken away to others"),
        ("he'll sound out his boss", "taken away to others"),
        ("she'll float it with the team", "taken away to others"),
        ("he'll socialise it internally", "taken away to others"),
        ("needs to get buy-in internally", "taken away to others"),
        ("she's waiting on her boss", "waiting on someone else"),
    ],
)
def test_a_stall_beside_a_booked_call_is_refused_for_what_it_is(theirs: str, why: str) -> None:
    step = judged(theirs, what="Call Friday")
    assert not step.advance, step.reason
    assert f"is a stall ({why})" in step.reason, step.reason


@pytest.mark.parametrize(
    "theirs",
    [
        "she'll get back to us with the usage numbers",
        "he'll ask the CFO to join",
        "she'll ask her boss to sit in",
        "she'll take the invoices to the call",
        "she'll get in touch with the CFO and bring him along",
        "she'll wait for the invoices from accounts and bring them",
    ],
)
def test_the_same_verbs_with_an_action_stay_advances(theirs: str) -> None:
    step = judged(theirs, what="Call Friday")
    assert step.advance, step.reason


# -- 3. taken to someone who is then brought in, or something shared afterwards --------------------
@pytest.mark.parametrize(
    ("theirs", "what"),
    [
        ("she'll speak to her boss and he'll join", "Call Thursday"),
        ("she'll speak to her boss and he'll join", "Demo Thursday"),
        ("she'll speak with her IT team and have them join Thursday", "Call Thursday"),
        ("she's going to chat with the ops manager and bring her", "Call Thursday"),
        ("she'll mention it to her CFO, who will join Thursday", "Call Thursday"),
        ("talk with the team about requirements, share the list Thursday", "Call Thursday"),
    ],
)
def test_taken_to_someone_then_brought_in_or_shared_is_an_advance(theirs: str, what: str) -> None:
    step = judged(theirs, what=what)
    assert step.advance, step.reason


@pytest.mark.parametrize(
    "theirs",
    ["she'll speak to her boss", "she'll talk to her boss and let us know"],
)
def test_taken_to_someone_with_nothing_after_it_is_still_a_stall(theirs: str) -> None:
    step = judged(theirs, what="Call Thursday")
    assert not step.advance, step.reason
    assert "is a stall" in step.reason, step.reason


# -- 4. their own data sent to us is their numbers shared, not a stall -----------------------------
@pytest.mark.parametrize(
    "theirs",
    [
        "she'll email us the usage report",
        "he'll forward the contract to us for review",
        "she'll hand the spreadsheet to us",
    ],
)
@pytest.mark.parametrize("what", ["Call Thursday", "Email on Monday"])
def test_their_data_sent_to_us_is_their_numbers_shared(theirs: str, what: str) -> None:
    step = judged(theirs, what=what)
    assert step.advance, step.reason
    assert "their own numbers shared" in step.reason, step.reason


@pytest.mark.parametrize(
    ("theirs", "why"),
    [
        ("she'll forward the invoices to her accountant", "passed on to someone"),
        ("she'll email us", "they will get back to us"),
        ("she'll email us back next week", "they will get back to us"),
    ],
)
def test_passed_to_someone_else_or_only_emailing_us_is_still_a_stall(theirs: str, why: str) -> None:
    step = judged(theirs, what="Call Thursday")
    assert not step.advance, step.reason
    assert why in step.reason, step.reason


# -- 5. a refusal is no commitment, however it is put ----------------------------------------------
@pytest.mark.parametrize(
    ("theirs", "said"),
    [
        ("she'd rather not bring her boss", "says what they will not do"),
        ("she would rather not bring her boss", "says what they will not do"),
        ("nah, not bringing anyone", "says what they will not do"),
        ("she has no budget and won't be joining", "ends in a no ('won't be joining')"),
    ],
)
def test_a_refusal_beside_a_demo_is_refused(theirs: str, said: str) -> None:
    step = judged(theirs)
    assert not step.advance, step.reason
    assert said in step.reason, step.reason


@pytest.mark.parametrize(
    "theirs",
    [
        "she'd rather bring the CFO than send the deck",
        "she'll bring the invoices and won't be late",
        "nah, she'll bring the CFO herself",
    ],
)
def test_rather_and_a_later_negative_that_refuse_nothing_stay_advances(theirs: str) -> None:
    step = judged(theirs)
    assert step.advance, step.reason


# -- 6. a call with someone, thinking that ends in a list, going through it alone ------------------
@pytest.mark.parametrize(
    "theirs",
    [
        "she agreed to take the call with the CFO",
        "she'll think through her requirements and bring a list",
    ],
)
def test_a_call_with_someone_or_a_list_brought_is_an_advance(theirs: str) -> None:
    step = judged(theirs, what="Call Thursday")
    assert step.advance, step.reason


def test_going_through_it_on_her_own_is_not_time_together() -> None:
    step = judged("she'll go through the deck on her own", what="Email on Monday")
    assert not step.advance, step.reason
    assert "a read on their own" in step.reason, step.reason


@pytest.mark.parametrize(
    ("what", "theirs"),
    [
        ("Call Thursday", "she'll walk us through the depot on her own site"),
        ("Email on Monday", "she'll walk us through it on her own"),
    ],
)
def test_walking_us_through_it_is_still_time_together(what: str, theirs: str) -> None:
    step = judged(theirs, what=what)
    assert step.advance, step.reason


@pytest.mark.parametrize(
    "theirs",
    ["she'll take the call", "she'll pick up the phone"],
)
def test_only_taking_the_call_is_still_being_reachable(theirs: str) -> None:
    step = judged(theirs, what="Call Thursday")
    assert not step.advance, step.reason
    assert "only being reachable" in step.reason, step.reason


# -- real advances, in varied words, that every rule above must leave alone ------------------------
@pytest.mark.parametrize(
    ("what", "theirs"),
    [
        ("Demo Thursday", "she'll bring the CFO"),
        ("Demo Thursday", "he will invite the finance director"),
        ("Demo Thursday", "the owner will join"),
        ("Demo Thursday", "she's bringing her operations manager along"),
        ("Demo Thursday", "she will loop in procurement"),
        ("Demo Thursday", "she'll introduce us to the CEO on the call"),
        ("Call Friday", "she'll send the usage numbers by Wednesday"),
        ("Call Friday", "he will share last year's invoices"),
        ("Call Friday", "she'll upload the call logs to the portal"),
        ("Call Friday", "she'll export the booking data"),
        ("Call Friday", "he'll provide the headcount and the budget"),
        ("Call Friday", "she'll get back to us with the figures"),
        ("Call Friday", "she'll email over the spreadsheet"),
        ("Call Friday", "she'll sign the order form"),
        ("Call Friday", "he will approve the purchase order"),
        ("Call Friday", "she'll start the pilot on Monday"),
        ("Call Friday", "she'll block an hour and walk us through the depot"),
        ("Call Friday", "she'll talk to her boss and bring him to the call"),
        ("Call Friday", "he'll ask the CFO to join"),
        ("Call Friday", "she'll confirm the go/no-go decision on the call"),
        ("Email on Monday", "she'll send us the invoices for the last three months"),
        ("Workshop on the 12th", "the whole team will attend"),
    ],
)
def test_real_advances_stay_accepted(what: str, theirs: str) -> None:
    step = judged(theirs, what=what)
    assert step.advance, step.reason


@pytest.mark.parametrize(
    "theirs", ["he'll forward my email to the owner", "he'll forward our proposal to the CFO"]
)
def test_passing_our_own_material_on_is_still_passing_it_on(theirs: str) -> None:
    step = judge_step("demo", theirs, POLICY)
    assert not step.advance, step.reason
    assert "passed on to someone" in step.reason
