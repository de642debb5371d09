"""The gate at the sizes a rep's terminal has: its heading in view on opening, and the empty
date field reads as a place to type (not blank rows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from callmate.core.playbook import Playbook
from callmate.tui.screens.next_step import NextStepScreen
from tests.tui.helpers import call_app, type_text


def screen_rows(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (160, 50)], ids=str)
async def test_the_gate_opens_with_its_heading_and_a_visible_date_field(
    data_dir: Path, small_playbook: Playbook, size: tuple[int, int]
) -> None:
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=size) as pilot:
        await type_text(pilot, "y")
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, NextStepScreen)
        shown = "\n".join(screen_rows(app))
        assert "Before this call ends" in shown
        assert "a day and a time" in shown  # the empty date field says what goes in it
