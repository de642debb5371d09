"""Went silent on the home screen and in the pre-call brief, from real store files."""

from __future__ import annotations

from datetime import timedelta

from callmate.core.next_step import NextStepDraft
from callmate.core.session import CallSession
from callmate.nurture import Nurtured, NurtureFile, write_nurture
from callmate.store import Store
from callmate.tui.app import CallmateApp
from callmate.tui.screens.brief import BriefScreen
from callmate.tui.screens.call_end import FollowUpQuestion
from callmate.tui.screens.home import HomeScreen
from tests.conftest import START
from tests.tui.helpers import StepClock, call_app


def _talk_then_voicemail(
    store: Store, playbook, prospect="Pat Quill", company="Hollow Pines Dental"
):
    """A shallow conversation whose step was missed, then a call that went to voicemail."""
    at = START - timedelta(days=9)
    talk = CallSession.start(playbook, prospect, company, at)
    draft = NextStepDraft(
        "in 2 days", "send the brochure", "think about it", why_continuation="would not book"
    )
    assert talk.set_next_step(draft, at) == {}
    talk.complete(at)
    talk.record.next_step.outcome = "missed"
    store.save(talk.record)
    retry = CallSession.start(playbook, prospect, company, START - timedelta(days=2))
    assert (
        retry.end_without_connecting("voicemail", "in 3 days", "", START - timedelta(days=2)) == {}
    )
    store.save(retry.record)
    return talk.record, retry.record


async def test_home_shows_silent_prospects_and_due_touches_apart_from_follow_ups(
    data_dir, small_playbook
):
    store = Store(data_dir)
    _talk_then_voicemail(store, small_playbook)
    added = START - timedelta(days=40)
    entry = Nurtured("ned|", "Ned Nurture", "", "missed calls at 8am", 30, added)
    write_nurture(data_dir, NurtureFile([entry], {}))
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test(size=(100, 40)):
        assert isinstance(app.screen, HomeScreen)
        silent = app.screen.query_one("#silent")
        row = str(silent.get_option_at_index(0).prompt)
        assert (
            "Pat Quill (Hollow Pines Dental): 2 unanswered" in row
            and "next try from Tue 24 Nov" in row
        )
        assert not app.screen.query("#followups")  # the retry is not also "due"
        touches = str(app.screen.query_one("#nurture").render())
        assert "Ned Nurture: something useful on missed calls at 8am" in touches


async def test_the_brief_of_a_silent_prospect_says_what_the_last_talk_lacked(
    data_dir, small_playbook
):
    _talk_then_voicemail(Store(data_dir), small_playbook)
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(100, 40)) as pilot:
        if isinstance(app.screen, FollowUpQuestion):
            await pilot.press("y")
        assert isinstance(app.screen, BriefScreen)
        note = str(app.screen.query_one("#brief-quiet").render())
        assert "2 unanswered attempts" in note
        assert "no agreed pain" in note and "ended on a continuation" in note


async def test_enter_on_a_silent_prospect_starts_the_re_engage_call(data_dir, small_playbook):
    store = Store(data_dir)
    _talk, retry = _talk_then_voicemail(store, small_playbook)
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test(size=(100, 40)) as pilot:
        app.screen.query_one("#silent").focus()
        await pilot.press("enter")
        await pilot.pause()
        while not hasattr(app.screen, "session"):
            await pilot.press("escape")  # the brief and the follow-up question come first
            await pilot.pause()
        session = app.screen.session
        assert session.playbook.name == "re-engage"
        assert session.record.prospect == "Pat Quill"
        assert session.record.follows == retry.id


async def test_enter_after_the_takeaway_offers_the_nurture_list_not_a_call(
    data_dir, small_playbook
):
    # They were told the calls stop: Enter must not start one, nor suggest a second takeaway.
    from callmate.core.silence import Attempt
    from callmate.nurture import record_attempt

    store = Store(data_dir)
    _talk, retry = _talk_then_voicemail(store, small_playbook)
    record_attempt(data_dir, retry.prospect_key, Attempt(START - timedelta(days=1), "takeaway"))
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test(size=(100, 40)) as pilot:
        row = str(app.screen.query_one("#silent").get_option_at_index(0).prompt)
        assert "takeaway sent" in row and "nurture list only" in row, row
        app.screen.query_one("#silent").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        said = [str(n.message) for n in app._notifications]
        assert any("nurture add" in m and "no more calls" in m for m in said), said
        assert not any("--takeaway" in m for m in said), said
