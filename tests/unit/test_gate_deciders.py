"""Who decides, as the gate reads it: only a question asking WHO gives names."""

from __future__ import annotations

from datetime import timedelta

import pytest

from callmate.core.catalog import bundled_dir
from callmate.core.judgement import (
    Decider,
    asks_who_decides,
    decider,
    decider_name_questions,
    decider_names,
)
from callmate.core.next_step import NextStepDraft
from callmate.core.playbook import Capture, Question
from callmate.core.playbook_loader import load_playbook
from callmate.core.session import CallSession
from tests.conftest import START

DISCOVERY = load_playbook(bundled_dir() / "first-discovery.yaml")


def question(qid: str, prompt: str = "", label: str = "") -> Question:
    return Question(
        id=qid, prompt=prompt or qid, section_id="decision", capture=Capture.TEXT, label=label
    )


@pytest.mark.parametrize(
    ("qid", "prompt", "label", "names"),
    [
        # ids a trainer writes, with a prompt that asks nothing either way
        ("deciders", "", "", True),
        ("who_decides", "", "", True),
        ("decision_makers", "", "", True),
        ("other_stakeholders", "", "", True),
        ("deciders_now", "Are the same people still involved in deciding?", "", True),
        ("involve_decider", "", "", False),
        ("decider_process", "", "", False),
        ("how_decide", "", "", False),
        ("involve_decider", "Would it help to set up a short call with them?", "", False),
        # the prompt says first
        ("involve_decider", "How could we bring {deciders} into our next conversation?", "", False),
        ("deciders", "How do they decide?", "", False),
        ("decision_makers", "What is the decision process?", "", False),
        ("others", "Who else would be involved in a decision like this?", "", True),
        ("x", "Which other people need to sign off?", "", True),
        ("x", "What would {deciders} need to see?", "", False),
        ("x", "Decision makers (names and roles)", "", True),
        # a label, when the prompt asks neither
        ("x", "Anyone else?", "Other deciders", True),
        ("x", "Anyone else?", "Bringing the deciders in", False),
    ],
)
def test_only_a_question_asking_who_gives_names(
    qid: str, prompt: str, label: str, names: bool
) -> None:
    assert asks_who_decides(question(qid, prompt, label)) is names


def test_the_bundled_playbooks_keep_their_who_questions() -> None:
    found = {
        path.stem: [q.id for q in decider_name_questions(load_playbook(path))]
        for path in sorted(bundled_dir().glob("*.yaml"))
    }
    assert found["first-discovery"] == ["deciders"]
    assert found["re-engage"] == ["deciders_now"]
    assert "others_seen" in found["follow-up"]
    assert all("involve_decider" not in ids for ids in found.values())


def test_how_to_bring_them_in_is_not_a_deciders_name() -> None:
    now = START
    session = CallSession.start(DISCOVERY, "Pat Quill", "Hollow Pines Dental", now)
    session.jump("decision", now)
    assert session.current() is not None and session.current().id == "deciders"
    session.add_item("Dr. Rosa Élan, Mike (office mgr)", now)
    session.finish_items(now)
    session.answer("n", now)
    assert session.current() is not None and session.current().id == "involve_decider"
    session.answer("a short call with both of them", now)
    state, names = decider(session.record, DISCOVERY)
    assert state is Decider.SOMEONE_ELSE
    assert decider_names(names) == ("Dr. Rosa Élan", "Mike (office mgr)")
    ask = session.suggested_ask()
    assert "with Dr. Rosa Élan and Mike (office mgr)" in ask
    assert "a short call with both of them" not in ask
    draft = NextStepDraft("tomorrow 2pm", "a short call with both of them", "bring the numbers")
    review = session.review_step(draft, now + timedelta(minutes=5))
    assert review.judgement.involves_decider is False


def test_a_bare_reply_beside_a_name_names_nobody() -> None:
    assert decider_names(["yes, still Dr Okafor", "same"]) == ("still Dr Okafor",)
