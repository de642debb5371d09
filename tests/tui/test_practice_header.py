""" "(practice)" stays on screen in the call header whatever the section title or names, at a
narrow and a wide terminal; a live call never shows it."""

from __future__ import annotations

import pytest

from callmate.core.catalog import resolve_playbook
from callmate.core.playbook_loader import load_playbook
from callmate.store import Store
from callmate.tui.app import CallmateApp, CallRequest
from tests.tui.helpers import StepClock

LONG_TITLE = "Agree the agenda and the purpose of this call before anything else happens at all"
LONG_NAME = "Dr Alexandra Konstantinopoulou-Smythe"
LONG_COMPANY = "Hollow Pines Dental and Orthodontics Group of the North"


@pytest.fixture
def long_titled(tmp_path):
    text = resolve_playbook("first-discovery").read_text(encoding="utf-8")
    path = tmp_path / "long-titles.yaml"
    path.write_text(text.replace("title: Agree the agenda", f"title: {LONG_TITLE}"), "utf-8")
    return load_playbook(path)


def top_lines(app, count: int = 4) -> str:
    """What the terminal shows on its first lines, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips()[:count])


async def panes_shown(pilot, most: int = 100) -> None:
    """The first frame has only the question; the header and the other panes come after it
    (CallScreen.show_panes). Pause until they are shown, then once more for them to be drawn."""
    for _ in range(most):
        await pilot.pause()
        if pilot.app.screen.query_one("#topbar").display:
            break
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
@pytest.mark.parametrize("mode", ["practice", "live"])
async def test_practice_marker_survives_a_long_section_title(data_dir, long_titled, size, mode):
    request = CallRequest(long_titled, LONG_NAME, LONG_COMPANY, mode, None)
    app = CallmateApp(Store(data_dir), start=request, clock=StepClock())
    async with app.run_test(size=size) as pilot:
        await panes_shown(pilot)
        shown = top_lines(app)
        assert ("(practice)" in shown) is (mode == "practice"), shown
        assert LONG_TITLE[:20] in shown or LONG_NAME[:8] in shown  # the header is there
