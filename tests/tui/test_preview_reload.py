"""`preview --watch` keeps the trainer's walk across saves: answers (renamed questions' too),
the text typed but not entered, and the clock."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Input

from callmate.tui.preview import PreviewApp
from callmate.tui.screens.call import CallScreen
from tests.conftest import SMALL_PLAYBOOK
from tests.tui.helpers import StepClock, type_text
from tests.tui.test_preview import prompt, touch_later


async def save(app, pilot, path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    touch_later(path)
    app.check_file()
    await pilot.pause()


async def test_a_renamed_question_keeps_its_answer_and_typing_and_clock_survive(
    data_dir, small_playbook_path
):
    clock = StepClock()
    app = PreviewApp(small_playbook_path, watch=True, clock=clock)
    notices: list[str] = []
    app.notify = lambda message, **kw: notices.append(str(message))  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        await type_text(pilot, "y")  # time_ok
        await type_text(pilot, "slow quotes")
        await type_text(pilot, "")  # on to big_enough
        assert "big enough to fix" in prompt(app)
        await type_text(pilot, "typing half", enter=False)
        clock.at += timedelta(minutes=3)
        await save(
            app,
            pilot,
            small_playbook_path,
            SMALL_PLAYBOOK.replace("id: time_ok", "id: first_q\n        label: Twenty minutes"),
        )
        assert isinstance(app.screen, CallScreen)
        session = app.screen.session
        assert "big enough to fix" in prompt(app)
        assert app.screen.query_one("#answer", Input).value == "typing half"
        assert session.record.answers["time_ok"].value is True  # kept, not dropped unseen
        assert any("no longer in the playbook" in n and "twenty minutes" in n for n in notices)
        captured = str(app.screen.query_one("#captured").render())
        assert "(a question no longer in the playbook)" in captured
        assert "time ok" not in captured  # by its label, not its id
        assert session.elapsed_seconds(clock()) == 180  # the clock did not start again
        assert "03:00" in str(app.screen.query_one("#clock").render())
        notices.clear()
        renamed = SMALL_PLAYBOOK.replace(
            "id: time_ok", "id: first_q\n        label: Twenty minutes"
        )
        await save(app, pilot, small_playbook_path, renamed + "# only a comment\n")
        assert not any("no longer in the playbook" in n for n in notices)  # said once
        captured = str(app.screen.query_one("#captured").render())
        assert "Do we still have twenty minutes (a question no longer" in captured


async def test_a_save_that_changes_nothing_leaves_the_typing_alone(data_dir, small_playbook_path):
    app = PreviewApp(small_playbook_path, watch=True, clock=StepClock())
    async with app.run_test() as pilot:
        await type_text(pilot, "y")
        await pilot.press("ctrl+b")  # back to time_ok: its answer is in the field to edit
        answer = app.screen.query_one("#answer", Input)
        answer.value = "zzz half"
        await save(app, pilot, small_playbook_path, SMALL_PLAYBOOK + "# a comment\n")
        assert app.screen.query_one("#answer", Input).value == "zzz half"


async def test_an_answer_the_changed_question_cannot_hold_becomes_a_note_with_a_notice(
    data_dir, small_playbook_path
):
    app = PreviewApp(small_playbook_path, watch=True, clock=StepClock())
    notices: list[str] = []
    app.notify = lambda message, **kw: notices.append(str(message))  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        await type_text(pilot, "y")
        changed = SMALL_PLAYBOOK.replace(
            "prompt: Do we still have twenty minutes?\n        capture: yes_no",
            "prompt: Do we still have twenty minutes?\n        capture: scale",
        ).replace(
            '          - when: "no"\n            show: [how_long]',
            "          - when: {at_most: 3}\n            show: [how_long]",
        )
        await save(app, pilot, small_playbook_path, changed)
        session = app.screen.session
        assert session.value("time_ok") is None
        assert any("twenty minutes" in n.text and "yes" in n.text for n in session.record.notes)
        assert any("kept as notes" in n for n in notices)
