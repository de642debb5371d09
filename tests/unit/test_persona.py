"""The practice partner: which reply it picks, its commitment level, and the bundled personas."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from callmate.core.catalog import bundled_dir
from callmate.core.persona import SECTION_KINDS, PracticePartner, Reply
from callmate.core.persona_loader import check_persona, load_persona
from callmate.core.playbook import Capture
from callmate.core.playbook_loader import load_playbook
from callmate.core.session import CallSession

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
PLAYBOOKS = {
    name: load_playbook(bundled_dir() / f"{name}.yaml")
    for name in ("first-discovery", "follow-up", "re-engage")
}
DISCOVERY = PLAYBOOKS["first-discovery"]
PERSONA_FILES = sorted((bundled_dir() / "personas").glob("*.yaml"))

PERSONA_YAML = """\
format: 1
kind: persona
name: tester
display_name: Tess Ter
company: Test Co
decides: false
buying_process: The board signs in March.
hot_button: the invoices are always late
powns:
  - {tag: problem, text: we retype every order}
  - {tag: problem, text: the invoices are always late}
  - {tag: opportunity, text: one more shift a week}
replies:
  default: [first default, second default]
  agenda: an agenda reply
  objections: an objections reply
  worth_fixing: [not really, "yes, it is"]
  deciders: Just the board.
objections:
  - text: Is this a sales call?
    when: {section: agenda}
  - text: Send me a brochure instead.
    when: {after_question: permission}
  - text: Not the right time.
    when: {section: agenda}
commitment:
  start: 4
  rises_when_pain_agreed: 3
  drops_when_pitch_before_discovery: 5
  weak_below: 5
  strong: [strong one, strong two]
  weak: [weak one]
"""


@pytest.fixture
def persona_path(tmp_path: Path) -> Path:
    path = tmp_path / "tester.yaml"
    path.write_text(PERSONA_YAML, encoding="utf-8")
    return path


class Call:
    """A first-discovery call the test moves through with the session's own API."""

    def __init__(self, persona_path: Path, pain_questions: list[str] | None = None) -> None:
        self.now = T0
        self.session = CallSession.start(DISCOVERY, "Tess Ter", "Test Co", T0, mode="practice")
        persona = load_persona(persona_path)
        self.partner = PracticePartner(persona, DISCOVERY, pain_questions=pain_questions)

    def ask(self, question_id: str) -> Reply:
        """Arrive at a question: the persona replies and the reply is kept, as the app does."""
        reply = self.partner.reply(self.session.playbook.question(question_id), self.session)
        self.session.record_reply(question_id, reply.text, reply.objection, self.now)
        return reply

    def answer(self, question_id: str, text: str) -> None:
        self.now += timedelta(minutes=1)
        go_to(self.session, question_id, self.now)
        question = self.session.playbook.question(question_id)
        if question.takes_many:
            self.session.add_item(text, self.now)
            self.session.finish_items(self.now)
        else:
            self.session.answer(text, self.now)

    def note(self, text: str) -> None:
        self.now += timedelta(minutes=1)
        self.session.add_note(text, self.now)


def go_to(session: CallSession, question_id: str, now: datetime) -> None:
    """Jump to the question's section and skip forward to it, as a rep would."""
    session.jump(session.playbook.question(question_id).section_id, now)
    while (current := session.current()) is not None and current.id != question_id:
        session.skip(now)
    assert current is not None


# -- choosing replies -------------------------------------------------------------------------
def test_reply_keyed_by_question_id_wins(persona_path: Path) -> None:
    call = Call(persona_path)
    reply = call.ask("deciders")
    assert (reply.text, reply.key) == ("Just the board.", "deciders")


def test_several_replies_are_used_in_turn_and_the_last_repeats(persona_path: Path) -> None:
    call = Call(persona_path)
    replies = [call.ask("worth_fixing").text for _ in range(3)]
    assert replies == ["not really", "yes, it is", "yes, it is"]


def test_section_kind_reply_then_default(persona_path: Path) -> None:
    call = Call(persona_path)
    assert call.ask("time_check").key == "agenda"
    assert call.ask("concern_answers").text == "an objections reply"
    first, second, third = (call.ask(q) for q in ("impact", "better", "priority"))
    assert [r.text for r in (first, second, third)] == [
        "first default",
        "second default",
        "second default",
    ]
    assert first.key == "default"


