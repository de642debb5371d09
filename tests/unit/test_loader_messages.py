"""A trainer's realistic mistakes: each one gets its exact place and a message that says the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from callmate.core.playbook_loader import YAML_11_NOTE, check_playbook

BASE = """\
format: 1
name: renewal
title: Renewal call
objective: Agree the renewal and a dated next step.
minutes: 20
sections:
  - id: agenda
    title: Agenda
    kind: agenda
    questions:
      - id: time_ok
        prompt: Still a good time?
        capture: yes_no
        branch:
          - when: "no"
            show: [time_left]
      - id: time_left
        prompt: How long do we have?
        hidden: true
  - id: discovery
    title: Discovery
    kind: powns
    questions:
      - id: problems
        prompt: What made you look at renewing now?
        capture: powns
        required: true
      - id: how_sure
        prompt: How sure are you?
        capture: choice
        choices: [very, somewhat, not sure]
"""


def errors(tmp_path: Path, text: str) -> list[tuple[int, int, str]]:
    path = tmp_path / "renewal.yaml"
    path.write_text(text, encoding="utf-8")
    return [(p.line, p.col, p.message) for p in check_playbook(path)[1] if p.severity == "error"]


def test_the_base_playbook_is_valid(tmp_path):
    assert errors(tmp_path, BASE) == []


def test_a_yes_no_word_as_a_title_says_to_quote_it_and_why_the_editor_looked_fine(tmp_path):
    found = errors(tmp_path, BASE.replace("title: Renewal call", "title: off"))
    assert found == [
        (
            3,
            8,
            "'title' in the playbook is `off`, which YAML reads as no (a yes/no value), not as "
            f'text; put it in quotes: "off". ({YAML_11_NOTE})',
        )
    ]
    assert "YAML 1.2" in YAML_11_NOTE and "YAML 1.1" in YAML_11_NOTE


def test_a_prompt_of_yes_says_to_quote_it(tmp_path):
    found = errors(tmp_path, BASE.replace("prompt: Still a good time?", "prompt: Yes"))
    assert found == [
        (
            12,
            17,
            "'prompt' in question 'time_ok' is `Yes`, which YAML reads as yes (a yes/no value), "
            f'not as text; put it in quotes: "Yes". ({YAML_11_NOTE})',
        )
    ]


def test_yes_and_no_among_choices_are_named_one_by_one(tmp_path):
    found = errors(tmp_path, BASE.replace("[very, somewhat, not sure]", "[yes, no, not sure]"))
    assert found == [
        (
            31,
            19,
            "item 1 of 'choices' in question 'how_sure' is `yes`, which YAML reads as yes (a "
            f'yes/no value), not as text; put it in quotes: "yes". ({YAML_11_NOTE})',
        ),
        (
            31,
            24,
            "item 2 of 'choices' in question 'how_sure' is `no`, which YAML reads as no (a "
            'yes/no value), not as text; put it in quotes: "no". (see the first of these '
            "messages for why)",
        ),
    ]


def test_an_empty_when_says_what_to_write(tmp_path):
    found = errors(tmp_path, BASE.replace('- when: "no"', "- when:"))
    assert found == [
        (
            15,
            13,
            "'when' in branch rule 1 of question 'time_ok' is empty: write the answer it "
            'matches, like `when: "no"`, or `when: {answered: false}` to match a question left '
            "unanswered",
        )
    ]
    assert not any("None" in message for _, _, message in found)


def test_a_when_on_a_choice_read_as_yes_no_says_to_quote_it(tmp_path):
    text = BASE.replace("[very, somewhat, not sure]", '["yes", somewhat, not sure]')
    text += "        branch:\n          - when: yes\n            skip: [time_left]\n"
    assert errors(tmp_path, text) == [
        (
            33,
            19,
            "'when' in branch rule 1 of question 'how_sure' is `yes`, which YAML reads as yes (a "
            f'yes/no value), not as text; put it in quotes: "yes". ({YAML_11_NOTE})',
        ),
        # The rule's target is checked in the same run, not only once the `when` is fixed.
        (
            34,
            19,
            "'skip' can only name questions after 'how_sure'; 'time_left' comes before it "
            "(use 'goto' to send the rep back)",
        ),
    ]


def test_a_when_with_a_typo_suggests_the_choice(tmp_path):
    text = BASE + "        branch:\n          - when: somwhat\n            goto: agenda\n"
    assert errors(tmp_path, text) == [
        (
            33,
            19,
            "'when' value 'somwhat' in branch rule 1 of question 'how_sure' is not one of the "
            "choices: did you mean 'somewhat'? (choices: very, somewhat, not sure)",
        )
    ]


def test_an_unknown_question_in_show_suggests_the_nearest_id(tmp_path):
    found = errors(tmp_path, BASE.replace("show: [time_left]", "show: [time_lft]"))
    assert found == [
        (
            16,
            19,
            "'show' names 'time_lft', but no question has that id: did you mean 'time_left'? "
            "(ids in this playbook: time_ok, time_left, problems, how_sure)",
        ),
        (
            19,
            9,
            "question 'time_left' is hidden and no branch rule shows it, so no call can reach it",
        ),
    ]


def test_a_key_without_a_space_before_the_next_key_is_found_on_its_own_line(tmp_path):
    text = BASE.replace("      - id: time_left\n", "      - id:time_left\n")
    assert errors(tmp_path, text) == [
        (
            17,
            11,
            "`id:time_left` needs a space after the colon: write `id: time_left`; without it "
            "YAML reads the whole line as one word",
        )
    ]


def test_a_list_item_that_is_one_glued_word_says_to_add_the_space(tmp_path):
    text = BASE.replace("  - id: discovery\n", "  - id:discovery\n  - id: discovery\n")
    found = errors(tmp_path, text)
    assert found[0] == (
        20,
        5,
        "`id:discovery` needs a space after the colon: write `id: discovery`; without it YAML "
        "reads it as one word, so section 2 is not a mapping of keys",
    )


PERSONA = """\
format: 1
name: busy-cfo
display_name: Dana, CFO
role: Chief financial officer
decides: true
powns:
  - {tag: problem, text: Month-end close takes nine days}
