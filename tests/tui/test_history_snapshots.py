"""Snapshots of the history, opened from home with F2, at the sizes a rep's terminal has: a
200-character name cut in its column and whole in the detail with the next step, and a count
that says a discarded call is hidden."""

from __future__ import annotations

from datetime import timedelta

import pytest

from callmate.core.session import CallSession
from callmate.store import Store
from callmate.tui.app import CallmateApp
from tests.conftest import START
from tests.tui.helpers import StepClock
from tests.tui.test_history_layout import NAME_200
from tests.tui.test_snapshots import steady
from tests.unit.export_support import discovery_playbook, finished_call

SIZES = [(60, 20), (80, 24), (160, 50)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_history_with_a_long_name(snap_compare, data_dir, size):
    playbook = discovery_playbook()
    store = Store(data_dir)
    for day in range(1, 13):
        when = START - timedelta(days=day)
        store.save(finished_call(playbook, when, prospect=f"Prospect {day}", company="Acme"))
    store.save(finished_call(playbook, START, prospect=NAME_200, company="Bright Dental"))
    mistake = CallSession.start(playbook, "Wrong Number", "", START)
    mistake.discard(START, "started by mistake")
    store.save(mistake.record)

    async def open_history(pilot):
        await pilot.press("f2", "down")
        await steady(pilot)

    app = CallmateApp(store, clock=StepClock())
    assert snap_compare(app, terminal_size=size, run_before=open_history)
