"""Practice against a scripted persona, driven through the core with real YAML files: what the
persona said is what is scored, never a guess and never only what the rep typed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from callmate.core.catalog import bundled_dir
from callmate.core.next_step import NextStepDraft
from callmate.core.persona import PracticePartner, Reply
from callmate.core.persona_loader import load_persona
from callmate.core.playbook import Playbook
from callmate.core.playbook_loader import load_playbook
from callmate.core.practice_truth import NOTHING_MORE
from callmate.core.scoring import Scorecard, score
from callmate.core.session import CallSession

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
DISCOVERY = load_playbook(bundled_dir() / "first-discovery.yaml")
FOLLOW_UP = load_playbook(bundled_dir() / "follow-up.yaml")


def persona_yaml(worth_fixing: str = "Yes.", weak: str = "No timeline.", **extra: str) -> str:
    replies = "".join(f"  {key}: {value!r}\n" for key, value in extra.items())
    return (
        "format: 1\nkind: persona\nname: tester\ndisplay_name: Tess Ter\ncompany: Test Co\n"
        "decides: true\n"
        "powns:\n  - {tag: problem, text: we retype every order}\n"
        f"replies:\n  default: I see.\n  worth_fixing: {worth_fixing!r}\n{replies}"
        "commitment:\n  start: 3\n  rises_when_pain_agreed: 4\n  weak_below: 5\n"
        f"  strong: [This month, before the audit.]\n  weak: [{weak!r}]\n"
    )


class Practice:
    """A practice call moved through the core's own API, the persona replying as in the app."""

    def __init__(self, persona_file: Path, playbook: Playbook = DISCOVERY) -> None:
        self.now = T0
        persona = load_persona(persona_file)
        self.playbook = playbook
        self.session = CallSession.start(
            playbook, persona.display_name, persona.company, T0, mode="practice", persona="tester"
        )
        self.partner = PracticePartner(persona, playbook)

    def ask(self, question_id: str) -> Reply:
        """Arrive at a question: the persona replies, and the reply goes on the record."""
        self.now += timedelta(minutes=1)
        self.go_to(question_id)
        reply = self.partner.reply(self.playbook.question(question_id), self.session)
        self.session.record_reply(question_id, reply.text, reply.objection, self.now)
        return reply

    def what_else(self, question_id: str) -> Reply:
        reply = self.partner.what_else(self.playbook.question(question_id), self.session)
        self.session.record_reply(question_id, reply.text, reply.objection, self.now)
        return reply

    def go_to(self, question_id: str) -> None:
        if (current := self.session.current()) is not None and current.id == question_id:
            return
        self.session.jump(self.playbook.question(question_id).section_id, self.now)
        while (current := self.session.current()) is not None and current.id != question_id:
            self.session.skip(self.now)
        assert current is not None, question_id

    def answer(self, question_id: str, *texts: str) -> None:
        self.now += timedelta(minutes=1)
        self.go_to(question_id)
        if self.playbook.question(question_id).takes_many:
            for text in texts:
                self.session.add_item(text, self.now)
            self.session.finish_items(self.now)
        else:
            self.session.answer(texts[0], self.now)

    def end(self, what: str, theirs: str) -> Scorecard:
        draft = NextStepDraft("tomorrow 10am", what, theirs, "a proposal on their numbers")
        assert self.session.set_next_step(draft, self.now) == {}
        self.session.complete(self.now)
        return score(self.session.record, self.playbook)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tester.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# -- 1. replies that are no yes are never read as one --------------------------------------------
NOT_YES = [
    "Honestly? No.",
    "I wouldn't say so.",
    "We can live with it.",
    "It depends.",
    "Maybe.",
    "Nein.",
    "Non, pas vraiment.",
    "नहीं",
    "Όχι, δεν αξίζει τον κόπο.",
    "Δεν ξέρω",
]


