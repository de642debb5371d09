"""Next-step phrases, the nudge and slots' `meets` conditions: read, and checked in place."""

from __future__ import annotations

from pathlib import Path

from callmate.core.playbook import Condition
from callmate.core.playbook_loader import check_playbook

BASE = """\
format: 1
name: renewal
title: Renewal call
objective: Agree the renewal and a dated next step.
sections:
  - id: discovery
    title: Discovery
    kind: powns
    questions:
      - id: urgency
        prompt: From 1 to 10, how pressing is it?
        capture: scale
      - id: final_say
        prompt: Is the final yes yours?
        capture: yes_no
      - id: start_when
        prompt: How soon would you start?
        capture: choice
        choices: [this month, this quarter, later]
"""


def load(tmp_path: Path, text: str):
    path = tmp_path / "renewal.yaml"
    path.write_text(text, encoding="utf-8")
    playbook, problems = check_playbook(path)
    return playbook, [(p.line, p.col, p.severity, p.message) for p in problems]


def errors(found):
    """The errors alone: methodology warnings come in the same run (BASE is a bare playbook)."""
    return [f for f in found if f[2] == "error"]


def test_next_step_phrases_and_nudge_are_read(tmp_path):
    text = BASE + (
        "next_step:\n  max_days: 10\n  nudge_days: 3\n"
        "  continuations: [send a brochure, touch base]\n  advances: site visit\n"
    )
    playbook, _ = load(tmp_path, text)
    assert playbook is not None
    policy = playbook.next_step
    assert policy.continuations == ("send a brochure", "touch base")
    assert policy.advances == ("site visit",)
    assert (policy.max_days, policy.nudge_days) == (10, 3)


def test_the_nudge_defaults_to_the_models_default(tmp_path):
    playbook, _ = load(tmp_path, BASE)
    assert playbook is not None and playbook.next_step.nudge_days == 2


def test_a_negative_nudge_is_located(tmp_path):
    _, found = load(tmp_path, BASE + "next_step:\n  nudge_days: -1\n")
    found = errors(found)
    assert found[0][:3] == (21, 15, "error")
    assert found[0][3] == (
        "'nudge_days' in 'next_step' must be a whole number from 0 to 365, found -1"
    )


def test_a_nudge_at_or_beyond_max_days_is_a_warning(tmp_path):
    _, found = load(tmp_path, BASE + "next_step:\n  max_days: 5\n  nudge_days: 5\n")
    found = [f for f in found if "nudge" in f[3]]
    assert found[0][:3] == (22, 15, "warning")
    assert found[0][3] == (
        "nudge_days (5) is not below max_days (5), so the rep is never nudged towards a sooner "
        "date; make it smaller than max_days"
    )


def test_a_continuation_phrase_read_as_yes_no_says_to_quote_it(tmp_path):
    _, found = load(tmp_path, BASE + "next_step:\n  continuations: [off]\n")
    found = errors(found)
    assert found[0][:3] == (21, 19, "error")
    assert found[0][3].startswith("item 1 of 'continuations' in 'next_step' is `off`")


def slot(meets: str, question: str = "urgency") -> str:
    return (
        f"qualification:\n  - id: timeline\n    label: Timeline\n    questions: [{question}]\n"
        f"    meets: {meets}\n"
    )


def test_a_slots_meets_condition_is_read(tmp_path):
    playbook, found = load(tmp_path, BASE + slot("{at_least: 7}"))
    assert playbook is not None, found
    assert playbook.qualification[0].meets == Condition("at_least", number=7)


def test_a_slot_without_meets_keeps_the_default_judgement(tmp_path):
    playbook, _ = load(tmp_path, BASE + slot("", "urgency").replace("    meets: \n", ""))
    assert playbook is not None and playbook.qualification[0].meets is None


def test_meets_on_a_choice_slot_takes_its_choices(tmp_path):
    playbook, _ = load(tmp_path, BASE + slot("[this month, this quarter]", "start_when"))
    assert playbook is not None
    assert playbook.qualification[0].meets == Condition(
        "any_of", values=("this month", "this quarter")
    )


def test_meets_that_does_not_fit_the_question_is_located(tmp_path):
    _, found = load(tmp_path, BASE + slot("maybe", "final_say"))
    found = errors(found)
    assert found == [
        (
            24,
            12,
            "error",
            "this question captures yes/no, so 'meets' takes yes or no, found 'maybe'",
        )
    ]


def test_meets_with_a_typo_in_a_choice_suggests_the_choice(tmp_path):
    _, found = load(tmp_path, BASE + slot("this qarter", "start_when"))
    found = errors(found)
    assert found == [
        (
            24,
            12,
            "error",
            "'meets' value 'this qarter' in qualification slot 1 (for question "
            "'start_when') is not one of the choices: did you mean 'this quarter'? (choices: "
            "this month, this quarter, later)",
        )
    ]


def test_an_empty_meets_says_what_to_write(tmp_path):
    _, found = load(tmp_path, BASE + slot("", "final_say"))
    found = errors(found)
    assert found == [
        (
            24,
            5,
            "error",
            "'meets' in qualification slot 1 (for question 'final_say') is empty: "
            'write the answer it matches, like `meets: "no"`, or `meets: {answered: false}` to '
            "match a question left unanswered",
        )
    ]
