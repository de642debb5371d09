"""A persona written in the trainer's language is read like an English one: its yes and no are
read in one place, and the persona's keenness, the scorecard and the live panel agree on them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from callmate.core.judgement import Verdict
from callmate.core.next_step import NextStepDraft
from callmate.core.persona import PracticePartner
from callmate.core.persona_loader import load_persona
from callmate.core.playbook import Capture
from callmate.core.playbook_loader import load_playbook
from callmate.core.practice_reading import Reading, read_yes_no
from callmate.core.practice_truth import matches, words
from callmate.core.scoring import Scorecard, score
from callmate.core.session import CallSession

DATA = Path(__file__).parent.parent / "data" / "practice"
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

YES = [
    "Ja, das ist es auf jeden Fall wert.",
    "Ja.",
    "Sim, não podemos esperar.",  # the opening yes decides ("we can't wait")
    "Sí, claro.",
    "¡Sí!",
    "Si!",
    "Oui, tout à fait.",
    "Sim, vale a pena.",
    "はい、そうです。",
    "हाँ, बिल्कुल।",
    "हां",
    "Да, конечно.",
    "Ναι.",
    "네, 맞아요.",
    "Evet.",
]
NO = [
    "Nein, eigentlich nicht.",
    "Non, pas vraiment.",
    "Não, ainda não.",
    "いいえ。",
    "नहीं",
    "Нет.",
    "Ich sage nein.",
    "Όχι.",
    "Acho que não.",  # a no word inside a sentence that opens with no yes
]
NEITHER = ["Ja, aber nicht jetzt.", "Vielleicht.", "Peut-être.", "Tal vez.", "शायद"]
#: Answer words that mean something else in a sentence are no answer there.
UNREAD = [
    "Si tenemos presupuesto, lo vemos.",  # "si" without its accent: "if"
    "Das ist ja teuer.",  # "ja" inside a sentence: a filler
    "Non-profits like us need it.",  # a compound
    "We are a non-profit.",
    "Herr Wolf, unser Geschäftsführer.",
    "はいります。",  # a longer word that starts like はい
]


@pytest.mark.parametrize("text", YES)
def test_a_yes_in_the_common_languages_reads_as_yes(text: str) -> None:
    assert read_yes_no(text) is Reading.YES


@pytest.mark.parametrize("text", NO)
def test_a_no_in_the_common_languages_reads_as_no(text: str) -> None:
    assert read_yes_no(text) is Reading.NO


@pytest.mark.parametrize("text", NEITHER)
def test_a_maybe_or_a_yes_with_a_but_is_neither(text: str) -> None:
    assert read_yes_no(text) is Reading.NEITHER


@pytest.mark.parametrize("text", UNREAD)
def test_an_answer_word_that_is_no_answer_where_it_stands_reads_as_nothing(text: str) -> None:
    assert read_yes_no(text) is Reading.UNREAD


def _play(playbook_name: str, persona_name: str) -> tuple[CallSession, Scorecard]:
    """A good rep: types what the persona said, y for its yes and n for anything else."""
    playbook = load_playbook(DATA / playbook_name)
    persona = load_persona(DATA / persona_name)
    now = T0
    session = CallSession.start(
        playbook, persona.display_name, persona.company, now, mode="practice", persona=persona.name
    )
    partner = PracticePartner(persona, playbook)
    slots_after_pain: list[tuple[str, Verdict]] = []
    while (question := session.current()) is not None:
        now += timedelta(minutes=1)
        reply = partner.reply(question, session)
        session.record_reply(question.id, reply.text, reply.objection, now)
        said = reply.text
        if question.capture is Capture.YES_NO:
            session.answer("y" if said.startswith("Ja") else "n", now)
        elif question.capture is Capture.CHOICE:
            named = [i for i, c in enumerate(question.choices) if c.casefold() in said.casefold()]
            session.answer(str((named or [len(question.choices) - 1])[0] + 1), now)
        elif question.takes_many:
            prefix = "p: " if question.capture is Capture.POWNS else ""
            session.add_item(prefix + said, now)
            session.finish_items(now)
        else:
            session.answer(said, now)
        if question.id == "lohnt_sich":
            slots_after_pain = [(label, judged.verdict) for label, judged in session.slots()]
    theirs = "Ich bringe die Zahlen vom letzten Monatsabschluss mit"
    draft = NextStepDraft(
        "tomorrow 10am", "call with Herr Wolf to go through the offer", theirs, "an offer"
    )
    assert session.set_next_step(draft, now) == {}
    session.complete(now)
    assert ("Schmerz bestätigt", Verdict.MET) in slots_after_pain
    return session, score(session.record, playbook)


def test_a_german_persona_agrees_the_pain_with_ja_and_gets_keen() -> None:
    """The trainer's case: "Ja, das ist es auf jeden Fall wert." is a yes, so the persona's
    keenness rises and it gives its strong line, and the rep who typed y loses nothing."""
    session, card = _play("erstgespraech.yaml", "frau-berger.yaml")
    said = {
        e.fields["question"]: e.fields["text"]
        for e in session.record.events
        if e.type == "prospect_said"
    }
    assert said["wie_bald"] == "Dieses Quartal, vor dem Jahresabschluss."  # strong, not weak
    pain = card.criterion("pain_agreed")
    assert (pain.points, pain.max) == (1, 1), pain.reason
    assert card.criterion("commitment").points == 2
    assert not any("cannot be read" in n for n in card.notes), card.notes


@pytest.mark.parametrize(
    ("said", "typed", "shown", "point"),
    [
        ("Ja.", "y", Verdict.MET, 1),
        ("Nein.", "n", Verdict.NOT_MET, 0),
        ("Vielleicht.", "y", Verdict.UNKNOWN, 0),  # no answer to show, whatever was typed
        ("Ja.", "n", Verdict.MET, 0),  # what they said; the card charges the rep's capture
        ("Nein.", "y", Verdict.NOT_MET, 0),
    ],
)
def test_the_live_panel_in_practice_reads_the_persona_as_the_scorecard_does(
    said: str, typed: str, shown: Verdict, point: int
) -> None:
    """The panel shows what the persona said, read as the scorecard reads it: its "Ja" is a ✓
    on both, its "Vielleicht" a ✓ on neither, whatever the rep typed."""
    playbook = load_playbook(DATA / "erstgespraech.yaml")
    persona = load_persona(DATA / "frau-berger.yaml")
    session = CallSession.start(playbook, "A", "B", T0, mode="practice", persona=persona.name)
    session.jump("bedarf", T0)
    session.skip(T0)
    session.skip(T0)
    assert (current := session.current()) is not None and current.id == "lohnt_sich"
    session.record_reply("lohnt_sich", said, None, T0)
    session.answer(typed, T0)
    assert dict(session.slots())["Schmerz bestätigt"].verdict is shown
    pain = score(session.record, playbook).criterion("pain_agreed")
    assert pain.points == point, pain.reason


def test_a_live_call_panel_still_shows_what_the_rep_typed() -> None:
    playbook = load_playbook(DATA / "erstgespraech.yaml")
    session = CallSession.start(playbook, "A", "B", T0)
    session.jump("bedarf", T0)
    session.skip(T0)
    session.skip(T0)
    session.answer("y", T0)
    assert dict(session.slots())["Schmerz bestätigt"].verdict is Verdict.MET


def test_devanagari_words_keep_their_vowel_signs_when_matched() -> None:
    """practice_truth splits words with the core's one definition (callmate.core.words): the
    vowel signs of Devanagari are part of a word, so "महंगा" is one word that matches itself."""
    assert words("यह बहुत महंगा है") >= words("महंगा")
    assert words("महंगा")
    assert matches("सिस्टम महंगा", "हमारा सिस्टम बहुत महंगा है")
