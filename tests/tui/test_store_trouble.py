"""The app facing a damaged store, a call open in another window, and a disk that refuses writes."""

from __future__ import annotations

from callmate.core.session import CallSession
from callmate.store import Store
from callmate.tui.app import CallmateApp
from callmate.tui.screens.call import CallScreen
from callmate.tui.screens.home import HomeScreen
from tests.conftest import START
from tests.tui.helpers import StepClock, call_app, type_text


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_corrupt_call_file_is_reported_and_the_app_still_starts(data_dir, small_playbook):
    store = Store(data_dir)
    session = CallSession.start(small_playbook, "Pat Quill", "", START)
    store.save(session.record)
    broken = store.call_path(session.id)
    broken.write_bytes(b'{"calls": {"1": {"id": "tru')
    app = CallmateApp(Store(data_dir), clock=StepClock())
    async with app.run_test():
        assert isinstance(app.screen, HomeScreen)
        said = " ".join(notifications(app))
        assert str(broken.name) in said
    kept = list((data_dir / "quarantine").iterdir())
    assert kept and kept[0].read_bytes() == b'{"calls": {"1": {"id": "tru'


async def test_call_open_in_another_window_is_refused_plainly(data_dir, small_playbook):
    store = Store(data_dir)
    session = CallSession.start(small_playbook, "Pat Quill", "", START)
    store.save(session.record)
    other_window = Store(data_dir).claim(session.id)
    try:
        app = CallmateApp(Store(data_dir), clock=StepClock())
        async with app.run_test() as pilot:
            await pilot.press("enter")  # resume the unfinished call
            assert isinstance(app.screen, HomeScreen)
            assert any("another callmate window" in n for n in notifications(app))
    finally:
        other_window.release()


async def test_refused_write_warns_until_the_disk_takes_it_again(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        calls = data_dir / "calls"
        moved = data_dir / "calls-away"
        calls.rename(moved)
        calls.write_text("not a folder")  # every save into calls/ now fails, even as root
        await type_text(pilot, "y")
        saved = app.screen.query_one("#saved")
        assert "NOT SAVED" in str(saved.render())
        assert saved.has_class("unsaved")
        assert app.screen.session.value("time_ok") is True  # the call goes on in memory
        await type_text(pilot, "slow invoices")
        assert "NOT SAVED" in str(saved.render())
        calls.unlink()
        moved.rename(calls)
        app.screen.tick()
        await pilot.pause()
        assert "saved" in str(saved.render()) and not saved.has_class("unsaved")
        assert isinstance(app.screen, CallScreen)
        session_id = app.screen.session.id
    record = Store(data_dir).load(session_id)
    assert record.answers["problems"].value[0].text == "slow invoices"


async def test_data_folder_and_files_are_private(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await type_text(pilot, "y")
    assert data_dir.stat().st_mode & 0o777 == 0o700
    for path in data_dir.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert path.stat().st_mode & 0o777 == expected, path


async def test_quit_is_refused_while_a_save_waits_for_the_disk(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        calls = data_dir / "calls"
        moved = data_dir / "calls-away"
        calls.rename(moved)
        calls.write_text("not a folder")
        await type_text(pilot, "y")
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, CallScreen)  # not even the gate: nothing may leave unsaved
        assert any("Not saved yet" in n for n in notifications(app))
        calls.unlink()
        moved.rename(calls)
        await pilot.press("ctrl+q")
        assert type(app.screen).__name__ == "NextStepScreen"
