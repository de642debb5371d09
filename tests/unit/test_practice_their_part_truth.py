"""In a playbook that never asks what the prospect will do, a persona practice credits their part
of the next step only when the persona committed at the commitment question: a word it said
anywhere else (who signs, a problem) agrees to nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from callmate.core.catalog import bundled_dir
from callmate.core.next_step import NextStepDraft
from callmate.core.persona import PracticePartner
from callmate.core.persona_loader import load_persona
from callmate.core.playbook_loader import load_playbook
from callmate.core.scoring import CriterionScore, score
from callmate.core.session import CallSession

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

SHORT_CALL = """\
format: 1
name: short-call
title: Short call
objective: Learn the problem and agree a next step.
minutes: 15
sections:
  - id: agenda
    title: Agenda
    kind: agenda
    minutes: 2
    questions:
      - {id: time_check, label: Time still good, prompt: "Still good?", capture: yes_no}
  - id: powns
    title: Discovery
    kind: powns
    minutes: 5
    questions:
      - {id: problems, label: Problems, prompt: "What is in the way?", capture: powns, tag: problem}
  - id: commitment
    title: How soon
    kind: commitment
    minutes: 3
    questions:
      - id: start_when
        label: How soon
        prompt: How soon would you start?
        capture: choice
        choices: [this month, this quarter, no timeline]
        signal: commitment
        weak: [no timeline]
  - id: decider
    title: Who decides
    kind: decision_maker
    minutes: 2
    questions:
      - {id: contact_decides, label: You decide, prompt: "Is the call yours?", capture: yes_no}
"""

YES_MAN = """\
format: 1
kind: persona
name: yes-man
display_name: Yves Mann
company: Agreeable Ltd
decides: false
phrases:
  decides_no: "No, my boss signs everything."
powns:
  - {tag: problem, text: our invoices go out late}
replies:
  default: "Sure, sounds great!"
commitment:
  start: 8
  strong: ["This month, absolutely. We will start on the invoices."]
  weak: ["No timeline."]
"""


def practice(tmp_path: Path, persona_file: Path | None, theirs: str) -> CriterionScore:
    """Every question reached (the persona replies) and skipped, then a step with their part."""
    (tmp_path / "short-call.yaml").write_text(SHORT_CALL, encoding="utf-8")
    playbook = load_playbook(tmp_path / "short-call.yaml")
    if persona_file is None:
        persona_file = tmp_path / "yes-man.yaml"
        persona_file.write_text(YES_MAN, encoding="utf-8")
    persona = load_persona(persona_file)
    now = T0
    session = CallSession.start(
        playbook, persona.display_name, persona.company, now, mode="practice", persona=persona.name
    )
    partner = PracticePartner(persona, playbook)
    while (question := session.current()) is not None:
        now += timedelta(minutes=1)
        reply = partner.reply(question, session)
        session.record_reply(question.id, reply.text, reply.objection, now)
        session.skip(now)
    draft = NextStepDraft("tomorrow 10am", "demo with the boss to go through the numbers", theirs)
    assert session.set_next_step(draft, now) == {}
    session.complete(now)
    return score(session.record, playbook).criterion("next_step_commitment")


def test_a_word_from_who_signs_is_no_commitment(tmp_path: Path) -> None:
    step = practice(tmp_path, None, "he will invite his boss to the demo")
    assert step.points == 0, step.reason
    assert "not what they agreed" in step.reason and "This month, absolutely" in step.reason


def test_their_own_line_about_who_decides_is_no_commitment(tmp_path: Path) -> None:
    sceptic = bundled_dir() / "personas" / "busy-sceptic.yaml"
    step = practice(tmp_path, sceptic, "the final call is mine")
    assert step.points == 0, step.reason
    assert "never agreed to do anything" in step.reason, step.reason


def test_what_they_committed_to_is_still_credited(tmp_path: Path) -> None:
    step = practice(tmp_path, None, "start on the invoices this month")
    assert step.points == 2, step.reason
    assert step.reason.startswith("they committed to an advance"), step.reason


RE_ENGAGE = load_playbook(bundled_dir() / "re-engage.yaml")
SCEPTIC = bundled_dir() / "personas" / "busy-sceptic.yaml"


def re_engage(theirs: str, *, ask_their_part: bool) -> CriterionScore:
    """Busy-sceptic on the bundled re-engage playbook, whose `their_part` question carries no
    `signal: their_part`: asked twice (its second line is a real part), or never."""
    persona = load_persona(SCEPTIC)
    now = T0
    session = CallSession.start(
        RE_ENGAGE, persona.display_name, persona.company, now, mode="practice", persona="x"
    )
    partner = PracticePartner(persona, RE_ENGAGE)
    session.jump("decision", now)
    while (question := session.current()) is not None:
        now += timedelta(minutes=1)
        times = 2 if question.id == "their_part" and ask_their_part else 1
        for _ in range(times):
            reply = partner.reply(question, session)
            session.record_reply(question.id, reply.text, reply.objection, now)
        session.skip(now)
    what = "call with Jo Banks to go through the late-delivery list together"
    assert session.set_next_step(NextStepDraft("tomorrow 10am", what, theirs), now) == {}
    session.complete(now)
    return score(session.record, RE_ENGAGE).criterion("next_step_commitment")


def test_their_part_reply_at_an_unmarked_question_is_credited() -> None:
    step = re_engage("pull last month's late-delivery list", ask_their_part=True)
    assert step.points == 2, step.reason


def test_words_from_elsewhere_are_no_part_on_an_unmarked_playbook() -> None:
    step = re_engage("Jo Banks signs above twenty thousand", ask_their_part=True)
    assert step.points == 0 and "I'll pull last month" in step.reason, step.reason
    unasked = re_engage("Jo Banks signs above twenty thousand", ask_their_part=False)
    assert unasked.points == 0, unasked.reason
