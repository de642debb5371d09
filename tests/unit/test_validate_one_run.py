"""`callmate validate` reports every independent mistake of a file in one run, never in rounds.

A trainer fixes what validate said and runs it again; a new error there that was already in the
file is a round the trainer should not have needed. So the errors of a file with many mistakes
must be exactly the errors of each mistake on its own: no mistake hides another, and none adds
bogus follow-on errors to another.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from callmate.cli import main
from callmate.core.playbook_loader import check_playbook

REPO = Path(__file__).resolve().parents[2]
BASE = (REPO / "tests" / "data" / "playbooks" / "valid" / "everything.yaml").read_text("utf-8")

Located = tuple[int, int, str]

#: One mistake each, made on one line of the valid base file (so line numbers never shift), and
#: how many errors it must give on its own.
MISTAKES: list[tuple[str, str, int]] = [
    ("name: everything", "name: Every Thing", 1),
    ("minutes: 45\n", "minutes: 0\n", 1),
    ('          - when: "no"', "          - when: maybe", 1),
    ("        prompt: How long do we have?", "        prmopt: How long do we have?", 1),
    ('"If we solved {problems}, how soon', '"If we solved {problemz}, how soon', 1),
    ("        signal: decision_maker", "        signal: decider", 1),
    ("  max_days: 10", "  max_days: 0", 1),
    ("    - Call with {deciders} to", "    - Call with {decider} to", 1),
    ('probes: ["Compared with what?"]', 'probes: ["Compared with {whatt}?"]', 1),
    ("  mute: [time_nearly_up]", "  mute: [not_a_cue]", 1),
    ("      question: urgency", "      question: urgncy", 1),
    ("    questions: [problems, urgency]", "    questions: [problems, ghost]", 1),
    ("    agenda: 5", "    agenda: -5", 1),
    ('      expect: "yes"', '      expect: "perhaps"', 1),
]


def errors_of(tmp_path: Path, text: str) -> set[Located]:
    path = tmp_path / "everything.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = check_playbook(path)
    return {(p.line, p.col, p.message) for p in problems if p.severity == "error"}


def with_mistakes(*mistakes: tuple[str, str, int]) -> str:
    text = BASE
    for old, new, _ in mistakes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def test_the_base_file_has_no_errors(tmp_path: Path) -> None:
    assert errors_of(tmp_path, BASE) == set()


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m[1].strip()[:30])
def test_each_mistake_alone_gives_its_own_errors(
    tmp_path: Path, mistake: tuple[str, str, int]
) -> None:
    assert len(errors_of(tmp_path, with_mistakes(mistake))) == mistake[2]


def test_all_mistakes_at_once_give_every_error_in_one_run(tmp_path: Path) -> None:
    alone: set[Located] = set()
    for mistake in MISTAKES:
        alone |= errors_of(tmp_path, with_mistakes(mistake))
    together = errors_of(tmp_path, with_mistakes(*MISTAKES))
    assert together == alone
    assert len(together) == sum(count for _, _, count in MISTAKES)


STAGE = """\
format: 1
name: stage
title: T
objective: O
sections:
  - id: agenda
    title: A
    kind: agenda
    questions:
      - id: q1
        prompt: OK?
        capture: yes_no
        branch:
          - when: maybe
            skip: [q2]
      - id: q2
        prompt: Goal?
qualification:
  - {id: s1, label: S, questions: [ghost]}
cues:
  mute: [not_a_cue]
