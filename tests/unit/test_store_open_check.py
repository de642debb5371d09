"""The start-up check: index files are caches, compared with the call files when the store opens.

Each case is damage that still parses, made with real files after a clean exit (so the quick
path, which lists nothing, is what has to notice), fixed at the next open and said once.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from callmate.core.call_record import CallRecord, encode_record
from callmate.store import Store
from callmate.store import store as store_module
from callmate.store.callfile import write_call
from tests.unit.test_store_index import PAT, ROBIN, call_id, ids_in, make_record, step


def stored(tmp_path: Path) -> tuple[Store, list[CallRecord]]:
    """Three calls (two with an open next step), left as a clean exit leaves them."""
    store = Store(tmp_path)
    records = [
        make_record(call_id(3, 2, "aaaaaa"), status="completed", next_step=step()),
        make_record(call_id(3, 5, "bbbbbb"), ROBIN, status="completed", next_step=step()),
        make_record(call_id(4, 1, "cccccc"), status="completed"),
    ]
    for record in records:
        store.save(record)
    store.checkpoint()
    return store, records


def reopen_twice(tmp_path: Path) -> tuple[Store, list[str]]:
    """Open, then open again: the fix is said once, the second open has nothing to say."""
    first = Store(tmp_path)
    said = list(first.problems)
    first.checkpoint()
    assert Store(tmp_path).problems == []
    return first, said


def test_a_clean_exit_lets_the_next_start_skip_listing_calls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored(tmp_path)
    listings: list[Path] = []
    real_scan = store_module.scan
    monkeypatch.setattr(
        store_module, "scan", lambda folder: listings.append(folder) or real_scan(folder)
    )
    reopened = Store(tmp_path)
    assert reopened.problems == []
    assert listings == []
    assert len(reopened.open_summaries()) == 2


def test_an_open_json_with_the_right_shape_but_no_calls_is_rebuilt(tmp_path: Path) -> None:
    store, records = stored(tmp_path)
    store.open_path.write_text(json.dumps({"sessions": {}}))
    reopened, said = reopen_twice(tmp_path)
    assert [s["id"] for s in reopened.open_summaries()] == [records[1].id, records[0].id]
    assert len(said) == 1
    assert "did not match what callmate last wrote there (open.json;" in said[0]
    assert said[0].endswith("checked against the call files and rewritten from them.")


def test_a_copied_folder_is_checked_without_blaming_anyone(tmp_path: Path) -> None:
    """`cp -a` of a data folder (a restored backup) gives every index file a new inode: the
    first start said "index files were changed outside callmate", blaming files nobody edited."""
    stored(tmp_path / "original")
    shutil.copytree(tmp_path / "original", tmp_path / "copy", symlinks=True)
    reopened, said = reopen_twice(tmp_path / "copy")
    assert len(said) == 1
    assert "a copied or restored folder?" in said[0]
    assert "changed outside callmate" not in said[0]
    assert said[0].endswith("checked against the call files and rewritten from them.")
    assert len(reopened.open_summaries()) == 2


def test_a_month_index_missing_a_call_gets_it_back(tmp_path: Path) -> None:
    store, records = stored(tmp_path)
    shard = store.shard_path(records[0].id)
    data = json.loads(shard.read_bytes())
    data["sessions"] = {k: v for k, v in data["sessions"].items() if v["id"] != records[0].id}
    shard.write_text(json.dumps(data))
    reopened, said = reopen_twice(tmp_path)
    assert ids_in(shard) == sorted([records[0].id, records[1].id])
    assert records[0].id in {s["id"] for s in reopened.summaries()}
    assert len(said) == 1
    assert "months/2026-03.json" in said[0] and "1 call added back" in said[0]


def test_an_index_listing_a_call_whose_file_is_gone_forgets_it(tmp_path: Path) -> None:
    store, records = stored(tmp_path)
    gone = records[1].id
    store.call_path(gone).unlink()
    reopened, said = reopen_twice(tmp_path)
    assert gone not in {s["id"] for s in reopened.summaries()}
    assert gone not in {s["id"] for s in reopened.open_summaries()}
    assert [s["id"] for s in reopened.summaries_for(ROBIN)] == []
    assert len(said) == 1 and gone in said[0]


def test_a_call_file_with_a_new_revision_refreshes_its_summary(tmp_path: Path) -> None:
    store, records = stored(tmp_path)
    # A newer version of the call arrives behind callmate's back (a restore, a sync tool),
    # written the way the store writes it: its next step was marked kept meanwhile.
    newer = make_record(
        records[0].id, status="completed", next_step=step(outcome="kept"), revision=7
    )
    write_call(store.call_path(newer.id), encode_record(newer), lambda exc: None)
    reopened, said = reopen_twice(tmp_path)
    assert [s["id"] for s in reopened.open_summaries()] == [records[1].id]
    summary = next(s for s in reopened.summaries_for(PAT) if s["id"] == newer.id)
    assert summary["next_step"]["outcome"] == "kept"
    assert len(said) == 1
    assert "1 call file changed" in said[0] and "1 summary refreshed" in said[0]


def test_our_own_saves_since_the_last_check_are_not_reported(tmp_path: Path) -> None:
    store, records = stored(tmp_path)
    store.save(dataclasses.replace(records[2], answers={}))  # summary unchanged
    # No clean exit (as after kill -9): the next start lists calls/ and finds the new revision.
    reopened = Store(tmp_path)
    assert reopened.problems == []
    assert len(reopened.summaries()) == 3


def test_a_damaged_manifest_only_costs_one_listing(tmp_path: Path) -> None:
    store, _records = stored(tmp_path)
    (store.index_path / "manifest.json").write_text("{not json")
    reopened, said = reopen_twice(tmp_path)
    assert said == []
    assert len(reopened.summaries()) == 3


def test_a_command_says_the_fix_once_on_stderr_and_lists_the_follow_ups(tmp_path: Path) -> None:
    store = Store(tmp_path)
    due = {"due": "2026-03-09T10:00:00+01:00", "what": "demo"}
    record = make_record(call_id(3, 2, "aaaaaa"), status="completed", next_step=due)
    store.save(record)
    store.checkpoint()
    store.open_path.write_text(json.dumps({"sessions": {}}))
    env = {**os.environ, "CALLMATE_DATA_DIR": str(tmp_path)}
    runs = [
        subprocess.run(
            [sys.executable, "-m", "callmate", "followups", "--json"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        for _ in range(2)
    ]
    assert [run.returncode for run in runs] == [0, 0]
    said = [line for line in runs[0].stderr.splitlines() if line.strip()]
    assert len(said) == 1 and "open.json" in said[0], runs[0].stderr
    assert runs[1].stderr == ""
    for run in runs:
        assert record.id in {row.get("id") for row in json.loads(run.stdout)}


def test_an_unfinished_call_written_in_place_after_a_clean_exit_is_read(tmp_path: Path) -> None:
    store = Store(tmp_path)
    unfinished = make_record(call_id(3, 3, "dddddd"))
    store.save(unfinished)
    store.checkpoint()
    # Written in place: calls/ itself does not change, but the file is newer than its check.
    store.call_path(unfinished.id).write_bytes(b"garbage")
    reopened = Store(tmp_path)
    assert reopened.open_summaries() == []
    assert len(list((tmp_path / "quarantine").iterdir())) == 1
    assert len(reopened.problems) == 1 and "damaged" in reopened.problems[0]
