"""What `callmate validate` says about small slips a trainer makes: each message names the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from callmate.cli import main
from callmate.core.playbook_loader import check_playbook

BASE = """\
format: 1
name: slips
title: Slips
objective: Agree a next step.
sections:
  - id: agenda
    title: Agenda
    kind: agenda
    questions:
      - id: problems
        prompt: What is in the way?
        capture: powns
cards:
  - id: price
    title: Too dear
    probes: ["Compared with what?"]
"""


def errors(tmp_path: Path, text: str) -> list[tuple[int, int, str]]:
    path = tmp_path / "slips.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = check_playbook(path)
    return [(p.line, p.col, p.message) for p in problems if p.severity == "error"]


def test_the_base_file_has_no_errors(tmp_path: Path) -> None:
    assert errors(tmp_path, BASE) == []


def test_a_template_inside_a_flow_list_says_to_quote_that_item(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = BASE.replace(
        'probes: ["Compared with what?"]', 'probes: [What does {problems} cost?, "x"]'
    )
    path = tmp_path / "slips.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    line = capsys.readouterr().out.splitlines()[0]
    assert line == (
        f"{path}:16:24: error: inside `[...]` a `{{` starts a YAML mapping, so the template in "
        "`What does {problems} cost?` breaks the list; put that item in double quotes: "
        '"What does {problems} cost?"'
    )


def test_a_template_alone_in_a_flow_list_is_named_as_read_as_a_mapping(tmp_path: Path) -> None:
    text = BASE.replace('probes: ["Compared with what?"]', 'probes: ["x", {problems}]')
    assert errors(tmp_path, text) == [
        (
            16,
            19,
            "item 2 of 'probes' in card 1 is `{problems}`, which YAML reads as a mapping because "
            'it starts with `{`, not as a template; put it in double quotes: "{problems}"',
        )
    ]


def test_a_quoted_format_version_says_to_drop_the_quotes(tmp_path: Path) -> None:
    assert errors(tmp_path, BASE.replace("format: 1", 'format: "1"')) == [
        (
            1,
            9,
            "the format version is a number, but the file has it in quotes ('1'); drop the "
            "quotes: format: 1",
        )
    ]


def test_a_misspelt_reserved_name_gets_a_did_you_mean(tmp_path: Path) -> None:
    text = BASE.replace("prompt: What is in the way?", "prompt: What is in the way at {compnay}?")
    ((line, col, message),) = errors(tmp_path, text)
    assert (line, col) == (11, 17)
    assert "no question has the id 'compnay': did you mean 'company'? Names available" in message


def test_a_misspelt_reserved_name_in_a_card_gets_a_did_you_mean(tmp_path: Path) -> None:
    text = BASE.replace("title: Too dear", "title: Too dear for {compnay}")
    ((_, _, message),) = errors(tmp_path, text)
    assert "names no question (did you mean 'company'?); use" in message


@pytest.mark.parametrize(
    ("old", "new", "at"),
    [
        ("    title: Agenda\n", "    title: Agenda for {company}\n", (7, 12)),
        ("title: Slips\n", "title: Slips with {prospect}\n", (3, 8)),
    ],
    ids=["section-title", "playbook-title"],
)
def test_a_template_in_a_title_is_refused_with_where_templates_work(
    tmp_path: Path, old: str, new: str, at: tuple[int, int]
) -> None:
    found = errors(tmp_path, BASE.replace(old, new))
    assert [(line, col) for line, col, _ in found] == [at]
    message = found[0][2]
    assert "is shown as written" in message
    assert "filled in prompts, hints, intros, choices, cards and `say` lines" in message


def test_a_bad_section_title_does_not_hide_its_questions_mistakes(tmp_path: Path) -> None:
    text = BASE.replace("    title: Agenda\n", "    title: Agenda for {company}\n").replace(
        "prompt: What is in the way?", "prompt: What is in the way at {compnay}?"
    )
    assert [(line, col) for line, col, _ in errors(tmp_path, text)] == [(7, 12), (11, 17)]
