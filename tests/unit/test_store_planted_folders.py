"""A folder made where callmate keeps a file (index.lock, index/open.json, import.lock), and a
data folder that others could write to: found by the review of an admin's or attacker's doings.

A folder at index.lock made every save of a live call say "NOT SAVED — retrying: Could not save
to …/index (Is a directory)" forever, and `followups mark` say it could not save when it had;
doctor only said the folder's mode and --repair chmod-ed it. Now the call is saved and said to
be, the lists are made from the call files, the message names index.lock, and doctor --repair
moves the folder to quarantine/ and rebuilds the list.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from callmate.store import Store
from tests.conftest import START, Run
from tests.records import set_step_outcome
from tests.unit.export_support import discovery_playbook, finished_call


def one_call(data: Path) -> str:
    record = finished_call(discovery_playbook(), START, prospect="Pat Quill")
    Store(data).save(record)
    return record.id


def folder_at(path: Path) -> None:
    if path.exists():
        path.unlink()
    path.mkdir(mode=0o755)


@pytest.mark.parametrize("name", ["index.lock", "index/open.json"])
def test_a_saved_call_is_saved_and_said_to_be_with_the_obstacle_named(data_dir: Path, name: str):
    call = one_call(data_dir)
    folder_at(data_dir / name)
    store = Store(data_dir)
    assert [s["id"] for s in store.open_summaries()] == [call]
    record = store.load(call)
    set_step_outcome(record, "kept")  # its summary changes: the list must be written
    store.save(record)  # no StoreWriteError: the call file is stored
    assert store.load(call).next_step.outcome == "kept"
    said = [line for line in store.problems if "cannot be updated" in line]
    assert len(said) == 1 and f"{data_dir / name} is not a regular file" in said[0]
    assert "Is a directory" not in " ".join(store.problems)
    assert store.open_summaries() == []  # made from the call files
    set_step_outcome(record, "missed")
    store.save(record)
    assert len([line for line in store.problems if "cannot be updated" in line]) == 1  # once
    (summary,) = Store(data_dir).summaries()  # the next start too
    assert summary["next_step"]["outcome"] == "missed"


def test_marking_a_step_kept_behind_a_folder_at_index_lock(run: Run, data_dir: Path):
    call = one_call(data_dir)
    folder_at(data_dir / "index.lock")
    marked = run("followups", "mark", call, "kept")
    assert marked.code == 0, marked.err
    assert f"{data_dir / 'index.lock'} is not a regular file" in marked.err
    assert "Is a directory" not in marked.err
    # The lists are made from the call files: the kept step is no longer due, here and later.
    assert "Pat Quill" not in run("followups").out

    found = run("doctor")
    assert found.code == 1
    assert f"{data_dir / 'index.lock'} is a folder, not the lock file of the list" in found.out
    assert "can be read by other users" not in found.out  # not said as a mode to tighten
    repaired = run("doctor", "--repair")
    assert repaired.code == 0, repaired.out
    assert (data_dir / "index.lock").is_file() or not (data_dir / "index.lock").exists()
    (kept,) = (data_dir / "quarantine").iterdir()
    assert kept.name.startswith("index.lock.") and kept.is_dir()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o700
    assert run("doctor").code == 0
    after = run("followups")
    assert after.err == "" and "Pat Quill" not in after.out


def test_a_folder_at_open_json_is_moved_aside_and_the_list_rebuilt(run: Run, data_dir: Path):
    call = one_call(data_dir)
    folder_at(data_dir / "index" / "open.json")
    found = run("doctor")
    assert found.code == 1
    assert f"{data_dir / 'index' / 'open.json'} is a folder, not a file of the list" in found.out
    assert run("doctor", "--repair").code == 0
    assert (data_dir / "index" / "open.json").is_file()
    assert run("doctor").code == 0
    assert call in run("followups").out


def test_a_folder_at_import_lock_is_moved_aside(run: Run, data_dir: Path):
    one_call(data_dir)
    folder_at(data_dir / "import.lock")
    found = run("doctor")
    assert f"{data_dir / 'import.lock'} is a folder, not the lock file" in found.out
    assert run("doctor", "--repair").code == 0
    assert not (data_dir / "import.lock").is_dir()
    assert run("doctor").code == 0


# ------------------------------------------------------------------ folders open to others


def test_a_world_writable_data_folder_is_said_until_doctor_repairs_it(run: Run, data_dir: Path):
    """callmate may not have made the data folder, so a start never changes its mode: it says
    so at every start and `doctor --repair` makes it private. calls/ is callmate's own: made
    private at once, said once."""
    one_call(data_dir)
    os.chmod(data_dir, 0o777)
    os.chmod(data_dir / "calls", 0o777)
    first = run("history")
    assert first.code == 0
    lines = first.err.splitlines()
    (root_line,) = [
        line for line in lines if line.startswith(f"callmate: warning: The data folder {data_dir} ")
    ]
    assert "can be read and written by other users (mode 777)" in root_line
    assert "callmate doctor --repair" in root_line
    (calls_line,) = [
        line for line in lines if line.startswith(f"callmate: warning: {data_dir / 'calls'} ")
    ]
    assert "may have been changed by someone else" in calls_line
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o777
    assert stat.S_IMODE((data_dir / "calls").stat().st_mode) == 0o700
    again = run("history").err.splitlines()
    assert len(again) == 1 and "mode 777" in again[0]  # calls/ is private now: not said again
    assert run("doctor", "--repair").code == 0
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert run("history").err == ""


def test_a_data_folder_only_others_can_read_is_left_as_it_is_without_a_word(
    run: Run, data_dir: Path
):
    one_call(data_dir)
    os.chmod(data_dir, 0o755)
    assert run("history").err == ""
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o755
    assert f"the data folder {data_dir} can be read by other users" in run("doctor").out


def test_doctor_says_when_others_can_write_a_file(run: Run, data_dir: Path):
    call = one_call(data_dir)
    path = data_dir / "calls" / f"{call}.json"
    os.chmod(path, 0o666)
    assert f"{path} can be read and written by other users (mode 666)" in run("doctor").out
    os.chmod(path, 0o644)
    assert f"{path} can be read by other users (mode 644)" in run("doctor").out