def test_pown_questions_are_answered_from_the_personas_own_items(persona_path: Path) -> None:
    call = Call(persona_path)
    problems = call.ask("problems")
    assert problems.key == "powns:problem"
    assert problems.text == "We retype every order."
    question = call.session.playbook.question("problems")
    more = call.partner.what_else(question, call.session)
    assert more.text == "And most of all: the invoices are always late."
    call.session.record_reply("problems", more.text, None, call.now)
    assert "about it" in call.partner.what_else(question, call.session).text
    assert call.ask("opportunities").text == "One more shift a week."
    assert call.ask("must_haves").key == "default"  # no need-tagged item: falls through


def test_decision_maker_yes_no_comes_from_decides(persona_path: Path) -> None:
    call = Call(persona_path)
    reply = call.ask("contact_decides")
    assert reply.key == "decides"
    assert reply.text == "No, not on my own. The board signs in March."
    assert call.ask("buying_process").text == "The board signs in March."


def test_a_deciding_persona_says_yes(tmp_path: Path) -> None:
    path = tmp_path / "boss.yaml"
    path.write_text(PERSONA_YAML.replace("decides: false", "decides: true"), encoding="utf-8")
    assert Call(path).ask("contact_decides").text == "Yes, the final call is mine."


# -- commitment level -------------------------------------------------------------------------
def test_commitment_reply_follows_the_level(persona_path: Path) -> None:
    call = Call(persona_path)
    call.answer("time_check", "y")
    weak = call.ask("start_when")
    assert (weak.text, weak.key, weak.level) == ("weak one", "commitment:weak", 4)
    call.answer("problems", "we retype every order")
    call.answer("worth_fixing", "y")
    strong = call.ask("start_when")
    assert (strong.text, strong.key, strong.level) == ("strong one", "commitment:strong", 7)
    assert call.ask("start_when").text == "strong two"
    assert call.ask("priority").key == "default"  # only the section's first question


def test_a_question_marked_as_the_commitment_question_gets_the_commitment_lines(
    persona_path: Path, tmp_path: Path
) -> None:
    playbook_path = tmp_path / "mini.yaml"
    playbook_path.write_text(
        "format: 1\nname: mini\ntitle: Mini\nobjective: Practise.\nsections:\n"
        "  - id: talk\n    title: Talk\n    questions:\n"
        "      - id: intro\n        prompt: Hello?\n"
        "      - id: how_soon\n        prompt: How soon?\n        signal: commitment\n",
        encoding="utf-8",
    )
    playbook = load_playbook(playbook_path)
    session = CallSession.start(playbook, "Tess", "Test Co", T0)
    partner = PracticePartner(load_persona(persona_path), playbook)
    assert partner.reply(playbook.question("how_soon"), session).key == "commitment:weak"
    assert partner.reply(playbook.question("intro"), session).key == "default"


def test_a_pitch_before_discovery_lowers_the_level(persona_path: Path) -> None:
    call = Call(persona_path)
    call.note("Explained that our product automates all of it")
    call.answer("problems", "we retype every order")
    call.answer("worth_fixing", "y")
    assert call.partner.level(call.session.record) == 2  # 4 + 3 - 5


def test_a_pitch_after_discovery_costs_nothing(persona_path: Path) -> None:
    call = Call(persona_path)
    call.answer("problems", "we retype every order")
    call.note("Then I said our product automates it")
    assert call.partner.level(call.session.record) == 4


def test_level_stays_between_0_and_10(tmp_path: Path) -> None:
    path = tmp_path / "tester.yaml"
    text = PERSONA_YAML.replace("start: 4", "start: 9").replace(
        "rises_when_pain_agreed: 3", "rises_when_pain_agreed: 8"
    )
    path.write_text(text, encoding="utf-8")
    call = Call(path)
    call.answer("worth_fixing", "y")
    assert call.partner.level(call.session.record) == 10
    low = tmp_path / "low.yaml"
    low.write_text(PERSONA_YAML.replace("start: 4", "start: 1"), encoding="utf-8")
    call = Call(low)
    call.note("we offer the best tool")
    assert call.partner.level(call.session.record) == 0


def test_explicit_pain_questions_replace_the_id_rule(persona_path: Path) -> None:
    call = Call(persona_path, pain_questions=["playback"])
    call.answer("worth_fixing", "y")
    assert call.partner.level(call.session.record) == 4
    call.answer("playback", "y")
    assert call.partner.level(call.session.record) == 7


def test_a_no_to_worth_fixing_does_not_raise_the_level(persona_path: Path) -> None:
    call = Call(persona_path)
    call.answer("worth_fixing", "n")
    assert call.partner.level(call.session.record) == 4


