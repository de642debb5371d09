"""`callmate import` on a disk that fills up part way: an import message, not the call screen's.

It said "Your notes are still open in callmate" (a TUI message), gave no added/rejected summary
and left calls/<id>.<pid>.pending behind at every try. Now it says what was added before the
disk refused and what was not, to run the import again once space is freed, exits 1, and leaves
nothing half-done. A real small tmpfs where the test may mount; else the refusal is simulated.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from callmate.store import Store
from tests import disk_trouble
from tests.conftest import Run
from tests.disk_trouble import TroubledDisk
from tests.records import AT, record_json

troubled_disk = disk_trouble.troubled_disk

#: A call of about 600 kB (30 notes of 20,000 characters): more than the room left on the disk.
BIG_NOTES = [{"text": "n" * 20_000, "at": AT}] * 30


def leftovers(calls: Path) -> list[str]:
    return sorted(n for n in os.listdir(calls) if n.endswith((".pending", ".tmp")))


def fill_leaving(disk: TroubledDisk, room: int) -> None:
    """Fill the tmpfs so that about ``room`` bytes stay free."""
    free = os.statvfs(disk.root).f_bavail * os.statvfs(disk.root).f_frsize
    with (disk.root / "filler").open("wb") as filler:
        filler.write(b"\0" * max(free - room, 0))


def test_a_disk_that_fills_part_way_stops_the_import_plainly(
    run: Run, troubled_disk: TroubledDisk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    data = troubled_disk.data
    monkeypatch.setenv("CALLMATE_DATA_DIR", str(data))
    data.mkdir(mode=0o700)
    Store(data)  # the folder as a first start leaves it
    small = [record_json(f"call-{i}") for i in range(3)]
    path = tmp_path / "calls.json"
    sessions = [*small, record_json("big", notes=BIG_NOTES)]
    path.write_text(json.dumps({"format": "callmate-export", "version": 1, "sessions": sessions}))
    if troubled_disk.kind == "tmpfs":
        fill_leaving(troubled_disk, 200 * 1024)
        added, unsaved = 3, 1
    else:
        troubled_disk.fill()  # simulated: the calls folder refuses every save
        added, unsaved = 0, 4

    result = run("import", str(path))
    assert result.code == 1
    said = "calls were" if added != 1 else "call was"
    assert result.out == f"added {added}, skipped 0 (already present), rejected 0\n"
    assert result.err.startswith("callmate: error: The import stopped: callmate could not write")
    assert (
        f"{added} {said} added before that; {unsaved} {'were' if unsaved != 1 else 'was'} not. "
        "Free some disk space and run the same import again: the calls already added are "
        "skipped.\n"
    ) in result.err
    assert "Your notes are still open" not in result.err and "Traceback" not in result.err
    if troubled_disk.kind == "tmpfs":
        assert leftovers(data / "calls") == []

    troubled_disk.free()
    again = run("import", str(path))
    assert again.code == 0
    assert again.out == f"added {4 - added}, skipped {added} (already present), rejected 0\n"
    assert sorted(s["id"] for s in Store(data).summaries()) == ["big", *(r["id"] for r in small)]
    assert leftovers(data / "calls") == []
