"""The session's rule for text typed and not entered: wherever it was left (the question the
gate opened over, a question the rep moved away from, one a later answer took off the path),
it is the rep's own words: the gate lists it and the call's end keeps each as a note, once."""

from __future__ import annotations

from datetime import timedelta

from callmate.core.next_step import NextStepDraft
from callmate.core.playbook import Playbook
from callmate.core.session import CallSession, field_form, note_text
from tests.conftest import START

LATER = START + timedelta(minutes=5)


def step() -> NextStepDraft:
    return NextStepDraft("tomorrow 10am", "Review the proposal together", "Bring the invoices")


def left_at_a_question_a_branch_then_skips(small_playbook: Playbook) -> CallSession:
    """ "No" to the time check shows "How long do we have?"; text typed there is left when the
    rep goes back, and "yes" takes that question off the path."""
    session = CallSession.start(small_playbook, "Pat", "Hollow Pines", START)
    session.answer("n", START)
    assert session.current() is not None and session.current().id == "how_long"
    session.set_typing_aside("half")
    session.back(START)
    session.answer("y", START)
    assert "how_long" not in [q.id for q in session.path()]
    return session


def test_text_left_at_a_question_a_branch_skips_is_still_unentered(
    small_playbook: Playbook,
) -> None:
    session = left_at_a_question_a_branch_then_skips(small_playbook)
    assert session.unentered() == [("how_long", "half")]
    said = session.unentered_words("how_long", "half")
    assert said.startswith("Typed at ") and said.endswith("not entered: half")


def test_the_end_keeps_every_unentered_text_as_a_note_once(small_playbook: Playbook) -> None:
    session = left_at_a_question_a_branch_then_skips(small_playbook)
    session.hold_unentered("p: staff ⏎ call every patient")  # the field the gate opened over
    assert session.set_next_step(step(), LATER) == {}
    session.complete(LATER)
    notes = [(n.question, n.text) for n in session.record.notes]
    assert notes == [
        ("how_long", session.unentered_words("how_long", "half")),
        ("problems", "p: staff\ncall every patient"),
    ]
    assert session.record.drafts == {} and session.record.draft is None
    assert session.unentered() == []


def test_the_gate_holds_the_field_on_the_record_with_its_question(
    small_playbook: Playbook,
) -> None:
    """A kill while the gate is open leaves the record as it is: the field's text is in it."""
    session = CallSession.start(small_playbook, "Pat", "Hollow Pines", START)
    session.answer("y", START)
    session.hold_unentered("Thursday at two works")
    assert session.record.drafts == {"problems": "Thursday at two works"}
    problems = session.current()
    assert problems is not None
    assert session.field_text(problems) == "Thursday at two works"  # what a resume fills in
    session.hold_unentered("")  # the rep emptied the field before opening the gate again
    assert session.record.drafts == {}


def test_with_every_question_asked_the_field_is_held_as_the_draft(
    small_playbook: Playbook,
) -> None:
    session = CallSession.start(small_playbook, "Pat", "Hollow Pines", START)
    session.record.cursor = None
    session.hold_unentered("call back re pricing")
    assert session.record.draft == "call back re pricing"
    assert session.unentered() == [(None, "call back re pricing")]


def test_field_form_and_note_text_round_trip() -> None:
    assert note_text(field_form("a\n b \n\nc")) == "a\nb\nc"


def test_show_and_the_read_only_view_list_it_while_the_call_is_unfinished(
    small_playbook: Playbook,
) -> None:
    from callmate.export.call_view import UNENTERED_TITLE, call_view, plain_text
    from callmate.export.markdown import render_markdown
    from callmate.export.summary import build_summary

    session = left_at_a_question_a_branch_then_skips(small_playbook)
    summary = build_summary(session.record, small_playbook)
    assert [(t["question"], t["text"]) for t in summary["unentered"]] == [("how_long", "half")]
    view = plain_text(call_view(summary))
    assert UNENTERED_TITLE in view and "How long do we have?" in view and "half" in view
    assert "half" in render_markdown(summary)
    assert session.set_next_step(step(), LATER) == {}
    session.complete(LATER)  # ended: a note now, listed once
    ended = build_summary(session.record, small_playbook)
    assert ended["unentered"] == []
    assert UNENTERED_TITLE not in plain_text(call_view(ended))
