"""Retries to drop, on the home screen and in the pre-call brief, from real store files: once a
prospect is on the nurture list their booked retries are named as ones to drop, never offered
as follow-up calls; the brief warns before a call that comes before the minimum gap."""

from __future__ import annotations

from datetime import timedelta

from callmate.core.session import CallSession
from callmate.core.silence import Attempt
from callmate.nurture import Nurtured, NurtureFile, write_nurture
from callmate.store import Store
from callmate.tui.app import CallmateApp
from callmate.tui.screens.brief import BriefScreen
from callmate.tui.screens.call_end import FollowUpQuestion
from callmate.tui.screens.home import HomeScreen
from tests.conftest import START
from tests.tui.helpers import StepClock, call_app

WHO = ("Pat Quill", "Hollow Pines Dental")


def _voicemails(store: Store, playbook, gaps_in_days: list[float]) -> list[str]:
    """A voicemail ``gap`` days before START for each gap, each booking a retry in 3 days."""
    ids = []
    for gap in gaps_in_days:
        at = START - timedelta(days=gap)
        call = CallSession.start(playbook, *WHO, at)
        assert call.end_without_connecting("voicemail", "in 3 days", "", at) == {}
        store.save(call.record)
        ids.append(call.record.id)
    return ids


async def test_home_lists_a_nurtured_prospects_retries_to_drop_not_as_calls(
    data_dir, small_playbook
):
    store = Store(data_dir)
    ids = _voicemails(store, small_playbook, [2.2, 2.1, 2.0])
    key = store.load(ids[-1]).prospect_key
    entry = Nurtured(key, *WHO, "invoice delays", 30, START - timedelta(hours=1))
    sent = Attempt(START - timedelta(hours=2), "takeaway", ids[-1])
    write_nurture(data_dir, NurtureFile([entry], {key: [sent]}))
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        assert not app.screen.query("#followups")  # never "Follow-ups due — Enter starts…"
        drops = app.screen.query_one("#drops")
        rows = [str(drops.get_option_at_index(i).prompt) for i in range(drops.option_count)]
        assert len(rows) == 3, rows
        assert all(
            "Pat Quill (Hollow Pines Dental): drop this retry after voicemail" in row
            for row in rows
        ), rows
        drops.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # no call started
        said = [str(n.message) for n in app._notifications]
        assert any("drop it, they are on the nurture list" in m for m in said), said
        assert [m for m in said if "No call to make" in m] != [], said
        await pilot.press("ctrl+x", "y")  # closed: still ahead, so asked first
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # no "new date or re-engage call?" after it
        assert app.screen.query_one("#drops").option_count == 2


async def test_the_brief_warns_before_a_try_sooner_than_the_gap_and_drops_empty_lines(
    data_dir, small_playbook
):
    _voicemails(Store(data_dir), small_playbook, [0.01])  # a voicemail 15 minutes ago
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        if isinstance(app.screen, FollowUpQuestion):
            await pilot.press("n")
        assert isinstance(app.screen, BriefScreen)
        note = str(app.screen.query_one("#brief-quiet").render())
        assert "Too soon for another try" in note and "not before Thu 26 Nov" in note, note
        assert "You may still go on" in note
        calls = " ".join(str(c.render()) for c in app.screen.query(".call"))
        assert "They committed to" not in calls, calls  # nobody did: it did not connect
        await pilot.press("enter")  # the rep may still go on
        await pilot.pause()
        assert hasattr(app.screen, "session")


async def test_a_silent_row_whose_calls_should_stop_names_the_retry_to_drop_first(
    data_dir, small_playbook
):
    _voicemails(Store(data_dir), small_playbook, [9, 5, 1])  # the attempts are used up
    app = CallmateApp(Store(data_dir), clock=StepClock())
    async with app.run_test(size=(80, 24)):
        row = str(app.screen.query_one("#silent").get_option_at_index(0).prompt)
        assert "3 unanswered — drop the retry booked Wed 25 Nov; stop calling" in row, row
