"""The history, session and stats screens on a real store: rows, filters, the view, copy keys."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import DataTable, Input

from callmate.export.markdown import render_markdown
from callmate.export.summary import build_summary
from callmate.store import Store
from callmate.tui.screens.history import HistoryScreen
from callmate.tui.screens.session_view import SessionView
from callmate.tui.screens.stats import StatsScreen
from tests.conftest import START
from tests.tui.helpers import StepClock, type_text
from tests.unit.export_support import discovery_playbook, finished_call

HOSTILE_NAME = "[bold]Eve[/] [@click=app.quit]x[/]"
HOSTILE_NOTE = "ask about [@click=app.quit]x[/] and [bold]"
SIZE = (150, 40)


class ScreenApp(App[None]):
    """Just enough app to hold one screen, with the clipboard Textual keeps for tests."""

    def __init__(self, screen: Screen[None]) -> None:
        super().__init__()
        self.first = screen

    def on_mount(self) -> None:
        self.push_screen(self.first)


@pytest.fixture
def store(data_dir: Path) -> Store:
    """Three calls, newest first: an unfinished live one, a practice one with a hostile name and
    note, and a live one from six weeks ago."""
    playbook = discovery_playbook()
    store = Store(data_dir)
    store.save(
        finished_call(
            playbook,
            START - timedelta(weeks=6),
            prospect="Pat Quill",
            notes=["budget lives with the regional office"],
        )
    )
    store.save(
        finished_call(
            playbook,
            START - timedelta(days=1),
            prospect=HOSTILE_NAME,
            company="Evil Corp",
            mode="practice",
            notes=[HOSTILE_NOTE],
        )
    )
    store.save(finished_call(playbook, START, prospect="Robin Harrow", company="Bright", step=None))
    return store


def history_app(store: Store) -> ScreenApp:
    return ScreenApp(HistoryScreen(store, StepClock()))


def table_of(app: App[None]) -> DataTable[Any]:
    return app.screen.query_one("#history-table", DataTable)


def prospects_shown(app: App[None]) -> list[str]:
    table = table_of(app)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


def table_text(app: App[None]) -> str:
    """What the table draws on screen, line by line."""
    table = table_of(app)
    return "\n".join(table.render_line(y).text for y in range(table.size.height))


def view_text(app: App[None]) -> str:
    return "\n".join(str(block.render()) for block in app.screen.query(".session-block"))


async def test_rows_newest_first_with_every_column(store: Store):
    app = history_app(store)
    async with app.run_test(size=SIZE):
        assert prospects_shown(app) == ["Robin Harrow", HOSTILE_NAME, "Pat Quill"]
        first = [str(cell) for cell in table_of(app).get_row_at(0)]
        assert first == [
            "2026-11-23 10:00", "Robin Harrow", "Bright", "first-discovery", "live",
            "in progress", "-", "-",
        ]  # fmt: skip
        assert str(table_of(app).get_row_at(1)[6]) == "2026-11-24 10:00"
        assert "3 of 3 calls" in str(app.screen.query_one("#history-status").render())
        assert HOSTILE_NAME[:21] in table_text(app)  # drawn literally, not read as markup


async def test_typing_narrows_by_name_company_or_playbook(store: Store):
    app = history_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "hollow", enter=False)
        assert prospects_shown(app) == ["Pat Quill"]
        assert "1 of 3 calls" in str(app.screen.query_one("#history-status").render())
        app.screen.query_one("#history-filter", Input).value = "FIRST-disc"
        await pilot.pause()
        assert len(prospects_shown(app)) == 3
        app.screen.query_one("#history-filter", Input).value = "regional office"
        await pilot.pause()
        assert prospects_shown(app) == []  # note text needs the deeper search


async def test_mode_and_status_keys_cycle_filters(store: Store):
    app = history_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        assert prospects_shown(app) == ["Robin Harrow", "Pat Quill"]
        await pilot.press("ctrl+t")
        assert prospects_shown(app) == [HOSTILE_NAME]
        await pilot.press("ctrl+t", "ctrl+s")
        assert prospects_shown(app) == ["Robin Harrow"]
        await pilot.press("ctrl+s")
        assert prospects_shown(app) == [HOSTILE_NAME, "Pat Quill"]
        assert "status: completed" in str(app.screen.query_one("#history-status").render())


async def test_period_key_narrows_to_recent_calls(store: Store):
    app = history_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")  # the last 7 days: the call from six weeks ago drops out
        assert prospects_shown(app) == ["Robin Harrow", HOSTILE_NAME]
        assert "period: last 7 days" in str(app.screen.query_one("#history-status").render())
        await pilot.press("ctrl+o", "ctrl+o")  # last 90 days
        assert len(prospects_shown(app)) == 3
        await pilot.press("ctrl+o")  # back to all: the status line names only what narrows
        assert str(app.screen.query_one("#history-status").render()) == "3 of 3 calls"


async def test_search_inside_notes_runs_in_the_background(store: Store):
    app = history_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "REGIONAL", enter=False)
        assert prospects_shown(app) == []
        await pilot.press("ctrl+f")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert prospects_shown(app) == ["Pat Quill"]
        status = str(app.screen.query_one("#history-status").render())
        assert status == "1 of 3 calls  ·  searching inside answers, notes and next steps"
        await pilot.press("backspace")  # "REGIONA": served from the cached call text
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert prospects_shown(app) == ["Pat Quill"]
        await pilot.press("ctrl+f")
        assert prospects_shown(app) == []


async def test_enter_opens_the_call_and_escape_comes_back(store: Store):
    app = history_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "pat")  # Enter in the filter moves to the table
        assert app.focused is table_of(app)
        await pilot.press("enter")
        assert isinstance(app.screen, SessionView)
        assert app.screen.record.prospect == "Pat Quill"
        assert "budget lives with the regional office" in view_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)
        assert prospects_shown(app) == ["Pat Quill"]
        assert app.focused is table_of(app)
        await pilot.press("slash")  # back to the filter, which keeps what was typed
        assert app.focused is app.screen.query_one("#history-filter", Input)
        await type_text(pilot, "/", enter=False)
        assert app.screen.query_one("#history-filter", Input).value == "pat/"


async def test_view_shows_hostile_text_literally_and_copies_markdown(store: Store):
    app = history_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t", "ctrl+t", "enter", "enter")  # practice only, open it
        view = app.screen
        assert isinstance(view, SessionView)
        text = view_text(app)
        assert f"Call with {HOSTILE_NAME}, Evil Corp" in text
        assert HOSTILE_NOTE in text
        await pilot.press("c")
        expected = render_markdown(build_summary(view.record, discovery_playbook()))
        assert app.clipboard == expected
        assert app.clipboard.startswith("# Call with \\[bold]Eve")
        messages = [n.message for n in app._notifications]
        said = f"Summary of the call with {HOSTILE_NAME} sent to your terminal's clipboard."
        assert any(m.startswith(said) for m in messages), "never 'copied': OSC 52 may be ignored"
        assert any(f"`callmate show {view.record.id}` prints it" in m for m in messages)


async def test_copy_email_needs_a_next_step(store: Store):
    app = history_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")  # the unfinished call, first row
        assert app.screen.record.status == "in_progress"
        await pilot.press("e")
        assert app.clipboard == ""
        assert any("no next step" in n.message for n in app._notifications)
        await pilot.press("escape", "down", "down", "enter", "e")  # Pat Quill's finished call
        assert app.clipboard.startswith("Subject: Our next step on ")
        assert "Hi Pat," in app.clipboard
        printed = f"`callmate export {app.screen.record.id} --email` prints it"
        assert any(printed in n.message for n in app._notifications)


async def test_scorecard_for_finished_calls_live_or_practice(store: Store):
    app = history_app(store)
    async with app.run_test(size=SIZE) as pilot:
        table_of(app).focus()
        for row, mode, scored in [(0, "live", False), (1, "practice", True), (2, "live", True)]:
            table_of(app).move_cursor(row=row)
            await pilot.press("enter")
            assert app.screen.record.mode == mode
            text = view_text(app)
            assert ("Scorecard" in text) is scored
            if scored:
                assert "/ 100" in text and "Agenda set at the start" in text
            await pilot.press("escape")


async def test_stats_switch_period(store: Store):
    app = ScreenApp(StatsScreen(store, StepClock()))
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()

        def chart() -> str:
            return str(app.screen.query_one("#stats-chart").render())

        def period() -> str:
            return str(app.screen.query_one("#stats-period").render())

        assert "all calls" in period()
        assert "(2 calls, 1 finished conversation)" in chart()  # practice is left out
        assert "█" in chart()
        await pilot.press("p")
        assert "last 4 weeks" in period()
        assert "since 2026-10-27 (1 call, 0 finished conversations)" in chart()
        await pilot.press("p")
        assert "last 12 weeks" in period()
        assert "(2 calls, 1 finished conversation)" in chart()
        await pilot.press("p")
        assert "all calls" in period()


async def test_empty_store_shows_empty_screens(data_dir: Path):
    store = Store(data_dir)
    app = history_app(store)
    async with app.run_test(size=SIZE):
        assert table_of(app).row_count == 0
        assert "0 of 0 calls" in str(app.screen.query_one("#history-status").render())
    app = ScreenApp(StatsScreen(store, StepClock()))
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "no live calls yet" in str(app.screen.query_one("#stats-chart").render())


async def test_the_count_says_a_discarded_call_is_hidden_not_filtered_out(data_dir: Path):
    from callmate.core.session import CallSession

    playbook = discovery_playbook()
    store = Store(data_dir)
    store.save(finished_call(playbook, START, prospect="Pat Quill"))
    mistake = CallSession.start(playbook, "Wrong Number", "", START)
    mistake.discard(START, "started by mistake")
    store.save(mistake.record)
    app = history_app(store)
    async with app.run_test(size=SIZE) as pilot:

        def status() -> str:
            return str(app.screen.query_one("#history-status").render())

        assert prospects_shown(app) == ["Pat Quill"]
        assert status() == "1 of 1 call (1 discarded hidden)"
        await pilot.press("ctrl+s", "ctrl+s", "ctrl+s")  # status: discarded
        assert prospects_shown(app) == ["Wrong Number"]
        assert status() == "1 of 2 calls  ·  status: discarded"
