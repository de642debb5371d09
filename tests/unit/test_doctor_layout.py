"""Folders of the data folder replaced by files, a link in the index, a FIFO in calls/.

`calls` as a file was reported as "Could not read the list of calls in …/index", and doctor
chmod-ed it and counted "listed calls with no usable file"; `quarantine` as a file made every
command warn while doctor found nothing; `index` or `index/months` as a file could not be
repaired though the index is a cache. `doctor --repair` needed two runs for a linked
index/open.json, and said a FIFO in calls/ twice.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from callmate.store import Store
from tests.conftest import Run
from tests.records import call_record

IDS = ["20261129-090000", "20261129-090001"]


@pytest.fixture
def stored(data_dir: Path) -> Path:
    store = Store(data_dir)
    for session_id in IDS:
        store.save(call_record(session_id, status="completed"))
    return data_dir


def replace_with_file(path: Path) -> None:
    if path.is_dir():
        for item in sorted(path.rglob("*"), reverse=True):
            item.rmdir() if item.is_dir() else item.unlink()
        path.rmdir()
    path.write_text("a file")
    path.chmod(0o600)


def test_calls_as_a_file_is_named_by_every_command_and_by_doctor(run: Run, stored: Path):
    calls = stored / "calls"
    replace_with_file(calls)
    said = (
        f"{calls} is a file, not the folder callmate keeps its calls in: no call can be listed, "
        f"read or saved"
    )
    for argv in (("history",), ("followups",), ("show", IDS[0])):
        result = run(*argv)
        assert result.code == 1 and result.err.startswith(f"callmate: error: {said}")
        assert "index" not in result.err
    for argv in (("doctor",), ("doctor", "--repair")):
        result = run(*argv)
        assert result.code == 1
        assert result.out.splitlines()[0].startswith(f"problem: {said}")
        assert "no usable file" not in result.out and "index" not in result.out
    assert calls.read_text() == "a file"  # only a person can say what it is


def test_quarantine_as_a_file_is_found_and_made_a_folder(run: Run, stored: Path):
    quarantine = stored / "quarantine"
    replace_with_file(quarantine)
    warned = run("history")
    assert warned.code == 0
    assert f"{quarantine} is a file, not a folder: a damaged file cannot be moved" in warned.err
    assert "cannot be written to" not in warned.err
    found = run("doctor")
    assert found.code == 1
    assert f"problem: {quarantine} is a file, not a folder" in found.out
    repaired = run("doctor", "--repair")
    assert repaired.code == 0
    (kept,) = quarantine.iterdir()
    assert kept.read_text() == "a file"
    assert run("doctor").out.endswith(f"no problems found in {stored}\n")
    assert run("history").err == ""


@pytest.mark.parametrize("where", ["index", "index/months", "index/prospects"])
def test_an_index_folder_as_a_file_is_moved_aside_and_rebuilt(run: Run, stored: Path, where: str):
    folder = stored / where
    replace_with_file(folder)
    listed = run("history")
    assert listed.code == 0 and all(session_id in listed.out for session_id in IDS)
    assert f"{folder} is not a folder" in listed.err
    found = run("doctor")
    assert f"problem: {folder} is a file, not a folder of the list of calls" in found.out
    repaired = run("doctor", "--repair")
    assert repaired.code == 0, repaired.out
    assert f"repaired: {folder} is a file" in repaired.out
    assert folder.is_dir()
    assert any(p.read_text() == "a file" for p in (stored / "quarantine").iterdir())
    assert run("doctor").code == 0
    after = run("history")
    assert after.err == "" and all(session_id in after.out for session_id in IDS)


def test_a_linked_open_json_is_repaired_in_one_run(run: Run, stored: Path, tmp_path: Path):
    outside = tmp_path / "outside.json"
    outside.write_text("{}")
    open_json = stored / "index" / "open.json"
    open_json.unlink()
    open_json.symlink_to(outside)
    repaired = run("doctor", "--repair")
    assert repaired.code == 0, repaired.out
    assert "left to fix" not in repaired.out
    assert outside.read_text() == "{}"
    assert run("doctor").code == 0


def test_a_fifo_in_calls_is_said_once(run: Run, stored: Path):
    fifo = stored / "calls" / "20261129-100000.json"
    os.mkfifo(fifo, 0o600)
    result = run("doctor")
    assert result.code == 1
    assert result.out.count(str(fifo)) == 1
