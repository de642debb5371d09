"""The first frame is the question and its answer field; keys typed while the rest shows are kept.

The call screen leaves its panes (top bar, playbook, cues, captured, footer) out of the first
frame and shows them right after it. A rep, a text expander or a fast typist may already be
typing then: every key must land in the answer field, in order, and be recorded.
"""

from __future__ import annotations

import signal
from pathlib import Path

from textual import events
from textual.widgets import Input

from callmate.store import Store
from callmate.tui import app as app_module
from callmate.tui import keys_first
from callmate.tui.app import CallmateApp, CallRequest
from callmate.tui.screens.call import CallScreen
from callmate.tui.widgets.footer import WrappingFooter
from tests.pty_app import PtyApp, stored_answers, wait_for
from tests.tui.bursts import key_event, keys_of
from tests.tui.helpers import StepClock

SIZE = (120, 40)
APP_CSS = Path(app_module.__file__).with_name("app.tcss")
PANES = ("#topbar", "#playbook-box", "#side")


def stored(data_dir) -> dict:
    store = Store(data_dir)
    (row,) = store.summaries()
    return store.load(row["id"])


class TypedAtOnce(CallmateApp):
    """The real app, with a burst of keys already waiting when it starts (as when a rep types
    while the terminal opens); notes whether the panes were showing as it read each key."""

    CSS_PATH = APP_CSS

    def __init__(self, data_dir, playbook, keys: list[str]) -> None:
        request = CallRequest(playbook, "Pat Quill", "Hollow Pines Dental")
        super().__init__(Store(data_dir), start=request, clock=StepClock())
        self.keys = keys
        self.panes_at_key: list[bool] = []

    def on_mount(self) -> None:
        for key in self.keys:  # queued behind the call screen's start, before its first frame
            event = key_event(key)
            event.set_sender(self)
            self.post_message(event)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and isinstance(self.screen, CallScreen):
            screen = self.screen
            self.panes_at_key.append(all(screen.query_one(p).display for p in PANES))
        await super().on_event(event)


async def test_keys_typed_before_the_panes_show_are_recorded_in_order(data_dir, small_playbook):
    keys = [*keys_of("x"), "backspace", *keys_of("n\nten minutes\np: slow invoices\n")]
    app = TypedAtOnce(data_dir, small_playbook, keys)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(30):
            await pilot.pause()
        answers = stored(data_dir).answers
        assert answers["time_ok"].value is False
        assert answers["how_long"].value == "ten minutes"
        items = answers["problems"].value
        assert [(i.tag, i.text) for i in items] == [("problem", "slow invoices")]
        # The keys were read before the panes showed: the burst really raced them.
        assert app.panes_at_key[: len(keys)] == [False] * len(keys)
        # Once shown, the panes are all there, with what the burst recorded.
        screen = app.screen
        assert all(screen.query_one(p).display for p in PANES)
        assert "slow invoices" in str(screen.query_one("#captured").render())
        assert len(screen.query_one(WrappingFooter).children) > 0
        assert app.focused is screen.query_one("#answer")


