"""The home screen after a call and its follow-up keys: a step still ahead is marked only when
the rep says so, and letters typed on any list reach the prospect's name."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets._toast import Toast

from callmate.store import Store
from callmate.tui.app import CallmateApp
from callmate.tui.screens.call import CallScreen
from callmate.tui.screens.early_mark import EarlyMark
from callmate.tui.screens.home import HomeScreen
from callmate.tui.widgets.footer import WrappingFooter
from tests.conftest import START
from tests.tui.helpers import StepClock, type_text
from tests.tui.test_between_calls import finished_call


async def test_ctrl_k_on_a_step_still_ahead_asks_and_n_keeps_it_open(data_dir, small_playbook):
    store = Store(data_dir)
    record = finished_call(store, small_playbook, "Lee Ortiz", "Acme", when="in 1 day")
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test(size=(80, 24)) as pilot:
        followups = app.screen.query_one("#followups")
        followups.focus()
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, EarlyMark)
        assert "still ahead" in app.screen.reason and "Lee Ortiz" in app.screen.reason
        assert Store(data_dir).load(record.id).next_step.outcome is None, "nothing marked yet"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.focused is followups
        assert "Lee Ortiz" in str(followups.get_option_at_index(0).prompt)
        await pilot.press("ctrl+x", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert Store(data_dir).load(record.id).next_step.outcome is None


async def test_y_or_enter_marks_a_step_still_ahead_and_undo_reopens_it(data_dir, small_playbook):
    store = Store(data_dir)
    record = finished_call(store, small_playbook, "Lee Ortiz", "Acme", when="in 1 day")
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#followups").focus()
        await pilot.press("ctrl+k", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert Store(data_dir).load(record.id).next_step.outcome == "kept"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert Store(data_dir).load(record.id).next_step.outcome is None


async def test_an_overdue_step_is_marked_without_a_question(data_dir, small_playbook):
    store = Store(data_dir)
    earlier = START - timedelta(days=3)
    record = finished_call(store, small_playbook, "Ann", "Acme", when="in 1 day", at=earlier)
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#followups").focus()
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert not isinstance(app.screen, EarlyMark)
    assert Store(data_dir).load(record.id).next_step.outcome == "missed"


async def test_letters_typed_on_the_playbook_list_go_to_the_name(data_dir, small_playbook):
    app = CallmateApp(Store(data_dir), clock=StepClock())
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.focused is app.screen.query_one("#playbooks")
        await pilot.press(*"Quinn Lee")
        await pilot.pause()
        field = app.screen.query_one("#prospect")
        assert field.value == "Quinn Lee"
        assert app.focused is field


async def test_after_a_call_ends_typed_letters_reach_the_name(
    data_dir, small_playbook_path, monkeypatch
):
    monkeypatch.setenv("CALLMATE_PLAYBOOKS", str(small_playbook_path.parent))
    app = CallmateApp(Store(data_dir), clock=StepClock())
    async with app.run_test(size=(80, 24)) as pilot:
        names = [s.entry.name for s in app.screen.playbooks]
        await pilot.press(*["down"] * names.index("small"), "enter")
        await type_text(pilot, "Lee Ortiz")
        await type_text(pilot, "Acme")
        assert isinstance(app.screen, CallScreen)
        await pilot.press("ctrl+e")
        await type_text(pilot, "tomorrow 10am")
        await type_text(pilot, "Call with the owner to go through the numbers together")
        await type_text(pilot, "invite the owner")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("Q")
        await pilot.pause()
        assert app.screen.query_one("#prospect").value == "Q"


async def toast_shows_above_the_footer(pilot, message: str) -> None:
    """The screen's footer wraps onto two rows or more, and a toast sits above its keys."""
    app = pilot.app
    footer = app.screen.query_one(WrappingFooter)
    assert footer.outer_size.height >= 2, "the case: a footer of more than one row"
    app.notify(message)
    await pilot.pause()
    await pilot.pause()
    toasts = list(app.screen.query(Toast))
    assert toasts
    assert all(t.region.bottom <= footer.region.y for t in toasts), (
        [t.region for t in toasts],
        footer.region,
    )


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_toast_never_covers_the_footer_keys(data_dir, small_playbook, size):
    store = Store(data_dir)
    finished_call(store, small_playbook, "Lee Ortiz", "Acme", when="in 1 day")
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test(size=size, notifications=True) as pilot:
        app.screen.query_one("#followups").focus()  # its keys make the footer wrap
        await pilot.pause()
        await toast_shows_above_the_footer(pilot, "Call with Lee Ortiz discarded (kept aside).")


async def test_a_toast_in_the_next_step_dialog_stays_above_its_keys(data_dir, small_playbook):
    """The gate's footer wraps onto two rows at 80x24: a toast covered '^s Save and e…'."""
    from tests.tui.helpers import call_app

    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await type_text(pilot, "y")
        await pilot.press("ctrl+e")
        await pilot.pause()
        await toast_shows_above_the_footer(pilot, "Pasted 2 lines as one line.")
