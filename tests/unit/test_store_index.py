"""The index folder: open.json, month shards, prospects.json, migration and a cheap start-up."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest

from callmate.core.call_record import CallRecord, encode_record
from callmate.store import CorruptFile, SessionNotFound, Store, default_summary
from tests.records import answers, call_record

PAT = "pat quill|hollow pines dental"
ROBIN = "robin harrow|northgate logistics"


def call_id(month: int, day: int, tag: str) -> str:
    """An id shaped like callmate's own: the local start date comes first."""
    return f"2026{month:02d}{day:02d}-100000-{tag}"


def make_record(session_id: str, key: str = PAT, **extra: Any) -> CallRecord:
    month, day = (session_id[4:6], session_id[6:8]) if session_id[:4] == "2026" else ("03", "02")
    fields: dict[str, Any] = {
        "started": f"2026-{month}-{day}T10:00:00+01:00",
        "prospect": key.split("|")[0].title().strip() or "Someone",
        "company": key.split("|")[1].title(),
        "prospect_key": key,
        "playbook": {"name": "first-discovery", "version": "1"},
        "answers": answers(pain="double entry"),
        "next_step": None,
    }
    return call_record(session_id, **(fields | extra))


def step(**extra: Any) -> dict[str, Any]:
    return {"due": "2026-03-09T10:00+01:00", "what": "demo", **extra}


def docs(path: Path, table: str = "sessions") -> list[dict[str, Any]]:
    return list(json.loads(path.read_bytes())[table].values())


def ids_in(path: Path) -> list[str]:
    return sorted(doc["id"] for doc in docs(path))


def prospects(store: Store) -> dict[str, list[str]]:
    """Every prospect file: a TinyDB file holding one document, the map of its 64th of keys."""
    merged: dict[str, list[str]] = {}
    for path in sorted(store.prospects_dir.glob("*.json")):
        found = docs(path, "prospects")
        assert len(found) <= 1
        for key, ids in (found[0] if found else {}).items():
            assert path == store.prospect_path(key)  # each key in the file its hash names
            merged[key] = ids
    return merged


def state(path: Path) -> tuple[int, int, bytes]:
    info = path.stat()
    return info.st_ino, info.st_mtime_ns, path.read_bytes()


def quarantined(root: Path) -> list[Path]:
    return sorted((root / "quarantine").iterdir())


# ----------------------------------------------------------------- contents of each file


def test_a_new_store_has_an_empty_index_and_no_problems(tmp_path: Path) -> None:
    store = Store(tmp_path)
    assert docs(store.open_path) == []
    assert prospects(store) == {}
    assert list((tmp_path / "index" / "months").iterdir()) == []
    assert store.problems == []
    assert Store(tmp_path).problems == []


def test_each_index_file_follows_a_call_from_start_to_outcome(tmp_path: Path) -> None:
    store = Store(tmp_path)
    first = call_id(3, 2, "aaaaaa")
    record = make_record(first)
    store.save(record)
    shard = store.shard_path(first)
    assert shard.name == "2026-03.json"
    assert docs(shard) == [default_summary(encode_record(record))]
    assert docs(store.open_path) == [default_summary(encode_record(record))]
    assert prospects(store) == {PAT: [first]}

    record = make_record(first, status="completed", next_step=step())
    store.save(record)
    assert [d["status"] for d in docs(store.open_path)] == ["completed"]  # a step to do
    assert docs(shard) == docs(store.open_path)

    store.save(make_record(first, status="completed", next_step=step(outcome="rescheduled")))
    assert ids_in(store.open_path) == [first]  # rescheduled: still to do

    store.save(make_record(first, status="completed", next_step=step(outcome="kept")))
    assert docs(store.open_path) == []
    assert docs(shard)[0]["next_step"]["outcome"] == "kept"
    assert store.open_summaries() == []
    assert [s["id"] for s in store.summaries()] == [first]


def test_completed_calls_without_a_next_step_are_not_open(tmp_path: Path) -> None:
    store = Store(tmp_path)
    done = call_id(3, 2, "aaaaaa")
    store.save(make_record(done, status="completed"))
    missed = call_id(3, 3, "bbbbbb")
    store.save(make_record(missed, status="completed", next_step=step(outcome="missed")))
    unfinished = call_id(3, 4, "cccccc")
    store.save(make_record(unfinished))
    assert [s["id"] for s in store.open_summaries()] == [unfinished]
    assert [s["id"] for s in store.in_progress()] == [unfinished]
    assert ids_in(store.shard_path(done)) == [done, missed, unfinished]


