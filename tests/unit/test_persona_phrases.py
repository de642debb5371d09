"""A persona's stock lines in its own language, and its "nothing more" line never captured.

The partner says a few lines by itself (whether the contact decides, the lead-in to the hot
button, "nothing more to tell"). A German persona sets them under `phrases:`, so it never
switches to English mid-call; an item typed from its "nothing more" line earns nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from callmate.core.catalog import bundled_dir
from callmate.core.next_step import NextStepDraft
from callmate.core.persona import Persona, PracticePartner, Reply
from callmate.core.persona_loader import check_persona, load_persona
from callmate.core.playbook import Playbook
from callmate.core.playbook_loader import load_playbook
from callmate.core.practice_truth import NOTHING_MORE
from callmate.core.scoring import Scorecard, score
from callmate.core.session import CallSession

DATA = Path(__file__).parent.parent / "data" / "practice"
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
GERMAN = load_playbook(DATA / "erstgespraech.yaml")
BERGER = load_persona(DATA / "frau-berger.yaml")
DISCOVERY = load_playbook(bundled_dir() / "first-discovery.yaml")


class Call:
    def __init__(self, persona: Persona, playbook: Playbook) -> None:
        self.playbook = playbook
        self.now = T0
        self.session = CallSession.start(
            playbook, "A", "B", T0, mode="practice", persona=persona.name
        )
        self.partner = PracticePartner(persona, playbook)

    def said(self, reply: Reply, question_id: str) -> str:
        self.session.record_reply(
            question_id, reply.text, reply.objection, self.now, nothing_more=reply.nothing_more
        )
        return reply.text

    def at(self, question_id: str) -> str:
        self.now += timedelta(minutes=1)
        question = self.playbook.question(question_id)
        self.session.jump(question.section_id, self.now)
        while (current := self.session.current()) is not None and current.id != question_id:
            self.session.skip(self.now)
        return self.said(self.partner.reply(question, self.session), question_id)

    def what_else(self, question_id: str) -> str:
        question = self.playbook.question(question_id)
        return self.said(self.partner.what_else(question, self.session), question_id)

    def items(self, *texts: str) -> None:
        for text in texts:
            self.session.add_item(text, self.now)
        self.session.finish_items(self.now)

    def end(self) -> Scorecard:
        draft = NextStepDraft(
            "tomorrow 10am", "call to go through the numbers together", "bring the numbers", "x y z"
        )
        assert self.session.set_next_step(draft, self.now) == {}
        self.session.complete(self.now)
        return score(self.session.record, self.playbook)


def test_a_german_persona_says_its_stock_lines_in_german() -> None:
    call = Call(BERGER, GERMAN)
    told = [call.at("probleme")]
    while (line := call.what_else("probleme")) not in told:
        told.append(line)
    assert "Und vor allem: der Monatsabschluss dauert neun Tage." in told
    assert told[-1] == "Das war es eigentlich. Mehr fällt mir nicht ein."
    assert call.what_else("probleme") == "Das war es eigentlich. Mehr fällt mir nicht ein."
    decides = call.at("selbst_entscheider")
    assert decides.startswith("Nein, nicht allein. Ich bereite vor")
    assert call.what_else("selbst_entscheider") == "Was noch, wozu?"
    assert not any(english in " ".join(told) for english in ("And most of all", "That's about"))


def test_a_persona_without_phrases_keeps_the_english_lines(tmp_path: Path) -> None:
    """The trainer's file as it was: no `phrases:`, so the English defaults."""
    text = (DATA / "frau-berger.yaml").read_text(encoding="utf-8")
    path = tmp_path / "frau-berger.yaml"
    path.write_text(text[: text.index("phrases:")], encoding="utf-8")
    call = Call(load_persona(path), GERMAN)
    assert call.at("selbst_entscheider").startswith("No, not on my own. Ich bereite vor")
    assert call.what_else("selbst_entscheider") == "What else about what?"


@pytest.mark.parametrize(
    ("persona", "playbook", "question", "prefix"),
    [
        (BERGER, GERMAN, "probleme", ""),
        ("eager-champion", DISCOVERY, "problems", "p: "),
    ],
)
def test_the_nothing_more_line_typed_as_an_item_earns_nothing(
    persona: Persona | str, playbook: Playbook, question: str, prefix: str
) -> None:
    """The trainer's case: "That's about it, really. Nothing else comes to mind." typed as a
    POWN item counted as one; it is what the persona says when there is nothing more."""
    if isinstance(persona, str):
        persona = load_persona(bundled_dir() / "personas" / f"{persona}.yaml")
    call = Call(persona, playbook)
    told = [call.at(question)]
    while (line := call.what_else(question)) not in told:
        told.append(line)
    nothing_more = told[-1]
    assert nothing_more == persona.phrases.nothing_more
    call.items(prefix + told[0], prefix + nothing_more)
    card = call.end()
    powns = card.criterion("powns")
    assert powns.reason.startswith("1 POWN item captured"), powns.reason
    assert any("not from them" in n and nothing_more[:20] in n for n in card.notes), card.notes


def test_a_record_from_before_the_mark_knows_the_english_line_by_its_words() -> None:
    persona = load_persona(bundled_dir() / "personas" / "eager-champion.yaml")
    call = Call(persona, DISCOVERY)
    call.at("problems")
    call.session.record_reply("problems", NOTHING_MORE, None, call.now)  # no mark
    call.items("p: " + NOTHING_MORE)
    assert call.end().criterion("powns").points == 0


def test_phrases_are_checked_like_every_other_key(tmp_path: Path) -> None:
    text = (DATA / "frau-berger.yaml").read_text(encoding="utf-8")
    path = tmp_path / "frau-berger.yaml"
    path.write_text(text + "  nothing_mor: x\n", encoding="utf-8")
    persona, problems = check_persona(path)
    assert persona is None
    assert any("unknown key 'nothing_mor'" in p.message for p in problems), problems
