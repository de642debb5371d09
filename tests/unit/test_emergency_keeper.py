"""The keeper's emergency copies while saves are refused: one per stop, the newest state only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from callmate.autosave import SessionKeeper
from callmate.core.session import CallSession
from callmate.store import Store
from tests import disk_trouble
from tests.conftest import START
from tests.disk_trouble import TroubledDisk
from tests.unit.export_support import discovery_playbook

troubled_disk = disk_trouble.troubled_disk


def test_a_changed_call_replaces_its_earlier_emergency_copy(
    troubled_disk: TroubledDisk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fallback = tmp_path / "fallback"
    monkeypatch.setenv("CALLMATE_EMERGENCY_DIR", str(fallback))
    troubled_disk.data.mkdir(mode=0o700)
    store = Store(troubled_disk.data)
    troubled_disk.fill()
    session = CallSession.start(discovery_playbook(), "Pat Quill", "Hollow Pines Dental", START)
    keeper = SessionKeeper(store)
    keeper.open(session.id)
    assert keeper.save(session.record) is False  # the disk refuses
    first = keeper.keep_safe(tries=1, pause_s=0)
    assert first is not None and first.exists()
    assert keeper.keep_safe(tries=1, pause_s=0) == first  # unchanged: the same copy

    session.keep_typing("half typ")  # the call changed after the first copy
    keeper.save(session.record)
    second = keeper.keep_safe(tries=1, pause_s=0)
    assert second is not None and second != first
    assert sorted(fallback.glob("emergency-*.json")) == [second]
    assert json.loads(second.read_text())["record"]["draft"] == "half typ"
