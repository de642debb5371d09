"""Free text on the command line is cleaned in one place, for every command.

A byte that is not UTF-8 (`--topic $'caf\\xe9 chairs'`) reaches Python as a lone surrogate,
which cannot be written as UTF-8: `nurture add` crashed with a UnicodeEncodeError. Like a name
typed into a call, it becomes U+FFFD, and control characters are dropped. Real subprocesses
(the bytes as a shell passes them) and the real entry point, with real files in a tmp folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from callmate.core.clock import now as clock_now
from callmate.store import Store
from tests.conftest import Run
from tests.unit.export_support import discovery_playbook, finished_call


def _saved(data_dir: Path, mode: str = "live") -> str:
    record = finished_call(discovery_playbook(), clock_now(), prospect="Pat Quill", mode=mode)
    Store(data_dir).save(record)
    return record.id


def _callmate(data_dir: Path, *argv: str | bytes) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "CALLMATE_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "callmate", *argv], env=env, capture_output=True, timeout=60
    )


def test_a_byte_that_is_not_utf8_in_a_topic_is_kept_as_a_replacement(data_dir: Path):
    call_id = _saved(data_dir)
    done = _callmate(data_dir, "nurture", "add", call_id, "--topic", b"caf\xe9 chairs\x1b[2J")
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert "'caf\ufffd chairs[2J'".encode() in done.stdout
    listed = _callmate(data_dir, "nurture", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert b"\x1b" not in listed.stdout
    assert "caf\ufffd chairs[2J" in listed.stdout.decode()


def test_practice_feedback_with_such_a_byte_is_saved(run: Run, data_dir: Path):
    call_id = _saved(data_dir, mode="practice")
    result = run("score", call_id, "--feedback", "tr\udce8s bien\x07")
    assert result.code == 0, result.err
    shown = run("score", call_id, "--json")
    assert "tr\ufffds bien" in shown.out and "\x07" not in shown.out
