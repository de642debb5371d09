"""Reachability over every branch form the docs describe: values, lists, at_most, at_least,
answered, and the show, skip and goto actions."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callmate.core.playbook import Capture
from callmate.core.playbook_loader import check_playbook
from callmate.core.reachability import reachable
from callmate.core.session import CallSession
from tests.conftest import START

HEAD = """\
format: 1
name: renewal
title: Renewal call
objective: Agree the renewal and a dated next step.
minutes: 30
sections:
  - id: agenda
    title: Agenda
    kind: agenda
    questions:
      - id: time_ok
        prompt: Still a good time?
        capture: yes_no
        branch:
          - {when: "no", show: [park_it]}
  - id: discovery
    title: Discovery
    kind: powns
    questions:
      - id: problems
        prompt: What made you look at renewing now?
        capture: powns
        required: true
      - id: deciders
        prompt: Who else is involved?
        capture: list
      - id: urgency
        prompt: From 1 to 10, how pressing is it?
        capture: scale
      - id: worth_fixing
        prompt: Is {problems} big enough to fix?
        capture: yes_no
        required: true
        signal: pain_agreed
"""
TAIL = """\
  - id: commitment
    title: How soon
    kind: commitment
    questions:
      - id: start_when
        prompt: If we fixed {problems}, how soon would you start?
        capture: choice
        choices: [this month, this quarter, later]
        required: true
        signal: commitment
      - id: park_it
        prompt: Shall we park it for now?
        capture: yes_no
        hidden: true
      - id: their_part
        prompt: What will you do before we speak again?
        required: true
  - id: decision
    title: Who decides
    kind: decision_maker
    questions:
      - id: final_say
        prompt: Is the final yes yours?
        capture: yes_no
next_step:
  suggestions: [Review the renewal terms together on a booked call]
