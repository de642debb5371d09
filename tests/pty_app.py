"""Run the real `callmate` in a pseudo-terminal, as a terminal would (tests and benchmarks)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
#: Run in the child after setsid: stdin (the pty) becomes the controlling terminal, then the
#: real command replaces this interpreter (same pid).
TAKE_TERMINAL = (
    "import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "os.execv(sys.argv[1], sys.argv[1:])"
)


class PtyApp:
    """A callmate process on a pty of a fixed size; output is drained so the app never blocks."""

    def __init__(
        self,
        args: Sequence[str],
        env: dict[str, str],
        size: tuple[int, int] = (120, 40),
        controlling: bool = False,
    ):
        """``controlling``: make the pty the process's controlling terminal, as a terminal
        window does, so closing it (``hang_up``) sends SIGHUP; without it the process only
        finds its terminal gone."""
        self.started = time.monotonic()
        self.master, slave = os.openpty()
        cols, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full_env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(REPO), **env}
        full_env.pop("TEXTUAL", None)
        # The size is the pty's (set above), as in a terminal window. A COLUMNS/LINES left in
        # the test process's environment (pytest-xdist workers have 80x24) would override it.
        full_env.pop("COLUMNS", None)
        full_env.pop("LINES", None)
        command = [sys.executable, "-m", "callmate", *args]
        if controlling:  # not preexec_fn: that can deadlock when tests start apps from threads
            command = [sys.executable, "-S", "-c", TAKE_TERMINAL, *command]
        self.proc = subprocess.Popen(
            command,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=full_env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.output = bytearray()
        self.closing = False
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self) -> None:
        while not self.closing:
            try:
                ready, _, _ = select.select([self.master], [], [], 0.05)
                if not ready:
                    continue
                chunk = os.read(self.master, 65536)
            except (OSError, ValueError):
                return
            if not chunk:
                return
            with self.lock:
                self.output.extend(chunk)

    def output_size(self) -> int:
        with self.lock:
            return len(self.output)

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def text(self) -> str:
        with self.lock:
            return self.output.decode("utf-8", "replace")

    def hang_up(self) -> None:
        """Close the terminal window: the master side goes away (once no read holds it)."""
        self._close_master()

    def _close_master(self) -> None:
        # Once: a second close could hit the same number reused by another test's pty.
        self.closing = True
        self.reader.join(timeout=5)
        if self.master >= 0:
            with contextlib.suppress(OSError):
                os.close(self.master)
            self.master = -1

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self._close_master()


def wait_for(predicate: Callable[[], bool], timeout: float = 20.0, every: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return predicate()


def stored_answers(data: Path) -> dict[str, Any]:
    """The answers of the newest call in the data folder ``data`` (empty before it is saved)."""
    from callmate.store import Store

    store = Store(data)
    rows = store.summaries()
    return dict(store.load(rows[0]["id"]).answers) if rows else {}


def run_callmate(data: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The real `callmate` as a plain process (no terminal) on the data folder ``data``: its
    output, exit code, and a timeout that catches a command that blocks."""
    env = {**os.environ, "CALLMATE_DATA_DIR": str(data), "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "callmate", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def call_past_first_question(data: Path, playbook: Path) -> PtyApp:
    """`callmate call` on ``playbook`` in a pty, its first yes/no question answered and saved:
    the start of every test that then does something to a live call's process."""
    app = PtyApp(
        ["call", "--playbook", str(playbook), "--prospect", "Pat Quill"],
        env={"CALLMATE_DATA_DIR": str(data)},
    )
    try:
        assert wait_for(lambda: (data / "calls").is_dir() and any((data / "calls").glob("*.json")))
        assert wait_for(lambda: app.output_size() > 2000)  # the call screen has drawn
        app.write(b"y\r")
        assert wait_for(lambda: "time_ok" in stored_answers(data))
    except BaseException:
        app.close()
        raise
    return app
