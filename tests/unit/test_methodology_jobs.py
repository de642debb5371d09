"""The methodology checks look at what the questions do, not only at the sections' `kind`.

The guide says a signal counts whatever the question's id or wording: a playbook that marks its
questions `capture: powns`, `signal: commitment` and `signal: decision_maker` follows the method
even without section kinds. And a section whose kind promises a habit (`decision_maker`) but
whose questions ask about lunch does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from callmate.cli import main
from callmate.core.playbook_loader import check_playbook

REPO = Path(__file__).resolve().parents[2]

HEAD = """\
format: 1
name: marked
title: Marked questions
objective: Agree a dated next step.
sections:
  - id: agenda
    title: Agenda
    kind: agenda
    questions:
      - id: time_ok
        prompt: Do we still have twenty minutes?
        capture: yes_no
"""

#: Every habit done by marked questions in one section with no kind.
MARKED = (
    HEAD
    + """\
  - id: talk
    title: Talk
    questions:
      - id: troubles
        prompt: What is in the way?
        capture: powns
      - id: big_enough
        prompt: Is that big enough to fix?
        capture: yes_no
        signal: pain_agreed
      - id: pace
        prompt: If we solved {troubles}, what then?
        capture: choice
        choices: [this month, later]
        signal: commitment
      - id: yours
        prompt: Is it yours?
        capture: yes_no
        signal: decision_maker
      - id: their_step
        prompt: What will you do before we speak again?
        signal: their_part
next_step:
  suggestions: [Review the proposal together on a booked call next Tuesday]
"""
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "marked.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def warnings(tmp_path: Path, text: str) -> list[tuple[int, int, str]]:
    playbook, problems = check_playbook(write(tmp_path, text))
    assert playbook is not None, problems
    return [(p.line, p.col, p.message) for p in problems]


def test_marked_questions_without_section_kinds_pass_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, MARKED)
    assert main(["validate", "--strict", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == ["1 file checked: 0 errors, 0 warnings"]


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("capture: powns", "capture: list", "no POWN discovery section"),
        ("signal: commitment", "weak: [later]", "no commitment section"),
        ("signal: decision_maker", "required: false", "no decision-maker"),
    ],
)
def test_without_the_mark_the_habit_is_missing(
    tmp_path: Path, old: str, new: str, words: str
) -> None:
    text = MARKED.replace(old, new)
    if old == "capture: powns":
        text = text.replace("{troubles}", "that")
    found = warnings(tmp_path, text)
    assert [message for _, _, message in found if words in message] != []


LUNCH = (
    HEAD
    + """\
  - id: decision
    title: Decision
    kind: decision_maker
    questions:
      - id: lunch
        prompt: Where do you eat lunch?
"""
)


def test_a_decision_section_that_asks_nothing_about_deciding_is_named(tmp_path: Path) -> None:
    found = warnings(tmp_path, LUNCH)
    about = [(line, col, m) for line, col, m in found if "section 'decision'" in m]
    assert about == [
        (
            15,
            11,
            "section 'decision' is a decision_maker section, but none of its questions asks who "
            "decides or how they buy: ask 'When it comes to the final yes, is that your call?' "
            "(yes/no, `signal: decision_maker`) and who else is involved",
        )
    ]
    assert not any(m.startswith("no decision-maker") for _, _, m in found)


def test_a_commitment_section_about_the_weather_is_told_it_asks_no_commitment(
    tmp_path: Path,
) -> None:
    text = (
        HEAD
        + """\
  - id: discovery
    title: Discovery
    kind: powns
    questions:
      - id: problems
        prompt: What is in the way?
        capture: powns
  - id: commitment
    title: Commitment
    kind: commitment
    questions:
      - id: weather
        prompt: How's the weather?
"""
    )
    found = warnings(tmp_path, text)
    about = [m for _, _, m in found if "commitment" in m]
    assert about == [
        "section 'commitment' is a commitment section, but none of its questions asks how soon "
        "they would act: ask 'If we solved {problems}, how soon would you want to start?' and "
        "mark it `signal: commitment`"
    ]


def test_a_powns_section_without_a_powns_question_is_named(tmp_path: Path) -> None:
    text = (
        HEAD
        + """\
  - id: discovery
    title: Discovery
    kind: powns
    questions:
      - id: chat
        prompt: How are things?
"""
    )
    found = warnings(tmp_path, text)
    assert any(
        line == 15 and m.startswith("section 'discovery' is a powns section, but none of its")
        for line, _, m in found
    )
    assert not any(m.startswith("no POWN discovery section") for _, _, m in found)


def test_strict_refuses_a_section_that_does_not_do_its_job(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = MARKED.replace(
        "next_step:",
        "  - id: decision\n    title: Decision\n    kind: decision_maker\n"
        "    questions:\n      - id: lunch\n        prompt: Where do you eat lunch?\nnext_step:",
    )
    path = write(tmp_path, text)
    assert main(["validate", "--strict", str(path)]) == 1
    out = capsys.readouterr().out
    assert "error: section 'decision' is a decision_maker section" in out


def test_the_bundled_playbooks_follow_the_method(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in (REPO / "playbooks").glob("*.yaml"))
    assert main(["validate", "--strict", *files]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{len(files)} files checked: 0 errors, 0 warnings"
    ]
