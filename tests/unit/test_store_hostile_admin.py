"""A data folder that an attacker or a careless admin got at, through real files and commands.

Hard links planted in the folder, leftovers whose names hold any number, folders that
`sudo callmate` left to root, an emergency copy that cannot be put back, a data folder reached
through a link, a pending marker whose pid now belongs to another program, a folder made
world-writable: each is said plainly, never followed outside the folder, never a traceback.

Files of another user: as root, whom mode bits do not stop, the files are given to another
user (private, as `sudo -E callmate` leaves root's) and callmate runs as root without any
capability, so owners and modes stop it as they stop a user; as any other user the same
files are made unreadable with chmod 000.
"""

from __future__ import annotations

import ctypes
import dataclasses
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from callmate.core.call_record import CallRecord
from callmate.export.bundle import export_bytes
from callmate.store import Store
from callmate.store.emergency import copies_for, write_emergency
from tests import disk_trouble
from tests.conftest import START
from tests.disk_trouble import TroubledDisk
from tests.unit.export_support import discovery_playbook, finished_call

REPO = Path(__file__).resolve().parents[2]
OTHER = 65534  # nobody: the user whose files are left in the folder, when the tests run as root
PR_CAPBSET_DROP = 24
HUGE = "99999999999999999999"  # beyond any pid os.kill can take
troubled_disk = disk_trouble.troubled_disk


def saved_calls(data: Path, count: int = 2) -> list[CallRecord]:
    store = Store(data)
    made = []
    for n in range(count):
        record = finished_call(
            discovery_playbook(), START.replace(minute=10 * n), prospect=f"Pat Quill {n}"
        )
        store.save(record)
        made.append(record)
    return made


def unfinished_call(data: Path) -> CallRecord:
    """A call still in progress, saved: what an emergency copy may be merged over."""
    record = finished_call(discovery_playbook(), START.replace(minute=30), step=None)
    Store(data).save(record)
    return record


def outside_file(path: Path) -> Path:
    path.write_text("precious")
    os.chmod(path, 0o644)
    return path


def untouched(path: Path) -> bool:
    return path.read_text() == "precious" and stat.S_IMODE(path.stat().st_mode) == 0o644


def replace_file(path: Path, data: bytes) -> None:
    """Write as most editors save: a new file renamed over the old one."""
    temp = path.with_name(path.name + ".edit")
    temp.write_bytes(data)
    os.replace(temp, path)


# ------------------------------------------------------------------------ 1. hard links


def test_a_hard_linked_index_lock_is_replaced_never_chmod_ed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    outside = outside_file(tmp_path / "out1")
    os.link(outside, data / "index.lock")
    saved_calls(data)
    assert untouched(outside)
    lock = (data / "index.lock").stat()
    assert lock.st_nlink == 1 and lock.st_ino != outside.stat().st_ino
    assert stat.S_IMODE(lock.st_mode) == 0o600


def test_a_hard_linked_call_lock_is_never_written_by_a_claim(tmp_path: Path) -> None:
    data = tmp_path / "data"
    [record, _] = saved_calls(data)
    outside = outside_file(tmp_path / "out2")
    os.link(outside, data / "calls" / f"{record.id}.lock")
    store = Store(data)
    with store.claim(record.id) as claim:
        assert claim.held
        assert untouched(outside)  # the pid went into a fresh lock file of the call's own
    assert untouched(outside)
    assert (data / "calls" / f"{record.id}.lock").stat().st_nlink == 1


def test_a_hard_linked_marker_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    from callmate.store import StoreWriteError

    data = tmp_path / "data"
    [record, _] = saved_calls(data)
    outside = outside_file(tmp_path / "out3")
    os.link(outside, data / "calls" / f"{record.id}.{os.getpid()}.pending")
    store = Store(data)
    with pytest.raises(StoreWriteError, match="hard link"):
        store.save(dataclasses.replace(record, company="Brightline"))
    assert untouched(outside)


