"""What a reviewer acting as a new rep found on the call screen: the question cut under an open
objection card, the card's missing top border, no word after starring a hot button on a narrow
terminal, a recorded yes/no given back with nothing saying so, a pasted text answer recorded
before it could be read, toasts over the footer's keys, the objective shown twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region

from callmate.store import Store
from callmate.tui.app import CallmateApp
from callmate.tui.screens.call import CallScreen
from tests.tui.bursts import settle
from tests.tui.helpers import StepClock, bundled_playbook, call_app, type_text

SIZES = [(60, 20), (80, 24), (100, 30), (160, 50)]


def screen_rows(app: CallmateApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def call_screen(app: CallmateApp) -> CallScreen:
    screen = app.screen
    assert isinstance(screen, CallScreen)
    return screen


def words(text: str) -> str:
    """The words of some rows of the screen, without the boxes' borders."""
    return " ".join(text.replace("▊", " ").replace("▎", " ").replace("│", " ").split())


@pytest.mark.parametrize("size", SIZES)
async def test_an_open_objection_card_leaves_the_question_whole(
    data_dir: Path, size: tuple[int, int]
) -> None:
    app = call_app(data_dir, bundled_playbook("first-discovery"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        await type_text(pilot, "my boss")
        screen = call_screen(app)
        # Question 2 (four rows at 60 columns), 5 (the section's first, with its intro), 9.
        for skips in (1, 3, 4):
            for _ in range(skips):
                await pilot.press("ctrl+n")
            await settle(pilot)
            await pilot.pause()
            question = screen.session.prompt(screen.session.current())  # type: ignore[arg-type]
            box = screen.query_one("#prompt-box")
            rows = [
                row[box.region.x : box.region.right]
                for row in screen_rows(app)[box.region.y : box.region.bottom]
            ]
            assert question in words("\n".join(rows)), (size, rows)
            assert box.max_scroll_y == 0, "a scrollbar in the question's box"
            card = screen.query_one("#card-box")
            assert card.display
            top = screen_rows(app)[card.region.y][card.region.x : card.region.right]
            assert top.startswith("╭") and top.endswith("╮"), top  # its top border
            assert "Objection: I need to run it by my boss" in top  # on it
            assert card.region.bottom <= screen.query_one("#main").region.bottom


def on_screen_text(app: CallmateApp, selector: str) -> str:
    """What a widget shows, read off the screen (nothing if it is hidden or off the screen)."""
    widget = app.screen.query_one(selector)
    region = widget.region.intersection(app.screen.region)
    rows = screen_rows(app)[region.y : region.bottom]
    return " ".join(" ".join(row[region.x : region.right] for row in rows).split())


@pytest.mark.parametrize("size", SIZES)
async def test_starring_a_hot_button_is_said_at_every_width(
    data_dir: Path, small_playbook, size: tuple[int, int]
) -> None:
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=size) as pilot:
        await type_text(pilot, "y")
        await type_text(pilot, "Invoices take three days")
        await type_text(pilot, "w: a dashboard for the front desk")
        await pilot.press("ctrl+s", "enter")
        await settle(pilot)
        await pilot.pause()
        assert "★ Hot button: problem: Invoices take three days" in on_screen_text(app, "#message")
        await pilot.press("ctrl+s", "enter")  # again: the star comes off, and that is said
        await settle(pilot)
        await pilot.pause()
        assert "No longer a hot button: problem: Invoices" in on_screen_text(app, "#message")


@pytest.mark.parametrize("size", SIZES)
async def test_a_recorded_answer_given_back_says_it_is_the_recorded_one(
    data_dir: Path, small_playbook, size: tuple[int, int]
) -> None:
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=size) as pilot:
        await type_text(pilot, "n")
        await pilot.press("ctrl+b")
        await settle(pilot)
        await pilot.pause()
        shown = on_screen_text(app, "#message")
        assert "Recorded: no" in shown and "Enter keeps it" in shown, shown
        await type_text(pilot, "y", enter=False)  # typed over it: the line has been read
        await pilot.pause()
        assert not app.screen.query_one("#message").display
        assert call_screen(app).query_one("#answer").value == "y"  # type: ignore[attr-defined]


def toast_and_footer(app: CallmateApp) -> tuple[list[Region], Region]:
    from textual.widgets import Footer
    from textual.widgets._toast import Toast, ToastRack

    rack = app.screen.get_child_by_type(ToastRack)
    toasts = [toast.region for toast in rack.query(Toast) if toast.region]
    footer = next(f for f in app.screen.query(Footer) if f.display)
    return toasts, footer.region


@pytest.mark.parametrize("size", SIZES)
async def test_a_toast_over_the_call_leaves_the_footer_keys_in_view(
    data_dir: Path, small_playbook, size: tuple[int, int]
) -> None:
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        await pilot.pause()
        app.notify("Recovered the call you were on.", title="Recovered", timeout=15)
        await settle(pilot)
        await pilot.pause()
        toasts, footer = toast_and_footer(app)
        assert toasts, "no toast shown"
        assert all(not toast.overlaps(footer) for toast in toasts), (toasts, footer)


@pytest.mark.parametrize("size", SIZES)
async def test_the_call_saved_toast_on_home_leaves_the_footer_keys_in_view(
    data_dir: Path, size: tuple[int, int]
) -> None:
    app = CallmateApp(Store(data_dir), clock=StepClock())
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        await pilot.pause()
        app.notify("Next step: demo on Thursday at 15:00.", title="Call saved", timeout=8)
        await settle(pilot)
        await pilot.pause()
        toasts, footer = toast_and_footer(app)
        assert toasts, "no toast shown"
        assert all(not toast.overlaps(footer) for toast in toasts), (toasts, footer)


@pytest.mark.parametrize(("size", "key"), [((160, 50), None), ((100, 30), "f2")])
async def test_the_objective_shows_once(
    data_dir: Path, small_playbook, size: tuple[int, int], key: str | None
) -> None:
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        if key:
            await pilot.press(key)  # the playbook pane beside the question
            await settle(pilot)
        await pilot.pause()
        screen = "\n".join(screen_rows(app))
        assert screen.count("Objective") == 1, screen
        objective = call_screen(app).session.record.objective
        assert words(objective)[:30] in words(screen)
