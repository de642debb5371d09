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
