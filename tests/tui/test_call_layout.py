"""The call screen at the sizes reps use: the question and its answer field first at every size."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from callmate.tui.screens.call import CallScreen
from callmate.tui.screens.next_step import NextStepScreen
from callmate.tui.widgets.pane_overlay import PaneOverlay
from tests.tui.bursts import burst, paste
from tests.tui.helpers import call_app, focused_input, type_text


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def on_screen(app, selector: str) -> bool:
    """Displayed, with a non-empty region inside the terminal."""
    widget = app.screen.query_one(selector)
    region = widget.region
    width, height = app.size
    return (
        widget.display
        and widget.visible
        and region.width > 0
        and region.height > 0
        and region.right <= width
        and region.bottom <= height
    )


@pytest.mark.parametrize(
    ("size", "layout"),
    [((60, 20), "-narrow"), ((80, 24), "-narrow"), ((100, 30), "-medium"), ((160, 50), "-wide")],
)
async def test_question_and_answer_field_are_on_screen(data_dir, small_playbook, size, layout):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert app.screen.has_class(layout)
        assert on_screen(app, "#prompt")
        assert on_screen(app, "#answer")
        assert on_screen(app, "#keyline")
        assert app.screen.query_one("#prompt").region.width >= min(size[0] - 8, 50)
        assert focused_input(pilot).id == "answer"


async def test_narrow_shows_a_one_line_status(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        status = text_of(app, "#statusline")
        for part in ("Agenda", "3 required open", "00:00 of 20m", "saved"):
            assert part in status
        assert not on_screen(app, "#captured")


async def test_an_entered_item_is_said_under_the_field_on_a_narrow_terminal(
    data_dir, small_playbook
):
    """The captured pane is folded away at 80x24: a field that only empties looked like a lost
    item, so what was taken is said under it."""
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "y")
        await type_text(pilot, "p: slow invoices")
        message = text_of(app, "#message")
        assert "problem: slow invoices" in message and "1 so far" in message
        assert on_screen(app, "#message")
        await type_text(pilot, "w: faster month end")
        assert "want: faster month end · 2 so far" in text_of(app, "#message")
        assert app.screen.session.value("problems")[-1].text == "faster month end"


async def test_every_choice_shows_whole_on_a_narrow_terminal(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("ctrl+g", "down", "down", "enter")  # Commitment: a choice question
        await pilot.pause()
        lines = text_of(app, "#keyline").splitlines()
        for choice in ("1: this month", "2: this quarter", "3: no timeline"):
            assert any(choice in line for line in lines)  # whole, never split across lines
        assert all(len(line) <= 58 for line in lines)


async def test_the_pown_key_line_is_whole(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "y")
        keys = text_of(app, "#keyline")
        for piece in ("p: problem", "o: opportunity", "w: want", "n: need", "empty Enter"):
            assert piece in keys


async def test_resizing_keeps_the_focus_and_the_half_typed_answer(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(160, 50)) as pilot:
        await type_text(pilot, "y")
        await type_text(pilot, "invoices take thr", enter=False)
        for size, layout in (((80, 24), "-narrow"), ((100, 30), "-medium"), ((60, 20), "-narrow")):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert app.screen.has_class(layout)
            assert focused_input(pilot).id == "answer"
            assert focused_input(pilot).value == "invoices take thr"
        await type_text(pilot, "ee days")
        assert "invoices take three days" in text_of(app, "#captured")


async def test_panes_open_over_the_call_on_a_narrow_terminal(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "y")
        await type_text(pilot, "slow invoices", enter=False)
        await pilot.press("f3")
        assert isinstance(app.screen, PaneOverlay)
        assert "Do we still have twenty minutes" in text_of(app, "#overlay-text")
        await pilot.press("escape")
        assert isinstance(app.screen, CallScreen)
        assert focused_input(pilot).value == "slow invoices"
        await pilot.press("f2")
        assert "required still open" in text_of(app, "#overlay-text")
        await pilot.press("f2")
        assert isinstance(app.screen, CallScreen)
        assert focused_input(pilot).id == "answer"
        # A peek: typing closes it and goes on in the answer; a footer key works under it.
        await pilot.press("f3")
        await burst(pilot, *" today")
        assert isinstance(app.screen, CallScreen)
        assert focused_input(pilot).value == "slow invoices today"
        await pilot.press("f2")
        await burst(pilot, "ctrl+e", *"thu 3pm")
        assert isinstance(app.screen, NextStepScreen)
        assert app.screen.query_one("#f-when", Input).value == "thu 3pm"


async def test_the_captured_overlay_opens_on_the_newest_and_scrolls_by_page(
    data_dir, small_playbook
):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "y")
        for n in range(30):
            await type_text(pilot, f"problem number {n}")
        await pilot.press("f3")
        await pilot.pause()
        box = app.screen.query_one("#overlay-box")
        assert box.max_scroll_y > 0
        assert box.scroll_y == box.max_scroll_y
        assert "problem number 29" in text_of(app, "#overlay-text")
        await pilot.press("home")
        assert box.scroll_y == 0
        await burst(pilot, *["down"] * 10)
        assert box.scroll_y == 10
        await pilot.press("pagedown")
        assert box.scroll_y > 10
        await pilot.press("end")
        assert box.scroll_y == box.max_scroll_y


async def test_medium_folds_playbook_and_captured_into_one_pane(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert on_screen(app, "#captured-box") and not on_screen(app, "#playbook-box")
        await pilot.press("f2")
        await pilot.pause()
        assert on_screen(app, "#playbook-box") and not on_screen(app, "#captured-box")
        await pilot.press("f3")
        await pilot.pause()
        assert on_screen(app, "#captured-box")
        assert focused_input(pilot).id == "answer"


async def test_captured_uses_the_reps_words_and_follows_the_newest(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(160, 30)) as pilot:
        await type_text(pilot, "y")
        for n in range(30):
            await type_text(pilot, f"problem number {n}")
        await pilot.pause()
        captured = text_of(app, "#captured")
        assert "Do we still have twenty minutes" in captured
        assert "time_ok" not in captured
        box = app.screen.query_one("#captured-box")
        assert box.max_scroll_y > 0
        assert box.scroll_y == box.max_scroll_y
        await pilot.resize_terminal(120, 24)  # wraps longer: the newest stay in view
        await pilot.pause()
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y


async def test_the_narrow_status_cuts_the_section_title_never_the_saved_state(
    data_dir, small_playbook_path
):
    from callmate.core.playbook_loader import load_playbook

    long_title = "Agenda, what we cover, in what order and how long we have for it today"
    small_playbook_path.write_text(
        small_playbook_path.read_text(encoding="utf-8").replace(
            "    title: Agenda\n", f"    title: {long_title}\n"
        ),
        encoding="utf-8",
    )
    app = call_app(data_dir, load_playbook(small_playbook_path))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        status = app.screen.query_one("#statusline")
        shown = status.render_line(0).text
        for part in ("✓ saved", "00:00 of 20m", "3 required open"):
            assert part in shown, shown
        assert long_title not in shown  # the part the ellipsis takes


async def test_an_item_added_after_a_jump_back_is_the_newest_entry_in_view(
    data_dir, small_playbook
):
    from datetime import timedelta

    from callmate.store import Store
    from callmate.tui.app import CallmateApp, CallRequest
    from tests.tui.helpers import StepClock

    clock = StepClock()
    request = CallRequest(small_playbook, "Pat Quill", "Hollow Pines Dental")
    app = CallmateApp(Store(data_dir), start=request, clock=clock)
    async with app.run_test(size=(160, 30)) as pilot:
        await type_text(pilot, "y")
        await type_text(pilot, "p: slow invoices")
        await type_text(pilot, "")  # done with the list
        await type_text(pilot, "y")  # big enough
        await type_text(pilot, "1")  # start this month
        await type_text(pilot, "note this", enter=False)
        await pilot.press("ctrl+u")
        await pilot.press("ctrl+g", "down", "enter")  # back to discovery
        clock.at += timedelta(minutes=5)
        await type_text(pilot, "w: NEWEST WANT")
        await pilot.pause()
        captured = text_of(app, "#captured")
        assert captured.rstrip().endswith("NEWEST WANT"), captured
        assert "What is getting in the way" in captured  # the POWN items under their question
        box = app.screen.query_one("#captured-box")
        assert box.scroll_y == box.max_scroll_y


async def test_only_the_top_dialogs_keys_show_under_it(data_dir, small_playbook):
    from callmate.tui.screens.call_end import NotConnectedScreen
    from callmate.tui.widgets.footer import WrappingFooter

    def shown_footers(app) -> list[str]:
        return [
            type(screen).__name__
            for screen in app.screen_stack
            for footer in screen.query(WrappingFooter)
            if footer.display
        ]

    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "y")
        assert shown_footers(app) == ["CallScreen"]
        await pilot.press("ctrl+e")
        assert shown_footers(app) == ["NextStepScreen"]
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, NotConnectedScreen)
        assert shown_footers(app) == ["NotConnectedScreen"]
        await pilot.press("escape")
        assert shown_footers(app) == ["NextStepScreen"]
        await pilot.press("escape")
        assert shown_footers(app) == ["CallScreen"]
        await pilot.press("f3")  # an overlay has no keys of its own: the call's stay
        assert shown_footers(app) == ["CallScreen"]


LONG_QUESTIONS = """\
format: 1
name: long
title: Long questions
objective: Agree a dated next step with {prospect}.
sections:
  - id: discovery
    title: Discovery
    kind: powns
    questions:
      - id: playback
        prompt: >-
          Let me check I have got it: the scheduling system double-books hygienists on Mondays,
          every Monday someone spends the morning calling patients to move them, leaving it
          costs you about forty thousand dollars a year in missed appointments and overtime,
          and you would like this fixed before the busy season starts in March, with the front
          desk trained on it by then and the old calendar switched off. Fair summary?
        capture: yes_no
      - id: channel
        prompt: Which of these fits how your team would want to hear from us next?
        capture: choice
        choices:
          - a short video walkthrough they can watch when the clinic is quiet in the evening
          - a live demo with the office manager and the two senior hygienists on a Friday
          - a written proposal with the numbers for the partners to read before their meeting
          - a visit to a clinic of the same size that has used it for at least a whole year
          - a trial on one chair for two weeks with someone from our side there every morning
          - nothing for now, but a call in the new year when the budget for next year is set
