"""In practice the persona's replies are the truth: the rep's capture is checked against them.

A rep could otherwise type "y" where the persona said "Maybe" and be scored for agreement. For
closed questions (yes/no, choice, scale) the persona's own words are what gets scored; for text,
lists and POWNs only the items that share words with what the persona said earn credit, and the
items it said that the rep missed are named. Junk (one-letter items, "x") never earns credit,
on any call.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from callmate.core.playbook import Capture, Playbook

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
_WORD = re.compile(r"[a-z0-9][a-z0-9'’]*")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def words(text: str) -> set[str]:
    """The words that carry meaning: four letters or more, not stop words, plural s dropped."""
    found = set()
    for raw in _WORD.findall(text.casefold()):
        word = raw.strip("'’")
        if len(word) < 4 or word in STOP_WORDS:
            continue
        found.add(word[:-1] if word.endswith("s") and len(word) > 4 else word)
    return found


def is_junk(text: Any) -> bool:
    """A capture that says nothing: no word of three letters or more ("a", "x", "ok")."""
    if not isinstance(text, str):
        return False
    return not any(len(w) >= 3 for w in _WORD.findall(text.casefold()))


def matches(captured: str, said: str) -> bool:
    """Whether a capture shares a meaningful word with what the persona said."""
    return bool(words(captured) & words(said))


def persona_said(record: Mapping[str, Any]) -> dict[str, list[str]]:
    """Everything the persona said at each question, in order (from the record's events)."""
    said: dict[str, list[str]] = {}
    for event in record.get("events") or []:
        if isinstance(event, dict) and event.get("type") == "prospect_said":
            said.setdefault(str(event.get("question")), []).append(str(event.get("text") or ""))
    return said


@dataclass(frozen=True)
class Checked:
    """The record as it should be scored, and what differed from what the persona said."""

    record: Mapping[str, Any]
    notes: tuple[str, ...] = ()


def check(record: Mapping[str, Any], playbook: Playbook | None) -> Checked:
    """The record with junk removed and, in a persona practice, the persona's answers put first."""
    answers = record.get("answers")
    if not isinstance(answers, dict):
        return Checked(record)
    scripted = record.get("mode") == "practice" and record.get("persona") not in (None, "partner")
    said = persona_said(record) if scripted else {}
    notes: list[str] = []
    fixed: dict[str, Any] = {}
    for qid, entry in answers.items():
        if not isinstance(entry, dict):
            fixed[qid] = entry
            continue
        value, note = _checked_value(
            qid, _capture(playbook, qid), entry.get("value"), said.get(qid)
        )
        if note:
            notes.append(note)
        fixed[qid] = {**entry, "value": value}
    return Checked({**record, "answers": fixed}, tuple(notes))


def _capture(playbook: Playbook | None, qid: str) -> Capture | None:
    if playbook is None:
        return None
    try:
        return playbook.question(qid).capture
    except KeyError:
        return None


def _checked_value(
    qid: str, capture: Capture | None, value: Any, heard: list[str] | None
) -> tuple[Any, str]:
    if value is None or value == "" or value == []:
        return value, ""
    if isinstance(value, list):
        return _checked_items(qid, value, heard)
    if isinstance(value, str) and is_junk(value):
        return None, f"'{qid}': '{value}' says nothing, so it earns nothing"
    if heard is None:
        return value, ""
    text = " ".join(heard)
    if capture in CLOSED:
        if _shown(value).casefold() in text.casefold():
            return text, ""
        return text, f"'{qid}': you recorded {_shown(value)}, they said \"{_short(text)}\""
    if isinstance(value, str) and not matches(value, text):
        return None, f"'{qid}': they never said \"{_short(value)}\""
    return value, ""


def _checked_items(qid: str, items: list[Any], heard: list[str] | None) -> tuple[Any, str]:
    kept: list[Any] = []
    dropped: list[str] = []
    for item in items:
        text = str((item.get("text") if isinstance(item, dict) else item) or "")
        if is_junk(text) or (heard is not None and not matches(text, " ".join(heard))):
            dropped.append(text)
        else:
            kept.append(item)
    notes = []
    if dropped:
        notes.append(f"not from them, no credit: {', '.join(_short(t) for t in dropped)}")
    if heard is not None:
        captured = " ".join(str(i.get("text") if isinstance(i, dict) else i) for i in kept)
        said = [s for h in heard for s in _SENTENCE.split(h) if words(s)]
        missed = [s for s in said if not matches(s, captured)]
        if missed:
            notes.append(f"they said, you missed: {'; '.join(_short(m) for m in missed)}")
    return kept, f"'{qid}': {' / '.join(notes)}" if notes else ""


def _shown(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= 60 else text[:59] + "…"
