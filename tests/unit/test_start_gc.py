"""Garbage collection is paused only for a start that draws a screen, and always comes back."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest

from callmate import lifeline, start_gc
from callmate.cli import main


@pytest.fixture
def collecting(monkeypatch) -> Iterator[None]:
    """Leave the test process as it was: collecting, nothing frozen by these tests, and its own
    signal handling (main() without argv would install callmate's)."""
    assert gc.isenabled()
    monkeypatch.setattr(lifeline, "install", lambda: None)
    yield
    gc.enable()
    gc.unfreeze()
    start_gc._paused = False


def test_pause_then_resume_freezes_the_start_and_collects_again(collecting) -> None:
    start_gc.pause()
    assert not gc.isenabled()
    start_gc.resume()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
    gc.unfreeze()
    start_gc.resume()  # a second resume changes nothing
    assert gc.get_freeze_count() == 0


def test_a_collector_turned_off_by_someone_else_stays_off(collecting) -> None:
    gc.disable()
    start_gc.pause()
    start_gc.resume()
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_command_without_a_screen_runs_with_the_collector_on(
    collecting, monkeypatch, capsys
) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(sys, "argv", ["callmate", "playbooks"])
    monkeypatch.setattr("builtins.print", lambda *a, **k: seen.append(gc.isenabled()))
    assert main() == 0
    assert seen and all(seen)
    assert gc.isenabled()


def test_a_screen_command_that_fails_early_gets_the_collector_back(collecting, monkeypatch) -> None:
    monkeypatch.setattr(sys, "argv", ["callmate", "call"])  # --prospect missing: a usage error
    with pytest.raises(SystemExit):
        main()
    assert gc.isenabled()
