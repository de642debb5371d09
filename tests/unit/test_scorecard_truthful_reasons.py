"""A scorecard line says what happened: what was captured but earned nothing is named, a
decision-maker line claims only what the playbook asks, and a persona's "Not really, it's fine."
reads as the no it is whatever the rep typed."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from callmate.core.next_step import NextStepDraft
from callmate.core.playbook_loader import load_playbook
from callmate.core.practice_reading import Reading, read_yes_no
from callmate.core.scoring import score
from callmate.core.session import CallSession
from tests.unit.test_practice_their_part_truth import SHORT_CALL, T0
from tests.unit.test_practice_truth import DISCOVERY, Practice, persona_yaml, write

NOT_REALLY = "Not really, it's fine."


def scored_with_one_problem(tmp_path: Path, item: str):
    """A practice where the rep captured one problem item, then agreed a next step."""
    call = Practice(write(tmp_path, persona_yaml()))
    call.ask("problems")
    call.answer("problems", f"p: {item}")
    return call.end("call to go through the numbers together", "bring the order numbers")


def test_a_capture_that_is_not_from_them_is_named_not_called_nothing(tmp_path: Path) -> None:
    card = scored_with_one_problem(tmp_path, "the parking lot needs painting")
    powns = card.criterion("powns")
    assert powns.points == 0
    assert "no problems" not in powns.reason and "were captured" not in powns.reason
    said = "not from what they said ('the parking lot needs painting')"
    assert said in powns.reason, powns.reason
    assert any(
        "not from them, no credit: the parking lot needs painting" in n for n in card.notes
    ), card.notes


def test_keyboard_mash_is_named_as_saying_nothing(tmp_path: Path) -> None:
    """The one rule for real words (real_words.has_real_words) judges practice captures too."""
    powns = scored_with_one_problem(tmp_path, "asdf qwer zxcv").criterion("powns")
    assert powns.points == 0
    assert "1 item that says nothing ('asdf qwer zxcv')" in powns.reason, powns.reason


def test_a_capture_that_says_nothing_is_named_on_a_live_call() -> None:
    now = T0
    session = CallSession.start(DISCOVERY, "Pat Quill", "Quill Co", now)
    session.jump("powns", now)
    now += timedelta(minutes=2)
    session.add_item("p: late deliveries", now)
    session.add_item("p: x", now)
    session.finish_items(now)
    draft = NextStepDraft("in 2 days", "call to go through it together", "bring the late list")
    assert session.set_next_step(draft, now) == {}
    session.complete(now)
    powns = score(session.record, DISCOVERY).criterion("powns")
    assert powns.reason.startswith("1 POWN item captured (problem)"), powns.reason
    assert "1 item that says nothing ('x')" in powns.reason


def test_who_decides_alone_is_not_said_to_be_both(tmp_path: Path) -> None:
    (tmp_path / "short-call.yaml").write_text(SHORT_CALL, encoding="utf-8")
    playbook = load_playbook(tmp_path / "short-call.yaml")
    now = T0
    session = CallSession.start(playbook, "Pat Quill", "Quill Co", now)
    session.jump("decider", now)
    session.answer("y", now + timedelta(minutes=1))
    card = score(session.record, playbook)
    decision = card.criterion("decision_maker")
    assert decision.points == 2  # one part alone is all this playbook asks (README)
    assert "both" not in decision.reason and "how they buy are" not in decision.reason
    assert decision.reason.startswith("who decides is known"), decision.reason


def test_not_really_its_fine_reads_as_no() -> None:
    assert read_yes_no(NOT_REALLY) is Reading.NO
    assert read_yes_no("Honestly, no. It's fine as it is.") is Reading.NO
    assert read_yes_no("Yes, that's fine.") is Reading.YES  # a yes that is fine stays a yes
    assert read_yes_no("Not at all, go ahead.") is Reading.NEITHER  # another yes: not guessed


@pytest.mark.parametrize(("typed", "matched"), [("y", False), ("n", True)])
def test_not_really_its_fine_is_a_no_whatever_was_typed(
    tmp_path: Path, typed: str, matched: bool
) -> None:
    call = Practice(write(tmp_path, persona_yaml(worth_fixing=NOT_REALLY)))
    assert call.ask("worth_fixing").text == NOT_REALLY
    call.answer("worth_fixing", typed)
    card = call.end("call to go through the numbers together", "bring the order numbers")
    notes = [n for n in card.notes if "'Big enough to fix'" in n]
    listening = card.criterion("listening")
    if matched:
        assert notes == [] and listening.reason.startswith("1 of 1"), card.to_dict()
    else:
        assert len(notes) == 1 and "neither" not in notes[0], notes
        assert notes[0].endswith(f'they said "{NOT_REALLY}" (no)'), notes
        assert listening.reason.startswith("0 of 1"), listening.reason
    assert card.criterion("pain_agreed").points == 0
