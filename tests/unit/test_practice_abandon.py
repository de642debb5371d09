"""A practice can be abandoned without a next step, and it does not count in stats."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

import pytest

from callmate.commands.practice import stats_cards
from callmate.core.catalog import bundled_dir
from callmate.core.playbook_loader import load_playbook
from callmate.core.practice_abandon import abandon_practice
from callmate.core.session import CallSession
from callmate.store import Store

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
DISCOVERY = load_playbook(bundled_dir() / "first-discovery.yaml")


def test_an_abandoned_practice_is_kept_but_left_out_of_stats(tmp_path) -> None:
    store = Store(tmp_path)
    session = CallSession.start(DISCOVERY, "Sam", "Co", T0, mode="practice", persona="busy-sceptic")
    session.answer("y", T0)
    abandon_practice(session, T0)
    store.save(session.record)
    stored = store.load(session.record.id)
    assert stored.status == "discarded" and stored.abandoned is True
    assert stored.next_step is None
    args = argparse.Namespace(all=False, persona=None, playbook=None)
    assert stats_cards(store.iter_records(), args) == []


def test_a_live_call_cannot_be_abandoned() -> None:
    session = CallSession.start(DISCOVERY, "Sam", "Co", T0)
    with pytest.raises(ValueError, match="only a practice"):
        abandon_practice(session, T0)
    assert session.record.status != "discarded"
