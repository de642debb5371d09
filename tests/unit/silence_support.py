"""Builders for the went-silent tests: calls that did not connect, made with a real CallSession."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from callmate.core.call_record import CallRecord
from callmate.core.playbook import Playbook
from callmate.core.session import CallSession
from callmate.store import Store


def unanswered_call(
    playbook: Playbook,
    at: datetime,
    outcome: str = "voicemail",
    when: str = "in 3 days",
    prospect: str = "Pat Quill",
    company: str = "Hollow Pines Dental",
) -> CallRecord:
    """A call that did not connect, ended the way the gate ends it: a dated retry only."""
    session = CallSession.start(playbook, prospect, company, at)
    assert session.end_without_connecting(outcome, when, "", at) == {}
    return session.record


def save_all(folder: Path, *records: CallRecord) -> list[str]:
    store = Store(folder)
    for record in records:
        store.save(record)
    return [r.id for r in records]
