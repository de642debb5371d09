"""What the call screen fits into the sizes reps use, as a reviewer found it cut or misdrawn:
the objective cut mid-sentence, the objection card's scrollbar outside its border and two of
its lines at 60x20, the answer's cursor out of view after a resize."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from callmate.tui.app import CallmateApp
from callmate.tui.screens.call import CallScreen
from tests.tui.bursts import burst, keys_of, settle
from tests.tui.helpers import bundled_playbook, call_app, type_text


def screen_rows(app: CallmateApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def call_screen(app: CallmateApp) -> CallScreen:
    screen = app.screen
    assert isinstance(screen, CallScreen)
    return screen


@pytest.mark.parametrize("width", [90, 100, 119])
async def test_a_long_objective_is_cut_visibly_and_whole_in_the_playbook_pane(
    data_dir: Path, width: int
) -> None:
    playbook = bundled_playbook("re-engage")
    objective = " ".join(playbook.objective.split())
    app = call_app(data_dir, playbook)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        first, second = (row.strip() for row in screen_rows(app)[:2])
        shown = f"{first} {second}".removeprefix("Objective: ")
        if shown != objective:  # whole, or seen to go on
            assert shown.endswith("…") and objective.startswith(shown[:-1]), (first, second)
        assert width >= 110 or shown.endswith("…")  # it needs three rows below about 110
        await pilot.press("f2")  # the playbook, in the pane beside the question
        await pilot.pause()
        pane = str(app.screen.query_one("#sections").render())
        assert objective in " ".join(pane.split())


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (90, 30), (120, 40)])
async def test_the_objection_card_scrolls_inside_its_border_and_shows_its_key(
    data_dir: Path, size: tuple[int, int]
) -> None:
    app = call_app(data_dir, bundled_playbook("first-discovery"))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        await type_text(pilot, "pricey")  # the picker's best match, Enter raises it
        await pilot.resize_terminal(*size)
        await settle(pilot)
        await pilot.pause()
        screen = call_screen(app)
        box = screen.query_one("#card-box")
        extras = screen.query_one("#extras")
        rows = screen_rows(app)
        # Nothing drawn right of the card's border: the area around it has no scrollbar.
        beside = [
            rows[y][box.region.right : extras.region.right]
            for y in range(box.region.y, box.region.bottom)
        ]
        assert all(not cells.strip() for cells in beside), beside
        card = rows[box.region.y : box.region.bottom]
        text = "\n".join(card)
        assert "Objection: It's too expensive" in text
        assert "• Go back to the cost of doing nothing" in text  # its first probe
        assert "ctrl+t → mark it worked through" in card[-1]  # its key, on its lower border
        assert box.region.bottom <= screen.query_one("#main").region.bottom


LONG_ANSWER = (
    "invoices take a long time to chase and the team spends about 2 weeks on it every month end"
)


@pytest.mark.parametrize("sizes", [[(120, 40)], [(90, 30), (60, 20)], [(60, 20), (160, 50)]])
async def test_the_answers_cursor_stays_in_view_after_a_resize(
    data_dir: Path, sizes: list[tuple[int, int]]
) -> None:
    app = call_app(data_dir, bundled_playbook("first-discovery"))
    async with app.run_test(size=(160, 50)) as pilot:
        await type_text(pilot, "y")
        await type_text(pilot, LONG_ANSWER, enter=False)
        field = app.screen.query_one("#answer", Input)
        for size in sizes:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            await pilot.pause()
            cursor = field.cursor_screen_offset
            # At the text's end the cursor is the cell after it (Input draws it in the padding).
            region = field.content_region
            assert region.x <= cursor.x <= region.right, (size, field.scroll_x)
            assert field.value == LONG_ANSWER
            shown = screen_rows(app)[cursor.y][field.content_region.x : cursor.x]
            assert LONG_ANSWER.endswith(shown.strip())  # the answer's end, up to the cursor


@pytest.mark.parametrize(
    ("key", "width", "column"),
    [("f2", 120, None), ("f3", 160, None), ("f4", 120, None), ("f2", 100, "-show-playbook")],
)
async def test_a_pane_overlay_closes_when_the_call_is_widened_to_show_the_pane(
    data_dir: Path, small_playbook, key: str, width: int, column: str | None
) -> None:
    from callmate.tui.widgets.pane_overlay import PaneOverlay

    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(key)
        assert isinstance(app.screen, PaneOverlay)
        await pilot.resize_terminal(width, 30)
        await settle(pilot)
        await pilot.pause()
        screen = call_screen(app)
        assert app.focused is screen.query_one("#answer")
        if column:
            assert screen.has_class(column)
        await burst(pilot, *keys_of("y"))
        assert screen.query_one("#answer", Input).value == "y"


async def test_a_pane_overlay_stays_open_while_the_call_is_still_too_narrow_for_it(
    data_dir: Path, small_playbook
) -> None:
    from callmate.tui.widgets.pane_overlay import PaneOverlay

    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.resize_terminal(100, 30)  # medium: the cues are not beside the question
        await settle(pilot)
        assert isinstance(app.screen, PaneOverlay)


async def test_the_line_about_pasted_items_goes_once_read(data_dir: Path, small_playbook) -> None:
    from tests.tui.bursts import paste

    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "y")
        message = app.screen.query_one("#message")
        await paste(pilot, "slow invoices\nno reporting\nlate payments")
        assert "Took 3 pasted lines as 3 items." in str(message.render())
        await burst(pilot, *keys_of("w"))  # typing the next item: it has been read
        assert not message.display
        await paste(pilot, "a\nb")
        assert "Took 2 pasted lines as 2 items." in str(message.render())
        await burst(pilot, "enter")  # the next question
        assert call_screen(app).session.current().id == "big_enough"  # type: ignore[union-attr]
        assert not message.display


async def test_a_branch_back_names_the_question_it_lands_on(data_dir: Path) -> None:
    app = call_app(data_dir, bundled_playbook("first-discovery"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+g", "down", "down", "enter")  # Agree it's worth fixing
        screen = call_screen(app)
        assert screen.session.current().id == "worth_fixing"  # type: ignore[union-attr]
        await burst(pilot, *keys_of("n\n"))
        assert screen.session.current().id == "problems"  # type: ignore[union-attr]
        coach = " ".join(str(screen.query_one("#coach").render()).split())
        assert "Back to their problems" in coach  # the playbook's words
        assert "Back to: Problems, in Discovery: problems, opportunities" in coach
        assert "Go back to impact and cost" not in coach


async def test_a_bulleted_paste_keeps_each_lines_tag_and_says_the_blank_lines(
    data_dir: Path, small_playbook
) -> None:
    """Notes copied from a document: bullets and numbers are no part of an item, and hid its
    own tag (filed '- w: online booking' as a problem); blank lines left out are said."""
    from tests.tui.bursts import paste

    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "y")
        message = app.screen.query_one("#message")
        await paste(pilot, "- w: online booking\n\n• o: fill cancellations\n  1. slow invoices  ")
        said = str(message.render())
        assert "Took 3 pasted lines as 3 items (1 blank line left out)." in said, said
        session = call_screen(app).session
        items = session.value("problems")
        assert [(i.tag, i.text) for i in items] == [  # type: ignore[union-attr]
            ("want", "online booking"),
            ("opportunity", "fill cancellations"),
            ("problem", "slow invoices"),
        ]
