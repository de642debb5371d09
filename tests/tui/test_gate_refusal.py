"""A refused save's words leave once the rep changes the step: the "Not saved" box never
stands beside a fresh "✓ Advance" verdict."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from callmate.core.playbook import Playbook
from tests.tui.helpers import call_app, type_text


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_changing_a_refused_step_into_an_advance_clears_the_refusal(
    data_dir: Path, small_playbook: Playbook
) -> None:
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("ctrl+e")
        await type_text(pilot, "tomorrow 10am")
        await type_text(pilot, "send me some info")
        await type_text(pilot, "read it", enter=False)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Not saved" in shown(app, "#refused")
        assert app.screen.query_one("#continuation-box").display
        what = app.screen.query_one("#f-what", Input)
        what.focus()
        await pilot.pause()
        what.value = "Review the proposal together on a booked call"
        await pilot.pause()
        their = app.screen.query_one("#f-their_commitment", Input)
        their.value = "bring last month's invoices and their finance lead"
        await pilot.pause()
        assert "✓ Advance" in shown(app, "#review")
        assert shown(app, "#refused") == ""
        assert not app.screen.query_one("#continuation-box").display
