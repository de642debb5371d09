"""In practice the persona's replies are the truth: the rep's capture is checked against them.

A rep could otherwise type "y" where the persona said "Maybe" and be scored for agreement. For
closed questions (yes/no, choice, scale) the persona's own words are what gets scored; for text,
lists and POWNs only the items that share words with what the persona said earn credit, and the
items it said that the rep missed are named. Junk (one-letter items, "x") never earns credit,
on any call.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, replace
from typing import Any

from callmate.core import judgement
from callmate.core.call_record import Answer, AnswerValue, CallRecord, PownItem
from callmate.core.playbook import Capture, Playbook, Question
from callmate.core.practice_names import PARTNER

CLOSED = (Capture.YES_NO, Capture.CHOICE, Capture.SCALE)
#: Common words that never show that a capture matches what was said.
STOP_WORDS = frozenset(
    [
        "that",
        "this",
        "with",
        "have",
        "from",
        "they",
        "them",
        "their",
        "there",
        "what",
        "when",
        "where",
        "which",
        "would",
        "could",
        "should",
        "about",
        "into",
        "just",
        "only",
        "also",
        "very",
        "really",
        "some",
        "more",
        "most",
        "much",
        "every",
        "your",
        "yours",
        "ours",
        "then",
        "than",
        "been",
        "were",
        "will",
        "does",
        "dont",
    ]
)
#: What a persona says when "what else?" finds nothing more (never an item the rep missed).
NOTHING_MORE = "That's about it, really. Nothing else comes to mind."
#: A word in any script (Cyrillic, Greek, Arabic, Devanagari... as well as Latin): letters and
#: digits, with an inner apostrophe ("don't").
_WORD = re.compile(r"[^\W_][\w'’]*")
#: Scripts written without spaces between words (Chinese, Japanese, Korean): a run of them is a
#: phrase, and one or two of their characters already say something.
_DENSE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def words(text: str) -> set[str]:
    """The words that carry meaning: four letters or more (two characters of a script without
    spaces), not stop words, plural s dropped."""
    found = set()
    for raw in _WORD.findall(text.casefold()):
        word = raw.strip("'’")
        if len(word) < (2 if _DENSE.search(word) else 4) or word in STOP_WORDS:
            continue
        found.add(word[:-1] if word.endswith("s") and len(word) > 4 else word)
    return found


def is_junk(text: Any) -> bool:
    """A capture that says nothing: no word of three letters or more ("a", "x", "ok") in any
    script, and no character of a script written without spaces."""
    if not isinstance(text, str):
        return False
    return not any(len(w) >= 3 or _DENSE.search(w) for w in _WORD.findall(text.casefold()))


def matches(captured: str, said: str) -> bool:
    """Whether a capture shares a meaningful word with what the persona said."""
    return bool(words(captured) & words(said))


def persona_said(record: CallRecord) -> dict[str, list[str]]:
    """Everything the persona said at each question, in order (from the record's events)."""
    said: dict[str, list[str]] = {}
    for event in record.events:
        if event.type == "prospect_said":
            text = event.fields.get("text")
            said.setdefault(str(event.fields.get("question")), []).append(
                text if isinstance(text, str) else ""
            )
    return said


@dataclass(frozen=True)
class Checked:
    """The record as it should be scored, and what differed from what the persona said."""

    record: CallRecord
    notes: tuple[str, ...] = ()
    #: Answers checked against what the persona said, and how many of them matched it.
    checked: int = 0
    accurate: int = 0


def check(record: CallRecord, playbook: Playbook | None) -> Checked:
    """The record with junk removed and, in a persona practice, the persona's answers put first
    (a new record: the stored one is never changed)."""
    scripted = record.mode == "practice" and record.persona not in (None, PARTNER)
    said = persona_said(record) if scripted else {}
    notes: list[str] = []
    fixed: dict[str, Answer] = {}
    checked = accurate = 0
    for qid, entry in record.answers.items():
        value, note = _checked_value(qid, _question(playbook, qid), entry.value, said.get(qid))
        if note:
            notes.append(note)
        if qid in said and entry.value not in ("", []):
            checked += 1
            accurate += not note
        if value is not None:  # junk is no answer at all
            fixed[qid] = Answer(value, entry.at)
    return Checked(dataclasses.replace(record, answers=fixed), tuple(notes), checked, accurate)


def _question(playbook: Playbook | None, qid: str) -> Question | None:
    if playbook is None:
        return None
    try:
        return playbook.question(qid)
    except KeyError:
        return None


def _checked_value(
    qid: str, question: Question | None, value: AnswerValue, heard: list[str] | None
) -> tuple[AnswerValue | None, str]:
    if value is None or value == "" or value == []:
        return value, ""
    if isinstance(value, list):
        return _checked_items(qid, value, heard)
    if isinstance(value, str) and is_junk(value):
        return None, f"'{qid}': '{value}' says nothing, so it earns nothing"
    if heard is None:
        return value, ""
    text = " ".join(heard)
    if question is not None and question.capture in CLOSED:
        text = heard[-1]  # the answer to the latest time it was asked
        theirs = as_answer(question, text)
        typed = judgement.answer_verdict(question, value).verdict
        if typed is judgement.answer_verdict(question, theirs).verdict or text_agrees(text, value):
            return theirs, ""
        return theirs, f"'{qid}': you recorded {_shown(value)}, they said \"{_short(text)}\""
    if isinstance(value, str) and not matches(value, text):
        return None, f"'{qid}': they never said \"{_short(value)}\""
    return value, ""


def _checked_items(
    qid: str, items: list[str] | list[PownItem], heard: list[str] | None
) -> tuple[AnswerValue, str]:
    kept: list[Any] = []
    empty: list[str] = []
    dropped: list[str] = []
    for item in items:
        text = item.text if isinstance(item, PownItem) else item
        if is_junk(text):
            empty.append(text)
        elif heard is not None and not matches(text, " ".join(heard)):
            dropped.append(text)
        else:
            kept.append(item)
    notes = []
    if empty:
        notes.append(f"says nothing, no credit: {', '.join(_short(t) for t in empty)}")
    if dropped:
        notes.append(f"not from them, no credit: {', '.join(_short(t) for t in dropped)}")
    if heard is not None:
        captured = " ".join(i.text if isinstance(i, PownItem) else i for i in kept)
        said = [s for h in heard if h != NOTHING_MORE for s in _SENTENCE.split(h) if words(s)]
        missed = [s for s in said if not matches(s, captured)]
        if missed:
            notes.append(f"they said, you missed: {'; '.join(_short(m) for m in missed)}")
    return kept, f"'{qid}': {' / '.join(notes)}" if notes else ""


def as_answer(question: Question, text: str) -> str | bool | int:
    """What the persona's words record for a closed question: yes/no, a choice, a number, or
    the words themselves when they fit none (the core judges words too)."""
    folded = text.casefold()
    if question.capture is Capture.YES_NO:
        as_text = replace(question, capture=Capture.TEXT, weak=())
        return judgement.answer_verdict(as_text, text).verdict is judgement.Verdict.MET
    if question.capture is Capture.SCALE:
        found = re.search(r"\b(10|[0-9])\b", text)
        return int(found.group(1)) if found else text
    named = [c for c in question.choices if c.casefold() in folded]
    return named[0] if named else text


def text_agrees(text: str, value: Any) -> bool:
    return _shown(value).casefold() in text.casefold()


def _shown(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= 60 else text[:59] + "…"
