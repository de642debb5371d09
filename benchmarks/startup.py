"""Start-up to a usable screen, and the memory a live call takes, through a real pty.

The clock starts just before the process is spawned and stops when the output chunk arrives that
puts the screen's marker text on the terminal (the first question's prompt, the home screen's
heading, the bare app's label). For the call, that is not yet "the rep can work": the clock
stops only once a probe key, typed as soon as the question shows, is echoed in the answer
field, which proves the question is drawn and the focus is in its answer field (it adds one
key round trip, a few ms, that the bare app does not pay). Kinds are run in turn (bare, empty,
10k, bare, ...) so a slow moment of the machine does not land on one kind only.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.folders import FolderSnapshot
from benchmarks.terminal import REPO, PtyProcess, child_env

BARE_APP = REPO / "benchmarks" / "bare_app.py"
BEFORE_DRAW = REPO / "benchmarks" / "before_draw.py"
HOME_READY = "Start a new call"
#: Typed once the first question shows; its echo means the answer field has the focus.
PROBE = "zqx"
PROSPECT = "Sam Newfield"  # a new prospect: no earlier calls to take context from
SETTLE_S = 0.25  # after the screen is up, so peak memory includes the first save and paint


class LaunchFailed(RuntimeError):
    """A process never showed the screen it was expected to show."""


@dataclass(frozen=True)
class Launch:
    seconds: float
    peak_rss_kb: int | None
    #: With a trace: ms from the spawn to each moment callmate marked (callmate/startup_trace.py).
    marks: dict[str, float] = field(default_factory=dict)


@dataclass
class Kind:
    """One thing to start repeatedly: its command, data folder and the text that means 'ready'."""

    name: str
    argv: list[str]
    marker: str
    data: Path | None = None
    snapshot: FolderSnapshot | None = None
    launches: list[Launch] = field(default_factory=list)
    probe: str | None = None  # typed once the marker shows; ready when it echoes
    trace: Path | None = None  # where callmate writes its start-up marks (reporting only)

    def env(self) -> dict[str, str]:
        extra = {"CALLMATE_DATA_DIR": str(self.data)} if self.data else {}
        if self.trace is not None:
            extra["CALLMATE_STARTUP_TRACE"] = str(self.trace)
        return child_env(extra)

    def seconds(self) -> list[float]:
        return [launch.seconds for launch in self.launches]

    def rss(self) -> list[float]:
        return [float(x.peak_rss_kb) for x in self.launches if x.peak_rss_kb is not None]

    def marks(self) -> dict[str, list[float]]:
        """Every traced moment's ms since the spawn, one per launch that reached it, in order."""
        every: dict[str, list[float]] = {}
        for launch in self.launches:
            for name, ms in launch.marks.items():
                every.setdefault(name, []).append(ms)
        return every


def call_ready_text(first_prompt: str) -> str:
    """The first words of the first question: short enough never to be wrapped apart."""
    return " ".join(first_prompt.split()[:3])


def bare_kind() -> Kind:
    from benchmarks.bare_app import READY_TEXT

    return Kind("bare", [sys.executable, str(BARE_APP)], READY_TEXT)


CALL_ARGS = ["call", "--playbook", "first-discovery", "--prospect", PROSPECT]


def call_kind(name: str, data: Path, ready: str) -> Kind:
    argv = [sys.executable, "-m", "callmate", *CALL_ARGS]
    return Kind(name, argv, ready, data, FolderSnapshot.take(data), probe=PROBE)


def before_draw_kind(name: str, data: Path) -> Kind:
    """The same call, stopped when callmate hands over to Textual: callmate's own share."""
    from benchmarks.before_draw import READY_TEXT

    argv = [sys.executable, str(BEFORE_DRAW), *CALL_ARGS]
    return Kind(name, argv, READY_TEXT, data, FolderSnapshot.take(data))


def home_kind(name: str, data: Path) -> Kind:
    argv = [sys.executable, "-m", "callmate"]
    return Kind(name, argv, HOME_READY, data, FolderSnapshot.take(data))


def read_marks(trace: Path, started: float) -> dict[str, float]:
    """The first time each moment was marked, in ms since the spawn (clocks: perf_counter)."""
    marks: dict[str, float] = {}
    with contextlib.suppress(OSError):
        for row in trace.read_text().splitlines():
            name, _, stamp = row.rpartition(" ")
            marks.setdefault(name, (float(stamp) - started) * 1000)
        trace.unlink()
    return marks


def launch(kind: Kind, timeout: float = 30.0) -> Launch:
    if kind.trace is not None:
        kind.trace.unlink(missing_ok=True)
    with PtyProcess(kind.argv, kind.env()) as process:
        seen = process.wait_text(kind.marker, timeout=timeout)
        if seen is None:
            tail = process.text()[-600:]
            raise LaunchFailed(f"{kind.name}: {kind.marker!r} never appeared; screen: {tail!r}")
        if kind.probe is not None:
            since = process.size
            process.write(kind.probe.encode())
            seen = process.wait_text(kind.probe, since=since, timeout=timeout)
            if seen is None:
                tail = process.text()[-600:]
                raise LaunchFailed(f"{kind.name}: typed keys never showed; screen: {tail!r}")
        time.sleep(SETTLE_S)
        rss = process.peak_rss_kb()
    if kind.snapshot is not None:
        kind.snapshot.restore()
    marks = read_marks(kind.trace, process.started) if kind.trace is not None else {}
    if marks:
        marks["ready (the screen's text or the probe's echo arrived)"] = (
            seen - process.started
        ) * 1000
    return Launch(seen - process.started, rss, marks)


def run_interleaved(
    kinds: Sequence[Kind],
    runs: int,
    warmup: int = 1,
    progress: Callable[[str], None] | None = None,
) -> None:
    """Launch every kind ``warmup`` times unmeasured (byte-code and page caches), then
    ``runs`` measured times each, in turn."""
    for _ in range(warmup):
        for kind in kinds:
            launch(kind)
    for number in range(runs):
        for kind in kinds:
            kind.launches.append(launch(kind))
        if progress:
            progress(f"start-up round {number + 1}/{runs} done")