def test_doctor_reports_hard_links_and_repair_never_chmods_their_targets(
    data_dir: Path, tmp_path: Path, run
) -> None:
    [record, _] = saved_calls(data_dir)
    lock_target = outside_file(tmp_path / "lock-target")
    kept_target = outside_file(tmp_path / "kept-target")
    lock = data_dir / "calls" / f"{record.id}.lock"
    kept = data_dir / "quarantine" / "x.json"
    os.link(lock_target, lock)
    os.link(kept_target, kept)
    checked = run("doctor")
    assert checked.code == 1
    for path in (lock, kept):
        assert any(str(path) in line and "hard link" in line for line in checked.out.splitlines())
    assert untouched(lock_target) and untouched(kept_target)

    repaired = run("doctor", "--repair")
    assert untouched(lock_target) and untouched(kept_target)
    for path in (lock, kept):
        info = path.stat()
        assert info.st_nlink == 1 and stat.S_IMODE(info.st_mode) == 0o600
    assert kept.read_text() == "precious"  # the name kept its contents, in a file of its own
    assert repaired.code == 0, repaired.out
    assert "no problems found" in run("doctor").out


# ------------------------------------------------------------------------ 2. emergency copy


def test_doctor_repair_says_an_emergency_copy_could_not_be_put_back(
    troubled_disk: TroubledDisk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from callmate.cli import main

    monkeypatch.setenv("CALLMATE_EMERGENCY_DIR", str(tmp_path / "fallback"))
    monkeypatch.setenv("CALLMATE_DATA_DIR", str(troubled_disk.data))
    [_, _] = saved_calls(troubled_disk.data)
    record = unfinished_call(troubled_disk.data)
    newer = dataclasses.replace(record, revision=record.revision + 1, draft="not saved in time")
    kept = write_emergency(troubled_disk.data, newer, "the disk is full")
    assert kept is not None
    troubled_disk.fill()
    code = main(["doctor", "--repair"])
    out = capsys.readouterr().out
    [line] = [line for line in out.splitlines() if "emergency copy" in line]
    assert line.startswith("problem:") and "could not be put back" in line, out
    assert "merged back" not in out
    assert code == 1
    assert kept.exists()
    troubled_disk.free()
    assert Store(troubled_disk.data).load(record.id).draft == "not saved in time"


# ------------------------------------------------------------------------ 3. huge pids


def huge_pid_leftovers(data: Path) -> list[Path]:
    made = [
        data / "calls" / f".call-1.json.{HUGE}.abcdef12.tmp",
        data / "calls" / f"call-2.{HUGE}.pending",
        data / "index" / f".open.json.{HUGE}.abcdef12.tmp",
        data / "index" / "months" / f".misc.json.{HUGE}.abcdef12.tmp",
    ]
    for path in made:
        path.touch()
    return made


def test_a_leftover_with_a_pid_no_process_can_have_is_cleaned_without_a_traceback(
    data_dir: Path, run
) -> None:
    saved_calls(data_dir)
    made = huge_pid_leftovers(data_dir)
    listed = run("history")
    assert listed.code == 0
    assert "Pat Quill 0" in listed.out and "Pat Quill 1" in listed.out
    assert [path for path in made if path.exists()] == []
    assert run("followups", "--json").code == 0


def test_doctor_finds_leftovers_of_a_gone_writer_and_repair_clears_them(
    data_dir: Path, run
) -> None:
    saved_calls(data_dir)
    made = huge_pid_leftovers(data_dir)
    checked = run("doctor")
    assert checked.code == 1
    for path in made:
        assert any(
            str(path) in line and "left by process" in line for line in checked.out.splitlines()
        )
    repaired = run("doctor", "--repair")
    assert repaired.code == 0, repaired.out
    assert [path for path in made if path.exists()] == []
    # The unfinished call save is kept (it may hold the newest notes), the rest removed.
    assert list((data_dir / "quarantine").glob(f".call-1.json.{HUGE}.abcdef12.tmp.*"))


# ------------------------------------------------------------------------ 7. foreign pids


@pytest.fixture
def live_process() -> Iterator[subprocess.Popen[bytes]]:
    """A live process that is not callmate (as pid 1, or a pid reused after a reboot)."""
    child = subprocess.Popen(["sleep", "60"])
    try:
        yield child
    finally:
        child.kill()
        child.wait()


def test_a_marker_whose_pid_runs_another_program_is_stale(
    data_dir: Path, live_process: subprocess.Popen[bytes], run
) -> None:
    [record, _] = saved_calls(data_dir)
    marker = data_dir / "calls" / f"{record.id}.{live_process.pid}.pending"
    marker.touch()
    path = data_dir / "calls" / f"{record.id}.json"
    stored = json.loads(path.read_bytes())
    stored["call"]["1"]["prospect"] = "Renamed Person"
    replace_file(path, json.dumps(stored).encode())

    checked = run("doctor")
    assert any(str(marker) in line for line in checked.out.splitlines()), checked.out
    assert marker.exists()  # checking changed nothing

    listed = run("history")
    assert "Renamed Person" in listed.out
    assert len(listed.err.splitlines()) == 1 and "corrected" in listed.err, listed.err
    assert not marker.exists()


def test_a_callmate_process_started_after_the_marker_is_not_its_writer(tmp_path: Path) -> None:
    from callmate.store.recovery import left_by_dead_writer

    marker = tmp_path / "call-1.1234.pending"
    marker.touch()
    # A live process whose command line says callmate: a window running now.
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)  # callmate"])
    try:
        time.sleep(0.2)
        assert not left_by_dead_writer(marker, child.pid)
        day_ago = time.time() - 86400
        os.utime(marker, (day_ago, day_ago))  # left before a reboot: the pid was reused
        assert left_by_dead_writer(marker, child.pid)
    finally:
        child.kill()
        child.wait()


