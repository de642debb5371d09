"""The lifeline's rules, without ending the test process (its exit is handed in)."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from callmate import lifeline
from callmate.lifeline import Lifeline, Stopped, terminal_gone


class Exits:
    def __init__(self) -> None:
        self.codes: list[int] = []
        self.done = threading.Event()

    def __call__(self, code: int) -> None:
        self.codes.append(code)
        self.done.set()


def test_a_stop_before_the_app_runs_unwinds_start_up_and_still_ends_the_process():
    exits = Exits()
    line = Lifeline(exit_now=exits)
    with pytest.raises(Stopped) as stopped:
        line._on_signal(signal.SIGHUP, None)
    assert stopped.value.exit_code == 129
    assert "terminal was closed" in str(stopped.value)
    line._on_signal(signal.SIGTERM, None)  # a second signal while unwinding: no second raise
    assert exits.done.wait(lifeline.GRACE_S + 2)  # the watchdog ends it if unwinding hangs
    assert exits.codes == [129]


def test_a_stop_while_the_app_runs_asks_the_app_then_saves_and_ends_if_it_did_not():
    exits = Exits()
    line = Lifeline(exit_now=exits)
    asked: list[str] = []
    line.app_started(lambda: asked.append("stop"), lambda: asked.append("last save"))
    line._on_signal(signal.SIGTERM, None)  # no exception: the app does the work
    assert asked == ["stop"]
    assert exits.done.wait(lifeline.GRACE_S + 2)
    assert asked == ["stop", "last save"]
    assert exits.codes == [143]


def test_a_last_save_that_hangs_does_not_keep_the_process_alive():
    exits = Exits()
    line = Lifeline(exit_now=exits)
    line.app_started(lambda: None, lambda: time.sleep(30))
    started = time.monotonic()
    line.begin_stop(signal.SIGHUP)
    assert exits.done.wait(5)
    assert time.monotonic() - started < lifeline.GRACE_S + lifeline.LAST_SAVE_S + 1


def test_a_closed_terminal_is_noticed():
    master, slave = os.openpty()
    try:
        assert not terminal_gone((slave,))
        os.close(master)
        assert terminal_gone((slave,))
    finally:
        os.close(slave)


def test_an_app_that_cannot_close_its_screen_gets_the_terminal_put_back_and_a_line_said():
    # The screen was busy: after the grace and the last save, the watchdog leaves the
    # alternate screen and mouse mode itself and says what happened before the process ends.
    master, slave = os.openpty()
    said_r, said_w = os.pipe()
    try:
        exits = Exits()
        line = Lifeline(exit_now=exits, screen_fd=slave)
        line._message_fd = said_w
        line.app_started(lambda: None, lambda: None)  # the app never exits by itself
        line.begin_stop(signal.SIGTERM)
        assert exits.done.wait(lifeline.GRACE_S + lifeline.LAST_SAVE_S + 2)
        assert exits.codes == [143]
        written = os.read(master, 4096).decode()
        assert "\x1b[?1049l" in written and "\x1b[?1000l" in written and "\x1b[?25h" in written
        said = os.read(said_r, 4096).decode()
        assert said.startswith("callmate: stopped (it was asked to stop (SIGTERM))")
        assert "run `callmate` to resume" in said
    finally:
        for fd in (master, slave, said_r, said_w):
            os.close(fd)


def test_a_last_save_that_does_not_finish_is_said():
    said_r, said_w = os.pipe()
    try:
        exits = Exits()
        line = Lifeline(exit_now=exits)
        line._message_fd = said_w
        line.app_started(lambda: None, lambda: time.sleep(30))
        line.begin_stop(signal.SIGHUP)
        assert exits.done.wait(lifeline.GRACE_S + lifeline.LAST_SAVE_S + 2)
        assert "did not finish in time" in os.read(said_r, 4096).decode()
    finally:
        os.close(said_r)
        os.close(said_w)


def test_an_app_that_closed_by_itself_gets_no_extra_line():
    said_r, said_w = os.pipe()
    try:
        exits = Exits()
        line = Lifeline(exit_now=exits)
        line._message_fd = said_w
        line.app_started(lambda: None, lambda: None)
        line.app_finished()
        line.begin_stop(signal.SIGTERM)
        assert exits.done.wait(lifeline.GRACE_S + 2)
        os.write(said_w, b"end")
        assert os.read(said_r, 4096) == b"end"
    finally:
        os.close(said_r)
        os.close(said_w)


def said_when_busy(last_save_says: bool | None) -> str:
    """The line the watchdog leaves when the app did not close its screen in time."""
    said_r, said_w = os.pipe()
    try:
        exits = Exits()
        line = Lifeline(exit_now=exits)
        line._message_fd = said_w
        line.app_started(lambda: None, lambda: last_save_says)
        line.begin_stop(signal.SIGTERM)
        assert exits.done.wait(lifeline.GRACE_S + lifeline.LAST_SAVE_S + 2)
        return os.read(said_r, 4096).decode()
    finally:
        os.close(said_r)
        os.close(said_w)


def test_a_stop_with_no_call_open_promises_no_resume():
    """On the home or history screen nothing was typed into a call: saying it was saved, and
    to run callmate to resume it, sent the rep looking for a call that does not exist."""
    said = said_when_busy(False)
    assert said == (
        "callmate: stopped (it was asked to stop (SIGTERM)) while the screen was busy; "
        "no call was open\n"
    )


def test_a_stop_with_a_call_open_says_it_is_saved_to_resume():
    said = said_when_busy(True)
    assert said.endswith("; what was typed is saved: run `callmate` to resume the call\n")
