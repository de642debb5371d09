"""The home screen in a default 80x24 terminal: a new call can be started without scrolling."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from callmate.core.session import CallSession
from callmate.store import Store
from callmate.tui.app import CallmateApp
from tests.conftest import START
from tests.tui.helpers import StepClock
from tests.unit.export_support import discovery_playbook, finished_call

PEOPLE = [
    ("Ana Ruiz", "Globex"),
    ("Lee Park", "Acme"),
    ("Sam Santos", "Northgate"),
    ("Robin Harrow", "Bright Harbor"),
]


def busy_store(data_dir: Path) -> Store:
    """An unfinished call and four follow-ups due, as a rep's Monday morning looks."""
    store = Store(data_dir)
    playbook = discovery_playbook()
    for days, (prospect, company) in enumerate(PEOPLE, start=20):
        earlier = START - timedelta(days=days)
        store.save(finished_call(playbook, earlier, prospect=prospect, company=company))
    unfinished = CallSession.start(playbook, "Uma Okafor", "Initech", START - timedelta(hours=1))
    store.save(unfinished.record)
    return store


@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_new_call_fields_are_on_screen_without_scrolling(data_dir, size) -> None:
    app = CallmateApp(busy_store(data_dir), clock=StepClock())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        for selector in ("#unfinished", "#followups", "#playbooks", "#prospect", "#company"):
            region = screen.query_one(selector).region
            assert region.height > 0 and region.bottom <= size[1] - 1, (selector, region)
        assert screen.query_one("#followups", OptionList).option_count == len(PEOPLE)
        assert screen.has_class("short") == (size[1] < 32)
        screen.query_one("#prospect", Input).focus()
        await pilot.press(*"Pat")
        assert screen.query_one("#prospect", Input).value == "Pat"


def test_home_on_a_default_terminal(snap_compare, data_dir) -> None:
    app = CallmateApp(busy_store(data_dir), clock=StepClock())
    assert snap_compare(app, terminal_size=(80, 24))


async def test_a_long_quiet_list_shows_the_first_few_and_says_where_the_rest_are(data_dir) -> None:
    store = Store(data_dir)
    playbook = discovery_playbook()
    quiet = 25
    for number in range(quiet):
        at = START - timedelta(days=10, minutes=number)
        session = CallSession.start(playbook, f"Quiet {number:02d}", "Hush Ltd", at)
        assert session.end_without_connecting("voicemail", "in 3 days", "", at) == {}
        store.save(session.record)
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        listing = app.screen.query_one("#silent", OptionList)
        assert listing.option_count == 20
        heading = str(app.screen.query_one("#silent-box .heading").render())
        assert f"(20 of {quiet}; all in `callmate followups`)" in heading
