"""What a text answer to a qualifying question means, how a yes/no question reads the words reps
type, and the playbook pane's section marks agreeing with the qualification slots.

A text answer that says the thing is missing ("we don't have a budget yet") or only half there
("kind of", "not top ten") never turns a slot green; one that says it is in place does, even
after an opening "no" that answered the prompt's other half ("No, it's already there")."""

from __future__ import annotations

from datetime import timedelta

import pytest

from callmate.core.answers import AnswerError, parse_answer, parse_item
from callmate.core.catalog import bundled_dir
from callmate.core.judgement import Verdict, answer_verdict
from callmate.core.playbook_loader import load_playbook
from callmate.core.session import CallSession
from tests.conftest import START
from tests.unit.test_practice_truth import Practice

DISCOVERY = load_playbook(bundled_dir() / "first-discovery.yaml")
BUSY = bundled_dir() / "personas" / "busy-sceptic.yaml"
BUDGET = DISCOVERY.question("budget_process")
STEPS = DISCOVERY.question("buying_process")
PRIORITY = DISCOVERY.question("priority")


@pytest.mark.parametrize(
    ("question", "text"),
    [
        (BUDGET, "We don't have a budget yet"),
        (BUDGET, "There isn't one"),
        (BUDGET, "Needs finding, nobody owns it"),
        (BUDGET, "We'd have to find it somewhere, not sure where"),
        (BUDGET, "it isn't there yet"),
        (BUDGET, "needs to be found"),
        (BUDGET, "they'd need to find budget"),
        (BUDGET, "Nothing allocated yet"),
        (BUDGET, "Budget hasn't been approved"),
        (BUDGET, "Budget is frozen till Q3"),
        (BUDGET, "Would need to go to the board for it"),
        (PRIORITY, "kind of"),
        (PRIORITY, "Not top 10"),
        (PRIORITY, "it's a pain but not a priority"),
    ],
)
def test_a_text_answer_saying_it_is_missing_or_half_there_is_not_met(question, text) -> None:
    assert answer_verdict(question, text).verdict is Verdict.NOT_MET


@pytest.mark.parametrize(
    ("question", "text"),
    [
        (BUDGET, "No, it's already there"),
        (BUDGET, "we have budget for it"),
        (BUDGET, "Ops budget, Dana owns it"),
        (STEPS, "No formal process, the owner just says yes"),
        (STEPS, "No one needs to approve it under 10k"),
        (STEPS, "Dana signs; it's not an issue"),
        (STEPS, "No process, the MD just decides"),
        (PRIORITY, "top three"),
    ],
)
def test_a_text_answer_that_describes_or_says_it_is_there_is_met(question, text) -> None:
    assert answer_verdict(question, text).verdict is Verdict.MET


@pytest.mark.parametrize(
    ("question", "text"),
    [
        (BUDGET, "TBD"),
        (BUDGET, "?"),
        (BUDGET, "No clue"),
        (BUDGET, "Wasn't discussed"),
        (STEPS, "Unknown"),
        (STEPS, "Doesn't remember"),
        (STEPS, "She wasn't involved last time"),
    ],
)
def test_a_text_answer_that_says_nothing_is_known_leaves_its_slot_unknown(question, text) -> None:
    """Still to find out: neither a tick nor a cross ("TBD" ticked the Budget slot)."""
    assert answer_verdict(question, text).verdict is Verdict.UNKNOWN


YES_NO = DISCOVERY.question("worth_fixing")


@pytest.mark.parametrize("typed", ["absolutely", "Definitely!", "sure", "of course", "yup"])
def test_the_yes_words_reps_type_are_a_yes(typed: str) -> None:
    assert parse_answer(YES_NO, typed) is True


@pytest.mark.parametrize("typed", ["nah", "Not really.", "no way", "nope"])
def test_the_no_words_reps_type_are_a_no(typed: str) -> None:
    assert parse_answer(YES_NO, typed) is False


