"""The methodology warnings judge questions by their wording only where callmate can read it.

A trainer writes German, Spanish, Japanese or Hindi as readily as English. A section whose
questions plainly ask who decides, in German, must not be told that none asks it; where the
wording is in a language callmate does not read, the warning says so and asks for the signal
instead. An English section that truly lacks the question keeps its warning.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from callmate.core.playbook_loader import check_playbook

HEAD = """\
format: 1
name: words
title: Words
objective: Agree a dated next step.
sections:
  - id: agenda
    title: Agenda
    kind: agenda
    questions:
      - id: time_ok
        prompt: Do we still have twenty minutes?
        capture: yes_no
  - id: discovery
    title: Discovery
    kind: powns
    questions:
      - id: problems
        prompt: What is in the way?
        capture: powns
"""

TAIL = """\
next_step:
  suggestions: [Review the proposal together on a booked call next Tuesday]
"""


def section(kind: str, *questions: tuple[str, str, str]) -> str:
    text = f"  - id: part\n    title: Part\n    kind: {kind}\n    questions:\n"
    for qid, prompt, capture in questions:
        text += f"      - id: {qid}\n        prompt: {prompt!r}\n        capture: {capture}\n"
    return text


def messages(tmp_path: Path, *sections: str, head: str = HEAD) -> list[tuple[int, int, str]]:
    path = tmp_path / "words.yaml"
    path.write_text(head + "".join(sections) + TAIL, encoding="utf-8")
    playbook, problems = check_playbook(path)
    assert playbook is not None, problems
    return [(p.line, p.col, p.message) for p in problems]


#: The questions of the trainer's playbooks, as written, without `signal:` lines.
DECIDES = [
    ("de", "Wer entscheidet außer Ihnen noch mit?"),
    ("es", "¿Quién más participa en una decisión así?"),
    ("ja", "他にどなたが決定に関わりますか？"),
    ("hi", "इस फ़ैसले में और कौन शामिल होगा?"),
]
WHEN = [
    ("de", "Wenn wir {problems} lösen könnten, wann würden Sie realistisch loslegen?"),
    ("es", "Si pudiéramos resolver {problems}, ¿cuándo querría empezar de forma realista?"),
    ("ja", "{problems}を解決できるとしたら、現実的にいつ始めたいですか？"),
    ("hi", "अगर हम {problems} हल कर दें, तो आप कब शुरू करना चाहेंगे?"),
]


@pytest.mark.parametrize(("language", "prompt"), DECIDES, ids=[lang for lang, _ in DECIDES])
def test_who_decides_in_another_language_is_not_called_missing(
    tmp_path: Path, language: str, prompt: str
) -> None:
    found = messages(tmp_path, section("decision_maker", ("others", prompt, "list")))
    assert [m for _, _, m in found if "section 'part'" in m] == []


@pytest.mark.parametrize(("language", "prompt"), WHEN, ids=[lang for lang, _ in WHEN])
def test_when_they_would_start_in_another_language_is_not_called_missing(
    tmp_path: Path, language: str, prompt: str
) -> None:
    found = messages(tmp_path, section("commitment", ("soon", prompt, "text")))
    assert [m for _, _, m in found if "section 'part'" in m or "refer back" in m] == []


def test_wording_callmate_cannot_read_asks_for_the_signal_instead(tmp_path: Path) -> None:
    found = messages(
        tmp_path,
        section(
            "decision_maker",
            ("others", "Kto jeszcze ma wpływ na wybór?", "list"),
            ("yours", "Czy ostatnie słowo należy do Pana?", "yes_no"),
        ),
    )
    assert [(line, col, m) for line, col, m in found if "section 'part'" in m] == [
        (
            22,
            11,
            "section 'part' is a decision_maker section, but callmate could not tell from the "
            "wording whether one of its questions asks who decides (it reads English and a few "
            "common words of other languages): mark the question that does with "
            "`signal: decision_maker` (a yes/no question, such as 'yours')",
        )
    ]


def test_a_commitment_section_in_an_unread_language_names_the_signal_and_captures(
    tmp_path: Path,
) -> None:
    found = messages(
        tmp_path,
        section(
            "commitment", ("soon", "Jak szybko chcieliby Państwo ruszyć z {problems}?", "text")
        ),
    )
    assert [m for _, _, m in found if "section 'part'" in m] == [
        "section 'part' is a commitment section, but callmate could not tell from the wording "
        "whether one of its questions asks how soon they would act (it reads English and a few "
        "common words of other languages): mark the question that does with "
        "`signal: commitment` (a choice, 1-10 or text question, such as 'soon')"
    ]


def test_one_unread_question_in_an_english_section_is_enough_to_not_claim_it_is_missing(
    tmp_path: Path,
) -> None:
    found = messages(
        tmp_path,
        section(
            "decision_maker",
            ("lunch", "Where do you eat lunch?", "text"),
            ("others", "Kto jeszcze ma wpływ na wybór?", "list"),
        ),
    )
    about = [m for _, _, m in found if "section 'part'" in m]
    assert len(about) == 1 and "could not tell from the wording" in about[0]
    assert "(a yes/no question; add one if none asks it)" in about[0]


def test_an_english_section_that_lacks_the_question_keeps_its_warning(tmp_path: Path) -> None:
    found = messages(
        tmp_path, section("decision_maker", ("lunch", "Where do you eat lunch?", "text"))
    )
    assert [m for _, _, m in found if "section 'part'" in m] == [
        "section 'part' is a decision_maker section, but none of its questions asks who "
        "decides or how they buy: ask 'When it comes to the final yes, is that your call?' "
        "(yes/no, `signal: decision_maker`) and who else is involved"
    ]


AGENDA_WARNING = (
    "section 'agenda' is an agenda section, but none of its questions sets the call up: check "
    "the time there is ('We booked 30 minutes; is that still good for you?') and agree what the "
    "call is for and that you may ask questions ('What would make this call worth your time?')"
)


def test_an_agenda_section_that_sets_nothing_up_is_named(tmp_path: Path) -> None:
    head = HEAD.replace("Do we still have twenty minutes?", "Say hello and introduce yourself.")
    found = messages(tmp_path, head=head)
    assert [(line, col, m) for line, col, m in found if "section 'agenda'" in m] == [
        (8, 11, AGENDA_WARNING)
    ]


@pytest.mark.parametrize(
    "prompt",
    [
        "Wie viel Zeit haben wir?",
        "Reservamos 25 minutos. ¿Sigue bien para usted?",
        "30分いただいていますが、大丈夫ですか？",
        "हमने 30 मिनट रखे हैं। क्या यह अभी भी ठीक है?",
        "What would make this call worth your time?",
        # Not a language callmate reads: there is no agenda signal to ask for, so nothing is said.
        "Dzień dobry, przedstaw się.",
    ],
)
def test_an_agenda_in_other_words_or_an_unread_language_is_not_named(
    tmp_path: Path, prompt: str
) -> None:
    found = messages(tmp_path, head=HEAD.replace("Do we still have twenty minutes?", prompt))
    assert [m for _, _, m in found if "section 'agenda'" in m] == []
