"""Key-to-echo latency in a live call, as a rep typing an answer feels it.

A character is written to the pty master and the clock stops when the output chunk arrives that
shows the answer box's new value. The value, not just the character, is what is looked for:
the cursor blinks and the call clock ticks every second, and those repaints show the old value,
never the new one. Letters are typed in bursts of up to ten, then ctrl+u clears the box (not
timed), so the value always fits on screen and is made of letters that appear nowhere else.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from benchmarks.startup import Kind
from benchmarks.terminal import PtyProcess

LETTERS = "QXZJKVWBFH"  # capitals absent from the call screen's placeholder, clock and footer
CLEAR = b"\x15"  # ctrl+u: the answer box deletes everything left of the cursor
TIMEOUT_S = 2.0


@dataclass
class Keystrokes:
    latencies_ms: list[float] = field(default_factory=list)
    timeouts: int = 0


def type_keys(
    kind: Kind, keys: int, seed: int = 0, pause: tuple[float, float] = (0.02, 0.06)
) -> Keystrokes:
    """Open a call on ``kind``'s data folder and time ``keys`` typed letters."""
    rng = random.Random(seed)
    result = Keystrokes()
    with PtyProcess(kind.argv, kind.env()) as process:
        if process.wait_text(kind.marker, timeout=30) is None:
            raise RuntimeError(f"the call screen never appeared: {process.text()[-600:]!r}")
        process.wait_quiet(0.3)
        value = ""
        while len(result.latencies_ms) + result.timeouts < keys:
            letter = LETTERS[len(value)]
            value += letter
            before = process.size
            sent = time.perf_counter()
            process.write(letter.encode())
            shown = process.wait_text(value, since=before, timeout=TIMEOUT_S)
            if shown is None:
                result.timeouts += 1
            else:
                result.latencies_ms.append((shown - sent) * 1000)
            time.sleep(rng.uniform(*pause))
            if len(value) == len(LETTERS):
                process.write(CLEAR)
                process.wait_quiet(0.1)
                value = ""
    if kind.snapshot is not None:
        kind.snapshot.restore()
    return result