def test_ids_without_a_date_share_the_misc_shard(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(make_record("imported-7"))
    assert store.shard_path("imported-7").name == "misc.json"
    assert ids_in(store.shard_path("imported-7")) == ["imported-7"]
    assert store.shard_path(call_id(13, 2, "x")).name == "misc.json"  # no month 13


def test_a_summary_change_rewrites_only_its_own_shard(tmp_path: Path) -> None:
    store = Store(tmp_path)
    march, april = call_id(3, 2, "aaaaaa"), call_id(4, 6, "bbbbbb")
    store.save(make_record(march, status="completed"))
    april_record = make_record(april, status="completed")
    store.save(april_record)
    untouched = [store.shard_path(march), store.prospect_path(PAT), store.open_path]
    before = {path: state(path) for path in untouched}
    april_shard = state(store.shard_path(april))

    store.save(dataclasses.replace(april_record, ended="2026-04-06T10:45:00+01:00"))
    assert {path: state(path) for path in untouched} == before
    assert state(store.shard_path(april)) != april_shard
    assert docs(store.shard_path(april))[0]["ended"] == "2026-04-06T10:45:00+01:00"


def test_a_prospect_file_changes_only_for_new_calls_and_new_keys(tmp_path: Path) -> None:
    store = Store(tmp_path)
    first, second = call_id(3, 2, "aaaaaa"), call_id(3, 9, "bbbbbb")
    record = make_record(first)
    store.save(record)
    assert store.prospect_path(PAT) != store.prospect_path(ROBIN)  # two files to watch
    before = state(store.prospect_path(PAT))
    record = dataclasses.replace(record, ended="2026-03-02T11:00:00+01:00")
    store.save(record)
    assert state(store.prospect_path(PAT)) == before
    assert [p.name for p in store.prospects_dir.iterdir()] == [store.prospect_path(PAT).name]

    store.save(make_record(second))
    assert prospects(store) == {PAT: [first, second]}
    store.save(dataclasses.replace(record, prospect_key=ROBIN))  # merged into another prospect
    assert prospects(store) == {PAT: [second], ROBIN: [first]}


def test_summaries_for_returns_one_prospects_calls_newest_first(tmp_path: Path) -> None:
    store = Store(tmp_path)
    pat = [call_id(1, 5, "aaaaaa"), call_id(3, 2, "bbbbbb"), call_id(3, 20, "cccccc")]
    robin = [call_id(2, 1, "dddddd"), call_id(3, 3, "eeeeee")]
    for session_id in pat:
        store.save(make_record(session_id, status="completed"))
    for session_id in robin:
        store.save(make_record(session_id, key=ROBIN, status="completed"))
    assert [s["id"] for s in store.summaries_for(PAT)] == pat[::-1]
    assert [s["id"] for s in store.summaries_for(ROBIN)] == robin[::-1]
    assert store.summaries_for("nobody|nowhere") == []

    # Pat has no call in February: that shard is not read, so its damage goes unnoticed here.
    store.shard_path(robin[0]).write_bytes(b"garbage")
    assert [s["id"] for s in store.summaries_for(PAT)] == pat[::-1]
    assert quarantined(tmp_path) == []
    assert store.problems == []


def test_lists_are_fresh_objects(tmp_path: Path) -> None:
    store = Store(tmp_path)
    session_id = call_id(3, 2, "aaaaaa")
    store.save(make_record(session_id))
    for listing in (store.open_summaries, lambda: store.summaries_for(PAT)):
        listing()[0]["playbook"]["name"] = "tampered"
        assert listing()[0]["playbook"]["name"] == "first-discovery"


def test_save_many_writes_each_touched_index_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    days = range(1, 21)
    records = [
        make_record(call_id(month, day, f"{month}{day:05d}")) for month in (3, 4) for day in days
    ]
    replaced: list[str] = []
    real_replace = os.replace

    def counting_replace(source: Any, target: Any) -> None:
        replaced.append(Path(target).name)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", counting_replace)
    assert store.save_many(records) == {}
    index_writes = sorted(name for name in replaced if "-100000-" not in name)
    # ...and the manifest once, which records the index files as written (see manifest.py).
    assert index_writes == sorted(
        [
            "2026-03.json",
            "2026-04.json",
            store.prospect_path(PAT).name,
            "manifest.json",
            "open.json",
        ]
    )
    assert len(replaced) == 40 + 5
    assert len(store.open_summaries()) == 40
    assert len(prospects(store)[PAT]) == 40


def test_another_windows_summary_change_is_not_mistaken_for_ours(tmp_path: Path) -> None:
    mine, theirs = Store(tmp_path), Store(tmp_path)
    session_id = call_id(3, 2, "aaaaaa")
    mine.save(make_record(session_id))
    theirs.save(make_record(session_id, status="completed"))
    mine.save(make_record(session_id))  # same summary as this window last wrote
    assert [s["status"] for s in Store(tmp_path).summaries()] == ["in_progress"]
    assert ids_in(mine.open_path) == [session_id]


# ----------------------------------------------------------------- start-up and repairs


def test_start_up_reads_no_finished_call_file_when_the_index_is_healthy(tmp_path: Path) -> None:
    store = Store(tmp_path)
    done, unfinished = call_id(3, 2, "aaaaaa"), call_id(3, 3, "bbbbbb")
    store.save(make_record(done, status="completed"))
    store.save(make_record(unfinished))
    path = store.call_path(done)
    before = path.stat()
    # Same size and time: its revision is unchanged, so start-up has no reason to read it.
    path.write_bytes(b"garbage a start-up read would quarantine".ljust(before.st_size))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))

    reopened = Store(tmp_path)
    assert reopened.problems == []
    assert quarantined(tmp_path) == []
    with pytest.raises(CorruptFile):  # found when the call itself is opened
        reopened.load(done)
    assert len(quarantined(tmp_path)) == 1
    assert [s["id"] for s in reopened.summaries()] == [unfinished]
    assert prospects(reopened) == {PAT: [unfinished]}


