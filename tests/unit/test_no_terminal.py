"""`callmate call` and the home screen refuse, in one line and with exit 2, without a terminal.

Run from a script (stdin or stdout a pipe) they started the app anyway: escape codes went into
the pipe, the app waited for keys that never came, and an unfinished call was left behind.
Real subprocesses with pipes, on a real data folder in a tmp folder; the pty tests
(tests/pty_app.py) show that a pseudo-terminal still runs the app.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SMALL_PLAYBOOK

HINT = (
    "for scripts use `callmate history --json`, `callmate followups --json` or `callmate show ID`"
)


def _callmate(data_dir: Path, argv: list[str], **streams: object) -> subprocess.CompletedProcess:
    env = {**os.environ, "CALLMATE_DATA_DIR": str(data_dir)}
    env.pop("TEXTUAL", None)
    return subprocess.run([sys.executable, "-m", "callmate", *argv], env=env, timeout=60, **streams)


@pytest.fixture
def call_argv(tmp_path: Path) -> list[str]:
    playbook = tmp_path / "small.yaml"
    playbook.write_text(SMALL_PLAYBOOK, encoding="utf-8")
    return ["call", "--playbook", str(playbook), "--prospect", "Pat Quill"]


@pytest.mark.parametrize("stdin", ["a pipe with keys in it", "/dev/null"])
def test_call_through_pipes_is_refused_before_any_call_starts(
    tmp_path: Path, call_argv: list[str], stdin: str
):
    data = tmp_path / "data"
    if stdin == "/dev/null":
        done = _callmate(data, call_argv, stdin=subprocess.DEVNULL, capture_output=True)
    else:
        done = _callmate(data, call_argv, input=b"y\r", capture_output=True)
    assert done.returncode == 2
    assert done.stdout == b""  # no escape codes into the pipe
    assert done.stderr.decode() == f"callmate: error: callmate call needs a terminal; {HINT}\n"
    assert not list((data / "calls").glob("*.json"))  # no unfinished call left behind


def test_call_with_only_stdout_piped_is_refused(tmp_path: Path, call_argv: list[str]):
    data = tmp_path / "data"
    read, write = os.openpty()  # stdin a terminal, stdout a pipe: still no screen to draw on
    try:
        done = _callmate(data, call_argv, stdin=read, capture_output=True)
    finally:
        os.close(read)
        os.close(write)
    assert done.returncode == 2 and done.stdout == b""
    assert not list((data / "calls").glob("*.json"))


def test_the_home_screen_through_a_pipe_is_refused(tmp_path: Path):
    data = tmp_path / "data"
    done = _callmate(data, [], stdin=subprocess.DEVNULL, capture_output=True)
    assert done.returncode == 2
    assert done.stdout == b""
    assert done.stderr.decode() == (
        f"callmate: error: callmate's home screen needs a terminal; {HINT}\n"
    )
