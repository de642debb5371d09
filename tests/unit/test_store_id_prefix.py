"""The start of an id finds a call the lists leave out: one moved to quarantine, or whose file
is a link. `show 20261129-0900` said "No saved call"; only the whole id said what became of it.
"""

from __future__ import annotations

from pathlib import Path

from callmate.store import Store
from tests.conftest import Run
from tests.records import call_record

DAMAGED = "20261129-090000-aa11"
LINKED = "20261129-100000-bb22"
FINE = "20261130-110000-cc33"


def three_calls(data_dir: Path, tmp_path: Path) -> None:
    store = Store(data_dir)
    for session_id in (DAMAGED, LINKED, FINE):
        store.save(call_record(session_id, status="completed"))
    damaged = store.call_path(DAMAGED)
    damaged.write_bytes(damaged.read_bytes()[:10])  # cut short: quarantined when read
    linked = store.call_path(LINKED)
    outside = tmp_path / "outside.json"
    linked.rename(outside)
    linked.symlink_to(outside)


def test_a_quarantined_call_is_found_by_the_start_of_its_id(
    run: Run, data_dir: Path, tmp_path: Path
):
    three_calls(data_dir, tmp_path)
    assert run("history").code == 0  # the damaged call is moved to quarantine here
    (kept,) = (data_dir / "quarantine").iterdir()
    for given in (DAMAGED, "20261129-0900"):
        result = run("show", given)
        assert result.code == 1
        assert (
            f"callmate: error: The call '{DAMAGED}' was damaged and was moved to quarantine: "
            f"its bytes are kept in {kept}."
        ) in result.err


def test_a_linked_call_is_found_by_the_start_of_its_id(run: Run, data_dir: Path, tmp_path: Path):
    three_calls(data_dir, tmp_path)
    for given in (LINKED, "20261129-1000"):
        result = run("show", given)
        assert result.code == 1
        assert f"The stored call {LINKED} ({data_dir / 'calls' / LINKED}.json) could not be" in (
            result.err
        )
        assert "is a symbolic link, which callmate never follows" in result.err
        assert "No saved call" not in result.err
    assert (tmp_path / "outside.json").exists()


def test_a_listed_call_still_comes_first_and_unknown_starts_say_not_found(
    run: Run, data_dir: Path, tmp_path: Path
):
    three_calls(data_dir, tmp_path)
    assert run("show", "20261130").out.startswith("# Call with Pat Quill")
    missing = run("show", "2027")
    assert missing.code == 1 and "No saved call with id '2027'" in missing.err
