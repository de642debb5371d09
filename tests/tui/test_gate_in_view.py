"""The next-step dialog in a small terminal: the field being typed in, with the lines under it
(the date read back, the advance verdict), stays in view however fast the rep types and tabs;
one scrollbar shows, never two side by side."""

from __future__ import annotations

import pytest
from textual.containers import ScrollableContainer
from textual.widget import Widget
from textual.widgets import Input

from tests.tui.bursts import burst, keys_of
from tests.tui.helpers import bundled_playbook, call_app

SIZES = [(80, 24), (60, 20)]


def in_view(dialog: Widget, *widgets: Widget) -> bool:
    """Every widget drawn and wholly inside the dialog's visible inside."""
    inside = dialog.scrollable_content_region
    return all(w.region.height > 0 and inside.contains_region(w.region) for w in widgets)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_field_typed_in_and_its_verdict_stay_in_view(data_dir, size):
    app = call_app(data_dir, bundled_playbook("first-discovery"))
    async with app.run_test(size=size) as pilot:
        await pilot.press("ctrl+e")
        await burst(
            pilot, *keys_of("tomorrow 10am"), "tab", "tab", *keys_of("bring the invoice numbers")
        )
        screen = app.screen
        dialog = screen.query_one("#dialog")
        theirs = screen.query_one("#f-their_commitment", Input)
        review = screen.query_one("#review")
        assert app.focused is theirs and theirs.value == "bring the invoice numbers"
        assert "Advance" in str(review.render()) or "advance" in str(review.render())
        assert in_view(dialog, theirs, review), (dialog.scrollable_content_region, review.region)
        await burst(pilot, "tab", *keys_of("send the quote"), "tab", *keys_of("Zoom"))
        channel = screen.query_one("#f-channel", Input)
        assert app.focused is channel and channel.value == "Zoom"
        assert screen.query_one("#f-our_commitment", Input).value == "send the quote"
        assert in_view(dialog, channel, screen.query_one("#e-channel"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_date_read_back_stays_in_view_under_the_date(data_dir, size):
    app = call_app(data_dir, bundled_playbook("first-discovery"))
    async with app.run_test(size=size) as pilot:
        await pilot.press("ctrl+e")
        await burst(pilot, *keys_of("tomorrow 10am"))
        screen = app.screen
        when, read_back = screen.query_one("#f-when", Input), screen.query_one("#e-when")
        assert "tomorrow 10:00" in str(read_back.render())
        assert in_view(screen.query_one("#dialog"), when, read_back)


async def test_one_scrollbar_in_the_gate_at_80x24(data_dir):
    app = call_app(data_dir, bundled_playbook("first-discovery"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+e")
        await burst(pilot, *keys_of("tomorrow 10am"), "tab", "tab", *keys_of("bring them"))
        showing = [
            w
            for w in [app.screen, *app.screen.walk_children()]
            if isinstance(w, Widget) and w.display and w.show_vertical_scrollbar
        ]
        assert [w.id for w in showing] == ["dialog"], showing
        assert all(isinstance(w, ScrollableContainer) for w in showing)
