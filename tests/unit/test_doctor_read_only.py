"""doctor on a data folder whose file system is read-only.

The reviewer's repro: `mount -o remount,ro` under the data folder; every command warned
"cannot be written to (the file system is read-only)" while `callmate doctor` said "no problems
found" and exited 0. Needs a real read-only mount: it runs as root (CI), and is skipped only
where the mount cannot be made at all (not root).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from callmate.store import Store
from tests.conftest import Run
from tests.disk_trouble import TroubledDisk, troubled_disk
from tests.records import call_record

__all__ = ["troubled_disk"]  # the fixture, used by name


def test_doctor_says_a_read_only_data_folder_cannot_be_written(
    troubled_disk: TroubledDisk, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    if troubled_disk.kind != "tmpfs":
        assert os.geteuid() != 0, "root can mount: the read-only test must run"
        pytest.skip("a read-only mount needs root")
    data = troubled_disk.data
    monkeypatch.setenv("CALLMATE_DATA_DIR", str(data))
    Store(data).save(call_record("20261129-090000", status="completed"))
    assert run("doctor").code == 0
    troubled_disk.read_only()
    warned = run("history")
    assert "cannot be written to (the file system is read-only)" in warned.err
    for argv in (("doctor",), ("doctor", "--repair")):
        found = run(*argv)
        assert found.code == 1, found.out
        assert (
            f"problem: the data folder {data} cannot be written to (the file system is "
            "read-only)" in found.out
        )
        assert "no problems found" not in found.out and "all repaired" not in found.out
    troubled_disk.writable()
    assert run("doctor").code == 0


def test_nothing_said_of_a_folder_that_can_be_written(run: Run, data_dir: Path) -> None:
    Store(data_dir)
    assert "cannot be written" not in run("doctor").out
