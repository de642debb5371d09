"""Wall time of a non-interactive `callmate` command, on the big store and on the empty one.

The empty store's time is the command's bare start (Python, imports, argument parsing), so the
difference is what the stored history costs the command.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.terminal import REPO, child_env


class CommandMissing(LookupError):
    """The installed callmate has no such command (yet)."""


@dataclass
class CommandTimes:
    args: list[str]
    big_s: list[float] = field(default_factory=list)
    empty_s: list[float] = field(default_factory=list)
    output_bytes: int = 0


def run_once(args: Sequence[str], data: Path) -> tuple[float, int]:
    """Seconds to run ``callmate ARGS`` to the end, and the size of what it printed."""
    env = child_env({"CALLMATE_DATA_DIR": str(data)})
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "callmate", *args],
        capture_output=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode == 2 and b"invalid choice" in done.stderr:
        raise CommandMissing(f"`callmate {args[0]}` is not a command yet")
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip()[-300:]
        raise RuntimeError(f"`callmate {' '.join(args)}` exited {done.returncode}: {message}")
    return elapsed, len(done.stdout)


def time_command(
    args: Sequence[str], big: Path, empty: Path, runs: int, warmup: int = 1
) -> CommandTimes:
    """CommandMissing if callmate does not know the command."""
    times = CommandTimes(list(args))
    for _ in range(warmup):
        run_once(args, empty)
        run_once(args, big)
    for _ in range(runs):
        seconds, _size = run_once(args, empty)
        times.empty_s.append(seconds)
        seconds, times.output_bytes = run_once(args, big)
        times.big_s.append(seconds)
    return times
