"""The call screen's small words and lines: counts said in proper English, a heading that breaks
between its pieces, the names before the clock, a line about one question gone at the next, and a
confirmation that hides the dialog under it."""

from __future__ import annotations

from textual.widgets import Input

from callmate.core.cues import Cue
from callmate.store import Store
from callmate.tui.app import CallmateApp, CallRequest
from callmate.tui.screens.call_end import ConfirmDiscard
from callmate.tui.screens.next_step import NextStepScreen
from tests.tui.bursts import paste
from tests.tui.helpers import StepClock, bundled_playbook, call_app, type_text


def screen_rows(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_one_required_question_and_one_cue_are_said_in_the_singular(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.shown_cues = [Cue("c1", "say less")]
        screen.render_statusline()
        status = text_of(app, "#statusline")
        assert "1 cue: F4" in status and "cue(s)" not in status
        await type_text(pilot, "y")
        await type_text(pilot, "p: slow invoices")
        await type_text(pilot, "")  # the list done: on to "big enough?", not required
        await pilot.press("ctrl+g", "down", "down", "enter")  # past start_when to Decision
        await pilot.pause()
        await pilot.press("ctrl+e")
        assert isinstance(app.screen, NextStepScreen)
        warning = text_of(app, "#warnings")
        assert warning.startswith("⚠ 1 required question not answered"), warning


async def test_several_required_questions_are_said_in_the_plural(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+e")
        warning = text_of(app, "#warnings")
        assert warning.startswith("⚠ 3 required questions not answered"), warning


async def test_the_heading_breaks_between_its_pieces_never_after_a_dot(data_dir):
    """At 80x24 the discovery heading wrapped as text: '…needs  ·' then 'question 5 of 22  ·'
    and 'required' alone."""
    app = call_app(data_dir, bundled_playbook("first-discovery"))
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.session.jump("powns", app.clock())
        app.screen.after_change(prefill=True)
        await pilot.pause()
        heading = app.screen.query_one("#section-title")
        rows = [row.rstrip() for row in screen_rows(app)[heading.region.y : heading.region.bottom]]
        assert rows, "no heading on screen"
        assert not any(row.endswith("·") for row in rows), rows
        assert any("question 5 of 22  ·  required" in row for row in rows), rows


async def test_the_names_get_their_room_before_the_clock(data_dir):
    """At 100x30 'Sam Roe · Roe Den…' was cut while the clock's section title had the room."""
    request = CallRequest(bundled_playbook("first-discovery"), "Sam Roe", "Roe Dental")
    app = CallmateApp(Store(data_dir), start=request, clock=StepClock())
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.session.jump("powns", app.clock())
        app.screen.after_change(prefill=True)
        app.screen.tick()
        await pilot.pause()
        await pilot.pause()
        status = app.screen.query_one("#status")
        row = screen_rows(app)[status.region.y]
        assert "Sam Roe · Roe Dental " in row, row
        assert "⏱ 00:00 of 30 min" in row and "✓ saved" in row, row


async def test_a_line_about_the_last_question_goes_once_the_rep_types_at_the_next(
    data_dir, small_playbook
):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+g", "down", "down", "down", "enter")  # Decision
        await paste(pilot, "Ana Ruiz\nthe practice manager")
        await pilot.press("enter")  # on to budget (text)
        await paste(pilot, "5k this year\nmore next year")
        said = text_of(app, "#message")
        assert "2 pasted lines in the field" in said, said  # read, then recorded with Enter
        await pilot.press("enter")
        assert app.screen.session.current().id == "is_dm"
        assert not app.screen.query_one("#message").display  # about the last question: gone
        await pilot.press("ctrl+b")  # back at it: the recorded answer, said to be one
        assert "Recorded: 5k this year ⏎ more next year" in text_of(app, "#message")
        await type_text(pilot, "x", enter=False)  # the rep types over it: read
        assert not app.screen.query_one("#message").display


async def test_the_discard_confirmation_hides_the_gate_under_it(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+e")
        assert isinstance(app.screen, NextStepScreen)
        await pilot.press("ctrl+g")
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.pause()
        shown = "\n".join(screen_rows(app))
        assert "Discard this call?" in shown
        assert "What happens then" not in shown and "Before this call ends" not in shown
        assert app.screen.query_one("#confirm", Input).has_focus
