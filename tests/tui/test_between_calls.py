"""Between calls: follow-ups on the home screen, the pre-call brief, and history in templates."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from callmate.core.next_step import NextStepDraft
from callmate.core.session import CallSession
from callmate.store import Store
from callmate.tui.app import CallmateApp
from callmate.tui.screens.brief import BriefScreen
from callmate.tui.screens.call import CallScreen
from callmate.tui.screens.call_end import FollowUpQuestion
from callmate.tui.screens.home import HomeScreen
from tests.conftest import START
from tests.tui.helpers import StepClock, call_app, type_text


def finished_call(store, playbook, prospect, company, *, when, at=START, hot="slow invoices"):
    session = CallSession.start(playbook, prospect, company, at)
    session.answer("y", at)
    session.add_item(hot, at)
    session.toggle_hot("problems", 0, at)
    errors = session.set_next_step(
        NextStepDraft(when, "Review the proposal together", "Bring the invoice numbers"), at
    )
    assert errors == {}
    session.complete(at)
    store.save(session.record)
    return session.record


async def test_home_lists_follow_ups_overdue_first_and_marks_them(data_dir, small_playbook):
    store = Store(data_dir)
    earlier = START - timedelta(days=3)
    late = finished_call(store, small_playbook, "Ann Overdue", "Acme", when="in 1 day", at=earlier)
    finished_call(store, small_playbook, "Ben Later", "Bolt", when="in 5 days")
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test() as pilot:
        followups = app.screen.query_one("#followups")
        first = str(followups.get_option_at_index(0).prompt)
        assert first.startswith("! OVERDUE") and "Ann Overdue" in first
        assert "Ben Later" in str(followups.get_option_at_index(1).prompt)
        followups.focus()
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert app.focused is followups  # the focus stays on the list
        assert "Ben Later" in str(followups.get_option_at_index(0).prompt)
    step = Store(data_dir).load(late.id).next_step
    assert step.outcome == "kept"


async def test_letters_typed_on_the_follow_ups_go_to_the_name_and_mark_nothing(
    data_dir, small_playbook
):
    store = Store(data_dir)
    record = finished_call(store, small_playbook, "Ann", "Acme", when="in 1 day")
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test() as pilot:
        app.screen.query_one("#followups").focus()
        await pilot.press(*"kirk xavier")
        await pilot.pause()
        assert app.screen.query_one("#prospect").value == "kirk xavier"
    assert Store(data_dir).load(record.id).next_step.outcome is None


async def test_a_mark_can_be_undone_for_a_few_seconds(data_dir, small_playbook):
    store = Store(data_dir)
    earlier = START - timedelta(days=3)  # due: marked at once (a step still ahead asks first)
    record = finished_call(store, small_playbook, "Ann", "Acme", when="in 1 day", at=earlier)
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test() as pilot:
        app.screen.query_one("#followups").focus()
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert Store(data_dir).load(record.id).next_step.outcome == "kept"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "Ann" in str(app.screen.query_one("#followups").get_option_at_index(0).prompt)
    assert Store(data_dir).load(record.id).next_step.outcome is None


async def test_reschedule_refuses_the_past_then_accepts(data_dir, small_playbook):
    store = Store(data_dir)
    record = finished_call(store, small_playbook, "Ann", "Acme", when="in 2 days")
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test() as pilot:
        app.screen.query_one("#followups").focus()
        await pilot.press("ctrl+r")
        await type_text(pilot, "yesterday 9am")
        await pilot.pause()
        assert Store(data_dir).load(record.id).next_step.outcome is None
        field = app.screen.query_one("#reschedule-when")
        assert field.value == "yesterday 9am", "the refused text stays in the dialog"
        field.value = ""
        await type_text(pilot, "thu 3pm")
        await pilot.pause()
    step = Store(data_dir).load(record.id).next_step
    assert step.outcome == "rescheduled"
    assert step.due == "2026-11-26T15:00+01:00"


async def test_prospect_with_history_gets_a_brief_and_templates(data_dir, small_playbook):
    store = Store(data_dir)
    source = finished_call(
        store,
        small_playbook,
        "Pat Quill",
        "Hollow Pines Dental",
        when="in 1 day",
        at=START - timedelta(days=2),
        hot="front desk overwhelmed",
    )
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        assert isinstance(app.screen, FollowUpQuestion)  # an open step: is this call it?
        await pilot.press("y")
        assert isinstance(app.screen, BriefScreen)
        brief = " ".join(str(w.render()) for w in app.screen.query(".call"))
        assert "front desk overwhelmed" in brief
        assert "Bring the invoice numbers" in brief
        assert "not marked yet" in brief
        await pilot.press("enter")
        assert isinstance(app.screen, CallScreen)
        context = app.screen.session.record.context
        assert context["last_hot_button"] == "front desk overwhelmed"
        assert context["last_their_commitment"] == "Bring the invoice numbers"
        assert app.screen.session.record.follows == source.id


async def test_new_prospect_gets_no_brief(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test():
        assert isinstance(app.screen, CallScreen)


async def test_enter_on_a_follow_up_starts_the_follow_up_call(data_dir, small_playbook):
    store = Store(data_dir)
    source = finished_call(store, small_playbook, "Ann", "Acme", when="in 2 days")
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test() as pilot:
        assert isinstance(app.screen, HomeScreen)
        app.screen.query_one("#followups").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen)
        await pilot.press("enter")
        assert app.screen.session.playbook.name == "follow-up"
        recall = app.screen.session.playbook.question("hot_button_check")
        assert "slow invoices" in app.screen.session.prompt(recall)
        follow_up = app.screen.session
        assert follow_up.record.follows == source.id
        await pilot.press("ctrl+e")
        await type_text(pilot, "tomorrow 10am")
        await type_text(pilot, "Call with the owner to go through the numbers together")
        await type_text(pilot, "invite the owner")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert follow_up.completed
    step = Store(data_dir).load(source.id).next_step
    assert (step.outcome, step.kept_by) == ("kept", follow_up.id)


async def test_home_opens_history_and_stats_by_key(data_dir, small_playbook):
    from callmate.tui.screens.history import HistoryScreen
    from callmate.tui.screens.stats import StatsScreen

    store = Store(data_dir)
    finished_call(store, small_playbook, "Ann", "Acme", when="in 2 days")
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test() as pilot:
        await pilot.press("ctrl+l")  # a terminal's "redraw": it opens nothing
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f2")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+t")
        assert isinstance(app.screen, StatsScreen)


async def test_role_plays_are_not_a_prospects_history(data_dir, small_playbook):
    store = Store(data_dir)
    session = CallSession.start(
        small_playbook, "Pat Quill", "Hollow Pines Dental", START, mode="practice"
    )
    session.set_next_step(NextStepDraft("in 1 day", "Review", "Bring numbers"), START)
    session.complete(START)
    store.save(session.record)
    app = call_app(data_dir, small_playbook)
    async with app.run_test():
        assert isinstance(app.screen, CallScreen)  # no brief: practice calls are not history
        assert app.screen.session.record.context == {}


async def test_called_off_quit_does_not_make_a_later_end_leave_the_app(data_dir, small_playbook):
    from callmate.tui.screens.next_step import NextStepScreen

    store = Store(data_dir)
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test() as pilot:
        app.start_call(Path(small_playbook.path), "Ann", "Acme")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        await pilot.press("ctrl+e", "ctrl+q", "escape")  # open the gate, ask to quit, call it off
        assert isinstance(app.screen, CallScreen)
        await pilot.press("ctrl+e")
        assert isinstance(app.screen, NextStepScreen)
        await type_text(pilot, "tomorrow 10am")
        await type_text(pilot, "Review together")
        await type_text(pilot, "Bring numbers")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, HomeScreen)


async def test_palette_offers_no_screenshot_of_customer_data(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test():
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screenshot" not in titles
        assert "Quit (ctrl+q)" in titles


async def test_the_home_picker_shows_titles_and_never_offers_a_broken_playbook(data_dir):
    folder = data_dir / "playbooks"
    folder.mkdir(parents=True)
    (folder / "broken.yaml").write_text("format: 1\nname: broken\ntitle: Half done\n")
    app = CallmateApp(Store(data_dir), clock=StepClock())
    async with app.run_test(size=(120, 40)):
        picker = app.screen.query_one("#playbooks")
        prompts = {
            str(picker.get_option_at_index(i).id): picker.get_option_at_index(i)
            for i in range(picker.option_count)
        }
        assert prompts["broken"].disabled
        assert "broken, fix before use" in str(prompts["broken"].prompt)
        assert str(prompts["first-discovery"].prompt).startswith("First discovery call")
        assert not prompts["first-discovery"].disabled
