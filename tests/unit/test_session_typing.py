"""Half-typed text survives a crash through the session, cleaned like everything typed."""

from __future__ import annotations

from callmate.core.playbook import Playbook
from callmate.core.session import CallSession
from tests.conftest import START


def test_half_typed_text_is_kept_once_and_cleaned(small_playbook: Playbook) -> None:
    session = CallSession.start(small_playbook, "Pat", "Hollow Pines", START)
    session.keep_typing("they lose two hours\x1b]52;c;aGk=\x07 a day")
    assert session.record.draft == "they lose two hours]52;c;aGk= a day"
    assert session.take_typing() == "they lose two hours]52;c;aGk= a day"
    assert session.take_typing() == ""  # handed back once


def test_an_empty_field_keeps_no_draft(small_playbook: Playbook) -> None:
    session = CallSession.start(small_playbook, "Pat", "Hollow Pines", START)
    session.keep_typing("half")
    session.keep_typing("   ")
    assert session.record.draft is None


def test_text_left_at_a_question_comes_back_with_it(small_playbook: Playbook) -> None:
    session = CallSession.start(small_playbook, "Pat", "Hollow Pines", START)
    session.answer("y", START)
    problems = session.current()
    assert problems is not None and problems.id == "problems"
    session.set_typing_aside("p: invoices take thr\x1b[2J")
    session.skip(START)
    session.set_typing_aside("")  # nothing typed at the next one: nothing kept for it
    assert session.record.drafts == {"problems": "p: invoices take thr[2J"}
    session.back(START)
    assert session.field_text(problems) == "p: invoices take thr[2J"
    session.add_item("p: invoices take three days", START)
    assert session.record.drafts == {}  # entered: nothing left unentered there


def test_an_answer_given_back_to_edit_is_not_a_draft(small_playbook: Playbook) -> None:
    session = CallSession.start(small_playbook, "Pat", "Hollow Pines", START)
    session.answer("y", START)
    session.back(START)
    time_ok = session.current()
    assert time_ok is not None
    shown = session.field_text(time_ok)
    assert shown == "yes"
    session.set_typing_aside(shown)
    assert session.record.drafts == {}
    session.set_typing_aside("no, ten minutes")
    assert session.field_text(time_ok) == "no, ten minutes"
