"""Where a start's time goes: named moments, written only when CALLMATE_STARTUP_TRACE is set.

``benchmarks/startup.py`` sets it to a file and reads the moments back (one ``name seconds`` line
each, seconds on the same clock as ``time.perf_counter`` in the benchmark) to say how long each
part of the start took. Unset (always, for a rep) a mark is one falsy test.
"""

from __future__ import annotations

import os
import time

_fd: int | None = None
_path = os.environ.get("CALLMATE_STARTUP_TRACE")
if _path:
    _fd = os.open(_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)


def mark(name: str) -> None:
    """Record that the start reached ``name`` now."""
    if _fd is not None:
        os.write(_fd, f"{name} {time.perf_counter():.6f}\n".encode())
