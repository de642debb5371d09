"""When a prospect is reached, the retries planned to reach them close (they answered)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from callmate.core.session import CallSession
from callmate.store import Store
from callmate.usecases.calls import end_call
from tests.conftest import START
from tests.unit.export_support import discovery_playbook, finished_call


def voicemail(store: Store, prospect: str, company: str, at=START) -> str:
    session = CallSession.start(discovery_playbook(), prospect, company, at)
    assert session.end_without_connecting("voicemail", "in 3 days", "", at) == {}
    store.save(session.record)
    return session.id


def test_a_connected_call_closes_the_prospects_open_retries(data_dir: Path) -> None:
    store = Store(data_dir)
    first = voicemail(store, "Pat Quill", "Hollow Pines Dental", START - timedelta(days=2))
    other = voicemail(store, "Robin Harrow", "Bright Harbor", START - timedelta(days=2))
    session_record = finished_call(discovery_playbook(), START)
    store.save(session_record)
    session = CallSession(discovery_playbook(), session_record)
    ended = end_call(store, session, START + timedelta(minutes=30))
    assert ended.closed == "They answered: 1 planned retry to reach them closed."
    step = store.load(first).next_step
    assert (step.outcome, step.kept_by) == ("kept", session.id)
    assert store.load(other).next_step.outcome is None  # someone else's retry stays open


def test_a_call_that_did_not_connect_closes_nothing(data_dir: Path) -> None:
    store = Store(data_dir)
    first = voicemail(store, "Pat Quill", "Hollow Pines Dental", START - timedelta(days=2))
    again = CallSession.start(discovery_playbook(), "Pat Quill", "Hollow Pines Dental", START)
    assert again.end_without_connecting("no_answer", "in 2 days", "", START) == {}
    store.save(again.record)
    assert end_call(store, again, START).closed is None
    assert store.load(first).next_step.outcome is None
