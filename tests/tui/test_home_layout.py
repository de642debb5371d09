"""The home screen in a default 80x24 terminal: a new call can be started without scrolling."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from callmate.core.session import CallSession
from callmate.store import Store
from callmate.tui.app import CallmateApp
from callmate.tui.screens.call import CallScreen
from callmate.tui.screens.home import LIST_SHOWN, FollowUpList
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


def long_lists(data_dir: Path, count: int) -> Store:
    """``count`` unfinished calls and ``count`` follow-ups due: years of history, or a team's."""
    store = Store(data_dir)
    playbook = discovery_playbook()
    for number in range(count):
        earlier = START - timedelta(days=20, minutes=number)
        store.save(finished_call(playbook, earlier, prospect=f"Due {number:02d}", company="Acme"))
        at = START - timedelta(hours=2, minutes=number)
        store.save(CallSession.start(playbook, f"Half {number:02d}", "Initech", at).record)
    return store


async def test_long_lists_show_their_first_rows_and_enter_on_the_last_shows_every_one(
    data_dir,
) -> None:
    count = LIST_SHOWN + 5
    store = long_lists(data_dir, count)
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        unfinished = screen.query_one("#unfinished", OptionList)
        assert unfinished.option_count == LIST_SHOWN + 1
        last = str(unfinished.get_option_at_index(LIST_SHOWN).prompt)
        assert "5 more unfinished calls: Enter shows them all" in last
        heading = str(screen.query_one("#unfinished-box .heading").render())
        assert f"(first {LIST_SHOWN} of {count})" in heading
        unfinished.focus()
        unfinished.highlighted = LIST_SHOWN
        await pilot.press("enter")
        assert unfinished.option_count == count
        assert unfinished.highlighted == LIST_SHOWN  # the first row that was kept back
        await pilot.pause()
        region = unfinished.scrollable_content_region
        assert unfinished.scroll_y <= LIST_SHOWN < unfinished.scroll_y + region.height  # in view
        prompts = [str(unfinished.get_option_at_index(i).prompt) for i in range(count)]
        # Oldest first, as before: every unfinished call is on the list once.
        assert [p.split(" (")[0][-7:] for p in prompts] == [
            f"Half {n:02d}" for n in reversed(range(count))
        ]

        follow = screen.query_one("#followups", FollowUpList)
        assert follow.option_count == LIST_SHOWN + 1
        assert "5 more follow-ups" in str(follow.get_option_at_index(LIST_SHOWN).prompt)
        follow.focus()
        follow.highlighted = LIST_SHOWN
        await pilot.press("ctrl+k")  # on the "show all" row: nothing to mark
        await pilot.pause()
        steps = [r.next_step for r in store.iter_records() if r.status == "completed"]
        assert len(steps) == count and all(s and s.outcome is None for s in steps)
        await pilot.press("enter")
        assert follow.option_count == count and len(follow.rows) == count
        follow.highlighted = count - 1
        marked = follow.rows[-1]
        await pilot.press("ctrl+k")
        await pilot.pause()
        record = store.load(marked.id)
        assert record.next_step is not None and record.next_step.outcome == "kept"
        assert follow.option_count == count - 1

        unfinished.focus()
        unfinished.highlighted = count - 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert app.screen.session.record.prospect == "Half 00"
