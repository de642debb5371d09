"""Practice against a scripted persona: text answers and POWN notes checked against what it said.

Driven through the real core with real persona files (the Practice helper of
test_practice_truth asks, the persona replies, the rep answers, the call ends and is scored).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from callmate.core.catalog import bundled_dir
from callmate.core.persona import PracticePartner
from callmate.core.persona_loader import load_persona
from callmate.core.practice_truth import NOTHING_MORE
from callmate.core.session import CallSession
from tests.unit.test_practice_truth import T0, Practice, persona_yaml, write

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


# -- 2. the POWNs they told and the rep missed are their items, never fragments of a reply -------
class NamedPractice(Practice):
    """A practice whose record names the persona as `callmate practice --persona NAME` does, so
    the scorecard can find its file (Practice records every persona as "tester")."""

    def __init__(self, persona_file: Path) -> None:
        super().__init__(persona_file)
        persona = load_persona(persona_file)
        self.session = CallSession.start(
            self.playbook,
            persona.display_name,
            persona.company,
            T0,
            mode="practice",
            persona=persona.name,
        )
        self.partner = PracticePartner(persona, self.playbook)

    def everything(self, question_id: str) -> list[str]:
        """Ask, then "what else?" until the persona has nothing more: all it told there."""
        said = [self.ask(question_id).text]
        while (more := self.what_else(question_id).text) != NOTHING_MORE:
            said.append(more)
        return said


def missed_note(notes: tuple[str, ...], label: str) -> str:
    return next((n for n in notes if n.startswith(f"'{label}'") and "you missed" in n), "")


def test_the_missed_pown_is_the_personas_own_item_not_fragments_of_its_replies() -> None:
    call = NamedPractice(BUSY_SCEPTIC)
    said = call.everything("problems")
    assert any(s.startswith("Well... ") for s in said), said  # replies keyed by the question
    call.answer("problems", "p: late deliveries, customer complains first")
    card = call.end(*STEP)
    assert missed_note(card.notes, "Problems") == (
        "'Problems': they said, you missed: drivers wait hours at depots for paperwork"
    ), card.notes


def test_nothing_is_missed_when_every_item_they_told_was_captured() -> None:
    call = NamedPractice(BUSY_SCEPTIC)
    call.everything("problems")
    call.answer("problems", "p: late deliveries", "p: drivers wait at depots for paperwork")
    card = call.end(*STEP)
    assert not any("you missed" in n for n in card.notes), card.notes


PERSONA_ITEMS = """\
format: 1
kind: persona
name: itemised
display_name: Ida Item
hot_button: we retype every order
powns:
  - {tag: problem, text: we retype every order}
  - {tag: problem, text: invoices go out a week late}
  - {tag: opportunity, text: selling through the web shop}
replies:
  default: I see.
"""


def test_missed_items_are_worded_as_the_persona_file_defines_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "playbooks"
    (folder / "personas").mkdir(parents=True)
    path = folder / "personas" / "itemised.yaml"
    path.write_text(PERSONA_ITEMS, encoding="utf-8")
    monkeypatch.setenv("CALLMATE_PLAYBOOKS", str(folder))
    call = NamedPractice(path)
    assert call.everything("problems") == [
        "Invoices go out a week late.",
        "And most of all: we retype every order.",
    ]
    call.answer("problems", "p: invoices are late")
    card = call.end("call to go through the orders together", "bring the order list")
    assert missed_note(card.notes, "Problems") == (
        "'Problems': they said, you missed: we retype every order"
    ), card.notes


def test_without_the_persona_file_whole_replies_are_named_never_fragments() -> None:
    call = Practice(BUSY_SCEPTIC)  # recorded as "tester": no persona file of that name
    said = [call.ask("problems").text, call.what_else("problems").text]
    said.append(call.what_else("problems").text)
    call.answer("problems", "p: drivers waiting for paperwork at depots")
    card = call.end(*STEP)
    note = missed_note(card.notes, "Problems")
    missed = note.split("you missed: ", 1)[1].split("; ")
    assert len(missed) == 2, note  # the two lines it never captured, each whole
    for line, told in zip(missed, said[:2], strict=True):
        assert told.startswith(line.removesuffix("…")), (line, told)
