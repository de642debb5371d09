"""The core's judgement of next steps: advance or continuation, on realistic phrasings."""

from __future__ import annotations

import pytest

from callmate.core.judgement import Decider, asks_for_information, judge_step, judge_step_text
from callmate.core.playbook import NextStepPolicy

ADVANCE, CONTINUATION = True, False

#: (what happens then, what the prospect committed to, advance?)
STEPS = [
    # continuations: the conversation stays alive, nobody moves the sale
    ("Send some information", "send me some information", CONTINUATION),
    ("Email the brochure", "I'll take a look and let you know", CONTINUATION),
    ("Follow up", "I'll think about it", CONTINUATION),
    ("Call again", "call me next month", CONTINUATION),
    ("Check in", "check in next week", CONTINUATION),
    ("Check-in call", "be available", CONTINUATION),
    ("Send the deck", "have a look at the deck", CONTINUATION),
    ("Email a PDF Robin can forward to Dr Okafor", "forward it to Dr Okafor", CONTINUATION),
    ("Send over pricing", "review it first and get back to us", CONTINUATION),
    ("Touch base after the holidays", "keep in touch", CONTINUATION),
    ("Circle back in Q2", "we'll see", CONTINUATION),
    ("Mail the specs", "read it later", CONTINUATION),
    ("Send a quote", "wait to hear from finance", CONTINUATION),
    ("Drop them an email with some details", "let us know when they get a chance", CONTINUATION),
    ("Follow-up email", "nothing", CONTINUATION),
    ("Send more info", "maybe", CONTINUATION),
    ("Reach out again", "when I have time", CONTINUATION),
    ("Send the proposal", "run it by my boss", CONTINUATION),
    ("Email it over", "mull it over", CONTINUATION),
    ("Follow up call", "x", CONTINUATION),
    ("Give me a ring next week", "give me a call", CONTINUATION),
    ("Send some case studies", "not ready yet", CONTINUATION),
    ("Wait", "they'll discuss internally", CONTINUATION),
    ("call me next month", "answer the call", CONTINUATION),
    ("Ring them in the new year", "pick up the phone", CONTINUATION),
    ("send me some information", "pull numbers", CONTINUATION),
    ("Email the pricing", "gather the figures", CONTINUATION),
    ("Send the overview", "be around to take my call", CONTINUATION),
    # advances: a specific action by the prospect that moves the sale
    ("Dr Quill joins Thursday's call to see the numbers", "bring Dr Quill", ADVANCE),
    (
        "Send me the proposal and we go through it together Thursday 3pm with the CFO",
        "go through the proposal with us and the CFO",
        ADVANCE,
    ),
    (
        "20-minute call to go through the quote together",
        "block the time and bring questions",
        ADVANCE,
    ),
    ("Demo for the ops team", "invite the two shift leads", ADVANCE),
    ("Review their usage figures", "share last quarter's usage figures before the call", ADVANCE),
    ("Site visit at the Leeds depot", "walk us round the depot", ADVANCE),
    ("Start a two-week trial", "set up three users on the trial", ADVANCE),
    ("Sign the order form", "sign the order form and return it", ADVANCE),
    ("Meeting with the finance director", "introduce us to the finance director", ADVANCE),
    ("Call with the owner", "book the owner's diary for 30 minutes", ADVANCE),
    ("Workshop on the rollout plan", "bring the rollout plan and the IT lead", ADVANCE),
    ("Pilot in one branch", "pick the branch and a start date", ADVANCE),
    ("Review call", "send us their current contract before Friday", ADVANCE),
    ("Decision call", "give us a yes or no on the pilot", ADVANCE),
    ("A working session, not a brochure", "bring their three worst invoices", ADVANCE),
    ("Kick-off", "sign the purchase order", ADVANCE),
    ("Video call to walk through the numbers", "pull the costs from last year", ADVANCE),
    ("Send the overview", "pull the numbers and share them with us", ADVANCE),
    ("Call with the board", "loop in the board chair", ADVANCE),
    ("Screen share of their current setup", "show us the current setup", ADVANCE),
    # Attending is only being there, as "she'll be there" is: the call together is booked,
    # but their part is no action of theirs.
    ("Rather than send information, a call to review it together", "attend the call", CONTINUATION),
    (
        "Rather than send information, a call to review it together",
        "attend the call with last quarter's invoices",
        ADVANCE,
    ),
]


