"""The app tells the lifeline's watchdog whether a call was open, so its last line after a stop
promises a resume only when there is a call to resume (see callmate/lifeline.py)."""

from __future__ import annotations

from pathlib import Path

from callmate.core.playbook import Playbook
from callmate.store import Store
from callmate.tui.app import CallmateApp
from tests.tui.helpers import StepClock, call_app


async def test_the_home_screen_has_no_call_to_resume(data_dir: Path) -> None:
    app = CallmateApp(Store(data_dir), clock=StepClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.last_chance_save() is False


async def test_a_live_call_is_saved_and_said(data_dir: Path, small_playbook: Playbook) -> None:
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.last_chance_save() is True