@pytest.mark.parametrize("said", NOT_YES)
def test_a_persona_that_does_not_say_yes_never_gets_keen_and_a_typed_yes_earns_nothing(
    tmp_path: Path, said: str
) -> None:
    call = Practice(write(tmp_path, persona_yaml(worth_fixing=said)))
    call.ask("problems")
    call.answer("problems", "p: we retype every order")
    assert call.ask("worth_fixing").text == said
    call.answer("worth_fixing", "y")  # the rep hears a yes that was never said
    commitment = call.ask("start_when")
    assert commitment.key == "commitment:weak", commitment  # the level did not rise
    card = call.end("call to go through the numbers together", "bring the order numbers")
    assert card.criterion("pain_agreed").points == 0
    assert any("'Big enough to fix'" in n and "you recorded yes" in n for n in card.notes)


@pytest.mark.parametrize("said", ["Honestly? No.", "Not really.", "We can live with it."])
def test_a_plain_no_is_read_as_no_and_a_typed_no_matches_it(tmp_path: Path, said: str) -> None:
    call = Practice(write(tmp_path, persona_yaml(worth_fixing=said)))
    call.ask("worth_fixing")
    call.answer("worth_fixing", "n")
    card = call.end("call to go through the numbers together", "bring the order numbers")
    assert "they said no" in card.criterion("pain_agreed").reason
    assert not any("Big enough to fix" in n for n in card.notes), card.notes


def test_maybe_is_unknown_never_they_said_no(tmp_path: Path) -> None:
    call = Practice(write(tmp_path, persona_yaml(worth_fixing="Maybe.")))
    call.ask("worth_fixing")
    call.answer("worth_fixing", "n")  # the careful rep: no yes was given
    card = call.end("call to go through the numbers together", "bring the order numbers")
    reason = card.criterion("pain_agreed").reason
    assert "they said no" not in reason, reason
    assert "never said" in reason
    assert card.criterion("listening").reason.startswith("1 of 1")  # "no" is a fair capture


@pytest.mark.parametrize("weak", ["Not this year.", "Δεν υπάρχει χρονοδιάγραμμα."])
def test_a_commitment_answer_that_names_no_soon_choice_is_never_strong(
    tmp_path: Path, weak: str
) -> None:
    call = Practice(write(tmp_path, persona_yaml(weak=weak)))
    assert call.ask("start_when").text == weak
    call.answer("start_when", "1")  # "this month", which they never said
    card = call.end("call to go through the numbers together", "bring the order numbers")
    commitment = card.criterion("commitment")
    assert commitment.points < commitment.max, commitment.reason
    assert "the answer was strong" not in commitment.reason  # "this month" is never theirs
    if weak == "Not this year.":  # a plain no timeline: "this month" was recorded against it
        assert commitment.points == 0, commitment.reason
        assert 'you recorded this month, they said "Not this year."' in commitment.reason
    listening = card.criterion("listening")
    assert not listening.reason.startswith("1 of 1"), listening.reason


def test_not_this_year_reads_as_the_no_timeline_choice(tmp_path: Path) -> None:
    call = Practice(write(tmp_path, persona_yaml(weak="Not this year.")))
    call.ask("start_when")
    call.answer("start_when", "4")  # no timeline: what they said
    card = call.end("call to go through the numbers together", "bring the order numbers")
    assert "no timeline" in card.criterion("commitment").reason
    assert card.criterion("listening").reason.startswith("1 of 1")


# -- 2. the step's part for them is what the persona agreed ---------------------------------------
@pytest.mark.parametrize("their_part", ["Δεν ξέρω", "I don't know."])
def test_a_step_the_persona_never_agreed_earns_no_commitment(
    tmp_path: Path, their_part: str
) -> None:
    call = Practice(write(tmp_path, persona_yaml(their_part=their_part)))
    assert call.ask("their_part").text == their_part
    call.answer("their_part", "share month-end figures")
    card = call.end(
        "call with the CEO to go through the figures",
        "share month-end figures and join the call with the CEO",
    )
    step = card.criterion("next_step_commitment")
    assert step.points == 0, step.reason
    assert "not what they agreed" in step.reason and their_part in step.reason
    assert any(n.startswith("next step: their part") for n in card.notes), card.notes


def test_a_step_in_the_personas_own_words_is_credited(tmp_path: Path) -> None:
    said = "I'll pull last month's order numbers so we can go through them."
    call = Practice(write(tmp_path, persona_yaml(their_part=said)))
    call.ask("their_part")
    call.answer("their_part", said)
    card = call.end("call to go through the order numbers together", "pull the order numbers")
    assert card.criterion("next_step_commitment").points == 2, card.to_dict()


