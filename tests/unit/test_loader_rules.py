"""Loader rules added after review: whatever `validate` accepts, the app and the scorer can use."""

from __future__ import annotations

from pathlib import Path

import pytest

from callmate.core.playbook_loader import check_playbook
from callmate.core.scoring import score_record
from callmate.core.session import CallSession
from tests.conftest import SMALL_PLAYBOOK, START


def problems_of(tmp_path: Path, text: str, name: str = "small.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [str(p) for p in check_playbook(path)[1]]


EXTRA = """scoring:
  extra:
    - id: budget_asked
      label: Budget asked
      question: budget
      expect: {answered: true}
      points: 10
    - id: budget_asked
      label: Budget again
      question: budget
      expect: {answered: true}
      points: 5
"""


def test_duplicate_scoring_check_ids_are_errors(tmp_path):
    found = problems_of(tmp_path, SMALL_PLAYBOOK + EXTRA)
    assert any("scoring check id 'budget_asked' is used twice" in p for p in found)


def test_single_scoring_check_loads_and_scores(tmp_path, small_playbook):
    path = tmp_path / "small.yaml"
    path.write_text(
        SMALL_PLAYBOOK + EXTRA.split("    - id: budget_asked\n      label: Budget again")[0]
    )
    playbook, found = check_playbook(path)
    assert playbook is not None, found
    session = CallSession.start(playbook, "Pat", "", START)
    card = score_record(session.record, playbook)
    assert card.criterion("budget_asked").scored


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (
            "cues:\n  rules:\n    - {id: late, question: budget, when: {answered: false}, say: x}\n"
            "    - {id: late, question: budget, when: {answered: true}, say: y}\n",
            "cue rule id 'late' is used twice",
        ),
        (
            "cues:\n  rules:\n    - {id: time_nearly_up, question: budget, when: {answered: false},"
            " say: x}\n",
            "cue rule id 'time_nearly_up' is used twice",
        ),
        (
            "scoring:\n  pain_questions: [problems]\n",
            "'problems' captures powns, but agreement",
        ),
    ],
)
def test_ids_and_pain_questions_are_checked(tmp_path, block, message):
    assert any(message in p for p in problems_of(tmp_path, SMALL_PLAYBOOK + block))


def test_duplicate_slot_ids_are_errors(tmp_path):
    text = SMALL_PLAYBOOK.replace(
        "  - id: decision_maker\n    label: Decision maker\n",
        "  - id: pain\n    label: Decision maker\n",
    )
    assert any("slot id 'pain' is used twice" in p for p in problems_of(tmp_path, text))


def test_objective_may_only_use_names_known_before_the_call(tmp_path):
    text = SMALL_PLAYBOOK.replace("with {prospect}.", "about {problems}.")
    found = problems_of(tmp_path, text)
    assert any(
        "small.yaml:4:12: error: the objective is shown before any answer" in p for p in found
    )


def test_suggestions_name_real_questions(tmp_path):
    text = SMALL_PLAYBOOK.replace("- Review the proposal together", "- Review {problmes} together")
    assert any("did you mean 'problems'" in p for p in problems_of(tmp_path, text))


def test_name_that_differs_from_the_file_name_is_warned(tmp_path):
    found = problems_of(tmp_path, SMALL_PLAYBOOK, name="team.yaml")
    assert any("warning: name 'small' differs from the file name 'team.yaml'" in p for p in found)
    assert not any("warning" in p for p in problems_of(tmp_path, SMALL_PLAYBOOK))


def test_a_question_label_is_plain_words(tmp_path):
    from callmate.core.playbook_loader import load_playbook

    labelled = SMALL_PLAYBOOK.replace(
        "      - id: problems\n", "      - id: problems\n        label: Their problems\n"
    )
    path = tmp_path / "labelled.yaml"
    path.write_text(labelled, encoding="utf-8")
    assert load_playbook(path).question("problems").label == "Their problems"
    templated = labelled.replace("label: Their problems", 'label: "{time_ok} problems"')
    found = problems_of(tmp_path, templated, "labelled.yaml")
    assert any("'label' in question 'problems' is shown as written" in p for p in found)
    line = templated.splitlines().index('        label: "{time_ok} problems"') + 1
    assert any(f"labelled.yaml:{line}:" in p for p in found), found  # the label's own line
