"""A call started on a full or read-only disk starts anyway and keeps everything typed.

The real `callmate` runs in a pseudo-terminal with its data folder on a disk that refuses
writes (see tests/disk_trouble.py: a small tmpfs where the tests may mount one); the rep types
answers, the disk takes writes again, and every answer must be in the call file. The read-only
commands must work on the same disk, warn once, and never print a traceback.
"""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path

import pytest

from callmate.core.session import CallSession
from callmate.store import Store
from tests import disk_trouble
from tests.conftest import START
from tests.disk_trouble import TroubledDisk
from tests.pty_app import PtyApp, run_callmate, wait_for

troubled_disk = disk_trouble.troubled_disk


def stored_answers(data: Path) -> dict:
    files = list((data / "calls").glob("*.json")) if (data / "calls").is_dir() else []
    if not files:
        return {}
    try:
        return Store(data).load(files[0].stem).answers
    except Exception:
        return {}


@pytest.mark.parametrize("trouble", ["full", "read-only"])
def test_a_call_starts_on_a_refusing_disk_and_everything_typed_is_saved_later(
    troubled_disk: TroubledDisk, small_playbook_path: Path, trouble: str
) -> None:
    disk = troubled_disk
    disk.data.mkdir(mode=0o700)
    if trouble == "full":
        disk.fill()
    else:
        disk.read_only()
    args = ["call", "--playbook", str(small_playbook_path), "--prospect", "Full Disk"]
    app = PtyApp(args, env={"CALLMATE_DATA_DIR": str(disk.data)})
    try:
        assert wait_for(lambda: "NOT SAVED" in app.text() and "twenty minutes" in app.text())
        app.write(b"y\r")
        assert wait_for(lambda: "getting in the way" in app.text()), app.text()[-3000:]
        app.write(b"slow invoices\r")
        assert wait_for(lambda: "slow invoices" in app.text()), app.text()[-3000:]
        app.write(b"\r")  # an empty Enter ends the list
        assert wait_for(lambda: "big enough to fix" in app.text()), app.text()[-3000:]
        app.write(b"y\r")
        assert wait_for(lambda: "Commitment" in app.text()), app.text()[-3000:]
        assert stored_answers(disk.data) == {}  # nothing could be written so far
        assert app.proc.poll() is None
        if trouble == "full":
            disk.free()
        else:
            disk.writable()
        # The screen retries every second; every answer reaches the disk.
        assert wait_for(
            lambda: {"time_ok", "problems", "big_enough"} <= set(stored_answers(disk.data))
        )
        app.proc.send_signal(signal.SIGTERM)
        assert app.proc.wait(timeout=10) == 128 + signal.SIGTERM
    finally:
        app.close()
    assert "Traceback" not in app.text()
    answers = stored_answers(disk.data)
    assert answers["time_ok"].value is True
    assert [item.text for item in answers["problems"].value] == ["slow invoices"]
    assert answers["big_enough"].value is True


def run_command(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return run_callmate(data, *args)


@pytest.mark.parametrize("trouble", ["full", "read-only"])
@pytest.mark.parametrize("index", ["kept", "lost"])
def test_read_only_commands_work_on_a_refusing_disk_and_warn_once(
    troubled_disk: TroubledDisk, small_playbook, trouble: str, index: str
) -> None:
    disk = troubled_disk
    store = Store(disk.data)
    session = CallSession.start(small_playbook, "Pat Quill", "Hollow Pines", START)
    session.answer("y", START)
    store.save(session.record)
    if index == "lost":  # lists must then come from the call files, in memory
        for path in sorted((disk.data / "index").rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
    if trouble == "full":
        disk.fill()
    else:
        disk.read_only()
    history = run_command("history", "--json", data=disk.data)
    followups = run_command("followups", data=disk.data)
    shown = run_command("show", session.id, data=disk.data)
    for done in (history, followups, shown):
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        warnings = [line for line in done.stderr.splitlines() if "warning" in line]
        assert len(warnings) == 1, done.stderr
        if disk.kind == "tmpfs":
            assert "cannot be written" in warnings[0]
    assert [row["id"] for row in json.loads(history.stdout)] == [session.id]
    assert "Pat Quill" in shown.stdout