"""


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (100, 30), (160, 50)])
async def test_a_long_question_shows_whole_above_its_answer_field(data_dir, tmp_path, size):
    from callmate.core.playbook_loader import load_playbook

    path = tmp_path / "long.yaml"
    path.write_text(LONG_QUESTIONS, encoding="utf-8")
    app = call_app(data_dir, load_playbook(path))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        box = app.screen.query_one("#prompt-box")
        if size != (60, 20):  # 60x20 has too few rows for it: it scrolls in its box there
            assert box.max_scroll_y == 0, "the question is cut"
        assert "Fair summary?" in text_of(app, "#prompt")
        assert on_screen(app, "#answer")
        await type_text(pilot, "y")  # six long choices: the field stays on screen
        await pilot.pause()
        assert on_screen(app, "#answer")
        assert on_screen(app, "#prompt")
        await type_text(pilot, "6")
        assert app.screen.session.record.answers["channel"].value.startswith("nothing for now")


async def test_captured_lines_that_wrap_or_continue_stay_under_their_answer(
    data_dir, small_playbook
):
    from callmate.tui.text import Hanging

    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(160, 40)) as pilot:
        await type_text(pilot, "y")
        await type_text(pilot, "the scheduling system double-books hygienists on Mondays and more")
        await pilot.press("ctrl+o")
        await paste(pilot, "owner away\nback on the 5th")
        await pilot.press("enter")  # the pasted lines wait in the note's field for Enter
        await pilot.pause()
        rendered = app.screen.query_one("#captured").render()
        assert isinstance(rendered, Hanging)
        rows = rendered.laid_out(30).plain.split("\n")
        labels = {"Captured", "Do we still have twenty minutes", "What is getting in the way"}
        assert {row for row in rows if row and not row.startswith(" ")} == labels | {"Note"}
        assert "  back on the 5th" in rows  # a pasted note's second line, under the note


def box_rows(app) -> list[str]:
    """The rows of the question's box as the terminal shows them, inside its border."""
    box = app.screen.query_one("#prompt-box")
    region = box.region.shrink(box.styles.gutter)
    strips = app.screen._compositor.render_strips()
    return [strips[y].text[region.x : region.right].strip() for y in range(region.y, region.bottom)]


