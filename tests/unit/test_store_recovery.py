"""Start-up recovery: reconciling the index, quarantining damaged files, leftover temp files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from callmate.core.call_record import CallRecord, encode_record
from callmate.store import AtomicJSONStorage, CorruptFile, SessionNotFound, Store
from tests.records import answers, call_record

DUE = "2026-03-09T10:00+01:00"


def make_record(session_id: str, **extra: Any) -> CallRecord:
    fields = {"answers": {"pain": "slow onboarding"}} | extra
    return call_record(session_id, **(fields | {"answers": answers(**fields["answers"])}))


def write_call_behind_the_stores_back(root: Path, record: CallRecord) -> None:
    """What a process killed after its call write (before its index write) leaves on disk."""
    AtomicJSONStorage(root / "calls" / f"{record.id}.json").write(
        {"call": {"1": encode_record(record)}}
    )


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def quarantined(root: Path) -> list[Path]:
    return sorted((root / "quarantine").iterdir())


def by_id(store: Store) -> dict[str, dict[str, Any]]:
    return {entry["id"]: entry for entry in store.summaries()}


# ----------------------------------------------------------------- reconcile


def test_stale_in_progress_entry_is_refreshed_from_the_call_file(tmp_path: Path) -> None:
    Store(tmp_path).save(make_record("a"))
    write_call_behind_the_stores_back(tmp_path, make_record("a", status="completed"))
    assert by_id(Store(tmp_path))["a"]["status"] == "completed"


def test_call_missing_from_the_index_is_added(tmp_path: Path) -> None:
    Store(tmp_path).save(make_record("a"))
    write_call_behind_the_stores_back(tmp_path, make_record("b", company="Brightline"))
    store = Store(tmp_path)
    assert by_id(store)["b"]["company"] == "Brightline"
    assert any("added back" in problem and "b" in problem for problem in store.problems)


def test_entry_whose_file_vanished_is_dropped(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(make_record("a"))
    store.save(make_record("gone"))
    store.call_path("gone").unlink()
    reopened = Store(tmp_path)
    assert set(by_id(reopened)) == {"a"}
    assert any("gone" in problem for problem in reopened.problems)


def test_interrupted_summary_change_of_a_completed_call_is_repaired(tmp_path: Path) -> None:
    Store(tmp_path).save(
        make_record("a", status="completed", next_step={"what": "demo", "due": DUE})
    )
    write_call_behind_the_stores_back(
        tmp_path, make_record("a", status="completed", next_step={"what": "pilot", "due": DUE})
    )
    marker = tmp_path / "calls" / f"a.{dead_pid()}.pending"
    marker.touch()
    assert by_id(Store(tmp_path))["a"]["next_step"]["what"] == "pilot"
    assert not marker.exists()


def test_marker_of_a_live_process_is_left_alone(tmp_path: Path) -> None:
    Store(tmp_path).save(make_record("a", status="completed"))
    marker = tmp_path / "calls" / f"a.{os.getpid()}.pending"
    marker.touch()
    Store(tmp_path)
    assert marker.exists()


def test_clean_folder_opens_without_problems(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(make_record("a"))
    store.save(make_record("b", status="completed"))
    reopened = Store(tmp_path)
    assert reopened.problems == []
    assert set(by_id(reopened)) == {"a", "b"}


# ----------------------------------------------------------------- damaged files


def test_damaged_call_file_found_at_start_is_quarantined(tmp_path: Path) -> None:
    Store(tmp_path)
    damaged = b'{"call": {"1": {"id": "bad", "answ'
    (tmp_path / "calls" / "bad.json").write_bytes(damaged)
    store = Store(tmp_path)
    [moved] = quarantined(tmp_path)
    assert moved.name.startswith("bad.json.") and moved.name.endswith(".corrupt")
    assert moved.read_bytes() == damaged
    assert any("damaged" in problem and str(moved) in problem for problem in store.problems)
    assert "bad" not in by_id(store)
    with pytest.raises(SessionNotFound):
        store.load("bad")


def test_damaged_call_file_found_on_load(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(make_record("a"))
    store.save(make_record("b"))
    wrong_id = json.dumps({"call": {"1": encode_record(make_record("someone-else"))}}).encode()
    store.call_path("a").write_bytes(wrong_id)
    with pytest.raises(CorruptFile) as caught:
        store.load("a")
    assert caught.value.path == store.call_path("a")
    assert caught.value.quarantined_to is not None
    assert caught.value.quarantined_to.read_bytes() == wrong_id
    assert str(caught.value.quarantined_to) in str(caught.value)
    assert set(by_id(store)) == {"b"}
    assert [r.id for r in store.iter_records()] == ["b"]


def test_save_over_a_damaged_file_keeps_its_bytes(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.call_path("a").write_bytes(b"\x00\x01 garbage")
    store.save(make_record("a"))
    assert store.load("a") == make_record("a")
    assert [p.read_bytes() for p in quarantined(tmp_path)] == [b"\x00\x01 garbage"]
    assert len(store.problems) == 1


def test_empty_call_file_counts_as_damaged(tmp_path: Path) -> None:
    Store(tmp_path)
    (tmp_path / "calls" / "empty.json").write_bytes(b"")
    store = Store(tmp_path)
    assert len(quarantined(tmp_path)) == 1
    assert "empty" not in by_id(store)


def test_damaged_index_is_quarantined_and_rebuilt(tmp_path: Path) -> None:
    store = Store(tmp_path)
    for name in ("a", "b"):
        store.save(make_record(name, company=name.upper()))
    damaged = b'{"sessions": {"1": {"id": "a"'
    store.open_path.write_bytes(damaged)
    reopened = Store(tmp_path)
    [moved] = quarantined(tmp_path)
    assert moved.name.startswith("open.json.")
    assert moved.read_bytes() == damaged
    assert {k: v["company"] for k, v in by_id(reopened).items()} == {"a": "A", "b": "B"}
    assert any("rebuilt" in problem for problem in reopened.problems)


def test_index_damaged_while_open_is_rebuilt_on_next_read(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(make_record("a"))
    store.shard_path("a").write_bytes(b"[1, 2, 3]")
    assert set(by_id(store)) == {"a"}
    assert len(quarantined(tmp_path)) == 1
    assert any("rebuilt" in problem for problem in store.problems)


# ----------------------------------------------------------------- leftover temp files


def temp_file(root: Path, target: str, pid: int) -> Path:
    return root / "calls" / f".{target}.{pid}.0badc0de.tmp"


def test_complete_temp_file_of_a_dead_process_is_recovered(tmp_path: Path) -> None:
    Store(tmp_path).save(make_record("a", answers={"pain": "old"}))
    newer = make_record("a", answers={"pain": "typed just before the crash"})
    temp = temp_file(tmp_path, "a.json", dead_pid())
    temp.write_text(json.dumps({"call": {"1": encode_record(newer)}}))
    store = Store(tmp_path)
    assert store.load("a") == newer
    assert not temp.exists()
    assert any("recovered" in problem for problem in store.problems)


def test_complete_temp_file_of_a_brand_new_call_is_recovered_and_indexed(tmp_path: Path) -> None:
    Store(tmp_path)
    record = make_record("fresh")
    temp_file(tmp_path, "fresh.json", dead_pid()).write_text(
        json.dumps({"call": {"1": encode_record(record)}})
    )
    store = Store(tmp_path)
    assert store.load("fresh") == record
    assert "fresh" in by_id(store)


def test_partial_temp_file_is_removed_and_the_last_save_kept(tmp_path: Path) -> None:
    Store(tmp_path).save(make_record("a"))
    temp = temp_file(tmp_path, "a.json", dead_pid())
    temp.write_bytes(b'{"call": {"1": {"id": "a", "ans')
    store = Store(tmp_path)
    assert store.load("a") == make_record("a")
    assert not temp.exists()
    assert any("unfinished copy was removed" in problem for problem in store.problems)
    assert quarantined(tmp_path) == []


def test_temp_file_older_than_the_call_file_is_removed(tmp_path: Path) -> None:
    Store(tmp_path)
    temp = temp_file(tmp_path, "a.json", dead_pid())
    temp.write_text(
        json.dumps({"call": {"1": encode_record(make_record("a", answers={"pain": "older"}))}})
    )
    os.utime(temp, ns=(1_000_000_000, 1_000_000_000))
    Store(tmp_path).save(make_record("a"))
    store = Store(tmp_path)
    assert store.load("a") == make_record("a")
    assert not temp.exists()


def test_temp_file_of_a_live_process_is_left_alone(tmp_path: Path) -> None:
    Store(tmp_path).save(make_record("a"))
    temp = temp_file(tmp_path, "a.json", os.getpid())
    temp.write_bytes(b"being written right now")
    store = Store(tmp_path)
    assert temp.exists()
    assert store.problems == []


def test_unfinished_index_copy_is_removed(tmp_path: Path) -> None:
    Store(tmp_path).save(make_record("a"))
    pid = dead_pid()
    temps = [
        tmp_path / f".index.json.{pid}.0badc0de.tmp",  # from the first store format
        tmp_path / "index" / f".open.json.{pid}.0badc0de.tmp",
        tmp_path / "index" / "months" / f".2026-03.json.{pid}.0badc0de.tmp",
    ]
    for temp in temps:
        temp.write_bytes(b'{"sessions": {')
    store = Store(tmp_path)
    assert not any(temp.exists() for temp in temps)
    assert set(by_id(store)) == {"a"}
