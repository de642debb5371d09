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
