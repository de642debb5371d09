"""What a sales trainer's review of `callmate validate` found missing, each checked here.

A trainer fixes what validate said and runs it again: anything already wrong in the file that
only the second run tells is a round the trainer should not have needed.
"""

from __future__ import annotations

from pathlib import Path

from callmate.core.playbook_loader import check_playbook

#: Eight structural errors, and none of them touches what the method checks: no commitment
#: question, no decision maker and no suggested next steps.
BROKEN = """\
format: 1
name: broken
title: Broken
objective: Find out things
minutes: 30
sections:
  - id: agenda
    title: Agenda
    kind: agenda
    questions:
      - id: time_check
        prompt: We planned thirty minutes, does that still work?
        capture: yes_no
        branch:
          - when: maybe
            show: [nope]
  - id: disc
    title: Discovery
    kind: powns
    questions:
      - id: problems
        prompt: What made you want to talk now?
        capture: powns
      - id: cost
        promt: What does it cost?
      - id: pick
        prompt: Pick one
        capture: choice
      - id: worth
        prompt: Is it worth fixing?
        capture: yess_no
      - prompt: no id here
      - id: Bad-Id
        prompt: x
  - id: closing
    title: Close
    questions:
      - id: their_part
        prompt: What will you do?
        required: maybe
"""


def problems_of(tmp_path: Path, text: str, *, strict: bool = False) -> list[tuple[str, str]]:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = check_playbook(path, strict=strict)
    return [(p.severity, p.message) for p in problems]


def warnings_of(tmp_path: Path, text: str) -> list[str]:
    return [m for s, m in problems_of(tmp_path, text) if s == "warning"]


def starts(found: list[str], *beginnings: str) -> list[str]:
    return sorted(b for b in beginnings if any(f.startswith(b) for f in found))


def test_structural_errors_do_not_hide_the_methodology_they_cannot_change(
    tmp_path: Path,
) -> None:
    found = problems_of(tmp_path, BROKEN)
    assert sum(1 for s, _ in found if s == "error") == 8
    warnings = [m for s, m in found if s == "warning"]
    assert starts(
        warnings, "no commitment section", "no decision-maker", "no suggested next steps"
    ) == ["no commitment section", "no decision-maker", "no suggested next steps"]


def test_a_broken_question_marked_commitment_is_not_called_missing(tmp_path: Path) -> None:
    """The question that would be the commitment question has an error (no id): the finding
    waits for it, rather than tell the trainer to add what is already there."""
    text = BROKEN.replace(
        "      - prompt: no id here\n",
        "      - prompt: How soon would you start?\n        signal: commitment\n",
    )
    warnings = warnings_of(tmp_path, text)
    assert not starts(warnings, "no commitment section")
    assert starts(warnings, "no decision-maker", "no suggested next steps")


def test_an_error_in_the_next_step_holds_back_only_its_own_findings(tmp_path: Path) -> None:
    text = BROKEN + "next_step:\n  sugestions: [Call with the boss]\n"
    warnings = warnings_of(tmp_path, text)
    assert not starts(warnings, "no suggested next steps")
    assert starts(warnings, "no commitment section")
