"""The kill -9 trials shared by the store's process tests and the torture benchmark.

A worker process saves a few calls in a loop and prints "ack <id> <rev>" after each save; it is
SIGKILLed 5-60 ms after it starts, and after every kill a check looks at the folder as the next
start would. The test suite's check asserts; the benchmark's counts. This file imports only
callmate, so the benchmark runs without the test dependencies.

Run as a script it is the worker: ``kill_trials.py ROOT FIRST_REV``.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from callmate.core.call_record import CallRecord, Note, PlaybookRef, StoredStep

REPO = Path(__file__).resolve().parents[1]
LOOP_IDS = 5


@dataclass
class KillReport:
    kills: int = 0
    acknowledged: dict[str, int] = field(default_factory=dict)  # id -> highest acked revision
    saves: int = 0


def loop_record(rev: int) -> CallRecord:
    """Revision ``rev`` of one of a few calls. Status and next step change now and then, so
    some saves rewrite only the call file and others the index too."""
    return CallRecord(
        id=f"k{rev % LOOP_IDS}",
        playbook=PlaybookRef("kill-trials"),
        prospect="Kim Trial",
        started="2026-03-02T10:00:00+00:00",
        status="completed" if rev % 7 == 0 else "in_progress",
        revision=rev,
        next_step=StoredStep(due="2026-03-09T10:00+00:00", what=f"step {rev // 20}"),
        notes=[Note("n" * (rev % 400), "2026-03-02T10:00:00+00:00")],
    )


def start_worker(root: Path, first_rev: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, __file__, str(root), str(first_rev)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )


def run_kill_trials(
    root: Path,
    kills: int,
    seed: int = 0,
    check: Callable[[Path, dict[str, int]], None] | None = None,
) -> KillReport:
    """Start a saving worker, SIGKILL it after 5-60 ms, ``check`` the folder; ``kills`` times."""
    rng = random.Random(seed)
    report = KillReport()
    for trial in range(kills):
        worker = start_worker(root, trial * 1_000_000)
        assert worker.stdout is not None
        if worker.stdout.readline() != "ready\n":
            raise RuntimeError("the kill-trial worker did not start")
        # The kill lands among saves, not before the first: on a busy machine a worker's
        # first save can take longer than the longest wait, and a trial then tests nothing.
        first = worker.stdout.readline()
        time.sleep(rng.uniform(0.005, 0.060))
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        output = first + worker.stdout.read()
        worker.stdout.close()
        for line in output.splitlines(keepends=True):
            if line.startswith("ack ") and line.endswith("\n"):
                _, session_id, revision = line.split()
                report.acknowledged[session_id] = int(revision)
                report.saves += 1
        report.kills += 1
        if check is not None:
            check(root, report.acknowledged)
    return report


def _worker(root: Path, rev: int) -> None:
    from callmate.store import Store

    store = Store(root)
    print("ready", flush=True)
    while True:
        record = loop_record(rev)
        store.save(record)
        print(f"ack {record.id} {rev}", flush=True)
        rev += 1


if __name__ == "__main__":
    _worker(Path(sys.argv[1]), int(sys.argv[2]))
