"""Closing the terminal or a polite kill saves the call and exits; the call comes back unfinished.

These run the real `callmate` in a pseudo-terminal, because signal handling only exists in a real
process.
"""

from __future__ import annotations

import signal

import pytest

from callmate.store import Store
from tests.pty_app import call_past_first_question, wait_for


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_signal_saves_and_exits_cleanly(tmp_path, small_playbook_path, sig):
    """The call is saved unfinished; the exit status says a signal stopped it (128 + its
    number, as a stop during start-up does: lifeline.py), and one line, printed after the
    terminal is given back, says which and how to go on."""
    data = tmp_path / "data"
    app = call_past_first_question(data, small_playbook_path)
    try:
        app.proc.send_signal(sig)
        assert app.proc.wait(timeout=20) == 128 + sig
    finally:
        app.close()
    after_screen = app.text().split("\x1b[?1049l")[-1]  # after the alternate screen is left
    said = f"callmate: stopped by {signal.Signals(sig).name}; the call is kept unfinished"
    assert said in after_screen.replace("\r\n", " ")
    assert "run `callmate` to resume it" in after_screen.replace("\r\n", " ")
    store = Store(data)
    (row,) = store.summaries()
    record = store.load(row["id"])
    assert record.status == "in_progress"
    assert record.answers["time_ok"].value is True
    claim = store.claim(row["id"])  # the dead process no longer holds the call
    claim.release()


def test_half_typed_answer_survives_a_closed_terminal(tmp_path, small_playbook_path):
    import asyncio

    from callmate.tui.app import CallmateApp
    from tests.tui.helpers import StepClock

    data = tmp_path / "data"
    app = call_past_first_question(data, small_playbook_path)
    try:
        app.write(b"invoices are slow")  # typed, not yet recorded
        assert wait_for(lambda: b"invoices are slow" in bytes(app.output))  # on screen
        app.proc.send_signal(signal.SIGHUP)
        assert app.proc.wait(timeout=20) == 128 + signal.SIGHUP
    finally:
        app.close()
    store = Store(data)
    (row,) = store.summaries()
    assert list(store.load(row["id"]).drafts.values()) == ["invoices are slow"]

    async def resume() -> str:
        home = CallmateApp(Store(data), clock=StepClock())
        async with home.run_test() as pilot:
            await pilot.press("enter")
            return home.screen.query_one("#answer").value

    assert asyncio.run(resume()) == "invoices are slow"


def test_a_note_being_typed_survives_a_closed_terminal(tmp_path, small_playbook_path):
    """ctrl+o, half a note, then the terminal closes: the note is kept, not lost with its dialog."""
    data = tmp_path / "data"
    app = call_past_first_question(data, small_playbook_path)
    try:
        app.write(b"\x0f")  # ctrl+o: the note dialog
        assert wait_for(lambda: b"Add a note" in bytes(app.output))
        app.write(b"CFO leaves in March")
        assert wait_for(lambda: b"CFO leaves in March" in bytes(app.output))
        app.proc.send_signal(signal.SIGHUP)
        assert app.proc.wait(timeout=20) == 128 + signal.SIGHUP
    finally:
        app.close()
    store = Store(data)
    (row,) = store.summaries()
    assert [note.text for note in store.load(row["id"]).notes] == ["CFO leaves in March"]
