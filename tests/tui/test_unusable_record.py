"""An unfinished call whose file was edited into a shape no reader expects: the app starts,
says which file and why, and does not offer to resume it (it used to crash every start)."""

from __future__ import annotations

import json

import pytest

from callmate.core.call_record import encode_record
from callmate.core.session import CallSession
from callmate.store import Store
from callmate.tui.app import CallmateApp
from callmate.tui.screens.home import HomeScreen
from tests.conftest import START
from tests.tui.helpers import StepClock


@pytest.mark.parametrize(
    "damage", [{"pauses": 3}, {"visits": "x"}, {"answers": {"time_ok": "yes"}}]
)
async def test_unusable_unfinished_call_is_said_and_not_resumed(data_dir, small_playbook, damage):
    store = Store(data_dir)
    session = CallSession.start(small_playbook, "Pat Quill", "", START)
    store.save(session.record)
    path = store.call_path(session.id)
    path.write_text(json.dumps({"call": {"1": {**encode_record(session.record), **damage}}}))
    app = CallmateApp(Store(data_dir), clock=StepClock())
    async with app.run_test():
        assert isinstance(app.screen, HomeScreen)
        said = " ".join(n.message for n in app._notifications)
        assert path.name in said and "cannot be used" in said
        assert app.store.in_progress() == []  # not offered for resuming
    assert path.exists()  # left in place, to be fixed by hand
