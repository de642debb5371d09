"""History columns hold their width with long names; the whole name is in the detail line."""

from __future__ import annotations

from textual.widgets import DataTable

from callmate.store import Store
from callmate.tui.screens.history import HistoryScreen
from callmate.tui.screens.session_view import SessionView
from tests.conftest import START
from tests.tui.helpers import StepClock
from tests.tui.test_history_screens import ScreenApp
from tests.unit.export_support import discovery_playbook, finished_call

LONG_NAME = "Bartholomew " * 16 + "Quill"  # about 200 characters


def table_text(app) -> str:
    table = app.screen.query_one("#history-table", DataTable)
    return "\n".join(table.render_line(y).text for y in range(table.size.height))


async def test_a_long_name_keeps_every_column_on_screen(data_dir):
    store = Store(data_dir)
    record = finished_call(
        discovery_playbook(), START, prospect=LONG_NAME, notes=["line one\nline two"]
    )
    record.objections = [
        {
            "card": "price",
            "title": "Too expensive",
            "raised_at": START.isoformat(),
            "resolved_at": None,
        }
    ]
    store.save(record)
    app = ScreenApp(HistoryScreen(store, StepClock()))
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        text = table_text(app)
        header = text.splitlines()[0]
        for column in ("Prospect", "Company", "Status", "Due", "Next step"):
            assert column in header
        assert "completed" in text
        assert "20-minute call" in text
        assert LONG_NAME not in text  # cut short with an ellipsis, not pushing columns away
        assert "Bartholomew Bartholom…" in text
        await pilot.press("down")  # into the table: the highlighted call in full below it
        await pilot.pause()
        detail = str(app.screen.query_one("#history-detail").render())
        assert LONG_NAME in " ".join(detail.split())
        assert "20-minute call to go through the quote" in detail
        await pilot.press("enter")
        assert isinstance(app.screen, SessionView)
        view = "\n".join(str(b.render()) for b in app.screen.query(".session-block"))
        assert "line one\n  line two" in view
        assert "Too expensive" in view and "still open" in view


async def test_a_narrow_terminal_keeps_who_when_status_and_next_step(data_dir):
    store = Store(data_dir)
    store.save(finished_call(discovery_playbook(), START, prospect=LONG_NAME))
    app = ScreenApp(HistoryScreen(store, StepClock()))
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        for width in (80, 100, 60, 120):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            table = app.screen.query_one("#history-table", DataTable)
            header, row = table_text(app).splitlines()[:2]
            for column in ("Started", "Prospect", "Status", "Next step"):
                assert column in header, (width, header)
            assert "completed" in row and "20-minute" in row, (width, row)
            assert table.virtual_size.width <= table.size.width, width  # nothing off screen
        await pilot.press("down")
        await pilot.pause()
        detail = " ".join(str(app.screen.query_one("#history-detail").render()).split())
        assert "Hollow Pines Dental" in detail and "first-discovery" in detail  # left-out columns


#: As long as a call keeps a name (a 207-character one typed is kept to its first 200).
NAME_200 = ("Alexandrina Bartholomew-Quill " * 7)[:200]


def detail_text(app) -> str:
    """What the detail under the list draws on screen (cut where its box ends)."""
    detail = app.screen.query_one("#history-detail")
    return "\n".join(detail.render_line(y).text for y in range(detail.size.height))


async def test_the_detail_shows_a_long_name_whole_and_the_next_step_on_a_small_terminal(
    data_dir,
):
    store = Store(data_dir)
    store.save(finished_call(discovery_playbook(), START, prospect=NAME_200))
    store.save(finished_call(discovery_playbook(), START, prospect="Pat Quill"))
    app = ScreenApp(HistoryScreen(store, StepClock()))
    async with app.run_test(size=(80, 24)) as pilot:
        for size in ((80, 24), (60, 20), (160, 50)):
            await pilot.resize_terminal(*size)
            app.screen.query_one("#history-table", DataTable).focus()
            await pilot.pause()
            table = app.screen.query_one("#history-table", DataTable)
            table.move_cursor(row=1 if table.get_row_at(0)[1].plain == "Pat Quill" else 0)
            await pilot.pause()
            drawn = detail_text(app)
            assert NAME_200 in " ".join(drawn.split()), (size, drawn)
            assert "…" not in drawn, size
            assert "Next step:" in drawn and "20-minute call" in drawn, (size, drawn)
            assert table.size.height >= 6, size  # the list keeps a header and rows to move in
