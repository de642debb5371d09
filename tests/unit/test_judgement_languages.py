"""The next-step judgement on steps in German, Spanish, Japanese and Hindi, and on mash.

A trainer's own suggested steps in those languages, with a real part for the prospect, are
advances (said to be judged by their words only); the same judgement in English is unchanged;
a keyboard mash or a filler is no step, no part of theirs and no reason; the commonest German
and Spanish stalls are refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from callmate.core.judgement import (
    WORDS_ONLY,
    judge_step,
    judge_step_text,
    says_why,
    stored_step_kind,
)
from callmate.core.playbook import NextStepPolicy
from callmate.core.real_words import has_real_words, reads_as_english

#: The trainer's playbooks' suggested steps and the parts of theirs a rep typed after them.
STEPS = {
    "de": (
        "30-minütiger Termin, um das Angebot gemeinsam Seite für Seite durchzugehen",
        "Herr Hartmann bringt die Angebotszahlen mit und blockt die Zeit",
    ),
    "es": (
        "Reunión de 30 minutos para revisar juntos la propuesta, con el director financiero",
        "La señora Ruiz trae sus cifras de costes y reserva la hora",
    ),
    "ja": (
        "決裁者を交えて提案書を一緒に確認する30分の打ち合わせ",
        "田中さんが費用の数字を用意して部長を招待する",
    ),
    "hi": (
        "निर्णय लेने वाले के साथ प्रस्ताव को साथ में देखने के लिए 30 मिनट की मीटिंग",
        "शर्मा जी लागत के आंकड़े लेकर आएंगे और समय तय करेंगे",
    ),
}
SUGGESTIONS = NextStepPolicy(suggestions=tuple(what for what, _ in STEPS.values()))


@pytest.mark.parametrize("language", sorted(STEPS))
def test_a_trainers_step_in_another_language_is_an_advance_judged_by_its_words(
    language: str,
) -> None:
    what, theirs = STEPS[language]
    judged = judge_step(what, theirs, SUGGESTIONS)
    assert judged.advance, judged.reason
    assert WORDS_ONLY in judged.reason
    assert judge_step(what, theirs).advance  # a stored step, judged again without its playbook


@pytest.mark.parametrize("language", sorted(STEPS))
def test_a_trainers_suggestion_in_another_language_is_no_continuation_for_validate(
    language: str,
) -> None:
    judged = judge_step_text(STEPS[language][0], SUGGESTIONS)
    assert judged.advance, judged.reason


@pytest.mark.parametrize("language", sorted(STEPS))
def test_a_step_in_another_language_with_a_mashed_part_is_refused(language: str) -> None:
    judged = judge_step(STEPS[language][0], "asdf jkl", SUGGESTIONS)
    assert not judged.advance
    assert "their part 'asdf jkl' has no real words" in judged.reason


def test_a_suggestion_that_is_not_a_known_phrase_says_it_is_the_playbooks_own() -> None:
    policy = NextStepPolicy(suggestions=("Rundgang durchs Lager mit {decider}",))
    judged = judge_step("Rundgang durchs Lager mit Frau Berger", "Frau Berger führt uns", policy)
    assert judged.advance
    assert judged.reason.startswith("one of this playbook's suggested steps")


def test_english_is_still_judged_by_its_english_words() -> None:
    assert not judge_step("Info pack", "Reads brochure").advance
    assert not judge_step("Quick chat about pricing", "they read it").advance
    assert not judge_step("Sync with José", "José checks").advance  # a name is no language
    english = judge_step("Demo on Tuesday to go through it together", "she will check")
    assert english.advance
    assert WORDS_ONLY not in english.reason


@pytest.mark.parametrize(
    ("what", "theirs", "said"),
    [
        ("30-minütiger Termin am Dienstag", "ich melde mich", "is a stall"),
        ("Termin am Dienstag", "Wir überlegen uns das", "is a stall"),
        ("Schicken Sie mir Infos per Mail", "Herr Hartmann liest alles", "is a continuation"),
        ("Termin am Dienstag", "Schicken Sie mir die Unterlagen", "asks us to act"),
        ("Reunión el martes", "lo pienso", "is a stall"),
        ("Mándeme información por correo", "La señora Ruiz la lee", "is a continuation"),
        ("Reunión el martes", "Le aviso la próxima semana", "is a stall"),
        ("Termin am Dienstag", "ja", "only agrees"),
        ("Reunión el martes", "vale", "only agrees"),
        ("Termin am Dienstag", "vielleicht bringt er die Zahlen", "is not a yes yet"),
        ("Réunion mardi", "je vais y réfléchir", "is a stall"),
        ("Envoyez-moi de la documentation", "Mme Dupont la lit", "is a continuation"),
        ("Reunião na terça", "vou pensar", "is a stall"),
        ("Reunião na terça", "Me manda as informações", "asks us to act"),
    ],
)
def test_the_commonest_german_spanish_french_and_portuguese_stalls_are_refused(
    what: str, theirs: str, said: str
) -> None:
    judged = judge_step(what, theirs)
    assert not judged.advance
    assert said in judged.reason


def test_a_german_stall_beside_time_together_is_still_an_advance() -> None:
    judged = judge_step(
        "Schicken Sie mir die Unterlagen, dann gehen wir sie gemeinsam durch",
        "Herr Hartmann bringt seine Zahlen mit",
    )
    assert judged.advance, judged.reason


@pytest.mark.parametrize(
    "mash", ["asdf jkl", "jkl", "hjkl", "qwer", "bla bla bla", "xxx", "aaa", "фыва", "test test"]
)
def test_mash_is_no_part_of_theirs(mash: str) -> None:
    judged = judge_step("Demo on Tuesday to go through it together", mash)
    assert not judged.advance
    assert f"their part '{mash}' has no real words" in judged.reason


@pytest.mark.parametrize("mash", ["asdf jkl", "test test", "bla bla bla"])
def test_mash_is_no_step_and_no_reason(mash: str) -> None:
    judged = judge_step(mash, "she will bring the CFO")
    assert not judged.advance
    assert "what happens then" in judged.reason
    assert not says_why(mash)
    assert says_why("budget frozen until March")
    assert says_why("Budget bis März eingefroren")


@pytest.mark.parametrize(
    "real",
    [
        "she will check",
        "Ana sends the invoices",
        "CFO joins",
        "Herr Hartmann kommt",
        "部長が参加",
        "про встречу",
        "Der Wert",
    ],
)
def test_short_real_words_are_words(real: str) -> None:
    assert has_real_words(real)
    assert judge_step("Demo on Tuesday to go through it together", real).advance


def test_which_text_is_read_as_english() -> None:
    assert reads_as_english("Ana sends the invoices")
    assert reads_as_english("Info pack")  # no evidence of another language: English
    assert reads_as_english("Café with the CFO")
    assert reads_as_english("Sync with José . José checks")
    assert not reads_as_english("Präsentation Dienstag . Hartmann kommt")
    assert not reads_as_english(STEPS["de"][1])
    assert not reads_as_english(STEPS["es"][0])
    assert not reads_as_english(STEPS["ja"][0])
    assert not reads_as_english(STEPS["hi"][0])


def test_a_stored_step_in_another_language_without_its_kind_reads_as_an_advance() -> None:
    what, theirs = STEPS["de"]
    assert stored_step_kind({"what": what, "their_commitment": theirs}) == "advance"


GERMAN_PLAYBOOK = """\
format: 1
name: erstgespraech-test
title: Erstgespräch
objective: Einen Termin mit Datum vereinbaren.
minutes: 20
next_step:
  max_days: 10
  suggestions:
    - 30-minütiger Termin, um das Angebot gemeinsam Seite für Seite durchzugehen
    - Termin mit dem Entscheider, unser Ansprechpartner ist dabei
