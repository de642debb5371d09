"""Text typed and not entered survives the gate: on disk while the gate is open (a kill -9 there
gives it back on resume), and text left at a question a later answer skipped is listed by the
gate and kept as a note when the call ends."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from callmate.core.playbook import Playbook
from callmate.core.session import CallSession
from callmate.store import Store
from callmate.tui.app import CallmateApp
from callmate.tui.screens.next_step import NextStepScreen
from tests.tui.helpers import StepClock, call_app, type_text

TYPED = "Thursday at two works"


def the_call_file(data_dir: Path) -> Path:
    (path,) = (data_dir / "calls").glob("*.json")
    return path


def stored(data_dir: Path):
    store = Store(data_dir)
    (row,) = store.summaries()
    return store.load(row["id"])


@asynccontextmanager
async def typed_at_the_second_question(
    data_dir: Path, playbook: Playbook, text: str
) -> AsyncIterator[tuple[App, Pilot]]:
    """A call at 80x24 with its first question answered and `text` typed, not entered."""
    app = call_app(data_dir, playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "y")
        await type_text(pilot, text, enter=False)
        yield app, pilot


@asynccontextmanager
async def resumed_after_a_kill(data_dir: Path, killed: bytes) -> AsyncIterator[tuple[App, Pilot]]:
    """The call file put back as a kill -9 left it (no exit save), then callmate started
    again and the call resumed."""
    the_call_file(data_dir).write_bytes(killed)
    resumed = CallmateApp(Store(data_dir), clock=StepClock())
    async with resumed.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # Resume
        await pilot.pause()
        yield resumed, pilot


async def test_a_kill_while_the_gate_is_open_keeps_the_half_typed_answer(
    data_dir: Path, small_playbook: Playbook
) -> None:
    async with typed_at_the_second_question(data_dir, small_playbook, TYPED) as (app, pilot):
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, NextStepScreen)
        assert TYPED in str(app.screen.query_one("#unrecorded").render())
        await type_text(pilot, "tomorrow 10am", enter=False)  # the gate saves as it is typed
        # What a kill -9 leaves: the call file as it is now, no exit save.
        killed = the_call_file(data_dir).read_bytes()
    async with resumed_after_a_kill(data_dir, killed) as (resumed, _):
        assert resumed.screen.query_one("#answer", Input).value == TYPED


async def test_text_left_at_a_question_a_later_answer_skipped_is_listed_and_kept(
    data_dir: Path, small_playbook: Playbook
) -> None:
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "n")  # not twenty minutes: "How long do we have?" is shown
        await type_text(pilot, "half", enter=False)
        await pilot.press("ctrl+b")
        await type_text(pilot, "y")  # twenty minutes after all: that question is skipped
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, NextStepScreen)
        said = str(app.screen.query_one("#unrecorded").render())
        assert "Not recorded yet" in said and "half" in said and "note" in said
        await type_text(pilot, "tomorrow 10am")
        await type_text(pilot, "1")
        await type_text(pilot, "bring last month's invoices", enter=False)
        await pilot.press("ctrl+s")
        await pilot.pause()
    record = stored(data_dir)
    assert record.status == "completed"
    assert [n.question for n in record.notes] == ["how_long"]
    assert record.notes[0].text.endswith("not entered: half")
    assert record.drafts == {}


async def test_a_kill_mid_sentence_on_the_call_screen_gives_the_text_back(
    data_dir: Path, small_playbook: Playbook
) -> None:
    """No gate, no exit: the screen's second saves the field with its question."""
    async with typed_at_the_second_question(data_dir, small_playbook, TYPED) as (app, pilot):
        app.screen.tick()  # the clock's second
        killed = the_call_file(data_dir).read_bytes()  # what a kill -9 leaves
    async with resumed_after_a_kill(data_dir, killed) as (resumed, pilot):
        assert resumed.screen.query_one("#answer", Input).value == TYPED
        await pilot.press("enter")  # entered now: nothing is left "not entered"
        resumed.screen.tick()
        assert stored(data_dir).drafts == {}


async def test_text_entered_after_a_second_leaves_no_draft_behind(
    data_dir: Path, small_playbook: Playbook
) -> None:
    async with typed_at_the_second_question(data_dir, small_playbook, "yes") as (app, pilot):
        app.screen.tick()
        assert list(stored(data_dir).drafts.values()) == ["yes"]
        await pilot.press("enter")
        await pilot.pause()
        app.screen.tick()
        record = stored(data_dir)
        assert record.drafts == {} and record.draft is None
        assert len(record.answers) == 2


async def test_a_stop_after_a_second_lists_the_typed_text_once(
    data_dir: Path, small_playbook: Playbook
) -> None:
    """The second's save held it with its question, and the signal's save held it again as
    the field's draft: `show` listed it twice."""
    async with typed_at_the_second_question(data_dir, small_playbook, TYPED) as (app, _):
        app.screen.tick()
        app.screen.emergency_save()  # what a SIGTERM or a closed terminal does
    assert [text for _, text in CallSession(small_playbook, stored(data_dir)).unentered()] == [
        TYPED
    ]


async def test_an_ended_call_holds_no_typing(data_dir: Path, small_playbook: Playbook) -> None:
    """Discarded from the gate: the end keeps the typed text as a note, and a signal after it
    must not put it back as "typed, not entered"."""
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_text(pilot, "y")
        await type_text(pilot, TYPED, enter=False)
        call_screen = app.screen
        await pilot.press("ctrl+e", "ctrl+g")
        await type_text(pilot, "discard")
        await type_text(pilot, "wrong number")
        await pilot.pause()
        call_screen.tick()
        call_screen.emergency_save()
    record = stored(data_dir)
    assert record.status == "discarded"
    assert [n.text for n in record.notes] == [TYPED]
    assert record.drafts == {} and record.draft is None


async def test_the_gate_says_what_the_answers_said_against_the_sale(
    data_dir: Path, small_playbook: Playbook
) -> None:
    """A "no" to "big enough to fix?": the gate said nothing of it."""
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "y")
        await type_text(pilot, "late invoices")
        await type_text(pilot, "")  # done with the list
        await type_text(pilot, "n")  # not big enough
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, NextStepScreen)
        said = str(app.screen.query_one("#warnings").render())
        assert "✗ Pain agreed: they said no" in said, said


async def test_a_long_list_of_open_required_questions_is_counted_after_three(
    data_dir: Path,
) -> None:
    from callmate.core.catalog import bundled_dir
    from callmate.core.playbook_loader import load_playbook

    playbook = load_playbook(bundled_dir() / "first-discovery.yaml")
    app = call_app(data_dir, playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+e")
        await pilot.pause()
        said = str(app.screen.query_one("#warnings").render())
        count = sum(q.required for q in playbook.questions)
        assert count > 3
        assert said.count("  · ") == 4 and f"and {count - 3} more" in said, said
