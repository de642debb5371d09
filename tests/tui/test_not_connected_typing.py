"""Keys typed on the "did not connect" outcomes after a refused one are not lost: a character
typed on the list goes, with the keys after it, into the retry's date."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from callmate.core.playbook import Playbook
from callmate.tui.screens.call_end import NotConnectedScreen
from tests.tui.bursts import burst, keys_of
from tests.tui.test_key_arrival import SIZE, Trickle


async def test_a_date_typed_after_a_refused_voicemail_lands_in_the_date(
    data_dir: Path, small_playbook: Playbook
) -> None:
    app = Trickle(data_dir, small_playbook, [], 0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, *keys_of("y\n"), "ctrl+e", "ctrl+o")
        assert isinstance(app.screen, NotConnectedScreen)
        await burst(pilot, "enter")  # voicemail: refused, the time check was answered
        assert "connected" in str(app.screen.query_one("#e-outcome").render())
        await burst(pilot, *keys_of("fri 10am"))
        assert app.screen.query_one("#when", Input).value == "fri 10am"
        assert app.focused is app.screen.query_one("#when", Input)


@pytest.mark.parametrize("per_message", [0, 1])
async def test_in_one_burst_the_keys_keep_their_order(
    data_dir: Path, small_playbook: Playbook, per_message: int
) -> None:
    typed = [*keys_of("y\n"), "ctrl+e", "ctrl+o", "enter", *keys_of("fri 10am")]
    app = Trickle(data_dir, small_playbook, typed, per_message)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.type_all(pilot)
        assert isinstance(app.screen, NotConnectedScreen)
        assert app.screen.query_one("#when", Input).value == "fri 10am"
