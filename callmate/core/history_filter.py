"""Which stored calls a history view shows: one filter for the CLI table, its JSON and the TUI.

Everything but the free-text search reads only the index summary, so a list of thousands of calls
is narrowed without opening a call file; `matches_record` is for the few calls that pass the
summary test, and only when a text search asks for it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from callmate.core.call_record import AnswerValue, CallRecord, PownItem
from callmate.core.immutable import immutable

MODES = ("live", "practice")
STATUSES = ("in_progress", "completed", "discarded")

_SPACES = re.compile(r"\s+")


def fold(text: object) -> str:
    """Text compared the way a rep means it: any case, any run of spaces."""
    return _SPACES.sub(" ", str(text)).strip().casefold() if text is not None else ""


def started_on(entry: Mapping[str, Any]) -> date | None:
    """The calendar day the call started, on the clock it was recorded with (None if unreadable).

    The stored offset is kept rather than converted, so a call reads as the day the rep saw.
    """
    value = entry.get("started")
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _playbook_name(entry: Mapping[str, Any]) -> str:
    playbook = entry.get("playbook")
    return str(playbook.get("name") or "") if isinstance(playbook, Mapping) else ""


def _strings(value: AnswerValue) -> list[str]:
    """Every piece of text in an answer value (lists, POWN items), skipping flags and numbers."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item.text if isinstance(item, PownItem) else item for item in value]
    return []


def record_text(record: CallRecord) -> str:
    """All searchable words of a call, folded: who, playbook, answers, notes and next step.

    Worth caching per call id: it is what a repeated search compares against.
    """
    parts = [record.prospect, record.company, record.playbook.name]
    for entry in record.answers.values():
        parts.extend(_strings(entry.value))
    parts.extend(note.text for note in record.notes)
    step = record.next_step
    if step is not None:
        parts += [step.what, step.their_commitment, step.our_commitment, step.channel]
    return "\n".join(fold(part) for part in parts if part)


@immutable
class HistoryFilter:
    """What to keep; empty fields keep everything.

    prospect, company: part of the name, any case. playbook, mode, status: exact (any case for
    the playbook name). since/until: inclusive start days. text: searched inside the call
    (answers, notes, next step). quick: part of the prospect, company or playbook name, the
    table's own columns, for a search box that stays instant.
    """

    prospect: str = ""
    company: str = ""
    playbook: str = ""
    mode: str | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None
    text: str = ""
    quick: str = ""

    @property
    def needs_record(self) -> bool:
        """Whether matches_record has anything to check (i.e. call files must be opened)."""
        return bool(fold(self.text))

    def matches_summary(self, summary: Mapping[str, Any]) -> bool:
        """The index-only test: cheap enough for every call on every keystroke."""
        if self.mode and str(summary.get("mode") or "live") != self.mode:
            return False
        if self.status and summary.get("status") != self.status:
            return False
        if not self.status and summary.get("status") == "discarded":
            return False  # set aside by the rep: shown only when asked for
        if self.playbook and fold(_playbook_name(summary)) != fold(self.playbook):
            return False
        if fold(self.prospect) not in fold(summary.get("prospect") or ""):
            return False
        if fold(self.company) not in fold(summary.get("company") or ""):
            return False
        if self.since is not None or self.until is not None:
            day = started_on(summary)
            if day is None:
                return False
            if (self.since and day < self.since) or (self.until and day > self.until):
                return False
        quick = fold(self.quick)
        if quick:
            names = (summary.get("prospect"), summary.get("company"), _playbook_name(summary))
            return any(quick in fold(name or "") for name in names)
        return True

    def matches_text(self, searchable: str) -> bool:
        """The text test against record_text() output, for callers that cache it."""
        return fold(self.text) in searchable

    def matches_record(self, record: CallRecord) -> bool:
        """The text search inside a loaded call; True when no text is asked for."""
        return not self.needs_record or self.matches_text(record_text(record))
