"""The gate through the real app: a stalled part of theirs and an empty reason are refused."""

from __future__ import annotations

from callmate.store import Store
from callmate.tui.screens.next_step import NextStepScreen
from tests.tui.helpers import call_app, type_text


def stored(data_dir):
    store = Store(data_dir)
    (row,) = store.summaries()
    return store.load(row["id"])


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def open_gate(pilot, *, when: str, what: str, theirs: str) -> None:
    await type_text(pilot, "y")
    await pilot.press("ctrl+e")
    await type_text(pilot, when)
    await type_text(pilot, what)
    await type_text(pilot, theirs, enter=False)


async def test_a_stall_as_their_part_is_not_an_advance_and_x_is_no_reason(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_gate(pilot, when="thu 2pm", what="1", theirs="I'll think about it")
        await pilot.pause()
        review = shown(app, "#review")
        assert "Not an advance yet" in review
        assert "'I'll think about it' is a stall" in review
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NextStepScreen)
        app.screen.query_one("#f-why_continuation").focus()
        await type_text(pilot, "x")
        await pilot.pause()
        assert isinstance(app.screen, NextStepScreen)
        assert "'x' does not say why" in shown(app, "#refused")
        assert stored(data_dir).status == "in_progress"
        await pilot.press("backspace")
        await type_text(pilot, "budget frozen until March")
        await pilot.pause()
    step = stored(data_dir).next_step
    assert step.kind == "continuation"
    assert step.why_continuation == "budget frozen until March"
