"""Correcting the call while it runs: captured items, the earlier answer, stale messages."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from callmate.store import Store
from tests.tui.bursts import burst
from tests.tui.helpers import call_app, type_text


async def test_a_captured_item_is_corrected_from_the_call(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_text(pilot, "y")
        await type_text(pilot, "slow invoces")
        await pilot.press("f6")
        await pilot.press("enter")  # the only item
        field = app.screen.query_one("#text", Input)
        assert field.value == "p: slow invoces"  # its tag letter, to change it too
        field.value = ""
        await type_text(pilot, "slow invoices")
        await pilot.pause()
    (row,) = Store(data_dir).summaries()
    (item,) = Store(data_dir).load(row["id"]).answers["problems"].value
    assert item.text == "slow invoices"


@pytest.mark.parametrize("key", ["ctrl+b", "pageup"])  # PgUp: in tmux ctrl+b is the prefix
async def test_going_back_puts_the_cursor_after_the_earlier_answer(data_dir, small_playbook, key):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "y")
        await pilot.press(key)
        answer = app.screen.query_one("#answer", Input)
        assert answer.value == "yes"
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "n", enter=False)
        assert answer.value == "n"


async def test_an_error_line_clears_when_the_question_changes(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_text(pilot, "maybe")
        message = app.screen.query_one("#message")
        assert "y or n" in str(message.render())
        await pilot.press("ctrl+n")  # skip to the next question
        await pilot.pause()
        assert str(message.render()).strip() == ""


async def test_typing_left_by_skip_back_or_a_jump_comes_back_with_its_question(
    data_dir, small_playbook
):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        field = app.screen.query_one("#answer", Input)
        await type_text(pilot, "y")
        await burst(pilot, *"invoices take thr", "ctrl+n", *"big", "ctrl+b")
        assert app.screen.session.current().id == "problems"
        assert field.value == "invoices take thr"
        await burst(pilot, "ctrl+b", "ctrl+n")  # the first question, then back here
        assert field.value == "invoices take thr"
        await pilot.press("ctrl+n")
        assert field.value == "big"
        await pilot.pause()
    (row,) = Store(data_dir).summaries()
    assert Store(data_dir).load(row["id"]).drafts == {
        "problems": "invoices take thr",
        "big_enough": "big",
    }


async def test_ctrl_e_mid_line_goes_to_the_end_of_the_line_as_in_a_shell(data_dir, small_playbook):
    from callmate.tui.screens.next_step import NextStepScreen

    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        field = app.screen.query_one("#answer", Input)
        await burst(pilot, *"y", "enter", *"Ana Ruiz", "ctrl+a", *"Dr ", "ctrl+e", *", CFO")
        assert field.value == "Dr Ana Ruiz, CFO"
        await burst(pilot, "ctrl+e")  # at the end of the line: the call ends (the gate)
        assert isinstance(app.screen, NextStepScreen)
