"""A command whose save fails says nothing was saved and to run it again; it promises no retry.

The store's message is written for the live call, which keeps the notes and saves again; a
command that printed it (`followups mark`, `prospects merge`) then exited, and the mark was
lost. Real subprocesses whose file-size limit (`ulimit -f`) makes the call file's save fail,
on real files in a tmp folder.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

from callmate.core.clock import now as clock_now
from callmate.store import Store
from callmate.store.errors import StoreWriteError
from tests.unit.export_support import discovery_playbook, finished_call

LIMIT = 2048  # bytes: every call file is larger, so saving one fails with EFBIG


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def _callmate(data_dir: Path, *argv: str, limit: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CALLMATE_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "callmate", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limited if limit else None,
    )


def _saved(data_dir: Path, prospect: str, company: str) -> str:
    record = finished_call(discovery_playbook(), clock_now(), prospect=prospect, company=company)
    Store(data_dir).save(record)
    assert (data_dir / "calls" / f"{record.id}.json").stat().st_size > LIMIT
    return record.id


def _says_nothing_saved(err: str, call_file: Path) -> None:
    assert f"Could not save to {call_file} (File too large). Nothing was saved" in err
    assert "then run the same command again." in err
    assert "will save again" not in err and "still open" not in err
    assert "Traceback" not in err


def test_followups_mark_says_nothing_was_saved(data_dir: Path):
    call_id = _saved(data_dir, "Pat Quill", "Acme")
    # --early: the step is still ahead, and marking it early is asked for on purpose.
    done = _callmate(data_dir, "followups", "mark", call_id, "kept", "--early")
    assert done.returncode == 1
    _says_nothing_saved(done.stderr, data_dir / "calls" / f"{call_id}.json")
    assert Store(data_dir).load(call_id).next_step.outcome is None  # truly not saved
    again = _callmate(data_dir, "followups", "mark", call_id, "kept", "--early", limit=False)
    assert again.returncode == 0, again.stderr  # and running it again does it


def test_prospects_merge_says_nothing_was_saved(data_dir: Path):
    _saved(data_dir, "Pat Quill", "Acme")
    typo = _saved(data_dir, "Pat Quil", "Acme")
    done = _callmate(data_dir, "prospects", "merge", "pat quil|acme", "pat quill|acme")
    assert done.returncode == 1
    _says_nothing_saved(done.stderr, data_dir / "calls" / f"{typo}.json")


def test_the_live_call_keeps_its_own_words(tmp_path: Path):
    said = str(StoreWriteError(tmp_path / "x.json", "No space left on device"))
    assert "Your notes are still open in callmate" in said and "save again" in said