def first_words(app) -> str:
    """The first words shown in the question's box (its blank padding rows skipped)."""
    return next(row for row in box_rows(app) if row)


async def test_a_small_box_shows_the_question_from_its_start_not_the_intros_tail(
    data_dir, small_playbook_path
):
    """A section's intro that does not fit beside the question is shortened (it ends in "…")
    or left out: the box never opens on the intro's last words, and the question is read from
    its first word."""
    from callmate.core.playbook_loader import load_playbook

    intro = "Ask, then stay quiet for a while. " * 12
    text = small_playbook_path.read_text(encoding="utf-8").replace(
        "    kind: powns\n", f"    kind: powns\n    intro: {intro}\n", 1
    )
    small_playbook_path.write_text(text, encoding="utf-8")
    app = call_app(data_dir, load_playbook(small_playbook_path))
    async with app.run_test(size=(60, 20)) as pilot:
        await type_text(pilot, "y")
        await pilot.pause()
        rows = box_rows(app)
        shown = " ".join(row for row in rows if row)
        assert "What is getting in the way?" in shown  # the question, whole
        assert first_words(app).startswith(("Ask, then stay quiet", "What is getting"))
        assert app.screen.query_one("#prompt-box").scroll_y == 0
        assert on_screen(app, "#answer")


