"""A process on a pseudo-terminal whose output is timestamped as it arrives.

tests/pty_app.py always runs `python -m callmate` and is polled every 20 ms, which is too coarse
for key latency and cannot run the bare baseline app; this one runs any command and records
when each chunk of output came in, so "time until the screen shows X" is exact to the read.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# CSI (colours, cursor moves, modes), OSC (titles, clipboard) and two-byte escapes.
# Like a terminal emulator, make the pty the child's controlling terminal (util-linux setsid
# execs in place, so the pid stays the app's): closing it then hangs the app up with SIGHUP
# instead of leaving it running if the benchmark itself is killed.
SETSID = shutil.which("setsid")
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -~]")


def screen_text(raw: bytes) -> str:
    """The printable text in a slice of terminal output, escape sequences removed."""
    return _ESCAPES.sub(b"", raw).decode("utf-8", "replace")


def child_env(extra: Mapping[str, str]) -> dict[str, str]:
    """The environment a rep's terminal would give callmate, plus ``extra``.

    COLUMNS and LINES go: when set (pytest's subprocesses get 80x24) they override the pty's
    size, and a narrower screen can wrap the very text a measurement waits for.
    PYTHONDONTWRITEBYTECODE goes too: with it, every start compiles callmate's source again
    while Textual runs from the byte-code pip wrote at install, which is not how either runs
    on a rep's machine. The warm-up starts write the caches (into the ignored __pycache__).
    """
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(REPO), **extra}
    for name in (
        "TEXTUAL",
        "CALLMATE_PLAYBOOKS",
        "NO_COLOR",
        "COLUMNS",
        "LINES",
        "PYTHONDONTWRITEBYTECODE",
    ):
        env.pop(name, None)
    return env


class PtyProcess:
    """Runs ``argv`` with a pty as its terminal; ``started`` is taken just before the spawn."""

    def __init__(
        self,
        argv: Sequence[str],
        env: Mapping[str, str],
        size: tuple[int, int] = (120, 40),
    ) -> None:
        self.master, slave = os.openpty()
        cols, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self._raw = bytearray()
        self._arrivals: list[tuple[int, float]] = []  # (end offset, perf_counter) per chunk
        self._cond = threading.Condition()
        self._closed = False
        self.started = time.perf_counter()
        prefix = [SETSID, "--ctty"] if SETSID else []
        self.proc = subprocess.Popen(
            [*prefix, *argv],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=dict(env),
            cwd=REPO,
            start_new_session=not SETSID,
            close_fds=True,
        )
        os.close(slave)
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    @classmethod
    def callmate(cls, args: Sequence[str], env: Mapping[str, str]) -> PtyProcess:
        return cls([sys.executable, "-m", "callmate", *args], env)

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                chunk = b""
            stamp = time.perf_counter()
            with self._cond:
                if not chunk:
                    self._closed = True
                    self._cond.notify_all()
                    return
                self._raw.extend(chunk)
                self._arrivals.append((len(self._raw), stamp))
                self._cond.notify_all()

    @property
    def size(self) -> int:
        with self._cond:
            return len(self._raw)

    def text(self, since: int = 0) -> str:
        with self._cond:
            return screen_text(bytes(self._raw[since:]))

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def wait_text(self, wanted: str, since: int = 0, timeout: float = 30.0) -> float | None:
        """perf_counter time of the chunk that made ``wanted`` appear after offset ``since``;
        None if the process ended or ``timeout`` passed first."""
        deadline = time.monotonic() + timeout
        checked = since
        with self._cond:
            while True:
                if len(self._raw) > checked:
                    checked = len(self._raw)
                    found = self._first_arrival(wanted, since)
                    if found is not None:
                        return found
                left = deadline - time.monotonic()
                if self._closed or left <= 0:
                    return None
                self._cond.wait(left)

    def _first_arrival(self, wanted: str, since: int) -> float | None:
        if wanted not in screen_text(bytes(self._raw[since:])):
            return None
        # The match is present now; find the first chunk end at which it already was.
        for end, stamp in self._arrivals:
            if end > since and wanted in screen_text(bytes(self._raw[since:end])):
                return stamp
        return self._arrivals[-1][1]

    def wait_quiet(self, quiet: float = 0.15, timeout: float = 3.0) -> None:
        """Wait until no output has arrived for ``quiet`` seconds (or ``timeout`` passed)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while time.monotonic() < deadline and not self._closed:
                last = self._arrivals[-1][1] if self._arrivals else self.started
                idle = time.perf_counter() - last
                if idle >= quiet:
                    return
                self._cond.wait(quiet - idle)

    def peak_rss_kb(self) -> int | None:
        """The process's peak resident memory so far (VmHWM), None once it has gone."""
        try:
            status = Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return None
        match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
        return int(match.group(1)) if match else None

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        self._reader.join(timeout=5)
        with contextlib.suppress(OSError):
            os.close(self.master)

    def __enter__(self) -> PtyProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
