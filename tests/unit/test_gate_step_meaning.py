"""The gate judges what a next step means, not that its fields are filled.

A part that says what they will not do is no commitment; a reason names what really moves the
sale (numbers brought are numbers shared, someone brought in is a person) and never says the
decision maker is brought in beside a warning that they are not; one item at "Who else
decides" is one person, its description after a comma. Driven through judge_step and a
CallSession on the bundled discovery playbook.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from callmate.core.catalog import bundled_dir
from callmate.core.judgement import Decider, judge_step
from callmate.core.next_step import NextStepDraft
from callmate.core.playbook_loader import load_playbook
from callmate.core.session import CallSession
from tests.conftest import START

DISCOVERY = load_playbook(bundled_dir() / "first-discovery.yaml")

#: Parts that say what they will NOT do, in their main clause.
REFUSALS = [
    "she will not join",
    "she will not attend",
    "she won't bring anyone",
    "she will never sign",
    "she will decline the meeting",
    "she will not share the numbers",
    "she refused to do anything",
    "Pat Quill won't attend",
    "Dr. Rosa Élan will not attend",
    "she isn't going to bring anyone",
    "she doesn't want to share the numbers",
    "nobody will come",
    "none of them will join",
    "she will sign nothing",
    "No, she declined",
    "she has no intention of signing",
    "she’ll never sign",
    "she cannot make it",
    "she turned it down",
    "not joining",
]

#: A negative further on is not a refusal of theirs: these are their actions.
NOT_REFUSALS = [
    "she will bring the numbers so we don't waste time",
    "she will make sure nobody else is surprised",
    "no later than Friday she sends the invoices",
    "she'll confirm she can't make Tuesday and pick another day",
    "she won't forget to bring the invoices",
    "no problem, she will bring the numbers",
    "Ana confirms Bob can't join on Monday and books Tuesday",
    "cost isn't a problem; she will bring the invoices",
    "she will not only bring the invoices but also her partner",
]


#: A refusal, then what they will do instead in a clause of its own: the offer is their part.
OFFERS_INSTEAD = [
    "Tuesday won't work, she'll do Wednesday",
    "she won't join, but her CFO will bring the numbers",
    "she can't do Tuesday; instead she will bring the invoices on Thursday",
    "she won't join but Ana will",
    "No, she declined the demo - she is going to send last month's invoices",
]

#: ... and an offer that is itself a refusal, a stall or a hedge is still no commitment.
NO_OFFER_INSTEAD = [
    ("she won't join, she will never sign", "says what they will not do"),
    ("she won't join, but she will not", "says what they will not do"),
    ("she will not join, she'll think about it", "is a stall"),
    ("she refused, she'll maybe bring someone", "is not a yes yet"),
    ("she cannot make it, sorry", "says what they will not do"),
]


@pytest.mark.parametrize("theirs", OFFERS_INSTEAD)
def test_what_they_offer_instead_of_a_refusal_is_their_part(theirs: str) -> None:
    judged = judge_step("a call", theirs)
    assert judged.advance, judged.reason


@pytest.mark.parametrize(("theirs", "said"), NO_OFFER_INSTEAD)
def test_an_offer_instead_is_judged_like_any_part(theirs: str, said: str) -> None:
    judged = judge_step("a call", theirs)
    assert not judged.advance, judged.reason
    assert said in judged.reason


@pytest.mark.parametrize("theirs", REFUSALS)
def test_a_part_saying_what_they_will_not_do_is_refused(theirs: str) -> None:
    judged = judge_step("a call", theirs)
    assert not judged.advance, judged.reason
    assert judged.reason.startswith(f"their part '{theirs}' says what they will not do")
    assert "ask what they will do" in judged.reason


@pytest.mark.parametrize("theirs", NOT_REFUSALS)
def test_a_negative_outside_the_main_clause_is_not_a_refusal(theirs: str) -> None:
    judged = judge_step("a call", theirs)
    assert judged.advance, judged.reason


def start() -> CallSession:
    return CallSession.start(DISCOVERY, "Pat Quill", "Hollow Pines Dental", START)


def test_the_gate_does_not_end_a_call_as_an_advance_on_a_refusal() -> None:
    session = start()
    now = START + timedelta(minutes=30)
    draft = NextStepDraft("thu 3pm", "1", "she refused to do anything")
    assert not session.review_step(draft, now).judgement.advance
    errors = session.set_next_step(draft, now)
    assert set(errors) == {"continuation"}
    assert "'she refused to do anything' says what they will not do" in errors["continuation"]
    assert session.record.next_step is None
    said = NextStepDraft(
        "thu 3pm", "1", "she refused to do anything", why_continuation="no budget this year"
    )
    assert session.set_next_step(said, now) == {}
    assert session.record.next_step is not None
    assert session.record.next_step.kind == "continuation"


def test_numbers_brought_are_numbers_shared_not_someone_brought_in() -> None:
    judged = judge_step("send me some information", "she will bring the invoices")
    assert judged.advance
    assert judged.reason == "their own numbers shared"
    together = "20-minute call to go through the proposal together, page by page"
    judged = judge_step(
        together,
        "she will bring last month no-show numbers",
        deciders=("Ana Ruiz",),
        contact_decides=Decider.SOMEONE_ELSE,
    )
    assert judged.advance
    assert judged.reason == "time together, and their own numbers shared"
    assert judged.involves_decider is False


def test_someone_brought_in_is_a_person_and_says_whom() -> None:
    judged = judge_step("Demo for the ops team", "invite the two shift leads")
    assert (
        judged.reason
        == "time booked together, and someone brought in ('invite the two shift leads')"
    )
    assert "brought in" not in judge_step("a call", "she will bring questions").reason


def test_the_decision_maker_brought_in_is_an_advance_even_to_a_check_in() -> None:
    judged = judge_step("check-in", "she will invite the CFO")
    assert judged.advance
    assert judged.reason == "the decision maker brought in"


def test_someone_who_does_not_decide_brought_into_a_check_in_is_no_advance() -> None:
    judged = judge_step("check-in", "she will invite Mike from IT")
    assert not judged.advance
    assert "'check-in' is a continuation" in judged.reason
    assert "someone not known to decide" in judged.reason
    judged = judge_step(
        "check-in",
        "she will invite the CFO",
        deciders=("Ana Ruiz",),
        contact_decides=Decider.CONTACT,
    )
    assert not judged.advance  # the contact decides: the CFO is someone else
    assert not judge_step("invite Mike from IT", "she will check").advance


@pytest.mark.parametrize(
    "theirs",
    [
        "she will bring last month no-show numbers",
        "she will invite the two shift leads",
        "bring Mike from the front desk",
        "she will invite Ana Ruiz",
        "she will bring the CFO",
    ],
)
def test_a_reason_never_contradicts_the_decision_maker_warning(theirs: str) -> None:
    session = start()
    session.jump("decision", START)
    session.add_item("Ana Ruiz, owner", START)
    session.finish_items(START)
    session.answer("n", START)
    review = session.review_step(NextStepDraft("thu 3pm", "1", theirs), START)
    warned = any("does not bring in the decision maker" in w for w in review.warnings)
    assert review.judgement.advance
    assert warned is ("decision maker brought in" not in review.judgement.reason)


def test_one_item_at_who_else_decides_is_one_person() -> None:
    session = start()
    session.jump("decision", START)
    session.add_item("Ana Ruiz, owner", START)
    session.finish_items(START)
    session.answer("n", START)
    ask = session.suggested_ask()
    assert ask.endswith("with Ana Ruiz (owner)")
    assert "and owner" not in ask
    review = session.review_step(NextStepDraft("thu 3pm", "1", "she will check"), START)
    assert any("the decision maker (Ana Ruiz)." in w for w in review.warnings)
    brought = session.review_step(NextStepDraft("thu 3pm", "1", "she will invite Ana Ruiz"), START)
    assert brought.judgement.involves_decider is True
    assert brought.judgement.reason == "time together, and the decision maker brought in"
    assert not any("decision maker" in w for w in brought.warnings)


def test_the_nudge_says_how_far_away_as_the_scorecard_does() -> None:
    """Thursday 15:00 booked on Tuesday 05:47 is 2.4 days away: rounded to '2 days away' it
    read against 'this playbook nudges past 2'."""
    session = start()
    now = START.replace(day=24, hour=5, minute=47)  # a Tuesday
    review = session.review_step(NextStepDraft("thu 3pm", "1", "bring the numbers"), now)
    [nudge] = [w for w in review.warnings if "Sooner is better" in w]
    assert nudge.startswith("That is 2.4 days away.")
    assert "nudges past 2 days" in nudge