# -- objections -------------------------------------------------------------------------------
def test_objections_come_once_each_and_one_per_reply(persona_path: Path) -> None:
    call = Call(persona_path)
    assert call.ask("time_check").objection is None  # a section starting is no trigger
    call.answer("time_check", "y")
    assert call.ask("agenda_shared").objection == "Is this a sales call?"
    assert call.ask("time_available").objection == "Not the right time."
    assert call.ask("their_goal").objection is None
    assert call.ask("time_check").objection is None


def test_a_pitch_before_discovery_provokes_a_section_objection_at_once(
    persona_path: Path,
) -> None:
    call = Call(persona_path)
    call.note("Let me tell you about our platform")
    assert call.ask("time_check").objection == "Is this a sales call?"


def test_skipping_the_agenda_makes_the_persona_guarded(persona_path: Path) -> None:
    call = Call(persona_path)
    before = call.partner.level(call.session.record)
    call.ask("problems")
    assert call.partner.agenda_skipped(call.session.record)
    assert call.partner.level(call.session.record) < before


def test_after_question_objection_waits_for_the_answer(persona_path: Path) -> None:
    call = Call(persona_path)
    assert call.ask("problems").objection is None
    call.answer("permission", "y")
    assert call.ask("problems").objection == "Send me a brochure instead."
    assert call.ask("impact").objection is None


def test_two_partners_given_the_same_call_say_the_same(persona_path: Path) -> None:
    order = ["time_check", "worth_fixing", "worth_fixing", "start_when", "impact", "impact"]
    first, second = Call(persona_path), Call(persona_path)
    assert [first.ask(q) for q in order] == [second.ask(q) for q in order]


# -- the bundled personas ---------------------------------------------------------------------
def test_three_bundled_personas_load_cleanly_even_when_strict() -> None:
    assert [p.stem for p in PERSONA_FILES] == [
        "busy-sceptic",
        "eager-champion",
        "not-yet-convinced",
    ]
    for path in PERSONA_FILES:
        persona, problems = check_persona(path, strict=True)
        assert persona is not None and problems == [], [str(p) for p in problems]
        assert persona.name == path.stem


@pytest.mark.parametrize("path", PERSONA_FILES, ids=lambda p: p.stem)
def test_bundled_personas_are_written_against_the_bundled_playbooks(path: Path) -> None:
    persona = load_persona(path)
    ids = {q.id for p in PLAYBOOKS.values() for q in p.questions}
    assert set(persona.reply_keys()) <= ids
    after = {o.when.after_question for o in persona.objections if o.when.after_question}
    assert after <= ids
    assert set(persona.replies) - set(persona.reply_keys()) <= SECTION_KINDS | {"default"}


@pytest.mark.parametrize("path", PERSONA_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("playbook_name", sorted(PLAYBOOKS))
def test_bundled_personas_answer_every_question(path: Path, playbook_name: str) -> None:
    playbook = PLAYBOOKS[playbook_name]
    persona = load_persona(path)
    session = CallSession.start(playbook, persona.display_name, persona.company, T0)
    partner = PracticePartner(persona, playbook)
    for question in playbook.questions:
        reply = partner.reply(question, session)
        assert reply.text.strip()
        if question.capture is Capture.CHOICE and question.id in persona.replies:
            said = reply.text.casefold()
            assert any(c.casefold() in said for c in question.choices), reply.text


def test_the_unconvinced_decision_maker_changes_her_mind_after_a_second_look() -> None:
    playbook = DISCOVERY
    persona = load_persona(bundled_dir() / "personas" / "not-yet-convinced.yaml")
    session = CallSession.start(playbook, persona.display_name, persona.company, T0)
    partner = PracticePartner(persona, playbook)
    now = T0

    def say(question_id: str) -> Reply:
        reply = partner.reply(playbook.question(question_id), session)
        session.record_reply(question_id, reply.text, reply.objection, now)
        return reply

    first = say("worth_fixing")
    assert first.text.startswith("Honestly? It's annoying")
    go_to(session, "worth_fixing", now)
    moved = session.answer("n", now)
    assert moved.went_back_to == "powns"
    assert say("start_when").key == "commitment:weak"
    say("cost_of_nothing")
    assert "real money" in say("cost_of_nothing").text
    second = say("worth_fixing")
    assert "worth fixing" in second.text
    go_to(session, "worth_fixing", now)
    session.answer("y", now + timedelta(minutes=5))
    commitment = say("start_when")
    assert commitment.key == "commitment:strong"
    assert "this quarter" in commitment.text.casefold()
