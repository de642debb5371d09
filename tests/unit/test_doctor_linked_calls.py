"""A calls/ (or quarantine/) moved to a bigger disk and linked back is never "repaired" away.

The reviewer's repro: 10 calls; `mv DATA/calls /x/out_calls; ln -s /x/out_calls DATA/calls`.
`doctor --repair` removed the link and said "1 problem, all repaired" (exit 0); `history` then
dropped all 10 calls from the list for good ("no calls yet") and doctor found nothing. Now the
link is a problem only the user can fix, said with the command that fixes it, and the list of
calls keeps every call meanwhile.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from callmate.store import Store
from tests.conftest import Run
from tests.records import call_record

IDS = [f"20261129-0900{i:02d}" for i in range(10)]


@pytest.fixture
def moved(data_dir: Path, tmp_path: Path) -> Path:
    """Ten calls, their folder moved to "another disk" and linked back; the folder there."""
    store = Store(data_dir)
    for session_id in IDS:
        store.save(call_record(session_id, status="completed"))
    away = tmp_path / "bigger-disk" / "out_calls"
    away.parent.mkdir()
    os.rename(data_dir / "calls", away)
    os.symlink(away, data_dir / "calls")
    return away


def test_doctor_never_removes_a_calls_link_and_says_how_to_put_the_folder_back(
    run: Run, data_dir: Path, moved: Path
) -> None:
    calls = data_dir / "calls"
    fix = f"`rm {calls} && mv {moved} {calls}`"
    for argv in (("doctor",), ("doctor", "--repair")):
        result = run(*argv)
        assert result.code == 1, result.out
        assert f"problem: {calls} is a symbolic link (to {moved})" in result.out
        assert fix in result.out
        assert "repaired" not in result.out and "[--repair fixes this]" not in result.out
        assert "missing from it" not in result.out  # the calls are not read through it
    assert calls.is_symlink() and sorted(p.stem for p in moved.iterdir()) == IDS


def test_history_keeps_every_call_listed_while_calls_is_a_link(
    run: Run, data_dir: Path, moved: Path
) -> None:
    calls = data_dir / "calls"
    assert run("history", "--json").code == 0  # reads each call: none may be dropped for it
    assert run("show", IDS[0]).code == 1
    for _ in range(2):  # the second start must not have forgotten them either
        listed = run("history")
        assert listed.code == 0
        assert len(listed.out.splitlines()) == 10, listed.out
        assert "no file" not in listed.err and "removed from the list" not in listed.err
        lines = listed.err.splitlines()
        assert len(lines) == 1, listed.err  # one line, not also "cannot be written to"
        assert lines[0].startswith(f"callmate: warning: {calls} is a symbolic link (to {moved})")
        assert f"`rm {calls} && mv {moved} {calls}`" in lines[0]
        assert "disk space" not in lines[0]
    os.unlink(calls)
    os.rename(moved, calls)
    assert len(run("history").out.splitlines()) == 10
    assert run("doctor").code == 0


def test_a_link_to_an_empty_folder_is_still_removed(run: Run, data_dir: Path, tmp_path: Path):
    Store(data_dir)
    empty = tmp_path / "empty"
    empty.mkdir()
    (data_dir / "calls").rmdir()
    os.symlink(empty, data_dir / "calls")
    repaired = run("doctor", "--repair")
    assert repaired.code == 0, repaired.out
    assert f"removed the link {data_dir / 'calls'}" in repaired.out
    assert empty.is_dir()


def test_a_quarantine_link_holding_kept_files_is_left_for_the_user(
    run: Run, data_dir: Path, tmp_path: Path
) -> None:
    Store(data_dir)
    away = tmp_path / "kept"
    os.rename(data_dir / "quarantine", away)
    (away / "damaged.json").write_text("{")
    os.symlink(away, data_dir / "quarantine")
    result = run("doctor", "--repair")
    assert result.code == 1
    quarantine = data_dir / "quarantine"
    assert f"`rm {quarantine} && mv {away} {quarantine}`" in result.out
    assert quarantine.is_symlink() and (away / "damaged.json").exists()
