"""Keys typed while callmate starts are not echoed onto the shell's screen.

Until Textual puts the terminal in raw mode (a few tenths of a second into the start), the
terminal itself echoes what the rep types, on the normal screen: after the call, `y`, `we add
pricing`, `p: slow onboarding` were left printed under the shell prompt. The keys are not lost
either way (the terminal keeps them until callmate reads them); only the echo is turned off,
from the first moment, and turned back on as the command ends, whatever way it ends.
"""

from __future__ import annotations

import contextlib
import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without loading typing: this runs first thing
if TYPE_CHECKING:
    from typing import Any

#: (the terminal's file descriptor, its settings before) while the echo is held.
_held: tuple[int, list[Any]] | None = None


def hold() -> None:
    """Stop the terminal echoing typed keys (nothing else changes: no input is dropped)."""
    global _held
    if _held is not None:
        return
    try:
        import termios

        fd = sys.stdin.fileno()
        if not os.isatty(fd):
            return
        before = termios.tcgetattr(fd)
        quiet = list(before)
        quiet[3] = quiet[3] & ~termios.ECHO  # lflag
        termios.tcsetattr(fd, termios.TCSANOW, quiet)  # TCSANOW: typed keys stay queued
        if os.isatty(sys.stdout.fileno()):
            # Keys typed in the instant before this were echoed on the line the cursor is on
            # (empty until then): wipe it, so they do not stay under the shell prompt either.
            sys.stdout.write("\r\x1b[2K")
            sys.stdout.flush()
    except (ImportError, OSError, ValueError):
        return
    _held = (fd, before)


def give_back() -> None:
    """The terminal's settings as they were before `hold` (echo on again for the shell)."""
    global _held
    if _held is None:
        return
    fd, before = _held
    _held = None
    with contextlib.suppress(ImportError, OSError, ValueError):
        import termios

        # Only while the terminal is there and ours: after a hang-up, or from the background,
        # changing its settings would stop the process (SIGTTOU) instead of letting it end.
        if os.tcgetpgrp(fd) == os.getpgrp():
            termios.tcsetattr(fd, termios.TCSANOW, before)
