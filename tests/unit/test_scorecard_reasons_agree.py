"""A practice scorecard's reasons say what happened and agree with its points: a persona's
"Yes, that sounds perfect." is a yes however the question captures it, a practice where nothing
was captured says so, and "Dr. Okafor" stays one sentence when a missed line is quoted."""

from __future__ import annotations

from pathlib import Path

import pytest

from callmate.core.catalog import bundled_dir
from callmate.core.words import sentences
from tests.unit.test_practice_truth import Practice

EAGER = bundled_dir() / "personas" / "eager-champion.yaml"
BUSY = bundled_dir() / "personas" / "busy-sceptic.yaml"
STEP = ("call with Dr. Okafor to go through it", "pull last quarter's no-show numbers")


@pytest.mark.parametrize("typed", ["yes", "Yes.", "sure", "ok"])
def test_a_typed_yes_at_a_text_question_matches_the_personas_yes(typed: str) -> None:
    call = Practice(EAGER)
    assert call.ask("agenda_shared").text == "Yes, that sounds perfect. Nothing to add."
    call.answer("agenda_shared", typed)
    card = call.end(*STEP)
    assert not any("Agenda agreed" in n for n in card.notes), card.notes
    agenda = card.criterion("agenda")
    assert (agenda.points, agenda.max) == (2, 2), agenda
    listening = card.criterion("listening")
    assert listening.scored and listening.reason.startswith("1 of 1"), listening


@pytest.mark.parametrize("typed", ["no", "No.", "nope", "not really"])
def test_a_typed_no_over_their_yes_is_against_their_words_and_costs_the_criterion(
    typed: str,
) -> None:
    call = Practice(EAGER)
    call.ask("agenda_shared")
    call.answer("agenda_shared", typed)
    card = call.end(*STEP)
    notes = [n for n in card.notes if "'Agenda agreed'" in n]
    assert len(notes) == 1 and "you recorded no" in notes[0], card.notes
    agenda = card.criterion("agenda")
    assert agenda.points == 0, agenda  # the note and the points say the same
    assert agenda.reason.startswith("recorded against what they said"), agenda.reason
    assert card.criterion("listening").reason.startswith("0 of 1")


def test_nothing_captured_in_a_persona_practice_says_so() -> None:
    call = Practice(BUSY)
    card = call.end("call to go through the numbers together", "send the rota")
    listening = card.criterion("listening")
    assert not listening.scored
    assert "only a practice with a persona" not in listening.reason, listening.reason
    assert listening.reason == "nothing was captured to check against what they said"


def test_a_live_call_still_says_only_a_persona_practice_knows() -> None:
    from datetime import timedelta

    from callmate.core.next_step import NextStepDraft
    from callmate.core.scoring import score
    from callmate.core.session import CallSession
    from tests.unit.test_practice_truth import DISCOVERY, T0

    session = CallSession.start(DISCOVERY, "Pat Quill", "Quill Co", T0)
    draft = NextStepDraft("in 2 days", "call to go through it together", "bring the late list")
    assert session.set_next_step(draft, T0 + timedelta(minutes=5)) == {}
    session.complete(T0 + timedelta(minutes=5))
    card = score(session.record, DISCOVERY)
    listening = card.criterion("listening")
    assert listening.reason == "only a practice with a persona knows what was really said"
    # ... in the JSON rows; the card a rep reads leaves the line out (it can never score here).
    assert "listening" in [c["id"] for c in card.to_dict()["criteria"]]
    assert "listening" not in [c.id for c in card.shown]
    assert len(card.shown) == len(card.criteria) - 1
    from callmate.commands.practice import scorecard_lines

    assert not any("Captured what" in text for text in scorecard_lines(card, session.record))


def test_a_persona_practice_shows_its_listening_line() -> None:
    call = Practice(EAGER)
    call.answer("agenda_shared", "yes")
    card = call.end(*STEP)
    assert "listening" in [c.id for c in card.shown]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dr. Okafor, she's the owner. And Priya, our bookkeeper.",
            ["Dr. Okafor, she's the owner.", "And Priya, our bookkeeper."],
        ),
        ("Mr. Hale and Mrs. Hale, vs. Ms. Tan.", ["Mr. Hale and Mrs. Hale, vs. Ms. Tan."]),
        (
            "The rota, e.g. Mondays, i.e. early. Next.",
            ["The rota, e.g. Mondays, i.e. early.", "Next."],
        ),
        ("We're on Main St. by the park.", ["We're on Main St. by the park."]),
        (
            "We lose 2.5 hours a day. Honestly? No.",
            ["We lose 2.5 hours a day.", "Honestly?", "No."],
        ),
    ],
)
def test_abbreviations_end_no_sentence(text: str, expected: list[str]) -> None:
    assert [s.strip() for s in sentences(text)] == expected


def test_a_missed_line_is_quoted_whole_after_dr(tmp_path: Path) -> None:
    call = Practice(EAGER)
    said = call.ask("deciders").text
    assert said.startswith("Dr. Okafor, she's the owner.")
    call.answer("deciders", "Priya, the bookkeeper, for the money side")
    card = call.end(*STEP)
    notes = [n for n in card.notes if "'Who else decides'" in n]
    assert len(notes) == 1, card.notes
    assert "you missed: Dr. Okafor, she's the owner." in notes[0], notes[0]
    assert "Priya" not in notes[0].split("you missed:")[1], notes[0]
