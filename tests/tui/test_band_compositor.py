"""The call screen's compositor repaints only the rows that changed, and sends the same text.

callmate.tui.widgets.band_compositor cuts the work of a partial repaint (a key echoed in the
answer field) to the widgets and rows where the change is. What reaches the terminal must be
exactly what Textual's own compositor sends for the same change: compared here for every widget
on the call screen, for single rows and for areas that straddle panes, at several sizes.
"""

from __future__ import annotations

import pytest
from textual._compositor import Compositor
from textual.geometry import Region

from callmate.tui.widgets.band_compositor import BandCompositor
from tests.tui.helpers import call_app, type_text


def sent_for(compositor: Compositor, app, change: Region) -> str:
    compositor._dirty_regions = {change}
    update = compositor.render_partial_update()
    assert update is not None
    return update.render_segments(app.console)


def changes_on(screen) -> list[Region]:
    """Every widget's area, its first row alone, and a block across the middle of the screen."""
    width, height = screen.size
    changes = [Region(width // 4, height // 3, width // 2, 3), Region(0, 0, width, height)]
    for _widget, (region, clip) in screen._compositor.visible_widgets.items():
        shown = region.intersection(clip)
        if shown:
            changes += [shown, Region(shown.x, shown.y, shown.width, 1)]
    return changes


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 50)])
async def test_a_partial_repaint_sends_what_textual_sends(data_dir, small_playbook, size):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=size) as pilot:
        await pilot.press("ctrl+g", "down", "down", "enter")  # commitment, no pain agreed: a cue
        await pilot.press("ctrl+t")
        await type_text(pilot, "send me")
        await type_text(pilot, "half typed", enter=False)
        await pilot.pause()
        screen = app.screen
        band = screen._compositor
        assert isinstance(band, BandCompositor)
        plain = Compositor()
        plain.reflow(screen, screen.size)
        for change in changes_on(screen):
            assert sent_for(band, app, change) == sent_for(plain, app, change), change


async def test_a_key_repaints_only_the_rows_of_the_answer_field(data_dir, small_playbook):
    """What makes it cheaper: a key asks few widgets for few rows."""
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_text(pilot, "y")
        screen = app.screen
        answer = screen.query_one("#answer")
        asked: list[tuple[object, int]] = []
        for widget in screen._compositor.visible_widgets:
            render_lines = widget.render_lines

            def spy(crop, widget=widget, render_lines=render_lines):
                asked.append((widget, crop.height))
                return render_lines(crop)

            widget.render_lines = spy
        sent_for(screen._compositor, app, answer.region)
        assert answer in [w for w, _ in asked]
        assert all(rows <= answer.region.height for _, rows in asked)
        # The field and the containers behind it; not the panes beside it (34 widgets showing).
        assert {w.id for w, _ in asked} == {"answer", "main", "body", None}