# ------------------------------------------------------------------------ 6. emergency identity


def test_an_emergency_copy_is_matched_by_the_folder_not_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run
) -> None:
    monkeypatch.setenv("CALLMATE_EMERGENCY_DIR", str(tmp_path / "fallback"))
    real = tmp_path / "real"
    link = tmp_path / "link"
    record = unfinished_call(real)  # an ended call is never replaced by a copy
    link.symlink_to(real)
    newer = dataclasses.replace(record, revision=record.revision + 1, draft="kept via the link")
    kept = write_emergency(link, newer, "the disk is full")
    assert kept is not None
    # A copy written before the folder's identity was recorded names the link's path only.
    old = dataclasses.replace(record, revision=record.revision + 1, draft="old format")
    old_copy = write_emergency(link, old, "the disk is full")
    assert old_copy is not None
    payload = json.loads(old_copy.read_bytes())
    old_copy.write_text(json.dumps({k: payload[k] for k in ("format", "data_dir", "record")}))

    assert {path for path, _ in copies_for(real)} == {kept, old_copy}
    monkeypatch.setenv("CALLMATE_DATA_DIR", str(real))
    checked = run("doctor")
    assert checked.out.count("an emergency copy of call") == 2
    store = Store(real)  # opening merges them back
    said = [line for line in store.problems if "emergency copy" in line]
    assert len(said) == 2, store.problems
    assert not kept.exists() and not old_copy.exists()
    assert Store(real).load(record.id).draft in {"kept via the link", "old format"}


# ------------------------------------------------------------------------ 8. the folder itself


def test_doctor_repairs_the_data_folders_own_permissions(data_dir: Path, run) -> None:
    saved_calls(data_dir)
    for folder, dirs, files in os.walk(data_dir):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            os.chmod(path, 0o777 if path.is_dir() else 0o666)
    os.chmod(data_dir, 0o777)
    checked = run("doctor")
    assert any(f"data folder {data_dir}" in line for line in checked.out.splitlines())
    repaired = run("doctor", "--repair")
    assert repaired.code == 0, repaired.out
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert "no problems found" in run("doctor").out


# ------------------------------------------------------------------------ 4, 5. other users