async def test_the_first_frame_has_the_focus_in_the_answer_field(data_dir, small_playbook):
    """Before anything else runs, the answer field already has the keys (no pane had them)."""
    seen: list[object] = []

    class Watch(CallmateApp):
        CSS_PATH = APP_CSS

        def on_mount(self) -> None:
            self.call_after_refresh(lambda: seen.append(self.focused))

    request = CallRequest(small_playbook, "Pat Quill", "")
    app = Watch(Store(data_dir), start=request, clock=StepClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(seen[0], Input) and seen[0].id == "answer"
        await pilot.press("y", "enter")
        assert stored(data_dir).answers["time_ok"].value is True


def test_keys_typed_while_the_terminal_opens_land_in_the_first_answers(
    tmp_path, small_playbook_path
):
    """Through a real terminal: the keys are written the moment the first question shows."""
    data = tmp_path / "data"
    app = PtyApp(
        ["call", "--playbook", str(small_playbook_path), "--prospect", "Pat Quill"],
        env={"CALLMATE_DATA_DIR": str(data)},
    )
    try:
        assert wait_for(lambda: b"Do we still have" in bytes(app.output), timeout=30, every=0.001)
        app.write(b"n\rten minutes\rp: slow invoices\r")
        assert wait_for(lambda: "problems" in stored_answers(data), timeout=30)
        app.proc.terminate()
        assert app.proc.wait(timeout=20) == 128 + signal.SIGTERM
    finally:
        app.close()
    answers = stored(data).answers
    assert answers["time_ok"].value is False
    assert answers["how_long"].value == "ten minutes"
    assert [i.text for i in answers["problems"].value] == ["slow invoices"]


class TypedAsItShows(CallmateApp):
    """The real app; a burst of keys arrives just as the first frame is on screen (the panes
    still hidden), as when a rep starts typing the moment the question shows."""

    CSS_PATH = APP_CSS

    def __init__(self, data_dir, playbook, text: str) -> None:
        request = CallRequest(playbook, "Pat Quill", "Hollow Pines Dental")
        super().__init__(Store(data_dir), start=request, clock=StepClock())
        self.text = text
        self.typed_before_panes = False

    def on_mount(self) -> None:  # runs before CallmateApp.on_mount pushes the call screen
        self.call_after_refresh(self.type_now)

    def type_now(self) -> None:
        screen = self.screen
        assert isinstance(screen, CallScreen)
        self.typed_before_panes = not any(screen.query_one(p).display for p in PANES)
        for key in keys_of(self.text):
            event = key_event(key)
            event.set_sender(self)
            self.post_message(event)


async def test_keys_typed_as_the_question_shows_are_in_the_field_before_the_panes(
    data_dir, small_playbook, monkeypatch
):
    """The panes (and the index write, the follow-up look) wait for the keys' turn: a key
    typed as the question appeared is not held behind laying the whole screen out."""
    at_panes: list[str] = []
    show_panes = CallScreen.show_panes

    def watched(screen: CallScreen) -> None:
        at_panes.append(screen.query_one("#answer", Input).value)
        show_panes(screen)

    monkeypatch.setattr(CallScreen, "show_panes", watched)
    # Order, not patience: on a busy machine the half-second fallback could run out first.
    monkeypatch.setattr(keys_first, "PATIENCE_S", 60.0)
    app = TypedAsItShows(data_dir, small_playbook, "nope")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(10):
            await pilot.pause()
        assert app.typed_before_panes
        assert at_panes == ["nope"]
        screen = app.screen
        assert all(screen.query_one(p).display for p in PANES)
        assert screen.query_one("#answer", Input).value == "nope"


def test_keys_typed_during_the_start_are_not_echoed_onto_the_shells_screen(
    tmp_path, small_playbook_path
):
    """Before Textual takes the terminal, the terminal itself echoed typed keys on the normal
    screen, where they stayed under the shell prompt after the call. They still reach the
    answer field, and the echo is back on for the shell afterwards."""
    import termios

    data = tmp_path / "data"
    app = PtyApp(
        ["call", "--playbook", str(small_playbook_path), "--prospect", "Pat Quill"],
        env={"CALLMATE_DATA_DIR": str(data)},
        controlling=True,  # a terminal window's: the echo is given back to the shell there
    )
    try:
        # As soon as callmate runs (it takes the echo first thing), long before its screen.
        assert wait_for(lambda: not termios.tcgetattr(app.master)[3] & termios.ECHO, 30, 0.001)
        assert b"\x1b[?1049h" not in bytes(app.output)
        app.write(b"zqxw")
        assert wait_for(lambda: b"Do we still have" in bytes(app.output), timeout=30)
        assert wait_for(lambda: b"zqxw" in bytes(app.output).split(b"\x1b[?1049h")[-1], 30)
        before_app = bytes(app.output).split(b"\x1b[?1049h")[0]
        assert b"zqxw" not in before_app
        app.proc.terminate()
        assert app.proc.wait(timeout=20) == 128 + signal.SIGTERM
        assert termios.tcgetattr(app.master)[3] & termios.ECHO
    finally:
        app.close()
