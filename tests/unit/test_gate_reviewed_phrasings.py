"""Phrasings a sales trainer tried at the gate, judged as a trainer would.

Each their part is typed beside time booked together ("call to go through it") on the bundled
discovery playbook, the policy a live call uses, so the step stands or falls by their part;
real advances with the same words stay accepted.
"""

from __future__ import annotations

import pytest

from callmate.core.catalog import bundled_dir
from callmate.core.judgement import Decider, StepJudgement, decider_names, judge_step
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
        ("she won't have the numbers but will bring the contract", "working through it"),
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


# -- a feeling, or only being there, is no action of theirs ----------------------------------------
@pytest.mark.parametrize(
    "theirs",
    [
        "she is interested",
        "she is keen to see it",
        "she liked it",
        "she's really excited about it",
        "he'd like to hear more",
        "Ana loved the demo",
        "she wants to see the numbers",
        "very positive",
    ],
)
def test_a_feeling_is_not_an_action(theirs: str) -> None:
    step = judged(theirs)
    assert not step.advance
    assert "is a feeling, not an action" in step.reason, step.reason


@pytest.mark.parametrize(
    "theirs",
    [
        "she said she'd be there",
        "show up",
        "she will show up",
        "she'll be there on Thursday",
        "she confirmed she can make it",
        "he'll be on the call",
    ],
)
def test_only_being_there_is_no_action_of_theirs(theirs: str) -> None:
    step = judged(theirs)
    assert not step.advance
    assert "is only being there, no action of theirs" in step.reason, step.reason


#: Real advances, some with a feeling, a negative, a condition or being there beside the action:
#: they stay accepted.
ADVANCES = [
    "she'll bring the CFO to Thursday's demo",
    "he will pull the last 3 months of no-show numbers",
    "they'll book the boardroom and invite procurement",
    "she is happy to share the numbers before the call",
    "she's keen to bring her ops lead",
    "she'll be there with last quarter's invoices",
    "she'll make it happen: book the room and invite the owner",
    "she will open the account for the trial",
    "she likes to have the numbers ready, she'll send them Monday",
    "she will answer the team's questions in the workshop",
    "he'll pick the branch for the pilot",
    "she'll call the owner and book him into the demo",
    "she'll bring the invoices so we can compare",
    "no problem, she will bring the numbers",
    "she won't forget to bring the invoices",
    "she'll sign the order form if the demo works",
    "they will send us the usage report, and the CFO will join",
    "she wants to bring the CFO, and will book the room",
    "Ana will share the spreadsheet and loop in Bob from finance",
    "she'll show us the current setup on the call",
    "she'll confirm the date with the owner by Friday",
    "she will get back to us with the numbers",
    "she'll call us with the usage numbers",
    "she was happy with the demo and will bring the CFO next time",
    "block 45 minutes and bring the two shift leads",
    "she'll export the booking data and send it over before the call",
    "she will sign the pilot agreement",
    "she agreed to bring the invoices",
    "she promised to share the contract",
    "she'll make sure the owner is there",
    "she'll turn up with the numbers",
    "she'll bring the numbers, no problem",
    "she'll bring the CFO and not the intern",
]


@pytest.mark.parametrize("theirs", ADVANCES)
def test_real_advances_stay_accepted(theirs: str) -> None:
    step = judged(theirs)
    assert step.advance, step.reason


# -- the decision maker named as people say it --------------------------------------------------
DECIDERS = decider_names(["Mark Lee, owner"])


def with_deciders(theirs: str, what: str = TOGETHER) -> StepJudgement:
    return judge_step(what, theirs, POLICY, deciders=DECIDERS, contact_decides=Decider.SOMEONE_ELSE)


def test_the_deciders_answer_gives_one_named_owner() -> None:
    assert DECIDERS == ("Mark Lee (owner)",)


@pytest.mark.parametrize(
    "theirs",
    [
        "Ana will bring Mark",
        "demo with Mark",
        "Ana will make sure Mark is there",
        "Mr Lee joins",
        "Ana will invite Lee",
        "Mark Lee will be there",
        "bring Mark's sign-off questions and Mark",
    ],
)
def test_a_first_or_last_name_of_the_decider_brings_them_in(theirs: str) -> None:
    step = with_deciders(theirs)
    assert step.advance, step.reason
    assert step.involves_decider is True
    assert "not known to decide" not in step.reason


def test_the_decider_by_first_name_is_brought_in_even_to_a_check_in() -> None:
    step = with_deciders("Ana will bring Mark", what="check-in call")
    assert step.advance, step.reason
    assert "the decision maker brought in" in step.reason
    assert "not known to decide" not in step.reason


