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


async def test_watch_keeps_the_answers_and_the_place_across_saves_and_broken_saves(
    data_dir, small_playbook_path
):
    app = PreviewApp(small_playbook_path, watch=True, clock=StepClock())
    async with app.run_test() as pilot:
        await type_text(pilot, "y")  # time_ok
        await type_text(pilot, "slow quotes")  # a POWN item...
        await type_text(pilot, "")  # ...and on to big_enough
        assert "big enough to fix" in prompt(app)
        small_playbook_path.write_text(SMALL_PLAYBOOK.replace("Who else decides?", "Who signs?"))
        touch_later(small_playbook_path)
        app.check_file()
        await pilot.pause()
        session = app.screen.session
        assert "big enough to fix" in prompt(app)
        assert session.value("time_ok") is True
        assert [i.text for i in session.value("problems")] == ["slow quotes"]
        # A broken save shows the errors; the fix brings back the same place and answers.
        small_playbook_path.write_text(SMALL_PLAYBOOK.replace("prompt: Is {problems}", "promt: X"))
        touch_later(small_playbook_path)
        app.check_file()
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        small_playbook_path.write_text(SMALL_PLAYBOOK)
        touch_later(small_playbook_path)
        app.check_file()
        await pilot.pause()
        assert "big enough to fix" in prompt(app)
        assert app.screen.session.value("time_ok") is True


async def test_an_answer_the_changed_question_cannot_hold_is_dropped(data_dir, small_playbook_path):
    app = PreviewApp(small_playbook_path, watch=True, clock=StepClock())
    async with app.run_test() as pilot:
        await type_text(pilot, "y")
        changed = SMALL_PLAYBOOK.replace(
            "prompt: Do we still have twenty minutes?\n        capture: yes_no",
            "prompt: Do we still have twenty minutes?\n        capture: scale",
        ).replace(
            '          - when: "no"\n            show: [how_long]',
            "          - when: {at_most: 3}\n            show: [how_long]",
        )
        small_playbook_path.write_text(changed)
        touch_later(small_playbook_path)
        app.check_file()
        await pilot.pause()
        assert isinstance(app.screen, CallScreen), app.screen
        assert app.screen.session.value("time_ok") is None
        assert "What is getting in the way" in prompt(app)


async def test_a_preview_says_so_and_never_says_saved(data_dir, small_playbook_path):
    app = PreviewApp(small_playbook_path, clock=StepClock())
    async with app.run_test() as pilot:
        await type_text(pilot, "y")
        await pilot.pause()
        saved = str(app.screen.query_one("#saved").render())
        who = str(app.screen.query_one("#who").render())
        assert saved == "PREVIEW not kept"
        assert "saved" not in saved and "✓" not in saved
        assert "(preview)" in who
