"""Small points of `callmate validate`: one message per mistake, and each says the whole fix.

A duplicate id of any kind points back to the first one, a misspelt required key is named once
(as the misspelling, not also as the missing key), and a number written in quotes is named as
text with the quotes to remove.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from callmate.cli import main
from callmate.core.playbook_loader import check_playbook

BASE = """\
format: 1
name: points
title: Points
objective: Agree a next step.
sections:
  - id: agenda
    title: Agenda
    kind: agenda
    questions:
      - id: time_ok
        prompt: Do we still have twenty minutes?
        capture: yes_no
      - id: problems
        prompt: What is in the way?
        capture: powns
next_step:
  max_days: 10
cards:
  - id: price
    title: Too dear
    response: Compared with what?
  - id: timing
    title: Not now
    response: What changes by then?
qualification:
  - id: pain
    label: Pain
    questions: [problems]
  - id: time
    label: Time
    questions: [time_ok]
scoring:
  weights:
    agenda: 2
"""


def errors(tmp_path: Path, text: str) -> list[tuple[int, int, str]]:
    path = tmp_path / "points.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = check_playbook(path)
    return [(p.line, p.col, p.message) for p in problems if p.severity == "error"]


def test_the_base_file_has_no_errors(tmp_path: Path) -> None:
    assert errors(tmp_path, BASE) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "id: timing",
            "id: price",
            (22, 9, "card id 'price' is used twice (first at line 19); ids must be unique"),
        ),
        (
            "id: time\n",
            "id: pain\n",
            (29, 9, "slot id 'pain' is used twice (first at line 26); ids must be unique"),
        ),
        (
            "      - id: problems\n        prompt: What is in the way?\n        capture: powns\n",
            "      - id: problems\n        prompt: What is in the way?\n        capture: powns\n"
            "  - id: agenda\n    title: Again\n    questions:\n      - id: other\n"
            "        prompt: Anything else?\n",
            (
                16,
                9,
                "section id 'agenda' is used twice (first at line 6, section 1); ids must be "
                "unique",
            ),
        ),
    ],
    ids=["card", "slot", "section"],
)
def test_a_duplicate_id_points_back_to_the_first(
    tmp_path: Path, old: str, new: str, expected: tuple[int, int, str]
) -> None:
    assert [e for e in errors(tmp_path, BASE.replace(old, new, 1)) if "twice" in e[2]] == [expected]


def test_a_cue_rule_named_like_a_built_in_cue_says_so(tmp_path: Path) -> None:
    text = BASE + (
        "cues:\n  rules:\n    - id: time_nearly_up\n      question: time_ok\n"
        "      when: {answered: false}\n      say: Check the time\n"
    )
    assert errors(tmp_path, text) == [
        (
            37,
            11,
            "cue rule id 'time_nearly_up' is used twice (a built-in cue has this id); ids must "
            "be unique",
        )
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "prompt: What is in the way?",
            "promt: What is in the way?",
            (14, 9, "unknown key 'promt' in question 'problems': did you mean 'prompt'?"),
        ),
        (
            "title: Too dear",
            "titel: Too dear",
            (20, 5, "unknown key 'titel' in card 1: did you mean 'title'?"),
        ),
        (
            "  - id: price",
            "  - idd: price",
            (19, 5, "unknown key 'idd' in card 1: did you mean 'id'?"),
        ),
    ],
    ids=["prompt", "title", "id"],
)
def test_a_misspelt_required_key_is_one_error_not_two(
    tmp_path: Path, old: str, new: str, expected: tuple[int, int, str]
) -> None:
    assert errors(tmp_path, BASE.replace(old, new, 1)) == [expected]


def test_a_missing_key_with_no_misspelling_is_still_named(tmp_path: Path) -> None:
    text = BASE.replace("        prompt: What is in the way?\n", "")
    assert errors(tmp_path, text) == [(13, 9, "question 'problems' needs 'prompt:'")]


def test_a_number_in_quotes_is_named_as_text_with_the_quotes_to_remove(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "points.yaml"
    path.write_text(BASE.replace("max_days: 10", 'max_days: "10"'), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert [line for line in capsys.readouterr().out.splitlines() if "error:" in line] == [
        f"{path}:17:13: error: 'max_days' in 'next_step' must be a whole number from 1 to 365, "
        "found the text '10' (remove the quotes: max_days: 10)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "max_days: 10",
            "max_days: zehn",
            "'max_days' in 'next_step' must be a whole number from 1 to 365, found the text 'zehn'",
        ),
        (
            "agenda: 2",
            "agenda: '2'",
            "weight for 'agenda' must be a number of 0 or more, found the text '2' (remove the "
            "quotes: agenda: 2)",
        ),
    ],
)
def test_other_text_where_a_number_belongs(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert [m for _, _, m in errors(tmp_path, BASE.replace(old, new))] == [expected]
