"""What doctor prints of names in calls/, and modes judged by their bits.

The reviewer's repros: `mkdir "calls/$(printf 'n\\nFAKE ROW')"` made doctor print a fake line of
its own ("FAKE ROW can be read by other users (mode 755) [--repair fixes this]"); a folder named
like a call file was said twice and --repair only chmod-ed it; a FIFO under a call's name was
never moved aside though the index's are; a stray file in calls/ was never named; and, run as
root, a call file of mode 000 was not flagged nor given 0600 back.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from callmate.store import Store
from tests.conftest import Run
from tests.records import call_record

IDS = ["20261129-090000", "20261129-090001"]


@pytest.fixture
def calls(data_dir: Path) -> Path:
    store = Store(data_dir)
    for session_id in IDS:
        store.save(call_record(session_id, status="completed"))
    return data_dir / "calls"


def test_every_name_doctor_prints_stays_on_one_line(run: Run, calls: Path) -> None:
    odd = calls / "n\nFAKE ROW"
    odd.mkdir(mode=0o755)
    os.chmod(odd, 0o755)
    (calls / "r\u202eevil").write_text("x")
    for argv in (("doctor",), ("doctor", "--repair")):
        result = run(*argv)
        assert not any(line.startswith("FAKE ROW") for line in result.out.splitlines())
        assert "\u202e" not in result.out
        assert f"note: {calls}/n\\nFAKE ROW is not a call file" in result.out, result.out
        assert f"note: {calls}/r<U+202E>evil is not a call file" in result.out
        assert result.code == 0  # named, not counted as a problem: it is the user's
    assert stat.S_IMODE(os.lstat(odd).st_mode) == 0o755  # never touched


def test_a_folder_under_a_calls_name_is_said_once_and_moved_aside(run: Run, calls: Path) -> None:
    folder = calls / "20261129-090005.json"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    (folder / "inside").write_text("x")
    os.chmod(folder / "inside", 0o600)
    found = run("doctor")
    problems = [line for line in found.out.splitlines() if line.startswith("problem:")]
    assert problems == [
        f"problem: {folder} is a folder, not a call file: callmate never opens it and lists no "
        "call under that name [--repair fixes this]"
    ]
    repaired = run("doctor", "--repair")
    assert repaired.code == 0, repaired.out
    assert not folder.exists()
    (kept,) = (calls.parent / "quarantine").iterdir()
    assert (kept / "inside").read_text() == "x"
    assert run("doctor").code == 0


def test_a_fifo_under_a_calls_name_is_moved_aside_like_the_indexs(run: Run, calls: Path) -> None:
    fifo = calls / "20261129-090006.json"
    os.mkfifo(fifo)
    assert "`callmate doctor --repair` moves it to quarantine/" in run("history").err
    found = run("doctor")
    assert found.code == 1
    assert f"problem: {fifo} is a FIFO, not the file callmate keeps there" in found.out
    assert "[--repair fixes this]" in found.out
    repaired = run("doctor", "--repair")
    assert repaired.code == 0, repaired.out
    assert not os.path.lexists(fifo)
    assert run("doctor").code == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="only root reads a file of mode 000")
def test_a_call_file_of_mode_000_is_found_by_its_bits_and_given_0600(run: Run, calls: Path) -> None:
    path = calls / f"{IDS[0]}.json"
    os.chmod(path, 0)
    found = run("doctor")
    assert found.code == 1
    assert f"problem: {path} has mode 000, not 600" in found.out, found.out
    repaired = run("doctor", "--repair")
    assert repaired.code == 0, repaired.out
    assert stat.S_IMODE(os.lstat(path).st_mode) == 0o600
    assert run("doctor").code == 0