@pytest.mark.parametrize("typed", ["kind of", "maybe", "Not sure", "sort of"])
def test_a_maybe_at_a_yes_no_question_says_how_to_record_it(typed: str) -> None:
    with pytest.raises(AnswerError) as refused:
        parse_answer(YES_NO, typed)
    said = str(refused.value)
    assert "y or n" in said and "skip it (ctrl+n)" in said and "note" in said


def test_a_section_is_not_ticked_while_its_slot_is_not_known() -> None:
    """Practice: the persona said 'Maybe...', the rep typed y: the slot is not known, and the
    section list says so instead of ticking it."""
    call = Practice(BUSY)
    assert call.ask("worth_fixing").text.startswith("Maybe.")
    call.answer("worth_fixing", "y")
    session = call.session
    [judged] = [j for n, j in session.slots() if n == "Pain agreed"]
    assert judged.verdict is Verdict.UNKNOWN
    section = DISCOVERY.section_of("worth_fixing").id
    assert session.sections_short_of_a_slot() == {section: Verdict.UNKNOWN}


def test_a_no_marks_its_section_not_met() -> None:
    call = Practice(BUSY)
    call.answer("worth_fixing", "n")
    call.now += timedelta(minutes=1)
    section = DISCOVERY.section_of("worth_fixing").id
    assert call.session.sections_short_of_a_slot()[section] is Verdict.NOT_MET


PROBLEMS = DISCOVERY.question("problems")


@pytest.mark.parametrize(
    ("typed", "tag", "text"),
    [
        ("- w: online booking", "want", "online booking"),
        ("• o: fill cancellations", "opportunity", "fill cancellations"),
        ("12) n: works with Dentrix", "need", "works with Dentrix"),
        ("want: a dashboard", "want", "a dashboard"),
        ("Need: same-day reminders", "need", "same-day reminders"),
        ("-5% margin since March", "problem", "-5% margin since March"),
    ],
)
def test_a_pown_item_drops_a_copied_bullet_and_takes_its_tag(typed, tag, text) -> None:
    item = parse_item(PROBLEMS, typed)
    assert (item.tag, item.text) == (tag, text)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "typed", ["yes, definitely", "Yes, absolutely", "yes def", "ya", "for sure", "correct", "100%"]
)
def test_a_yes_said_more_strongly_is_a_yes(typed: str) -> None:
    assert parse_answer(YES_NO, typed) is True


@pytest.mark.parametrize("typed", ["Definitely not", "not at all", "no chance", "no not really"])
def test_a_no_said_more_strongly_is_a_no(typed: str) -> None:
    assert parse_answer(YES_NO, typed) is False


@pytest.mark.parametrize("typed", ["up to a point", "probably", "not yet", "think so"])
def test_a_hedged_answer_gets_the_advice_too(typed: str) -> None:
    with pytest.raises(AnswerError, match=r"skip it \(ctrl\+n\)"):
        parse_answer(YES_NO, typed)


def start_at(question_id: str) -> CallSession:
    session = CallSession.start(DISCOVERY, "Pat Quill", "Hollow Pines Dental", START)
    session.jump(DISCOVERY.section_of(question_id).id, START)
    while (current := session.current()) is not None and current.id != question_id:
        session.skip(START)
    return session


def test_a_prompt_quotes_the_problem_not_a_want_pasted_first() -> None:
    """'{problems}' read the first item of any kind: 'So online booking is costing you...'."""
    session = start_at("problems")
    for item in ("w: online booking", "o: fill cancellations", "p: double bookings every week"):
        session.add_item(item, START)
    session.finish_items(START)
    assert session.template_values()["problems"] == "double bookings every week"


def test_a_prompt_names_the_deciders_as_the_gate_does() -> None:
    session = start_at("deciders")
    session.add_item("Dr Mark Lee, owner", START)
    session.finish_items(START)
    assert session.template_values()["deciders"] == "Dr Mark Lee (owner)"