"""


def test_a_persona_without_kind_gets_one_error_saying_add_kind(tmp_path):
    assert errors(tmp_path, PERSONA) == [
        (
            1,
            1,
            "this looks like a practice persona (it has 'display_name', 'role', 'decides', "
            "'powns'), not a playbook; add `kind: persona` at the top so callmate reads it as a "
            "persona",
        )
    ]


def test_a_persona_with_a_misspelt_kind_points_at_the_kind(tmp_path):
    assert errors(tmp_path, "kind: persna\n" + PERSONA) == [
        (
            1,
            7,
            "this looks like a practice persona (it has 'display_name', 'role', 'decides', "
            "'powns'), but its kind is 'persna'; write `kind: persona`",
        )
    ]


@pytest.mark.parametrize("spelling", ["on", "No", "TRUE"])
def test_other_yes_no_spellings_are_named_as_written(tmp_path, spelling):
    found = errors(tmp_path, BASE.replace("title: Agenda", f"title: {spelling}"))
    assert len(found) == 1
    assert f"is `{spelling}`, which YAML reads as" in found[0][2]
    assert f'put it in quotes: "{spelling}"' in found[0][2]


def test_a_single_question_without_its_dash_is_pointed_at(tmp_path):
    text = BASE.replace(
        "    questions:\n      - id: problems\n"
        "        prompt: What made you look at renewing now?\n"
        "        capture: powns\n        required: true\n",
        "    questions:\n      id: problems\n      prompt: What made you look at renewing now?\n"
        "      capture: powns\n",
    ).replace(
        "      - id: how_sure\n        prompt: How sure are you?\n        capture: choice\n"
        "        choices: [very, somewhat, not sure]\n",
        "",
    )
    assert errors(tmp_path, text) == [
        (
            24,
            7,
            "'questions' is a list, so each item starts with `- `: this line needs it, like "
            "`- id: ...`",
        )
    ]


def test_a_branch_rule_without_its_dash_is_pointed_at(tmp_path):
    text = BASE.replace(
        '          - when: "no"\n            show:', '          when: "no"\n          show:'
    )
    assert errors(tmp_path, text) == [
        (
            15,
            11,
            "'branch' is a list, so each item starts with `- `: this line needs it, like "
            "`- when: ...`",
        )
    ]