@pytest.mark.parametrize(("what", "theirs", "advance"), STEPS)
def test_steps_are_judged_as_a_trainer_would(what: str, theirs: str, advance: bool) -> None:
    judged = judge_step(what, theirs)
    assert judged.advance is advance, judged.reason
    assert judged.reason
    assert judged.kind == ("advance" if advance else "continuation")


def test_a_continuation_names_the_words_that_made_it_one() -> None:
    judged = judge_step("Send some information", "send me some information")
    assert "send me some information" in judged.words
    assert "continuation" in judged.reason


def test_junk_in_their_part_is_never_an_advance() -> None:
    judged = judge_step("Call to go through it together", "x")
    assert not judged.advance
    assert "no part" in judged.reason


def test_their_part_is_optional_when_the_playbook_says_so() -> None:
    policy = NextStepPolicy(require_prospect_commitment=False)
    assert judge_step("Call to go through it together", "", policy).advance


def test_a_step_that_leaves_out_the_decider_is_flagged() -> None:
    judged = judge_step(
        "Email a PDF Robin can forward to Dr Okafor, then a quick call with Robin",
        "forward the PDF",
        deciders=("Dr Okafor",),
        contact_decides=Decider.SOMEONE_ELSE,
    )
    assert judged.involves_decider is False


@pytest.mark.parametrize("decider", ["Dr Okafor", "Dr. Okafor"])
def test_forwarding_it_to_the_decider_is_not_bringing_them_in(decider: str) -> None:
    judged = judge_step(
        "Email a PDF Robin can forward to Dr. Okafor, then a quick call with Robin",
        "forward the PDF to Dr. Okafor",
        deciders=(decider,),
        contact_decides=Decider.SOMEONE_ELSE,
    )
    assert judged.involves_decider is False


def test_a_step_that_brings_the_decider_in_is_recognised() -> None:
    judged = judge_step(
        "Dr Okafor joins Thursday's call",
        "invite Dr Okafor",
        deciders=("Dr Okafor",),
        contact_decides=Decider.SOMEONE_ELSE,
    )
    assert judged.advance
    assert judged.involves_decider is True


def test_the_decider_is_not_asked_about_when_the_contact_decides() -> None:
    assert (
        judge_step("Call", "bring the numbers", contact_decides=Decider.CONTACT).involves_decider
        is None
    )


def test_a_playbook_adds_its_own_phrases() -> None:
    policy = NextStepPolicy(continuations=("ring fence",), advances=("tasting menu",))
    assert judge_step("Tasting menu for the chef", "book the tasting menu", policy).advance
    assert not judge_step("Ring fence the date", "ring fence it", policy).advance


def test_a_suggestion_is_judged_as_written() -> None:
    assert not judge_step_text("Send some information").advance
    assert not judge_step_text("Check in").advance
    assert judge_step_text("A call with the decision maker to go through the numbers").advance


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("email it over", True),
        ("send it to me", True),
        ("just send me the deck", True),
        ("can you send some pricing", True),
        ("could you email me the details", True),
        ("we forward the details to accounting", False),
        ("I'll send the invoices to finance", False),
        ("they sent us a brochure last year", False),
        ("the problem is onboarding takes six weeks", False),
    ],
)
def test_a_request_for_information_is_caught_and_statements_are_not(text: str, asked: bool) -> None:
    assert asks_for_information(text) is asked