def test_a_step_when_they_were_never_asked_their_part_is_not_theirs(tmp_path: Path) -> None:
    call = Practice(write(tmp_path, persona_yaml()))
    call.ask("time_check")
    call.answer("time_check", "y")
    card = call.end("call to go through the order numbers together", "pull the order numbers")
    step = card.criterion("next_step_commitment")
    assert step.points == 0 and "never asked what they will do" in step.reason


# -- 3. a section objection comes in a section with one question ----------------------------------
@pytest.mark.parametrize(
    ("persona", "objection"),
    [
        ("busy-sceptic", "Can you just email me the details?"),
        ("not-yet-convinced", "I'm not convinced this is big enough"),
    ],
)
def test_a_commitment_objection_comes_in_a_one_question_section(
    persona: str, objection: str
) -> None:
    call = Practice(bundled_dir() / "personas" / f"{persona}.yaml", FOLLOW_UP)
    visible = [q.id for q in call.session.path() if q.section_id == "commitment"]
    assert visible == ["start_when"]
    first = call.ask("start_when")
    assert first.objection is not None and objection in first.objection
    assert call.ask("start_when").objection is None  # once
    assert call.ask("others_seen").objection is None


def test_a_section_objection_still_waits_in_a_longer_section(tmp_path: Path) -> None:
    text = (
        persona_yaml()
        + "objections:\n  - text: Is this a sales call?\n    when: {section: agenda}\n"
    )
    call = Practice(write(tmp_path, text))
    assert call.ask("time_check").objection is None  # the topic has not started yet
    call.answer("time_check", "y")
    assert call.ask("agenda_shared").objection == "Is this a sales call?"


# -- 4. every POWN item can be said at a POWN question --------------------------------------------
ONE_POWN_QUESTION = """\
format: 1
name: mini
title: Mini
objective: Find their problems.
sections:
  - id: discovery
    title: Discovery
    kind: powns
    questions:
      - id: powns
        label: What's on their mind
        prompt: What's getting in the way?
        capture: powns
"""
ALL_KINDS = """\
format: 1
kind: persona
name: tester
display_name: Tess Ter
hot_button: we retype every order
powns:
  - {tag: problem, text: we retype every order}
  - {tag: want, text: orders straight from the web shop}
  - {tag: need, text: it must work with our old till}
replies:
  default: I see.
"""


def test_a_pown_question_hears_every_kind_of_item_the_persona_has(tmp_path: Path) -> None:
    playbook_path = tmp_path / "mini.yaml"
    playbook_path.write_text(ONE_POWN_QUESTION, encoding="utf-8")
    call = Practice(write(tmp_path, ALL_KINDS), load_playbook(playbook_path))
    said = [call.ask("powns").text]
    while (more := call.what_else("powns").text) != NOTHING_MORE:
        said.append(more)
    assert said == [
        "Orders straight from the web shop.",
        "It must work with our old till.",
        "And most of all: we retype every order.",
    ]
    call.answer(
        "powns",
        "w: orders straight from the web shop",
        "n: it must work with our old till",
        "p: we retype every order",
    )
    card = call.end("call to go through the orders together", "bring the order list")
    assert card.criterion("powns").points == 2, card.criterion("powns").reason
    assert not any("no credit" in n or "missed" in n for n in card.notes), card.notes


# -- 5. the scorecard's words --------------------------------------------------------------------
def test_a_non_answer_is_never_something_the_rep_missed_and_notes_name_the_label(
    tmp_path: Path,
) -> None:
    call = Practice(write(tmp_path, persona_yaml(concerns="Δεν ξέρω")))
    call.ask("problems")
    call.answer("problems", "p: we retype every order", "p: the invoices are late")
    assert call.ask("concerns").text == "Δεν ξέρω"
    call.answer("concerns", "price")
    card = call.end("call to go through the numbers together", "bring the order numbers")
    assert not any("you missed" in n for n in card.notes), card.notes
    notes = " ".join(card.notes)
    assert "'Problems': not from them, no credit: the invoices are late" in notes
    assert "'problems'" not in notes and "'concerns'" not in notes
