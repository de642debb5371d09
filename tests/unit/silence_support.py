"""Builders for the went-silent tests: calls that did not connect, made with a real CallSession."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from callmate.core.call_record import CallRecord
from callmate.core.playbook import Playbook
from callmate.core.session import CallSession
from callmate.store import Store
from callmate.usecases.followthrough import mark_step
from tests.unit.export_support import finished_call


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


def save_some_call(
    store: Store,
    rng: random.Random,
    playbook: Playbook,
    at: datetime,
    who: tuple[str, str],
    outcomes: Sequence[str],
    shares: tuple[float, float, float],
) -> CallRecord:
    """One call of a generated history, saved: with the first share, a call that did not
    connect; else a talk, a practice one above the second share; its next step marked kept or
    missed two days later with the third share."""
    unanswered, practice_above, marked = shares
    prospect, company = who
    roll = rng.random()
    if roll < unanswered:
        record = unanswered_call(playbook, at, rng.choice(outcomes), "in 3 days", prospect, company)
    else:
        mode = "practice" if roll > practice_above else "live"
        record = finished_call(playbook, at, prospect=prospect, company=company, mode=mode)
    store.save(record)
    if record.next_step is not None and rng.random() < marked:
        mark_step(
            store, record.id, rng.choice(("kept", "missed")), at + timedelta(days=2), early=True
        )
    return record