def test_unfinished_calls_are_still_read_at_start_up(tmp_path: Path) -> None:
    store = Store(tmp_path)
    unfinished = call_id(3, 3, "bbbbbb")
    store.save(make_record(unfinished))
    store.call_path(unfinished).write_bytes(b"garbage")
    reopened = Store(tmp_path)
    assert len(quarantined(tmp_path)) == 1
    assert reopened.open_summaries() == []


def test_loading_a_vanished_call_drops_it_from_every_index_file(tmp_path: Path) -> None:
    store = Store(tmp_path)
    kept, gone = call_id(3, 2, "aaaaaa"), call_id(3, 3, "bbbbbb")
    store.save(make_record(kept))
    store.save(make_record(gone))
    store.call_path(gone).unlink()
    with pytest.raises(SessionNotFound):
        store.load(gone)
    assert ids_in(store.shard_path(gone)) == [kept]
    assert ids_in(store.open_path) == [kept]
    assert prospects(store) == {PAT: [kept]}


def test_missing_open_json_is_rebuilt_and_reported(tmp_path: Path) -> None:
    store = Store(tmp_path)
    session_id = call_id(3, 2, "aaaaaa")
    store.save(make_record(session_id))
    store.open_path.unlink()
    reopened = Store(tmp_path)
    assert ids_in(reopened.open_path) == [session_id]
    assert any("rebuilt" in problem for problem in reopened.problems)


def test_a_prospect_file_with_a_wrong_shape_is_kept_and_rebuilt(tmp_path: Path) -> None:
    store = Store(tmp_path)
    session_id = call_id(3, 2, "aaaaaa")
    store.save(make_record(session_id))
    wrong = json.dumps({"prospects": {"1": {PAT: session_id}}}).encode()  # not a list
    store.prospect_path(PAT).write_bytes(wrong)
    reopened = Store(tmp_path)
    assert prospects(reopened) == {PAT: [session_id]}
    assert [path.read_bytes() for path in quarantined(tmp_path)] == [wrong]
    assert any("rebuilt" in problem for problem in reopened.problems)


def test_missing_shard_is_rebuilt_at_start_up(tmp_path: Path) -> None:
    store = Store(tmp_path)
    march, april = call_id(3, 2, "aaaaaa"), call_id(4, 2, "bbbbbb")
    for session_id in (march, april):
        store.save(make_record(session_id, status="completed"))
    store.shard_path(march).unlink()
    reopened = Store(tmp_path)
    assert ids_in(reopened.shard_path(march)) == [march]
    assert any("month file was missing" in problem for problem in reopened.problems)


