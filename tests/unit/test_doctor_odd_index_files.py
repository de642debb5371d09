"""A FIFO (or a device) where callmate keeps an index file or a lock: doctor offered a repair,
then said "repair failed: Could not save to …/open.json" and "2 problems, 2 left to fix" on
every run; at index.lock it only said "move it out". Now --repair moves it to quarantine/ (as
for a folder in the same place) and rebuilds the index once nothing odd is left in it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from callmate.store import Store
from tests.conftest import Run
from tests.unit.test_store_planted_folders import one_call


def fifo_at(path: Path) -> None:
    if os.path.lexists(path):
        path.unlink()
    os.mkfifo(path)


def month_of(data: Path, call: str) -> str:
    return str(Store(data).shard_path(call).relative_to(data))


@pytest.mark.parametrize(
    "names",
    [
        ["index/open.json"],
        ["index/quiet.json"],
        ["index/prospects/33.json"],
        ["MONTH"],
        ["index.lock"],
        ["index.lock", "index/open.json", "index/quiet.json", "index/prospects/33.json", "MONTH"],
    ],
    ids=lambda names: "+".join(names),
)
def test_doctor_repair_moves_a_fifo_aside_and_rebuilds(run: Run, data_dir: Path, names: list[str]):
    call = one_call(data_dir)
    places = [data_dir / (month_of(data_dir, call) if n == "MONTH" else n) for n in names]
    for place in places:
        fifo_at(place)
    found = run("doctor")
    assert found.code == 1
    for place in places:
        (line,) = [line for line in found.out.splitlines() if line.startswith(f"problem: {place} ")]
        assert "is a FIFO, not the file callmate keeps there" in line
        assert line.endswith("[--repair fixes this]")
    assert "move it out" not in found.out
    repaired = run("doctor", "--repair")
    assert repaired.code == 0, repaired.out
    assert "repair failed" not in repaired.out and "left to fix" not in repaired.out
    assert f"{len(places)} problem" in repaired.out and "all repaired" in repaired.out
    if any(p.parts[-2] != data_dir.name for p in places):  # something in index/
        assert repaired.out.count("rebuilt the list of calls") == 1
    for place in places:
        assert os.path.isfile(place) or not os.path.lexists(place)
    kept = list((data_dir / "quarantine").iterdir())
    assert len(kept) == len(places)
    again = run("doctor")
    assert again.code == 0 and "no problems found" in again.out, again.out
    assert call in run("history").out