"""


def findings(tmp_path: Path, branch: str = "", *, head: str = HEAD, tail: str = TAIL):
    path = tmp_path / "renewal.yaml"
    path.write_text(head + branch + tail, encoding="utf-8")
    return [(p.line, p.col, p.severity, p.message) for p in check_playbook(path)[1]]


def line_of(words: str, branch: str = "", *, head: str = HEAD, tail: str = TAIL) -> int:
    """The 1-based line of the first line holding `words` (the place a finding must point at)."""
    lines = (head + branch + tail).splitlines()
    return next(i for i, line in enumerate(lines, 1) if words in line)


def test_the_playbook_without_branches_reaches_everything(tmp_path):
    assert findings(tmp_path) == []


def test_every_answer_skipping_the_commitment_question_is_an_error(tmp_path):
    branch = (
        "        branch:\n"
        '          - when: "yes"\n            skip: [start_when]\n'
        '          - when: "no"\n            skip: [start_when]\n'
    )
    assert findings(tmp_path, branch) == [
        (
            line_of("- id: start_when", branch),
            9,
            "error",
            "question 'start_when' (required, signal: commitment) is never asked on any call: it "
            "is skipped whenever the call gets to it ('worth_fixing' is answered yes or no)",
        )
    ]


def test_yes_and_no_both_going_back_is_a_loop_and_blocks_what_follows(tmp_path):
    branch = (
        "        branch:\n"
        '          - when: "yes"\n            goto: discovery\n'
        '          - when: "no"\n            goto: agenda\n'
    )
    assert findings(tmp_path, branch) == [
        (
            len(HEAD.splitlines()) + 1,
            9,
            "error",
            "every answer to 'worth_fixing' sends the rep back (answered yes goes back to "
            "'discovery'; answered no goes back to 'agenda'), so no call can get past it to the "
            "next step; let at least one answer move on",
        ),
        (
            line_of("- id: start_when", branch),
            9,
            "error",
            "question 'start_when' (required, signal: commitment) is never asked on any call: no "
            "call gets past 'worth_fixing', whose every answer sends the rep back",
        ),
        (
            line_of("- id: their_part", branch),
            9,
            "error",
            "question 'their_part' (required) is never asked on any call: no call gets past "
            "'worth_fixing', whose every answer sends the rep back",
        ),
    ]


def test_a_rule_that_skips_on_any_answer_of_a_required_question_is_an_error(tmp_path):
    branch = "        branch:\n          - when: {answered: true}\n            skip: [their_part]\n"
    assert findings(tmp_path, branch) == [
        (
            line_of("- id: their_part", branch),
            9,
            "error",
            "question 'their_part' (required) is never asked on any call: it is skipped whenever "
            "the call gets to it ('worth_fixing' is answered yes or no)",
        )
    ]


def test_a_rule_that_skips_on_any_answer_of_an_optional_question_names_the_path(tmp_path):
    head = HEAD.replace(
        "        capture: scale\n",
        "        capture: scale\n        branch:\n          - when: {answered: true}\n"
        "            skip: [start_when]\n",
    )
    assert findings(tmp_path, head=head) == [
        (
            line_of("- id: start_when", head=head),
            9,
            "warning",
            "question 'start_when' (required, signal: commitment) is not asked on every call: it "
            "is skipped when 'urgency' is scored 1 to 10, and nothing is shown in its place; check "
            "that those calls can do without it",
        )
    ]


def test_a_low_score_skip_is_a_warning_naming_the_scores(tmp_path):
    head = HEAD.replace(
        "        capture: scale\n",
        "        capture: scale\n        branch:\n          - when: {at_most: 3}\n"
        "            skip: [worth_fixing]\n",
    )
    found = findings(tmp_path, head=head)
    assert found == [
        (
            line_of("- id: worth_fixing", head=head),
            9,
            "warning",
            "question 'worth_fixing' (required, signal: pain_agreed) is not asked on every call: "
            "it is skipped when 'urgency' is scored 1 to 3, and nothing is shown in its place; "
            "check that those calls can do without it",
        )
    ]


def test_a_list_of_values_is_named_in_the_path(tmp_path):
    tail = TAIL.replace(
        "        signal: commitment\n",
        "        signal: commitment\n        branch:\n          - when: [this quarter, later]\n"
        "            skip: [their_part]\n",
    )
    assert findings(tmp_path, tail=tail) == [
        (
            line_of("- id: their_part", tail=tail),
            9,
            "warning",
            "question 'their_part' (required) is not asked on every call: it is skipped when "
            "'start_when' is answered 'this quarter' or 'later', and nothing is shown in its "
            "place; check that those calls can do without it",
        )
    ]


def test_answered_false_on_a_list_question_names_the_unanswered_path(tmp_path):
    head = HEAD.replace(
        "        capture: list\n",
        "        capture: list\n        branch:\n          - when: {answered: false}\n"
        "            skip: [worth_fixing]\n",
    )
    assert findings(tmp_path, head=head) == [
        (
            line_of("- id: worth_fixing", head=head),
            9,
            "warning",
            "question 'worth_fixing' (required, signal: pain_agreed) is not asked on every call: "
            "it is skipped when 'deciders' is left unanswered, and nothing is shown in its "
            "place; check that those calls can do without it",
        )
    ]


def test_a_skip_that_shows_other_questions_in_its_place_is_a_deliberate_detour(tmp_path):
    branch = "        branch:\n          - when: 'no'\n            show: [park_it]\n" + (
        "            skip: [start_when]\n"
    )
    assert findings(tmp_path, branch) == []


def test_at_least_going_back_on_every_score_is_reported_once_at_the_rule(tmp_path):
    head = HEAD.replace(
        "        capture: scale\n",
        "        capture: scale\n        required: true\n        branch:\n"
        "          - when: {at_least: 1}\n            goto: discovery\n",
    )
    found = findings(tmp_path, head=head)
    assert found[0][:3] == (line_of("{at_least: 1}", head=head), 19, "error")
    assert "back to 'discovery' whatever the answer" in found[0][3]
    assert not any("every answer to 'urgency'" in f[3] for f in found)


def test_going_back_on_some_answers_only_is_fine(tmp_path):
    branch = "        branch:\n          - when: 'no'\n            goto: discovery\n"
    assert findings(tmp_path, branch) == []


def test_when_only_leaving_it_unanswered_gets_past_it_is_a_warning(tmp_path):
    head = HEAD.replace(
        '          - {when: "no", show: [park_it]}\n',
        '          - {when: "no", show: [park_it]}\n'
        "          - when: ['yes', 'no']\n            goto: agenda\n",
    )
    assert findings(tmp_path, head=head) == [
        (
            line_of("- id: time_ok", head=head) + 3,
            9,
            "warning",
            "every answer to 'time_ok' sends the rep back (answered yes goes back to 'agenda'; "
            "answered no goes back to 'agenda'); only leaving it unanswered gets past it, so "
            "let at least one answer move on",
        )
    ]


def test_a_text_answer_literal_is_a_path_of_its_own(tmp_path):
    tail = TAIL.replace(
        "  - id: decision\n",
        "  - id: wrap\n    title: Wrap\n    questions:\n      - id: anything_else\n"
        "        prompt: Anything else?\n        branch:\n          - when: nothing\n"
        "            skip: [last_words]\n      - id: last_words\n"
        "        prompt: Last words?\n        required: true\n  - id: decision\n",
    )
    found = findings(tmp_path, tail=tail)
    assert [f[3] for f in found] == [
        "question 'last_words' (required) is not asked on every call: it is skipped when "
        "'anything_else' is answered 'nothing', and nothing is shown in its place; check that "
        "those calls can do without it"
    ]


def test_a_shown_question_that_is_skipped_by_a_later_rule_is_still_proven(tmp_path):
    branch = "        branch:\n          - when: 'no'\n            show: [park_it]\n"
    tail = TAIL.replace(
        "        signal: commitment\n",
        "        signal: commitment\n        branch:\n          - when: later\n"
        "            skip: [park_it]\n",
    )
    assert findings(tmp_path, branch, tail=tail) == []


# -- the analysis agrees with the session -----------------------------------------------------

REPO = Path(__file__).resolve().parents[2]
WALKED = sorted(
    [*(REPO / "playbooks").glob("*.yaml"), *(REPO / "tests/data/playbooks/valid").glob("*.yaml")]
)


def _walk_once(playbook, rng) -> set[str]:
    """One call through the session with random answers (required ones never left empty)."""
    session = CallSession.start(playbook, "Pat Quill", "", START)
    visited: set[str] = set()
    for step in range(300):
        question = session.current()
        if question is None:
            break
        visited.add(question.id)
        if not question.required and rng.random() < 0.2:
            session.skip(START)
            continue
        if question.takes_many:
            for n in range(rng.randint(1, 2)):
                session.add_item(f"item {step}.{n}", START)  # a listed item is refused
            session.finish_items(START)
            continue
        literals = [v for r in question.branch for v in r.when.values if isinstance(v, str)]
        options = {
            Capture.YES_NO: ["y", "n"],
            Capture.SCALE: [str(n) for n in range(1, 11)],
            Capture.CHOICE: list(question.choices),
        }.get(question.capture, [*literals, "something else"])
        session.answer(rng.choice(options), START)
    return visited


@pytest.mark.parametrize("path", WALKED, ids=lambda p: p.name)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rng=st.randoms(use_true_random=False))
def test_every_question_a_session_asks_is_one_the_analysis_reaches(path, rng):
    playbook, _ = check_playbook(path)
    assert playbook is not None
    reached = reachable(playbook.sections)
    assert reached is not None
    assert _walk_once(playbook, rng) <= reached
