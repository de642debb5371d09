"""Real processes on one data folder: kill -9 mid-save, concurrent writers, call claims.

The kill count defaults to 15; set CALLMATE_KILLS (e.g. 250) for a longer soak, or call
``run_kill_trials`` (benchmarks/kill_trials.py, shared with the torture benchmark).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import pytest
from tinydb import TinyDB

from benchmarks.kill_trials import run_kill_trials
from callmate.core.call_record import encode_record
from callmate.store import AtomicJSONStorage, CallOpenElsewhere, Store, default_summary

REPO = Path(__file__).resolve().parents[2]
WORKER = REPO / "tests" / "store_worker.py"
KILLS = int(os.environ.get("CALLMATE_KILLS", "15"))


def start_worker(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )


def expect_line(stream: IO[str] | None, wanted: str) -> None:
    assert stream is not None
    line = stream.readline()
    assert line == wanted + "\n", f"worker said {line!r}"


def check_folder(root: Path, acknowledged: dict[str, int]) -> None:
    """Open the store as a new window would and check nothing acknowledged is missing."""
    store = Store(root)
    damaged = [p for p in store.problems if "damaged" in p or "Could not" in p]
    assert damaged == []
    assert list((root / "quarantine").iterdir()) == []
    for session_id, revision in acknowledged.items():
        assert store.load(session_id).revision >= revision, session_id
    index = {entry["id"]: entry for entry in store.summaries()}
    for record in store.iter_records():
        expected = {
            **default_summary(encode_record(record)),
            "id": record.id,
            "status": record.status,
        }
        assert index[record.id] == expected


def test_kill_during_saves_loses_nothing_acknowledged(tmp_path: Path) -> None:
    report = run_kill_trials(tmp_path, KILLS, seed=KILLS, check=check_folder)
    assert report.kills == KILLS
    assert report.saves > 0
    assert report.acknowledged  # at least one save got through before the kills


def test_two_processes_writing_the_index_lose_nothing(tmp_path: Path) -> None:
    Store(tmp_path)
    workers = [start_worker("batch", str(tmp_path), prefix, "100") for prefix in ("a", "b")]
    for worker in workers:
        expect_line(worker.stdout, "ready")
    for worker in workers:  # release both at once so their saves interleave
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    for worker in workers:
        expect_line(worker.stdout, "done")
        assert worker.wait(timeout=30) == 0
        for stream in (worker.stdin, worker.stdout):
            assert stream is not None
            stream.close()

    # Look at the index files themselves first: opening a Store would repair a lost entry.
    def table(path: Path, name: str) -> list[dict[str, Any]]:
        return list(TinyDB(storage=lambda: AtomicJSONStorage(path)).table(name).all())

    index = tmp_path / "index"
    ids = [doc["id"] for doc in table(index / "months" / "misc.json", "sessions")]
    files = sorted((index / "prospects").glob("*.json"))
    listed = [
        sid
        for path in files
        for [doc] in [table(path, "prospects")]
        for ids in doc.values()
        for sid in ids
    ]
    expected = {f"{prefix}{n}" for prefix in ("a", "b") for n in range(100)}
    assert sorted(ids) == sorted(listed) == sorted(expected)
    assert table(index / "open.json", "sessions") == []  # completed, no next step

    store = Store(tmp_path)
    assert store.problems == []
    for session_id in expected:
        assert store.load(session_id).answers["pain"].value == f"answer {session_id[1:]}"


def test_second_process_cannot_claim_an_open_call(tmp_path: Path) -> None:
    holder = start_worker("claim", str(tmp_path), "call-7")
    try:
        expect_line(holder.stdout, "ready")
        store = Store(tmp_path)
        with pytest.raises(CallOpenElsewhere) as caught:
            store.claim("call-7")
        assert caught.value.pid == holder.pid
        assert "another callmate window" in str(caught.value)
        assert f"process {holder.pid}" in str(caught.value)
        store.claim("call-8").release()  # only that call is taken
    finally:
        holder.send_signal(signal.SIGKILL)  # a crash must free the claim too
        holder.wait()
        for stream in (holder.stdin, holder.stdout):
            if stream is not None:
                stream.close()
    with store.claim("call-7") as claim:
        assert claim.held