sections:
  - id: agenda
    title: Agenda
    kind: agenda
    questions:
      - id: zeit_ok
        prompt: Haben wir zwanzig Minuten?
        capture: yes_no
        required: true
  - id: probleme
    title: Probleme
    kind: powns
    questions:
      - id: probleme
        prompt: Was steht Ihnen im Weg?
        capture: powns
      - id: gross_genug
        prompt: Ist das groß genug, um es anzugehen?
        capture: yes_no
        signal: pain_agreed
  - id: zusage
    title: Zusage
    kind: commitment
    questions:
      - id: wann
        prompt: Wenn wir {probleme} lösen, wann möchten Sie anfangen?
        capture: choice
        choices: [diesen Monat, dieses Quartal, kein Zeitplan]
        signal: commitment
      - id: ihr_teil
        prompt: Was würden Sie bis zum nächsten Termin vorbereiten?
        signal: their_part
  - id: entscheidung
    title: Entscheidung
    kind: decision_maker
    questions:
      - id: entscheider
        prompt: Entscheiden Sie das selbst?
        capture: yes_no
        signal: decision_maker
"""


def test_validate_strict_on_a_german_playbook_finds_no_suggestion_that_is_not_an_advance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from callmate.cli import main

    path = tmp_path / "erstgespraech-test.yaml"
    path.write_text(GERMAN_PLAYBOOK, encoding="utf-8")
    code = main(["validate", "--strict", str(path)])
    out, err = capsys.readouterr()
    assert "not an advance" not in out + err
    assert "1 file checked: 0 errors, 0 warnings" in out + err
    assert code == 0


def test_a_playbooks_own_stall_phrases_are_refused_in_its_language() -> None:
    policy = NextStepPolicy(continuations=("検討します", "ich schaue es mir an"))
    japanese = judge_step("来週の打ち合わせ", "社内で検討します", policy)
    assert not japanese.advance
    assert japanese.words == ("検討します",)
    german = judge_step("Termin am Dienstag", "Herr Hartmann: ich schaue es mir an", policy)
    assert not german.advance
    assert "is a stall" in german.reason
    assert judge_step("来週の打ち合わせ", "田中さんが数字を用意する", policy).advance


def test_a_step_in_another_language_is_not_said_to_leave_the_decider_out() -> None:
    from callmate.core.judgement import Decider

    elsewhere = Decider.SOMEONE_ELSE
    theirs = "Herr Hartmann bringt die Zahlen mit"
    unknown = judge_step("Termin am Dienstag", theirs, contact_decides=elsewhere)
    assert unknown.involves_decider is None  # callmate cannot tell: no false warning
    role = judge_step("Termin mit dem Geschäftsführer", theirs, contact_decides=elsewhere)
    assert role.involves_decider is True
    named = judge_step(
        "Termin mit Frau Berger", theirs, deciders=("Frau Berger",), contact_decides=elsewhere
    )
    assert named.involves_decider is True
    english = judge_step("Demo on Tuesday", "she will bring the numbers", contact_decides=elsewhere)
    assert english.involves_decider is False
