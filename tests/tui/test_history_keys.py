"""The history takes keys typed in one burst in the order typed (Textual #6605): `Down Enter`
opens the highlighted call, `cont Enter Enter` the call that matches, and what follows the
Enter that opened a call reaches that call's view."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from callmate.store import Store
from callmate.tui.app import CallmateApp
from callmate.tui.screens.history import HistoryScreen
from callmate.tui.screens.home import HomeScreen
from callmate.tui.screens.session_view import SessionView
from tests.conftest import START
from tests.tui.bursts import burst, keys_of
from tests.tui.helpers import StepClock
from tests.unit.export_support import discovery_playbook, finished_call

SIZE = (80, 24)


def two_calls(data_dir: Path) -> Store:
    """Newest first: Robin Harrow at Contoso, then Pat Quill at Hollow Pines Dental."""
    store = Store(data_dir)
    playbook = discovery_playbook()
    store.save(finished_call(playbook, START - timedelta(days=2), prospect="Pat Quill"))
    store.save(finished_call(playbook, START, prospect="Robin Harrow", company="Contoso"))
    return store


async def test_down_enter_in_one_burst_opens_the_first_call(data_dir: Path):
    app = CallmateApp(two_calls(data_dir), clock=StepClock())
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "f2")
        assert isinstance(app.screen, HistoryScreen)
        await burst(pilot, "down", "enter")
        assert isinstance(app.screen, SessionView)
        assert app.screen.record.prospect == "Robin Harrow"


async def test_f2_then_a_filter_and_two_enters_in_one_burst(data_dir: Path):
    app = CallmateApp(two_calls(data_dir), clock=StepClock())
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await burst(pilot, "f2", *keys_of("pat\n\n"))
        assert isinstance(app.screen, SessionView)
        assert app.screen.record.prospect == "Pat Quill"


async def test_cont_enter_enter_opens_the_match(data_dir: Path):
    app = CallmateApp(two_calls(data_dir), clock=StepClock())
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "f2")
        await burst(pilot, *keys_of("cont\n\n"))
        assert isinstance(app.screen, SessionView)
        assert app.screen.record.company == "Contoso"


async def test_keys_after_the_opening_enter_reach_the_view_in_order(data_dir: Path):
    app = CallmateApp(two_calls(data_dir), clock=StepClock())
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "f2")
        # Open Robin's call, copy its summary, back to the list, open Pat's call.
        await burst(pilot, "down", "enter", "c", "escape", "down", "enter")
        assert isinstance(app.screen, SessionView)
        assert app.screen.record.prospect == "Pat Quill"
        assert app.clipboard.startswith("# Call with Robin Harrow")
        assert [type(s).__name__ for s in app.screen_stack[1:]] == [
            "HomeScreen",
            "HistoryScreen",
            "CallView",
        ]


async def test_enter_on_an_empty_list_opens_nothing_and_later_keys_still_arrive(data_dir: Path):
    app = CallmateApp(two_calls(data_dir), clock=StepClock())
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "f2")
        await burst(pilot, *keys_of("zzz\n\n"), "slash", "backspace", "backspace", "backspace")
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.query_one("#history-filter").value == ""
        assert app.screen.query_one("#history-table").row_count == 2