@pytest.mark.parametrize(
    "theirs",
    [
        "Ana brings the marketing plan",
        "Ana will invite Marketing",
        "she'll mark the dates and bring the invoices",
        "site visit at the Leeds depot, she'll bring the invoices",
    ],
)
def test_a_name_inside_another_word_is_not_the_decider(theirs: str) -> None:
    assert with_deciders(theirs).involves_decider is False


def test_a_titled_decider_is_named_by_surname() -> None:
    step = judge_step(
        TOGETHER,
        "she'll bring Okafor",
        POLICY,
        deciders=("Dr Okafor",),
        contact_decides=Decider.SOMEONE_ELSE,
    )
    assert step.involves_decider is True
    assert "the decision maker brought in" in step.reason


# -- only what happens then is the continuation ---------------------------------------------------
@pytest.mark.parametrize(
    ("what", "theirs"),
    [
        ("send proposal", "she will read it and send comments by Friday"),
        ("email the pricing", "she will check it against last year's costs"),
    ],
)
def test_a_good_part_beside_only_sending_says_to_change_what_happens_then(
    what: str, theirs: str
) -> None:
    step = judged(theirs, what=what)
    assert not step.advance
    assert step.reason.startswith(f"their part '{theirs[:20]}")
    assert "is an action of theirs" in step.reason
    assert "change what happens then" in step.reason, step.reason
    assert step.words == (what,)


def test_a_stall_beside_only_sending_is_still_named_as_the_stall() -> None:
    step = judged("I'll think about it", what="send proposal")
    assert not step.advance
    assert "change what happens then" not in step.reason
    assert "is a continuation" in step.reason


# -- "I" in their part -----------------------------------------------------------------------------
def test_their_part_in_the_first_person_does_not_claim_their_numbers() -> None:
    step = judged("I'll bring the invoices")
    assert step.advance, step.reason  # as the prospect's words, beside time together
    assert "their own numbers shared" not in step.reason
    assert step.reason == "working through it"


def test_their_part_in_the_first_person_alone_is_no_advance_and_says_why() -> None:
    step = judged("I'll bring the invoices", what="check-in call")
    assert not step.advance
    assert "their part says 'I'" in step.reason
    assert "write them as theirs" in step.reason
    assert judged("she'll bring the invoices", what="check-in call").advance


def test_a_stall_in_the_first_person_is_still_the_prospects_stall() -> None:
    step = judged("I'll think about it")
    assert not step.advance
    assert "is a stall" in step.reason


@pytest.mark.parametrize(
    "theirs",
    [
        "she wasn't sure at first, but she'll bring the CFO",
        "maybe not Tuesday, but she will bring the invoices Wednesday",
        "bring the contract, which was due to end in May",
        "she was going to send it but will bring it to the call instead",
    ],
)
def test_a_doubt_or_the_past_followed_by_an_action_is_the_action(theirs: str) -> None:
    step = judged(theirs)
    assert step.advance, step.reason


def test_a_doubt_followed_by_a_stall_is_still_refused() -> None:
    step = judged("not sure about Tuesday, she'll think about it")
    assert not step.advance
    assert "stall" in step.reason


@pytest.mark.parametrize(
    ("theirs", "why"),
    [
        ("let me check with my wife", "taken away to others"),
        ("she'll talk to her boss", "taken away to others"),
        ("she'll discuss it with the team", "taken away to others"),
        ("she will mention it to her partner", "taken away to others"),
        ("she'll chat with her husband about it", "taken away to others"),
        ("she will speak to the owner first", "taken away to others"),
        ("she wants a call in a month", "asks us to act"),
        ("she said call her then", "calling again, no purpose"),
    ],
)
def test_taking_it_away_or_asking_to_be_called_is_refused_beside_a_bare_call(
    theirs: str, why: str
) -> None:
    """A bare 'call' is booked time, but their part is what they do: these do nothing."""
    step = judged(theirs, "call")
    assert not step.advance, step.reason
    assert why in step.reason


@pytest.mark.parametrize(
    ("what", "theirs"),
    [
        ("demo", "he'll forward the invite to the owner"),
        ("demo", "he'll forward the calendar invite to the owner"),
        ("demo", "she'll talk to her boss and bring the CFO"),
        ("call to go through it", "she'll check with IT and bring the usage numbers"),
    ],
)
def test_an_invite_forwarded_or_a_talk_then_an_action_is_still_an_advance(
    what: str, theirs: str
) -> None:
    step = judged(theirs, what)
    assert step.advance, step.reason
