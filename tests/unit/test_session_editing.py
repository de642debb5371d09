"""Correcting what was captured during the call: items, notes, and the hot button's star."""

from __future__ import annotations

import pytest

from callmate.core.call_record import PownItem
from callmate.core.session import CallSession
from tests.conftest import START


def on_problems(small_playbook) -> CallSession:
    session = CallSession.start(small_playbook, "Pat Quill", "Acme", START)
    session.answer("y", START)
    session.add_item("slow invoces", START)
    session.add_item("o: a second site", START)
    session.toggle_hot("problems", 0, START)
    return session


def test_a_misheard_item_is_corrected_and_keeps_its_tag_and_star(small_playbook):
    session = on_problems(small_playbook)
    session.edit_item("problems", 0, "slow invoices", START)
    first = session.value("problems")[0]
    assert first == PownItem("slow invoices", "problem", hot=True)
    session.edit_item("problems", 1, "w: a second site", START)
    assert session.value("problems")[1].tag == "want"


def test_an_empty_correction_removes_the_item(small_playbook):
    session = on_problems(small_playbook)
    session.edit_item("problems", 1, "  ", START)
    assert [i.text for i in session.value("problems")] == ["slow invoces"]
    session.remove_item("problems", 0, START)
    assert not session.is_answered("problems")


def test_notes_are_corrected_or_removed(small_playbook):
    session = on_problems(small_playbook)
    session.add_note("call back re [bold] pricing", START)
    session.edit_note(0, "ask about pricing", START)
    assert session.record.notes[0].text == "ask about pricing"
    session.edit_note(0, "", START)
    assert session.record.notes == []


def test_editing_what_does_not_exist_is_refused(small_playbook):
    session = on_problems(small_playbook)
    with pytest.raises(ValueError):
        session.edit_item("problems", 5, "x", START)
    with pytest.raises(ValueError):
        session.edit_note(0, "x", START)


def test_a_text_answer_of_several_lines_goes_back_into_the_field_with_its_breaks(small_playbook):
    session = CallSession.start(small_playbook, "Pat Quill", "Acme", START)
    session.answer("n", START)  # not enough time: "How long do we have?" (a text question)
    session.answer("roughly 20k a year\nplus staff churn", START)
    session.back(START)
    question = session.current()
    assert question is not None and question.id == "how_long"
    shown = session.field_text(question)
    assert shown == "roughly 20k a year ⏎ plus staff churn"  # one line, every part visible
    session.answer(shown + " EXTRA", START)
    assert session.record.answers["how_long"].value == "roughly 20k a year\nplus staff churn EXTRA"
