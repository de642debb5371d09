"""What a sales trainer's review of `callmate validate` found missing, each checked here.

A trainer fixes what validate said and runs it again: anything already wrong in the file that
only the second run tells is a round the trainer should not have needed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from callmate.core.playbook_loader import check_playbook

REPO = Path(__file__).resolve().parents[2]

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


CUES = """\
format: 1
name: cues
title: Cues
objective: Find out things
sections:
  - id: agenda
    title: Agenda
    questions:
      - id: start_when
        prompt: How soon would you start?
        capture: choice
        choices: [this month, later]
cues:
  rules:
    - id: late
      question: start_when
      when: next year
      say: "Ask about {missing}"
"""


def errors_of(tmp_path: Path, text: str) -> list[str]:
    return [m for s, m in problems_of(tmp_path, text) if s == "error"]


def test_every_error_of_a_cue_rule_comes_in_one_run(tmp_path: Path) -> None:
    errors = errors_of(tmp_path, CUES)
    assert len(errors) == 2
    assert "'next year' in cue rule 1 is not one of the choices" in errors[0]
    assert errors[1].startswith("template {missing} names no question")


def test_a_cue_rule_naming_no_question_says_so_and_still_checks_its_say(tmp_path: Path) -> None:
    errors = errors_of(tmp_path, CUES.replace("question: start_when", "question: start_whn"))
    assert errors[0].startswith(
        "'start_whn' is not a question of this playbook (did you mean 'start_when'?); cue rule 1 "
        "needs the id of one (ids: start_when)."
    )
    assert "'when' is checked against that question's answers once it names one" in errors[0]
    assert errors[1].startswith("template {missing} names no question")
    assert len(errors) == 2


def test_a_rule_on_a_choice_question_without_choices_has_no_empty_choices_list(
    tmp_path: Path,
) -> None:
    text = CUES.replace("        choices: [this month, later]\n", "")
    errors = errors_of(tmp_path, text)
    assert not any("(choices: )" in e for e in errors)
    assert any("needs 'choices:'" in e for e in errors)


def test_a_did_you_mean_followed_by_more_words_is_in_brackets(tmp_path: Path) -> None:
    text = CUES.replace('say: "Ask about {missing}"', 'say: "Ask about {start_whn}"')
    (error,) = [e for e in errors_of(tmp_path, text) if "start_whn" in e]
    assert "names no question (did you mean 'start_when'?); use a question id" in error
    assert "?;" not in error


PERSONA = """\
format: 1
kind: persona
name: p

display_name:
replies:
  defualt: Hmm, not sure.
"""


def test_an_empty_display_name_is_pointed_at_and_called_empty(tmp_path: Path) -> None:
    from callmate.core.persona_loader import check_persona

    path = tmp_path / "p.yaml"
    path.write_text(PERSONA, encoding="utf-8")
    _, problems = check_persona(path)
    located = [(p.line, p.col, p.message) for p in problems]
    assert located[0] == (
        5,
        1,
        "'display_name' in the persona is empty: write its text after the colon",
    )
    assert located[1][:2] == (7, 3)
    assert "reply key 'defualt' looks like a misspelt 'default'" in located[1][2]
    assert len(located) == 2


CONTROLS = (
    "format: 1\n"
    "name: ctl\n"
    'title: "Hi \\e]0;pwned\\a there"\n'
    "objective: Find \u202eout things\n"
    "sections:\n"
    "  - id: agenda\n"
    "    title: Agenda\n"
    "    questions:\n"
    "      - id: time_check\n"
    '        prompt: "We planned \\x9b31m thirty minutes, does that still work?"\n'
    "      - id: later\n"
    "        prompt: >-\n"
    "          Some long text\n"
    "          with \u202e inside\n"
)


def test_control_and_direction_characters_are_errors_where_they_are(tmp_path: Path) -> None:
    path = tmp_path / "ctl.yaml"
    path.write_text(CONTROLS, encoding="utf-8")
    _, problems = check_playbook(path)
    errors = [(p.line, p.col, p.message) for p in problems if p.severity == "error"]
    assert [e[:2] for e in errors] == [(3, 8), (4, 17), (10, 17), (14, 16)]
    assert errors[0][2].startswith("'title' in the playbook holds ESC")
    assert "delete it and the 1 more after it" in errors[0][2]
    assert errors[1][2].startswith("'objective' in the playbook holds U+202E (right-to-left")
    assert errors[2][2].startswith("'prompt' in question 'time_check' holds CSI")
    assert errors[3][2].startswith("'prompt' in question 'later' holds U+202E")


def test_playbooks_lists_no_direction_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from callmate.cli import main

    folder = tmp_path / "playbooks"
    folder.mkdir()
    text = (REPO / "playbooks" / "follow-up.yaml").read_text("utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    text = text.replace(title, "title: Follow \u202eup call", 1).replace(
        "name: follow-up", "name: bidi", 1
    )
    (folder / "bidi.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("CALLMATE_PLAYBOOKS", str(folder))
    monkeypatch.setenv("CALLMATE_DATA_DIR", str(tmp_path / "data"))
    assert main(["playbooks"]) == 0
    out = capsys.readouterr().out
    assert "\u202e" not in out
    assert "BROKEN, fix before use: line 12, column 15: 'title' in the playbook holds U+202E" in out


def test_a_persona_reply_with_an_escape_is_an_error_where_it_is(tmp_path: Path) -> None:
    from callmate.core.persona_loader import check_persona

    path = tmp_path / "p.yaml"
    path.write_text(
        PERSONA.replace("display_name:", "display_name: Pat").replace(
            "defualt: Hmm, not sure.", 'default: "Hmm \\e[2J not sure."'
        ),
        encoding="utf-8",
    )
    _, problems = check_persona(path)
    assert [(p.line, p.col, p.message.split(",")[0]) for p in problems] == [
        (7, 12, "reply 'default' holds ESC (the start of a terminal escape sequence)")
    ]