def without_privileges() -> None:
    """In the child, before exec: root gives up every capability (PR_CAPBSET_DROP for each),
    so mode bits and owners stop it as they stop any user; its uid stays 0."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in range(64):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            break


class Foreign:
    """A data folder in which some files belong to someone else (see the module docstring)."""

    def __init__(self, base: Path) -> None:
        self.as_root = os.geteuid() == 0
        self.base = base
        self.data = base / "data"
        self.taken: list[Path] = []

    def take(self, path: Path) -> None:
        """What `sudo callmate` leaves: ``path`` becomes another user's and private (or, when
        the tests do not run as root, mode 000)."""
        self.taken.append(path)
        if self.as_root:
            os.chown(path, OTHER, OTHER)
            os.chmod(path, 0o700 if path.is_dir() else 0o600)
        else:
            os.chmod(path, 0)

    def give_back(self) -> None:
        for path in self.taken:
            os.chmod(path, 0o700)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CALLMATE_")}
        env |= {
            "CALLMATE_DATA_DIR": str(self.data),
            "CALLMATE_EMERGENCY_DIR": str(self.base / "fallback"),
            "PYTHONPATH": str(REPO),
        }
        return subprocess.run(
            [sys.executable, "-m", "callmate", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=90,
            stdin=subprocess.DEVNULL,
            preexec_fn=without_privileges if self.as_root else None,
        )


@pytest.fixture
def foreign(tmp_path: Path) -> Iterator[Foreign]:
    made = Foreign(tmp_path)
    try:
        yield made
    finally:
        made.give_back()  # so the tests' own clean-up can remove it


def no_traceback(done: subprocess.CompletedProcess[str]) -> bool:
    return "Traceback" not in done.stderr and "Traceback" not in done.stdout


def test_folders_left_by_sudo_give_one_plain_message_and_a_failure_code(
    foreign: Foreign,
) -> None:
    saved_calls(foreign.data)
    for name in ("calls", "index", "quarantine"):
        foreign.take(foreign.data / name)
    calls = foreign.data / "calls"
    for args in (("history",), ("followups",), ("followups", "--json"), ("stats",), ()):
        done = foreign.run(*args)
        assert no_traceback(done), (args, done.stderr)
        assert done.returncode == 1, (args, done.stderr)
        [line] = done.stderr.splitlines()
        assert f"callmate cannot read {calls}" in line, line
    for args in (("doctor",), ("doctor", "--repair")):
        done = foreign.run(*args)
        assert no_traceback(done), (args, done.stderr)
        assert done.returncode == 1
        problems = [line for line in done.stdout.splitlines() if line.startswith("problem:")]
        assert any(str(calls) in line for line in problems), done.stdout
        if foreign.as_root:
            assert any(f"(uid {OTHER})" in line for line in problems), done.stdout


def test_an_unreadable_stored_call_is_said_so_and_is_no_import_conflict(
    foreign: Foreign,
) -> None:
    made = saved_calls(foreign.data, 3)
    export = foreign.base / "export.json"
    export.write_bytes(export_bytes(made))
    foreign.take(foreign.data / "calls" / f"{made[0].id}.json")
    done = foreign.run("import", str(export))
    assert no_traceback(done), done.stderr
    assert "could not be read" in done.stderr and made[0].id in done.stderr
    assert "different content" not in done.stderr + done.stdout
    assert "conflict" not in done.stdout
    assert "skipped 2" in done.stdout


def test_the_warning_names_the_file_that_cannot_be_written(foreign: Foreign) -> None:
    saved_calls(foreign.data)
    lock = foreign.data / "index.lock"
    foreign.take(lock)
    done = foreign.run("history")
    assert no_traceback(done), done.stderr
    assert done.returncode == 0
    assert f"{lock} in the data folder cannot be written to" in done.stderr
    assert f"The data folder {foreign.data} cannot be written" not in done.stderr
    assert "Pat Quill 0" in done.stdout


def test_a_calls_folder_gone_after_the_start_is_a_store_error(tmp_path: Path) -> None:
    from callmate.store import StoreError

    data = tmp_path / "data"
    saved_calls(data)
    store = Store(data)
    shutil.rmtree(data / "calls")
    (data / "calls").write_text("not a folder")  # swapped behind the open store's back
    with pytest.raises(StoreError, match="Could not list the calls"):
        list(store.iter_records())
