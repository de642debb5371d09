"""A prompt that quotes the previous call never reads a placeholder to the prospect."""

from pathlib import Path

import pytest

from callmate.core.playbook_loader import check_playbook, load_playbook
from callmate.core.records import history_context
from callmate.core.session import CallSession
from callmate.core.templates import template_names
from tests.records import call_record

PLAYBOOKS = Path(__file__).resolve().parents[2] / "playbooks"
SHIPPED = sorted(PLAYBOOKS.glob("*.yaml"))


def follow_up(previous_answers: dict[str, object]) -> CallSession:
    previous = call_record(
        "prev",
        answers=previous_answers,
        next_step={
            "due": "2026-11-25T10:00:00+01:00",
            "what": "Go through the quote together",
            "their_commitment": "read the quote",
        },
    )
    playbook = load_playbook(PLAYBOOKS / "follow-up.yaml")
    record = call_record(playbook={"name": "follow-up"}, context=history_context(previous))
    return CallSession(playbook, record)


def test_without_a_hot_button_last_time_the_fallback_is_said() -> None:
    session = follow_up({})
    question = session.playbook.question("hot_button_check")
    said = session.prompt(question)
    assert "not captured yet" not in said and "‹" not in said
    assert said == question.fallback


def test_with_a_hot_button_last_time_the_prompt_quotes_it() -> None:
    hot = {"text": "front desk overwhelmed", "tag": "problem", "hot": True}
    session = follow_up({"problems": {"value": [hot], "at": "2026-11-23T10:00:00+01:00"}})
    said = session.prompt(session.playbook.question("hot_button_check"))
    assert said.startswith("Last time, what stood out for you was front desk overwhelmed.")
    kept = session.prompt(session.playbook.question("kept_commitment"))
    assert kept == "When we spoke, you planned to: read the quote. Did you get to it?"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_no_shipped_prompt_reads_a_gap_from_the_previous_call(path: Path) -> None:
    playbook = load_playbook(path)
    session = CallSession(playbook, call_record(playbook={"name": playbook.name}))
    for question in playbook.questions:
        if any(n.startswith("last_") for n in template_names(question.prompt)[0]):
            assert question.fallback, f"{question.id} quotes the last call without a fallback"
            assert "not captured yet" not in session.prompt(question)


def test_a_fallback_is_checked_like_a_prompt(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: tiny\ntitle: Tiny\nsections:\n  - id: s\n    title: S\n    kind: other\n"
        "    questions:\n      - id: q\n        prompt: 'About {last_problem}?'\n"
        "        fallback: 'About {nonexistent}?'\n",
        encoding="utf-8",
    )
    _, problems = check_playbook(path)
    assert any("{nonexistent}" in p.message and "fallback" in str(p) for p in problems), problems
