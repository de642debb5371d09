"""The core's judgement of what the prospect said: pain, timeline, who decides, and the slots."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from callmate.core import judgement
from callmate.core.catalog import bundled_dir
from callmate.core.cues import builtin
from callmate.core.judgement import Decider, Timeline, Verdict
from callmate.core.playbook import Condition, Slot
from callmate.core.playbook_loader import load_playbook
from callmate.core.session import CallSession

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
DISCOVERY = load_playbook(bundled_dir() / "first-discovery.yaml")


def answered(**answers: str | list[str]) -> CallSession:
    """A first-discovery call with these answers, typed at each question in turn."""
    session = CallSession.start(DISCOVERY, "Robin Hale", "Hollow Pines", T0)
    for question_id, value in answers.items():
        session.record.cursor = question_id
        if isinstance(value, list):
            for item in value:
                session.add_item(item, T0)
            session.finish_items(T0)
        else:
            session.answer(value, T0)
    return session


def slot(session: CallSession, label: str) -> judgement.Judged:
    return dict(session.slots())[label]


@pytest.mark.parametrize(
    ("typed", "verdict"),
    [("y", Verdict.MET), ("yes", Verdict.MET), ("n", Verdict.NOT_MET), ("no", Verdict.NOT_MET)],
)
def test_pain_follows_what_they_said(typed: str, verdict: Verdict) -> None:
    session = answered(worth_fixing=typed)
    assert judgement.pain(session.record, DISCOVERY).verdict is verdict
    assert slot(session, "Pain agreed").verdict is verdict


def test_a_no_to_the_pain_question_is_shown_as_not_big_enough() -> None:
    judged = slot(answered(worth_fixing="n"), "Pain agreed")
    assert judged.verdict is Verdict.NOT_MET
    assert judged.reason == "they said no"
    assert judgement.pain(answered(worth_fixing="n").record, DISCOVERY).reason.startswith(
        "not big enough yet"
    )


def test_nothing_asked_is_unknown_not_failed() -> None:
    session = answered()
    assert all(j.verdict is Verdict.UNKNOWN for _, j in session.slots())
    assert judgement.pain(session.record, DISCOVERY).verdict is Verdict.UNKNOWN


@pytest.mark.parametrize(
    ("typed", "firmness"),
    [
        ("1", Timeline.SET),
        ("2", Timeline.SET),
        ("3", Timeline.WEAK),
        ("4", Timeline.NONE),
    ],
)
def test_timeline_from_the_commitment_choices(typed: str, firmness: Timeline) -> None:
    session = answered(start_when=typed)
    assert judgement.timeline(session.record, DISCOVERY)[0] is firmness
    expected = Verdict.MET if firmness is Timeline.SET else Verdict.NOT_MET
    assert slot(session, "Timeline").verdict is expected


@pytest.mark.parametrize(
    ("text", "firmness"),
    [
        ("no timeline", Timeline.NONE),
        ("never, honestly", Timeline.NONE),
        ("maybe next year", Timeline.WEAK),
        ("not sure, depends on the board", Timeline.WEAK),
        ("by the end of March", Timeline.SET),
        ("straight after the audit in two weeks", Timeline.WEAK),
        ("this month", Timeline.SET),
    ],
)
def test_timeline_in_free_text(text: str, firmness: Timeline) -> None:
    question = DISCOVERY.question("their_goal")  # any text question judges the same way
    assert judgement.timeline_of(question, text) is firmness


def test_the_decider_slot_turns_when_the_contact_does_not_decide() -> None:
    session = answered(deciders=["Dr Okafor"], contact_decides="y")
    assert slot(session, "Decision maker").verdict is Verdict.MET
    assert judgement.decider(session.record, DISCOVERY)[0] is Decider.CONTACT
    session = answered(deciders=["Dr Okafor"], contact_decides="n")
    assert slot(session, "Decision maker").verdict is Verdict.NOT_MET
    state, names = judgement.decider(session.record, DISCOVERY)
    assert (state, judgement.decider_names(names)) == (Decider.SOMEONE_ELSE, ("Dr Okafor",))


def test_only_answers_to_who_decides_are_taken_as_names() -> None:
    session = answered(
        deciders=["CFO Dana"],
        contact_decides="n",
        buying_process="PO then sign",
        budget_process="yearly budget",
    )
    _, names = judgement.decider(session.record, DISCOVERY)
    assert judgement.decider_names(names) == ("CFO Dana",)
    assert "PO then sign" not in session.suggested_ask()


def test_a_playbook_says_which_answers_meet_a_slot() -> None:
    question = DISCOVERY.question("start_when")
    strict = Slot("timeline", "Timeline", ("start_when",), Condition("equals", ("this month",)))
    session = answered(start_when="2")
    assert judgement.slot_verdict(strict, DISCOVERY, session.record).verdict is Verdict.NOT_MET
    session = answered(start_when="1")
    assert judgement.slot_verdict(strict, DISCOVERY, session.record).verdict is Verdict.MET
    assert question.choices[0] == "this month"


@pytest.mark.parametrize(
    ("scale", "verdict"),
    [(9, Verdict.MET), (7, Verdict.MET), (6, Verdict.NOT_MET), (2, Verdict.NOT_MET)],
)
def test_scale_answers(scale: int, verdict: Verdict) -> None:
    from callmate.core.playbook import Capture, Question

    question = Question("how_big", "How big, 1 to 10?", "powns", Capture.SCALE)
    assert judgement.answer_verdict(question, scale).verdict is verdict


def test_cues_use_the_same_verdicts() -> None:
    pained = answered(worth_fixing="n")
    pained.record.cursor = "start_when"
    assert "no_agreed_pain" in builtin(pained, T0)
    agreed = answered(worth_fixing="y")
    agreed.record.cursor = "start_when"
    assert "no_agreed_pain" not in builtin(agreed, T0)
    assert "weak_commitment" in builtin(answered(start_when="4"), T0)
    assert "weak_commitment" not in builtin(answered(start_when="1"), T0)
    assert "not_decision_maker" in builtin(answered(contact_decides="n"), T0)
    assert "not_decision_maker" not in builtin(answered(contact_decides="y"), T0)


def test_asked_for_information_cue_catches_asks_and_ignores_statements() -> None:
    asked = answered(their_goal="just email it over")
    assert "asked_for_info" in builtin(asked, T0 + timedelta(minutes=1))
    stated = answered(their_goal="we forward the details to accounting")
    assert "asked_for_info" not in builtin(stated, T0 + timedelta(minutes=1))


def test_the_gate_starts_from_what_the_prospect_said_they_will_do() -> None:
    session = answered(their_part="pull last quarter's no-show numbers")
    assert session.prefilled_draft().their_commitment == "pull last quarter's no-show numbers"
    assert answered().prefilled_draft().their_commitment == ""
