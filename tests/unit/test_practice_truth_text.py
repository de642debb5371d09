"""Practice against a scripted persona: text answers and POWN notes checked against what it said.

Driven through the real core with real persona files (the Practice helper of
test_practice_truth asks, the persona replies, the rep answers, the call ends and is scored).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from callmate.core.catalog import bundled_dir
from tests.unit.test_practice_truth import Practice, persona_yaml, write

BUSY_SCEPTIC = bundled_dir() / "personas" / "busy-sceptic.yaml"
STEP = ("call to go through the late deliveries together", "pull last month's late-delivery list")


# -- 1. a text answer that says the opposite of their words is recorded against them -----------
def test_budget_recorded_as_there_where_they_said_none_is_flagged_with_their_words() -> None:
    call = Practice(BUSY_SCEPTIC)
    said = call.ask("budget_process").text
    assert said == "No budget for it. If it's worth it, I'll find it."
    call.answer("budget_process", "budget is already there")
    card = call.end(*STEP)
    note = next((n for n in card.notes if n.startswith("'How budget is set'")), None)
    assert note == (
        "'How budget is set': you recorded \"budget is already there\" (yes), they said "
        f'"{said}" (no)'
    ), card.notes
    assert card.criterion("listening").reason.startswith("0 of 1"), card.to_dict()
    decision = card.criterion("decision_maker")
    assert decision.points == 0 and "recorded against what they said" in decision.reason


def test_budget_recorded_as_none_where_they_said_it_is_there_is_flagged(tmp_path: Path) -> None:
    said = "Yes, it's already in this year's budget."
    call = Practice(write(tmp_path, persona_yaml(budget_process=said)))
    call.ask("budget_process")
    call.answer("budget_process", "no budget yet, needs finding")
    card = call.end("call to go through the order numbers together", "pull the order numbers")
    assert (
        "'How budget is set': you recorded \"no budget yet, needs finding\" (no), they "
        f'said "{said}" (yes)'
    ) in card.notes, card.notes


@pytest.mark.parametrize(
    "typed",
    [
        "no budget, will find it if it's worth it",
        "budget needs finding",
        "No budget for it. If it's worth it, I'll find it.",
    ],
)
def test_a_text_answer_that_agrees_with_their_words_is_not_flagged(typed: str) -> None:
    call = Practice(BUSY_SCEPTIC)
    call.ask("budget_process")
    call.answer("budget_process", typed)
    card = call.end(*STEP)
    assert not any("How budget is set" in n for n in card.notes), card.notes
    assert card.criterion("listening").reason.startswith("1 of 1"), card.to_dict()