"""


def test_the_trainers_file_gets_all_three_errors_from_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "stage.yaml"
    path.write_text(STAGE, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    errors = [line for line in lines if ": error: " in line]
    assert [line.split(": error: ")[0] for line in errors] == [
        f"{path}:14:19",
        f"{path}:19:36",
        f"{path}:21:10",
    ]
    assert "found 'maybe'" in errors[0]
    assert "'ghost'" in errors[1]
    assert "'not_a_cue'" in errors[2]


def test_a_rule_with_a_bad_when_still_has_its_targets_checked(tmp_path: Path) -> None:
    text = STAGE.replace("skip: [q2]", "skip: [q3]")
    found = sorted(errors_of(tmp_path, text))
    assert [(line, col) for line, col, _ in found] == [(14, 19), (15, 19), (19, 36), (21, 10)]
    assert "'skip' names 'q3', but no question has that id" in found[1][2]


def test_a_question_with_an_error_is_not_called_missing_where_it_is_named(
    tmp_path: Path,
) -> None:
    """q2 has no prompt: that is its one error, not also 'no question q2' wherever it is used."""
    text = (
        STAGE.replace("        prompt: Goal?\n", "")
        .replace("          - when: maybe", '          - when: "no"')
        .replace("[ghost]", "[q2]")
        .replace("[not_a_cue]", "[time_nearly_up]")
    )
    text += (
        "  rules:\n"
        "    - {id: low, question: q2, when: {answered: false}, say: Ask again}\n"
        "cards:\n"
        "  - {id: price, title: Too dear, response: 'About {q2}'}\n"
        "scoring:\n"
        "  pain_questions: [q2]\n"
    )
    found = errors_of(tmp_path, text)
    assert [message for _, _, message in found] == ["question 'q2' needs 'prompt:'"]


def test_methodology_warnings_come_with_the_errors(tmp_path: Path) -> None:
    """A file with an error in a card still hears, in the same run, that it has no POWN section."""
    path = tmp_path / "stage.yaml"
    path.write_text(
        STAGE.replace("          - when: maybe", '          - when: "no"').replace(
            "[not_a_cue]", "[time_nearly_up]"
        ),
        encoding="utf-8",
    )
    playbook, problems = check_playbook(path)
    assert playbook is None
    assert [p.message for p in problems if p.severity == "error"] == [
        "no question has the id 'ghost'"
    ]
    warnings = [p.message for p in problems if p.severity == "warning"]
    assert any(w.startswith("no POWN discovery section") for w in warnings)
    assert any(w.startswith("no commitment section") for w in warnings)


def test_a_misspelt_capture_gives_one_error_not_its_follow_ons(tmp_path: Path) -> None:
    """Rules, signal, weak answers, cues and scoring that fit `scale` are not judged against the
    default `text` while `capture: scael` has its own error."""
    text = (
        STAGE.replace("capture: yes_no", "capture: scael\n        signal: pain_agreed")
        .replace("          - when: maybe", "          - when: {at_most: 3}")
        .replace("[ghost]", "[q1]")
        .replace("[not_a_cue]", "[time_nearly_up]")
    )
    text += "  rules:\n    - {id: low, question: q1, when: {at_least: 4}, say: Dig}\n"
    text += "scoring:\n  pain_questions: [q1]\n"
    found = sorted(errors_of(tmp_path, text))
    assert [(line, message.split(":")[0]) for line, _, message in found] == [
        (12, "capture 'scael' in question 'q1' is not known")
    ]


def test_a_misspelt_kind_is_not_also_told_its_section_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "stage.yaml"
    path.write_text(STAGE.replace("kind: agenda", "kind: agendaa"), encoding="utf-8")
    _, problems = check_playbook(path)
    assert any("kind 'agendaa'" in p.message for p in problems if p.severity == "error")
    assert not any(p.message.startswith("no agenda section") for p in problems)


def test_an_error_in_a_rule_does_not_hold_back_the_methodology(tmp_path: Path) -> None:
    path = tmp_path / "stage.yaml"
    path.write_text(STAGE, encoding="utf-8")  # `when: maybe` and two bad references
    _, problems = check_playbook(path)
    assert any(p.message.startswith("no commitment section") for p in problems)


def test_validate_help_says_every_problem_comes_in_one_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "Every problem of every file comes in one run" in help_text
    assert "refuse a weak next-step policy" in help_text