async def test_an_entered_item_does_not_scroll_the_question_to_the_intros_tail(data_dir):
    """The reviewer's 60x20 walk: the bundled playbook's discovery question, two items; the
    message under the field takes a row from the box, which opened on '▊ the time.'."""
    from tests.tui.helpers import bundled_playbook

    app = call_app(data_dir, bundled_playbook("first-discovery"))
    async with app.run_test(size=(60, 20)) as pilot:
        app.screen.session.jump("powns", app.clock())
        app.screen.after_change(prefill=True)
        await pilot.pause()
        for item in ("p: reminder calls", "p: no-shows"):
            await type_text(pilot, item)
            await pilot.pause()
            await pilot.pause()
            first = first_words(app)
            assert first.startswith(("Ask, then stay quiet", "What's getting in the way")), first
            assert "What's getting in the way" in " ".join(box_rows(app))
            assert on_screen(app, "#message")  # "✓ problem: … · 1 so far", the first time too


@pytest.mark.parametrize("size", [(60, 16), (60, 20), (80, 24)])
async def test_a_long_prospect_name_leaves_the_first_question_readable_from_its_start(
    data_dir, size
):
    from callmate.core.catalog import resolve_playbook
    from callmate.core.playbook_loader import load_playbook
    from callmate.store import Store
    from callmate.tui.app import CallmateApp, CallRequest
    from tests.tui.helpers import StepClock

    name = "Alexandria " * 18 + "Quill"  # 200 characters
    request = CallRequest(load_playbook(resolve_playbook("first-discovery")), name, "Dental")
    app = CallmateApp(Store(data_dir), start=request, clock=StepClock())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        first = first_words(app)
        assert first.startswith(("Thanks for making the time", "We booked half an hour")), first
        assert "We booked half an hour" in " ".join(box_rows(app))
        assert on_screen(app, "#answer")


async def test_long_choices_after_a_short_question_leave_the_answer_field_on_screen(
    data_dir, tmp_path
):
    """At 60x20, ten long choices after a yes/no: the key line's new height is what the
    question's box is fitted against (its old, one-line size pushed the field off), and the
    next question's prompt gets its rows back."""
    from callmate.core.playbook_loader import load_playbook
    from tests.conftest import SMALL_PLAYBOOK

    choices = ", ".join(
        f"choice {n} which a trainer wrote out at some length for the rep" for n in range(1, 9)
    )
    path = tmp_path / "long.yaml"
    path.write_text(
        SMALL_PLAYBOOK.replace(
            "choices: [this month, this quarter, no timeline]", f"choices: [{choices}]"
        )
        .replace("weak: [no timeline]", "")
        .replace("          - when: no timeline\n            goto: discovery\n", "")
        .replace("            say: Re-establish the pain first.\n", ""),
        encoding="utf-8",
    )
    app = call_app(data_dir, load_playbook(path))
    async with app.run_test(size=(60, 20)) as pilot:
        await type_text(pilot, "y")
        await type_text(pilot, "month-end close takes nine days and the team works weekends")
        await type_text(pilot, "")
        await type_text(pilot, "y")
        main = app.screen.query_one("#main").region
        assert app.screen.session.current().id == "start_when"
        await pilot.pause()
        assert app.screen.query_one("#answer").region.bottom <= main.bottom  # not under the footer
        await type_text(pilot, "2")
        assert app.screen.session.current().id == "urgency"
        await pilot.pause()
        assert app.screen.query_one("#answer").region.bottom <= main.bottom
        box = app.screen.query_one("#prompt-box")
        assert box.max_scroll_y == 0, "the short prompt shows whole, not scrolled in a small box"


async def test_a_card_with_many_probes_shows_whole_on_a_tall_terminal(data_dir, tmp_path):
    """A trainer's card with ten probes: at 160x50 it takes the free rows under the question
    (it was cut after five, at a fixed 14 rows, with twenty empty rows below)."""
    from callmate.core.playbook_loader import load_playbook
    from tests.conftest import SMALL_PLAYBOOK

    probes = ", ".join(f"Probe {n} for the rep to ask" for n in range(1, 11))
    path = tmp_path / "probes.yaml"
    path.write_text(
        SMALL_PLAYBOOK.replace(
            "    response: Compared with what {problems} costs you now?\n",
            "    response: Compared with what {problems} costs you now?\n"
            f"    probes: [{probes}]\n",
        ),
        encoding="utf-8",
    )
    app = call_app(data_dir, load_playbook(path))
    async with app.run_test(size=(160, 50)) as pilot:
        app.screen.session.raise_objection("price", app.screen.clock())
        app.screen.after_change(prefill=False)
        await pilot.pause()
        card = text_of(app, "#card")
        assert "Probe 10 for the rep to ask" in card
        assert app.screen.query_one("#card-box").max_scroll_y == 0  # whole, not scrolled away
        assert on_screen(app, "#card-box")
