"""No command writes a file the rep names inside callmate's own data folder, --force or not.

An export given a call file's path (or an index's, or a new name in calls/) replaced the call
with an email draft and the call was lost to quarantine. Real files in a tmp folder, through the
real command line; a link to the folder is resolved and refused the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from callmate.core.clock import now as clock_now
from callmate.store import Store
from tests.conftest import Run
from tests.unit.export_support import discovery_playbook, finished_call


@pytest.fixture
def call_id(data_dir: Path) -> str:
    record = finished_call(discovery_playbook(), clock_now(), prospect="Avery Ahead")
    Store(data_dir).save(record)
    return record.id


#: (the command before the file name, the file name) for each way a file is written.
CASES: dict[str, Callable[[Path, str], tuple[tuple[str, ...], Path]]] = {
    "email over the call file": lambda d, cid: (
        ("export", cid, "--email", "--output"),
        d / "calls" / f"{cid}.json",
    ),
    "ics over an index": lambda d, cid: (("export", cid, "--ics"), d / "index" / "open.json"),
    "backup as a new file in calls/": lambda d, cid: (
        ("export", "--all", "--json"),
        d / "calls" / "backup.json",
    ),
    "one call's json at the top": lambda d, cid: (("export", cid, "--json"), d / "x.json"),
    "nurture csv": lambda d, cid: (("nurture", "export", "--csv"), d / "index" / "n.csv"),
}


def _contents(folder: Path, target: Path) -> tuple[dict[Path, bytes], bytes | None]:
    """The call files, and what the target holds (the store may refresh its index caches)."""
    calls = {p: p.read_bytes() for p in (folder / "calls").iterdir()}
    return calls, target.read_bytes() if target.exists() else None


@pytest.mark.parametrize("case", CASES)
def test_nothing_is_written_inside_the_data_folder(
    run: Run, data_dir: Path, call_id: str, case: str
):
    argv, target = CASES[case](data_dir, call_id)
    before = _contents(data_dir, target)
    result = run(*argv, str(target), "--force")
    assert result.code == 1
    assert result.err == (
        f"callmate: error: could not write {target} (it is inside callmate's data folder "
        f"{data_dir}, where it could replace a call; choose a path outside that folder, "
        "--force does not change this)\n"
    )
    assert _contents(data_dir, target) == before  # nothing replaced, nothing added
    assert run("show", call_id).code == 0  # and the call is still there


def test_a_link_into_the_data_folder_is_resolved(
    run: Run, data_dir: Path, call_id: str, tmp_path: Path
):
    link = tmp_path / "looks-outside"
    link.symlink_to(data_dir / "calls")
    result = run("export", call_id, "--email", "--output", str(link / f"{call_id}.json"))
    assert result.code == 1 and "inside callmate's data folder" in result.err
    assert run("show", call_id).code == 0


def test_a_data_folder_reached_through_a_link_is_caught(
    run: Run, data_dir: Path, call_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    other = tmp_path / "other-name"
    other.symlink_to(data_dir)
    monkeypatch.setenv("CALLMATE_DATA_DIR", str(other))
    result = run("export", "--all", "--json", str(data_dir / "calls" / "all.json"))
    assert result.code == 1 and "inside callmate's data folder" in result.err
    assert not (data_dir / "calls" / "all.json").exists()


def test_outside_the_data_folder_still_writes(run: Run, call_id: str, tmp_path: Path):
    target = tmp_path / "backup.json"
    result = run("export", "--all", "--json", str(target))
    assert result.code == 0 and target.exists()


def test_new_still_writes_into_the_playbooks_folder(run: Run, data_dir: Path):
    result = run("new", "second")
    assert result.code == 0, result.err
    assert (data_dir / "playbooks" / "second.yaml").is_file()