def test_a_summary_edited_into_a_shard_is_caught_at_start_up(tmp_path: Path) -> None:
    store = Store(tmp_path)
    session_id = call_id(3, 2, "aaaaaa")
    store.save(make_record(session_id, status="completed"))
    # A summary edited into a shard by hand, for a call that has no file and no listing:
    # names in calls/ and prospects.json still agree, but the shard is not as callmate left it.
    shard = store.shard_path(session_id)
    data = json.loads(shard.read_bytes())
    ghost = make_record(call_id(3, 9, "cccccc"), status="completed")
    data["sessions"]["99"] = default_summary(encode_record(ghost))
    shard.write_text(json.dumps(data))

    reopened = Store(tmp_path)
    assert ids_in(shard) == [session_id]
    assert len(reopened.problems) == 1
    assert "months/2026-03.json" in reopened.problems[0]
    assert "1 call without a file removed" in reopened.problems[0]
    assert reopened.reconcile().dropped == []
    assert Store(tmp_path).problems == []


# ----------------------------------------------------------------- migration


def write_legacy_index(root: Path, entries: list[dict[str, Any]]) -> Path:
    """The single index.json of the first store format (one TinyDB table, "sessions")."""
    legacy = root / "index.json"
    table = {str(number): entry for number, entry in enumerate(entries, start=1)}
    legacy.write_text(json.dumps({"sessions": table}))
    return legacy


def folder_with_old_index(root: Path, records: list[CallRecord]) -> Path:
    store = Store(root)
    for record in records:
        store.save(record)
    for path in sorted(store.index_path.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    store.index_path.rmdir()
    return write_legacy_index(root, [default_summary(encode_record(r)) for r in records])


def test_a_legacy_index_is_migrated_and_removed(tmp_path: Path) -> None:
    records = [
        make_record(call_id(3, 2, "aaaaaa"), status="completed", next_step=step()),
        make_record(call_id(4, 2, "bbbbbb"), key=ROBIN, status="completed"),
        make_record("imported-1"),
    ]
    legacy = folder_with_old_index(tmp_path, records)
    # A finished call's summary comes from the old index, not from a read of its file.
    store_path = tmp_path / "calls" / f"{records[1].id}.json"
    store_path.write_bytes(b"garbage that a read would quarantine")

    store = Store(tmp_path)
    assert not legacy.exists()
    assert store.problems == []
    assert quarantined(tmp_path) == []
    assert sorted(s["id"] for s in store.summaries()) == sorted(r.id for r in records)
    assert ids_in(store.open_path) == [records[0].id, "imported-1"]
    assert prospects(store) == {PAT: [records[0].id, "imported-1"], ROBIN: [records[1].id]}
    assert Store(tmp_path).problems == []


def test_migration_adds_calls_the_legacy_index_missed(tmp_path: Path) -> None:
    records = [make_record(call_id(3, 2, "aaaaaa")), make_record(call_id(3, 4, "bbbbbb"))]
    folder_with_old_index(tmp_path, records)
    write_legacy_index(tmp_path, [default_summary(encode_record(records[0]))])
    store = Store(tmp_path)
    assert any("added back" in problem for problem in store.problems)
    assert {s["id"] for s in store.summaries()} == {r.id for r in records}


def test_damaged_legacy_index_is_kept_and_the_index_rebuilt(tmp_path: Path) -> None:
    records = [make_record(call_id(3, 2, "aaaaaa"))]
    legacy = folder_with_old_index(tmp_path, records)
    legacy.write_bytes(b'{"sessions": {"1": ')
    store = Store(tmp_path)
    [moved] = quarantined(tmp_path)
    assert moved.name.startswith("index.json.")
    assert moved.read_bytes() == b'{"sessions": {"1": '
    assert not legacy.exists()
    assert [s["id"] for s in store.summaries()] == [records[0].id]
    assert any("rebuilt" in problem for problem in store.problems)


def test_migration_cut_short_is_finished_on_the_next_start(tmp_path: Path) -> None:
    records = [make_record(call_id(3, 2, "aaaaaa")), make_record(call_id(4, 2, "bbbbbb"))]
    folder_with_old_index(tmp_path, records)
    Store(tmp_path)
    # As if killed after writing one shard: no open.json yet, and index.json still there.
    (tmp_path / "index" / "open.json").unlink()
    (tmp_path / "index" / "months" / "2026-04.json").unlink()
    write_legacy_index(tmp_path, [default_summary(encode_record(r)) for r in records])
    store = Store(tmp_path)
    assert not (tmp_path / "index.json").exists()
    assert ids_in(store.open_path) == sorted(r.id for r in records)
    assert [s["id"] for s in store.summaries()] == [records[1].id, records[0].id]
