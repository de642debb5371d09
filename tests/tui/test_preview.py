"""`callmate preview`: the trainer's walk through a playbook, reloading as the file is saved."""

from __future__ import annotations

import os

from callmate.tui.preview import PreviewApp, ProblemsScreen
from callmate.tui.screens.call import CallScreen
from tests.conftest import SMALL_PLAYBOOK
from tests.tui.helpers import StepClock, type_text


def prompt(app) -> str:
    return str(app.screen.query_one("#prompt").render())


def touch_later(path):
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


async def test_preview_walks_branches_and_stores_nothing(data_dir, small_playbook_path):
    from callmate.store import Store
    from callmate.tui.screens.next_step import NextStepScreen

    app = PreviewApp(small_playbook_path, clock=StepClock())
    async with app.run_test() as pilot:
        assert isinstance(app.screen, CallScreen)
        await type_text(pilot, "n")
        assert "How long do we have" in prompt(app)
        await pilot.press("ctrl+e")  # the gate works as on a call...
        assert isinstance(app.screen, NextStepScreen)
        await type_text(pilot, "tomorrow 10am")
        await type_text(pilot, "Review together")
        await type_text(pilot, "Bring numbers")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)  # ...and then the walk starts again
        assert "twenty minutes" in prompt(app)
        await pilot.press("ctrl+q")
    assert Store(data_dir).summaries() == []


async def test_watch_reloads_at_the_same_question_and_shows_errors_in_place(
    data_dir, small_playbook_path
):
    app = PreviewApp(small_playbook_path, watch=True, clock=StepClock())
    async with app.run_test() as pilot:
        await type_text(pilot, "y")
        assert "What is getting in the way" in prompt(app)
        small_playbook_path.write_text(
            SMALL_PLAYBOOK.replace("What is getting in the way?", "What slows you down?")
        )
        touch_later(small_playbook_path)
        app.check_file()
        await pilot.pause()
        assert "What slows you down?" in prompt(app)
        small_playbook_path.write_text(SMALL_PLAYBOOK.replace("prompt: Is {problems}", "promt: Is"))
        touch_later(small_playbook_path)
        app.check_file()
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        shown = " ".join(str(w.render()) for w in app.screen.query("Plain"))
        assert "small.yaml:" in shown and "did you mean 'prompt'" in shown
        small_playbook_path.write_text(SMALL_PLAYBOOK)
        touch_later(small_playbook_path)
        app.check_file()
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
