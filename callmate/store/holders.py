"""The process holding a call's claim: is it still a window someone can use?

A callmate process whose terminal was closed cannot show anything or take a key again, yet while
it lives it holds its call's claim, and the next start would say the call is "open in another
window" for ever. Such a process (our user's, running callmate, every terminal descriptor on a
terminal device that no longer exists) is asked to stop, which saves its call as unfinished; if
it does not, it is killed, which loses nothing either: every answer was on disk when recorded.

Only Linux shows this through /proc; elsewhere a live holder is always respected.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

PROC = Path("/proc")
#: How long a polite stop (SIGTERM) gets before the holder is killed, and how long after.
POLITE_S = 1.5
KILL_S = 1.0
POLL_S = 0.05
TERMINAL_PREFIXES = ("/dev/pts/", "/dev/tty")
DELETED = " (deleted)"
#: A marker or temp file is made after its writer started; clocks of a second's grain differ.
START_SLACK_S = 2.0


def pid_alive(pid: int) -> bool:
    """True if a process with this pid exists (it may belong to another user).

    A pid read from a file name may be any number: one no process can have (beyond what
    os.kill takes) is simply not alive.
    """
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError, ValueError):
        return False
    except PermissionError:
        return True
    return True


def _started_at(pid: int, proc: Path) -> float | None:
    """When ``pid`` started, in seconds since the epoch (None where /proc cannot say)."""
    try:
        stat_line = (proc / str(pid) / "stat").read_text()
        ticks = int(stat_line.rsplit(")", 1)[1].split()[19])
        boot = next(
            int(line.split()[1])
            for line in (proc / "stat").read_text().splitlines()
            if line.startswith("btime ")
        )
    except (OSError, ValueError, IndexError, StopIteration):
        return None
    return boot + ticks / os.sysconf("SC_CLK_TCK")


def writer_running(pid: int, made_at: float | None = None, proc: Path = PROC) -> bool:
    """True if the callmate process that left a temp file or pending marker may still write.

    A live pid is not enough: after a reboot, or a long time, the pid may belong to anything
    (pid 1, a shell), and a marker trusted for ever would leave its call's summary stale for
    ever. Where /proc tells, the process must run callmate and have started before the file
    (``made_at``, its mtime) was made; elsewhere a live pid is respected.
    """
    if not pid_alive(pid):
        return False
    started = _started_at(pid, proc)
    if made_at is not None and started is not None and started > made_at + START_SLACK_S:
        return False  # the pid was given to a process that started after the file was made
    if pid == os.getpid():
        return True
    try:
        cmdline = (proc / str(pid) / "cmdline").read_bytes()
    except FileNotFoundError:
        return not proc.is_dir()  # gone meanwhile, or no /proc on this system
    except OSError:
        return True  # hidden from us: respected
    return b"callmate" in cmdline


def lost_terminal(pid: int, proc: Path = PROC) -> bool:
    """True if ``pid`` is a callmate process whose terminal is gone."""
    if pid <= 0 or pid == os.getpid():
        return False
    base = proc / str(pid)
    try:
        if b"callmate" not in (base / "cmdline").read_bytes():
            return False
    except OSError:
        return False
    terminals = []
    for fd in (0, 1, 2):
        with contextlib.suppress(OSError):
            target = os.readlink(base / "fd" / str(fd))
            if target.startswith(TERMINAL_PREFIXES):
                terminals.append(target)
    return bool(terminals) and all(
        target.endswith(DELETED) or not os.path.exists(target) for target in terminals
    )


def _wait(acquired: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if acquired():
            return True
        time.sleep(POLL_S)
    return acquired()


def release_from_orphan(
    pid: int | None,
    acquired: Callable[[], bool],
    proc: Path = PROC,
) -> str | None:
    """Stop a holder that lost its terminal and take the lock; a note for the rep, or None
    when the holder is a usable window (then the call stays theirs)."""
    if pid is None or not lost_terminal(pid, proc):
        return None
    how = "stopped"
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGTERM)
    if not _wait(acquired, POLITE_S):
        how = "killed (it did not answer a polite stop)"
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
        if not _wait(acquired, KILL_S):
            return None
    return (
        f"This call was still held by callmate process {pid}, whose terminal had been closed. "
        f"That process was {how}; everything it had saved is kept and the call carries on here."
    )
