"""Rescheduling a follow-up from home follows the gate's date rules: whose step it is, the date
read back as it is typed, a time at night pointed out before it is booked, a refusal said in
the dialog with the typed text kept; afterwards the follow-up list keeps the focus."""

from __future__ import annotations

from callmate.store import Store
from callmate.tui.app import CallmateApp
from callmate.tui.screens.home import FollowUpList, HomeScreen
from callmate.tui.screens.reschedule import RescheduleDialog
from tests.tui.helpers import StepClock, type_text
from tests.tui.test_between_calls import finished_call


def said(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def open_dialog(app, pilot) -> RescheduleDialog:
    app.screen.query_one("#followups").focus()
    await pilot.press("ctrl+r")
    await pilot.pause()
    assert isinstance(app.screen, RescheduleDialog)
    return app.screen


async def test_the_dialog_names_whose_step_and_reads_the_date_back(data_dir, small_playbook):
    store = Store(data_dir)
    finished_call(store, small_playbook, "Ann Lee", "Acme", when="in 2 days")
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(app, pilot)
        assert "Ann Lee" in said(dialog, "#reschedule-step")
        assert "Review the proposal together" in said(dialog, "#reschedule-step")
        await type_text(pilot, "thu 3pm", enter=False)
        await pilot.pause()
        assert said(dialog, "#reschedule-preview") == "→ Thu 26 Nov 2026, 15:00 (in 3 days)"


async def test_a_time_at_night_needs_a_second_enter(data_dir, small_playbook):
    store = Store(data_dir)
    record = finished_call(store, small_playbook, "Ann Lee", "Acme", when="in 2 days")
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(app, pilot)
        await type_text(pilot, "thu 3am")
        await pilot.pause()
        assert app.screen is dialog, "not booked at the first Enter"
        assert "at night?" in said(dialog, "#reschedule-preview")
        assert "Enter again books it" in said(dialog, "#reschedule-preview")
        assert Store(data_dir).load(record.id).next_step.outcome is None
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    step = Store(data_dir).load(record.id).next_step
    assert (step.outcome, step.due) == ("rescheduled", "2026-11-26T03:00+01:00")


async def test_a_refused_date_is_said_in_the_dialog_and_the_text_kept(data_dir, small_playbook):
    store = Store(data_dir)
    record = finished_call(store, small_playbook, "Ann Lee", "Acme", when="in 2 days")
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(app, pilot)
        await type_text(pilot, "yesterday")
        await pilot.pause()
        assert app.screen is dialog
        assert dialog.query_one("#reschedule-when").value == "yesterday"
        assert "is in the past" in said(dialog, "#reschedule-preview")
        assert dialog.query_one("#reschedule-preview").has_class("error")
    assert Store(data_dir).load(record.id).next_step.outcome is None


async def test_after_rescheduling_or_undoing_the_list_keeps_the_focus_and_its_keys(
    data_dir, small_playbook
):
    store = Store(data_dir)
    finished_call(store, small_playbook, "Ann Lee", "Acme", when="in 2 days")
    record = finished_call(store, small_playbook, "Ben Bolt", "Bolt", when="in 3 days")
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test(size=(80, 24)) as pilot:
        followups = app.screen.query_one("#followups", FollowUpList)
        followups.focus()
        await pilot.press("down", "ctrl+r")
        await type_text(pilot, "fri 11am")
        await pilot.pause()
        await pilot.pause()
        listing = app.screen.query_one("#followups", FollowUpList)
        assert app.focused is listing
        assert listing.current() is not None and listing.current().id == record.id
        keys = {key for key, b in app.active_bindings.items() if b.binding.show}
        assert {"ctrl+k", "ctrl+x", "ctrl+r"} <= keys
        await pilot.press("ctrl+z")
        await pilot.pause()
        await pilot.pause()
        listing = app.screen.query_one("#followups", FollowUpList)
        assert app.focused is listing
        assert listing.current() is not None and listing.current().id == record.id
    assert Store(data_dir).load(record.id).next_step.outcome is None, "undone"


async def test_the_last_marks_toast_goes_when_the_dialog_opens(data_dir, small_playbook):
    store = Store(data_dir)
    finished_call(store, small_playbook, "Ann Lee", "Acme", when="in 2 days")
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.notify("Marked kept: Pat Quill. ctrl+z undoes it.")
        await pilot.pause()
        await open_dialog(app, pilot)
        assert not any("Marked kept" in n.message for n in app._notifications)
