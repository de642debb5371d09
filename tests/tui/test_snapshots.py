"""Snapshots of the main screens, so a layout change is seen before a rep sees it."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from callmate.core.session import CallSession
from callmate.store import Store
from callmate.tui.app import CallmateApp
from tests.conftest import START
from tests.tui.helpers import StepClock, call_app, type_text

SIZE = (120, 36)
#: A default terminal, a medium pane, a wide one, a big screen: the call must work at each.
SIZES = [(80, 24), (100, 30), (120, 40), (160, 50)]


async def steady(pilot) -> None:
    """No blinking cursor and no pending refresh: the screenshot is the same on every run.

    Screens that scroll a field into view wait a refresh or two for the layout
    (call_after_refresh); on a loaded machine those come later than one pause, so this waits
    until three screenshots in a row agree, each after the app went idle (at most 3 seconds:
    a CI run once caught a dialog between two of its refreshes)."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    shown, same = None, 0
    for _ in range(60):
        await pilot.pause(0.05)
        await pilot.pause()
        now = pilot.app.export_screenshot()
        same = same + 1 if now == shown else 0
        if same == 2:
            return
        shown = now


def test_call_screen(snap_compare, data_dir, small_playbook):
    async def answer_some(pilot):
        await type_text(pilot, "y")
        await type_text(pilot, "Invoices take three days [bold]really[/bold]")
        await type_text(pilot, "w: a dashboard for the front desk")
        await pilot.press("ctrl+s", "enter")
        await steady(pilot)

    app = call_app(data_dir, small_playbook)
    assert snap_compare(app, terminal_size=SIZE, run_before=answer_some)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_next_step_dialog(snap_compare, data_dir, small_playbook, size):
    async def open_gate(pilot):
        await type_text(pilot, "y")
        await pilot.press("ctrl+e")
        await type_text(pilot, "thu 3pm", enter=False)
        await steady(pilot)

    app = call_app(data_dir, small_playbook)
    assert snap_compare(app, terminal_size=size, run_before=open_gate)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_next_step_dialog_refusing_a_continuation(snap_compare, data_dir, small_playbook, size):
    async def refuse(pilot):
        await type_text(pilot, "y")
        await pilot.press("ctrl+e")
        await type_text(pilot, "tomorrow 10am")
        await type_text(pilot, "Send some information")
        await type_text(pilot, "send me some information", enter=False)
        await pilot.press("ctrl+s")
        await steady(pilot)

    app = call_app(data_dir, small_playbook)
    assert snap_compare(app, terminal_size=size, run_before=refuse)


def test_home_with_an_unfinished_call(snap_compare, data_dir, small_playbook):
    store = Store(data_dir)
    session = CallSession.start(small_playbook, "Pat Quill", "Hollow Pines Dental", START)
    session.record.id = "20261123-100000-aaaaaa"
    store.save(session.record)
    app = CallmateApp(store, clock=StepClock())
    assert snap_compare(app, terminal_size=SIZE, run_before=steady)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_call_screen_with_a_card_and_a_cue(snap_compare, data_dir, small_playbook, size):
    async def raise_objection(pilot):
        await pilot.press("ctrl+g", "down", "down", "enter")  # commitment, no pain agreed: a cue
        await pilot.press("ctrl+t")
        await type_text(pilot, "send me")
        await steady(pilot)

    app = call_app(data_dir, small_playbook)
    assert snap_compare(app, terminal_size=size, run_before=raise_objection)


def test_cues_over_the_call_on_a_narrow_terminal(snap_compare, data_dir, small_playbook):
    async def open_cues(pilot):
        await pilot.press("ctrl+g", "down", "down", "enter")  # commitment, no pain agreed: a cue
        await type_text(pilot, "no timel", enter=False)
        await pilot.press("f4")
        await steady(pilot)

    app = call_app(data_dir, small_playbook)
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_cues)
