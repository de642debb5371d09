"""A claim never stays blocked by a window that cannot be used: gone, or without a terminal.

Real processes hold real claims here: one on a pseudo-terminal that the test then closes (as
when a terminal window closes under a callmate that does not notice), one on a terminal that
stays open, one killed with -9.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from callmate.store import CallOpenElsewhere, Store
from callmate.store.holders import lost_terminal
from tests.pty_app import REPO, wait_for

SESSION = "call-1"

#: A callmate process holding a claim, optionally deaf to a polite stop.
HOLDER = """
import os, signal, sys, time
from pathlib import Path
from callmate.store import Store
if sys.argv[2] == "deaf":  # deaf to the hang-up of its closed terminal and to a polite stop
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
claim = Store(Path(sys.argv[1])).claim("call-1")
os.write(1, b"claimed\\n")  # one write, done before the test reads it and closes the terminal
time.sleep(120)
"""


class Holder:
    def __init__(self, data: Path, mode: str, terminal: bool = True) -> None:
        self.master, slave = os.openpty()
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(data), mode],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        seen = b""
        deadline = time.monotonic() + 30
        while b"claimed\r\n" not in seen and time.monotonic() < deadline:
            seen += os.read(self.master, 1024)
        assert b"claimed\r\n" in seen

    def close_terminal(self) -> None:
        os.close(self.master)
        self.master = -1

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        if self.master >= 0:
            with contextlib.suppress(OSError):
                os.close(self.master)


@pytest.fixture
def holders():
    started: list[Holder] = []
    yield started
    for holder in started:
        holder.stop()


@pytest.mark.parametrize("mode", ["polite", "deaf"])
def test_a_holder_whose_terminal_closed_is_stopped_and_the_call_taken(tmp_path, holders, mode):
    holder = Holder(tmp_path, mode)
    holders.append(holder)
    holder.close_terminal()
    assert wait_for(lambda: lost_terminal(holder.proc.pid), timeout=5)
    claim = Store(tmp_path).claim(SESSION)
    try:
        assert claim.held
        assert holder.proc.wait(timeout=5) is not None  # it is gone, not just bypassed
        note = claim.recovered or ""
        assert f"process {holder.proc.pid}" in note and "terminal had been closed" in note
        assert ("killed" in note) == (mode == "deaf")
    finally:
        claim.release()


def test_a_holder_with_its_terminal_keeps_the_call(tmp_path, holders):
    holder = Holder(tmp_path, "polite")
    holders.append(holder)
    assert not lost_terminal(holder.proc.pid)
    with pytest.raises(CallOpenElsewhere) as refused:
        Store(tmp_path).claim(SESSION)
    assert refused.value.pid == holder.proc.pid
    assert holder.proc.poll() is None  # left alone


def test_a_holder_killed_outright_leaves_a_note_and_no_block(tmp_path, holders):
    holder = Holder(tmp_path, "polite")
    holders.append(holder)
    holder.proc.send_signal(signal.SIGKILL)
    holder.proc.wait(timeout=10)
    with Store(tmp_path).claim(SESSION) as claim:
        assert f"process {holder.proc.pid}" in (claim.recovered or "")
        assert "ended without closing it" in (claim.recovered or "")
    with Store(tmp_path).claim(SESSION) as again:  # a clean release leaves nothing to say
        assert again.recovered is None


def fake_process(proc: Path, pid: int, cmdline: bytes, fds: dict[int, str]) -> None:
    base = proc / str(pid)
    (base / "fd").mkdir(parents=True)
    (base / "cmdline").write_bytes(cmdline)
    for fd, target in fds.items():
        (base / "fd" / str(fd)).symlink_to(target)


def test_lost_terminal_reads_the_process_table(tmp_path):
    proc = tmp_path / "proc"
    gone = "/dev/pts/4242 (deleted)"
    fake_process(proc, 101, b"python\0-m\0callmate\0call", {0: gone, 1: gone, 2: gone})
    fake_process(proc, 102, b"python\0-m\0callmate", {0: "/dev/null", 1: "/dev/null"})
    fake_process(proc, 103, b"vim\0notes.txt", {0: gone, 1: gone, 2: gone})
    fake_process(proc, 104, b"callmate", {0: gone, 1: "/dev/tty"})  # one terminal still there
    fake_process(proc, 105, b"callmate", {0: "/dev/pts/98765"})  # no such terminal any more
    assert lost_terminal(101, proc)
    assert not lost_terminal(102, proc)  # never had a terminal: not ours to judge
    assert not lost_terminal(103, proc)  # not callmate: never touched
    assert not lost_terminal(104, proc)
    assert lost_terminal(105, proc)
    assert not lost_terminal(999, proc)  # no such process
