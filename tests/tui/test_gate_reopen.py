"""The gate reopened on its kept draft: each field it restores comes back selected, as a
recorded answer does on the call screen: typing replaces it, End keeps it to edit."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from callmate.core.playbook import Playbook
from callmate.tui.screens.next_step import NextStepScreen
from tests.tui.helpers import call_app, type_text


def field(app, name: str) -> Input:
    return app.screen.query_one(f"#f-{name}", Input)


async def reopened(pilot) -> None:
    await pilot.press("escape")
    await pilot.pause()
    await pilot.press("ctrl+e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, NextStepScreen)


async def test_typing_in_a_restored_field_replaces_it(
    data_dir: Path, small_playbook: Playbook
) -> None:
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+e")
        await type_text(pilot, "tomorrow 10am")
        await type_text(pilot, "send me some info", enter=False)
        await reopened(pilot)
        await type_text(pilot, "tomorrow 11am")
        assert field(app, "when").value == "tomorrow 11am"
        assert "didn't understand" not in str(app.screen.query_one("#e-when").render())
        await type_text(pilot, "Review the proposal together", enter=False)
        assert field(app, "what").value == "Review the proposal together"


async def test_end_keeps_a_restored_field_to_edit_and_it_stays_the_reps_own(
    data_dir: Path, small_playbook: Playbook
) -> None:
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+e")
        await type_text(pilot, "tomorrow 10", enter=False)
        await reopened(pilot)
        await pilot.press("end")
        await type_text(pilot, "am", enter=False)
        assert field(app, "when").value == "tomorrow 10am"
        await pilot.press("tab", "shift+tab")  # away and back: the rep's own text now
        await type_text(pilot, "x", enter=False)
        assert field(app, "when").value == "tomorrow 10amx"
