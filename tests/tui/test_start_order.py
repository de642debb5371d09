"""What a call start does before the first question is drawn, and what waits until after it.

A new prospect's call draws its question first; the look for an open next step of theirs comes
right after. Whatever that look finds must still be asked, over the call screen.
"""

from __future__ import annotations

from pathlib import Path

from callmate.core.call_record import CallRecord
from callmate.core.next_step import NextStepDraft
from callmate.core.session import CallSession
from callmate.store import Store
from callmate.tui import app as app_module
from callmate.tui.app import CallmateApp, CallRequest
from callmate.tui.screens.call import CallScreen
from callmate.tui.screens.call_end import FollowUpQuestion
from tests.conftest import START
from tests.tui.helpers import StepClock

PROSPECT, COMPANY = "Pat Quill", "Hollow Pines Dental"
APP_CSS = Path(app_module.__file__).with_name("app.tcss")


def save_finished_call(store: Store, playbook) -> CallRecord:
    session = CallSession.start(playbook, PROSPECT, COMPANY, START)
    session.answer("y", START)
    errors = session.set_next_step(
        NextStepDraft("in 2 days", "Review the proposal together", "Bring the invoice numbers"),
        START,
    )
    assert errors == {}
    session.complete(START)
    store.save(session.record)
    return session.record


class FinishedElsewhere(CallmateApp):
    """Another window finishes a call with the same prospect just as this one starts its call:
    the call was opened without a brief (nothing was there yet), but the step is open now."""

    CSS_PATH = APP_CSS

    def __init__(self, data_dir, playbook) -> None:
        super().__init__(
            Store(data_dir), start=CallRequest(playbook, PROSPECT, COMPANY), clock=StepClock()
        )
        self.playbook = playbook
        self.data_dir = data_dir
        self.screens_seen: list[str] = []

    def begin_call(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().begin_call(*args, **kwargs)
        self.screens_seen.append(type(self.screen).__name__)
        self.other = save_finished_call(Store(self.data_dir), self.playbook)


async def test_an_open_step_found_after_the_first_frame_is_still_asked(data_dir, small_playbook):
    app = FinishedElsewhere(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.screens_seen == ["CallScreen"]  # the question came first, no brief
        assert isinstance(app.screen, FollowUpQuestion)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        session = app.screen.session
        assert session.record.follows == app.other.id
    assert Store(data_dir).load(session.id).follows == app.other.id


class WatchFirstFrame(CallmateApp):
    """Reads the call back from the data folder just after the first frame, as another window
    (or the next start after a crash) would."""

    CSS_PATH = APP_CSS

    def __init__(self, data_dir, playbook) -> None:
        super().__init__(
            Store(data_dir), start=CallRequest(playbook, PROSPECT, COMPANY), clock=StepClock()
        )
        self.data_dir = data_dir
        self.at_first_frame: CallRecord | None = None

    def on_mount(self) -> None:
        self.call_after_refresh(self.look)

    def look(self) -> None:
        (call_file,) = (self.data_dir / "calls").glob("*.json")
        self.at_first_frame = Store(self.data_dir).load(call_file.stem)


async def test_the_call_is_on_disk_when_its_question_shows_and_listed_soon_after(
    data_dir, small_playbook
):
    app = WatchFirstFrame(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await pilot.pause()
        on_disk = app.at_first_frame
        session = app.screen.session
        assert on_disk is not None
        assert on_disk.id == session.id and on_disk.prospect == PROSPECT
        await pilot.pause()
        assert [row["id"] for row in Store(data_dir).in_progress()] == [session.id]
        assert not list((data_dir / "calls").glob("*.pending"))
