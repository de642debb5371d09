"""`callmate doctor` while another callmate writes: an import (which holds import.lock for its
whole run) is waited for, saying so, instead of a repair rebuilding the index under it; files
that vanish while the folder is walked (a save's temp file renamed into place) are not
problems."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from callmate.store import Store
from callmate.store.doctor import examine
from callmate.store.locks import exclusive_lock
from tests.conftest import START
from tests.pty_app import REPO
from tests.unit.export_support import discovery_playbook, finished_call


def doctor(data: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "callmate", "doctor", *args],
        env={**os.environ, "CALLMATE_DATA_DIR": str(data), "PYTHONPATH": str(REPO)},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("args", [("--repair",), ()], ids=["repair", "check"])
def test_doctor_waits_for_a_running_import_and_says_so(data_dir: Path, args: tuple[str, ...]):
    Store(data_dir).save(finished_call(discovery_playbook(), START))
    with exclusive_lock(data_dir / "import.lock"):  # as `callmate import` holds it
        process = doctor(data_dir, *args)
        try:
            assert process.stderr is not None
            said = process.stderr.readline()  # '' if doctor went on without waiting
            assert "another callmate is importing calls into" in said
            time.sleep(0.3)
            assert process.poll() is None  # still waiting
        except BaseException:
            process.kill()
            process.wait(timeout=30)
            raise
    out, _err = process.communicate(timeout=60)
    assert process.returncode == 0, out
    assert "no problems found" in out


def test_files_that_vanish_during_the_walk_are_not_problems(data_dir: Path):
    """A writer in another process saves calls (temp files, pending markers, index temps
    appear and vanish) while doctor walks the folder again and again."""
    Store(data_dir)
    writer = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "tests" / "store_worker.py"),
            "batch",
            str(data_dir),
            "w",
            "400",
        ],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdin is not None and writer.stdout is not None
    try:
        assert writer.stdout.readline().strip() == "ready"
        writer.stdin.write("go\n")
        writer.stdin.flush()
        said: list[str] = []
        walks = 0
        while writer.poll() is None or walks == 0:
            said += [f.problem for f in examine(data_dir, lambda: "rebuilt")]
            walks += 1
        assert writer.wait(timeout=120) == 0
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait(timeout=30)
    vanished = [line for line in said if "No such file" in line or "cannot be looked at" in line]
    assert vanished == [], (walks, vanished[:3])
