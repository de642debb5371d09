"""`callmate doctor` reads the nurture list as the nurture commands do.

A nurture.json that is not valid JSON made every `callmate nurture` command exit 1 while doctor
said "no problems found".
"""

from __future__ import annotations

import os
from pathlib import Path

from callmate.store import Store
from tests.conftest import Run


def test_a_damaged_nurture_list_is_found_and_moved_aside_by_repair(run: Run, data_dir: Path):
    Store(data_dir)
    damaged = data_dir / "nurture.json"
    damaged.write_bytes(b'{"nurture": [')
    damaged.chmod(0o600)
    assert run("nurture", "list").code == 1

    found = run("doctor")
    assert found.code == 1
    assert found.out.startswith(f"problem: the nurture list cannot be read: {damaged} is damaged (")
    assert "Every `callmate nurture` command stops on it until it is fixed by hand or moved " in (
        found.out
    )
    assert "[--repair fixes this]" in found.out
    assert damaged.read_bytes() == b'{"nurture": ['  # doctor alone changes nothing

    repaired = run("doctor", "--repair")
    assert repaired.code == 0
    (kept,) = (data_dir / "quarantine").iterdir()
    assert kept.name.startswith("nurture.json.") and kept.read_bytes() == b'{"nurture": ['
    assert f"moved it to {kept}; the nurture list starts empty" in repaired.out
    assert not damaged.exists()
    assert run("nurture", "list").code == 0
    assert run("doctor").out.endswith(f"no problems found in {data_dir}\n")


def test_a_good_or_missing_nurture_list_is_no_problem(run: Run, data_dir: Path):
    Store(data_dir)
    assert run("doctor").code == 0
    (data_dir / "nurture.json").write_text('{"format": 1, "nurture": [], "attempts": []}')
    (data_dir / "nurture.json").chmod(0o600)
    assert run("doctor").code == 0


def test_a_fifo_in_its_place_is_said_once_and_never_opened(run: Run, data_dir: Path):
    Store(data_dir)
    os.mkfifo(data_dir / "nurture.json", 0o600)
    result = run("doctor")  # opening the FIFO to read would wait forever
    assert result.code == 1
    assert result.out.count("nurture.json") == 1
