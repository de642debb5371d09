"""Store basics: round trip, summaries, permissions, index writes, write failures, claims."""

from __future__ import annotations

import dataclasses
import os
import shutil
import stat
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb import TinyDB

from callmate.core.call_record import CallRecord
from callmate.core.clean import clean_value
from callmate.locations import data_dir
from callmate.store import (
    AtomicJSONStorage,
    CallOpenElsewhere,
    InvalidSessionId,
    SessionNotFound,
    Store,
    StoreWriteError,
    default_summary,
)
from tests.records import answers, call_record, record_json

DANA: dict[str, Any] = {
    "status": "in_progress",
    "mode": "live",
    "prospect": "Dana Pike",
    "company": "Pike Logistics",
    "prospect_key": "pike-logistics/dana-pike",
    "started": "2026-03-02T10:00:00+01:00",
    "playbook": {"name": "first-discovery", "version": "2026.11"},
}


def make_record(session_id: str = "call-1", **extra: Any) -> CallRecord:
    """A call with Dana; ``answers`` given as plain values (question id -> value)."""
    fields = DANA | {"answers": {"pain": "late deliveries"}} | extra
    return call_record(session_id, **(fields | {"answers": answers(**fields["answers"])}))


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def index_state(store: Store) -> dict[str, tuple[int, int, bytes]]:
    """Identity and bytes of every file in the index folder."""
    state = {}
    for path in sorted(store.index_path.rglob("*.json")):
        info = path.stat()
        state[str(path)] = (info.st_ino, info.st_mtime_ns, path.read_bytes())
    return state


def test_round_trip_survives_reopening(tmp_path: Path) -> None:
    record = make_record(
        notes=[{"text": "é ✓ 😀", "at": "2026-03-02T10:01:00+01:00"}],
        nested={"kept": [1, 2.5, None, True]},
    )
    Store(tmp_path).save(record)
    assert Store(tmp_path).load("call-1") == record


def test_save_replaces_the_whole_record(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(make_record(draft="remove me"))
    second = make_record(answers={"pain": "churn"})
    store.save(second)
    assert store.load("call-1") == second


def test_text_that_is_not_valid_unicode_reads_back_with_replacement_characters(
    tmp_path: Path,
) -> None:
    record = make_record(answers={"pain": "caf\udce9 \ud800 ok"}, who="Zoë")
    Store(tmp_path).save(record)
    loaded = Store(tmp_path).load("call-1")
    assert loaded.answers["pain"].value == "caf\ufffd \ufffd ok"
    assert loaded.extra["who"] == "Zoë"


def test_call_file_is_a_tinydb_database_with_one_document(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(make_record())
    db = TinyDB(storage=lambda: AtomicJSONStorage(store.call_path("call-1")))
    documents = db.table("call").all()
    assert [doc.doc_id for doc in documents] == [1]
    assert documents[0]["answers"]["pain"]["value"] == "late deliveries"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    extra=st.dictionaries(
        # Any extra field, but not the record's schema version, which decoding checks.
        st.text(min_size=1, max_size=8).filter(lambda name: name != "schema"),
        st.recursive(
            st.none()
            | st.booleans()
            | st.integers(min_value=-(2**63), max_value=2**63 - 1)
            | st.floats(allow_nan=False, allow_infinity=False)
            | st.text(max_size=20),
            lambda children: (
                st.lists(children, max_size=4)
                | st.dictionaries(st.text(max_size=6), children, max_size=4)
            ),
            max_leaves=12,
        ),
        max_size=5,
    )
)
def test_any_json_payload_round_trips(tmp_path: Path, extra: dict[str, Any]) -> None:
    """Keys callmate does not know (a hand edit, a tool) are kept through a save and a load."""
    known = {spec.metadata.get("key", spec.name) for spec in dataclasses.fields(CallRecord)}
    record = call_record("prop", **{k: v for k, v in extra.items() if k not in known})
    store = Store(tmp_path / "prop")
    store.save(record)
    # Stored text comes back without control characters or lone surrogates (see clean.py).
    assert store.load("prop") == record
    assert record.extra == clean_value({k: v for k, v in extra.items() if k not in known})


def test_default_summary_keeps_only_list_fields() -> None:
    record = record_json(
        **DANA
        | {
            "ended": "2026-03-02T10:40:00+01:00",
            "next_step": {"what": "demo", "when": "2026-03-09", "their_commitment": "invite CFO"},
            "secret_notes": "not for the index",
            "playbook": {"name": "first-discovery", "version": "2026.11", "sections": [1, 2]},
        }
    )
    assert default_summary(record) == {
        "id": "call-1",
        "status": "in_progress",
        "mode": "live",
        "prospect": "Dana Pike",
        "company": "Pike Logistics",
        "prospect_key": "pike-logistics/dana-pike",
        "started": "2026-03-02T10:00:00+01:00",
        "ended": "2026-03-02T10:40:00+01:00",
        "playbook": {"name": "first-discovery", "version": "2026.11"},
        "next_step": {"what": "demo", "when": "2026-03-09", "their_commitment": "invite CFO"},
    }
    assert default_summary({"id": "x"}) == {"id": "x"}


def test_summaries_come_newest_first_and_in_progress_filters(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(make_record("old", started="2026-01-01T09:00:00+00:00", status="completed"))
    store.save(make_record("new", started="2026-02-01T09:00:00+00:00"))
    assert [s["id"] for s in store.summaries()] == ["new", "old"]
    assert [s["id"] for s in store.in_progress()] == ["new"]
    assert "answers" not in store.summaries()[0]


def test_summaries_are_copies(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(make_record())
    store.summaries()[0]["playbook"]["name"] = "tampered"
    assert store.summaries()[0]["playbook"]["name"] == "first-discovery"


def test_custom_summary_function_is_used_and_keeps_id_and_status(tmp_path: Path) -> None:
    store = Store(tmp_path, summarize=lambda record: {"who": record["prospect"]})
    store.save(make_record())
    assert store.summaries() == [{"who": "Dana Pike", "id": "call-1", "status": "in_progress"}]


def test_iter_records_reads_every_call(tmp_path: Path) -> None:
    store = Store(tmp_path)
    for number in range(3):
        store.save(make_record(f"c{number}", answers={"n": number + 1}))
    assert [r.answers["n"].value for r in store.iter_records()] == [1, 2, 3]


def test_unknown_and_unsafe_ids(tmp_path: Path) -> None:
    store = Store(tmp_path)
    with pytest.raises(SessionNotFound, match="nope"):
        store.load("nope")
    for bad in ("../escape", "a/b", "", "x" * 65, "dot.json", None, 7):
        with pytest.raises(InvalidSessionId):  # built by hand: the decoder refuses such ids
            store.save(dataclasses.replace(make_record(), id=bad))
    with pytest.raises(ValueError):
        store.load("../../etc/passwd")
    assert list((tmp_path / "calls").iterdir()) == []


def test_permissions_are_private_even_with_umask_zero(tmp_path: Path) -> None:
    root = tmp_path / "deep" / "data"
    old_umask = os.umask(0)
    try:
        store = Store(root)
        store.save(make_record())
        with store.claim("call-1"):
            pass
    finally:
        os.umask(old_umask)
    index = root / "index"
    folders = (index, index / "months", index / "prospects", root / "calls", root / "quarantine")
    for folder in (tmp_path / "deep", root, *folders):
        assert mode_of(folder) == 0o700, folder
    files = [p for p in root.rglob("*") if p.is_file()]
    index_files = {
        "open.json",
        store.prospect_path("pike-logistics/dana-pike").name,
        "misc.json",
        "index.lock",
    }
    assert {p.name for p in files} >= {*index_files, "call-1.json", "call-1.lock"}
    for path in files:
        assert mode_of(path) == 0o600, path


def test_an_existing_data_folder_keeps_its_mode_and_what_callmate_makes_is_private(
    tmp_path: Path,
) -> None:
    """callmate may not have made the folder (a shared one, /tmp): its mode is never changed
    at start (`doctor --repair` tightens it); what callmate makes in it is private."""
    root = tmp_path / "shared"
    root.mkdir()
    root.chmod(0o1777)
    store = Store(root)
    assert stat.S_IMODE(os.stat(root).st_mode) == 0o1777
    assert mode_of(root / "calls") == 0o700
    assert any("can be read and written by other users (mode 1777)" in p for p in store.problems)
    root.chmod(0o755)
    assert list(Store(root).problems) == []  # only readable by others: its contents are private
    assert mode_of(root) == 0o755


def test_answer_only_save_does_not_touch_the_index(tmp_path: Path) -> None:
    store = Store(tmp_path)
    record = make_record()
    store.save(record)
    before = index_state(store)
    for number in range(5):
        record = make_record(answers={"pain": f"answer {number}"})
        store.save(record)
    assert index_state(store) == before
    assert store.load("call-1").answers["pain"].value == "answer 4"

    store.save(dataclasses.replace(record, status="completed"))
    assert index_state(store) != before
    assert store.summaries()[0]["status"] == "completed"


def test_index_entry_is_replaced_whole(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(make_record(next_step={"what": "demo", "due": "2026-03-09T10:00+01:00"}))
    record = make_record()
    store.save(record)
    assert store.summaries()[0]["next_step"] is None
    assert Store(tmp_path).summaries()[0]["next_step"] is None


def test_two_store_objects_see_each_others_calls(tmp_path: Path) -> None:
    first, second = Store(tmp_path), Store(tmp_path)
    for number in range(4):
        (first if number % 2 else second).save(make_record(f"c{number}"))
    expected = {"c0", "c1", "c2", "c3"}
    assert {s["id"] for s in first.summaries()} == expected
    assert {s["id"] for s in second.summaries()} == expected
    shard = TinyDB(storage=lambda: AtomicJSONStorage(first.shard_path("c0"))).table("sessions")
    assert sorted(doc["id"] for doc in shard.all()) == sorted(expected)
    key = "pike-logistics/dana-pike"
    prospects = TinyDB(storage=lambda: AtomicJSONStorage(first.prospect_path(key))).table(
        "prospects"
    )
    [members] = prospects.all()  # one document: prospect key -> call ids
    assert members == {"pike-logistics/dana-pike": sorted(expected)}


def test_write_failure_raises_and_a_later_save_succeeds(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(make_record())
    calls = tmp_path / "calls"
    calls.rename(tmp_path / "calls-aside")
    calls.write_text("not a folder")  # fails even for root, unlike chmod
    record = make_record(answers={"pain": "kept in memory"})
    with pytest.raises(StoreWriteError) as caught:
        store.save(record)
    assert caught.value.path == calls / "call-1.json"
    assert "Could not save" in str(caught.value)
    assert str(calls) in str(caught.value)

    calls.unlink()
    (tmp_path / "calls-aside").rename(calls)
    store.save(record)
    assert Store(tmp_path).load("call-1") == record


def test_recreates_a_deleted_calls_folder_on_save(tmp_path: Path) -> None:
    store = Store(tmp_path)
    shutil.rmtree(tmp_path / "calls")
    store.save(make_record())
    assert store.load("call-1") == make_record()
    assert mode_of(tmp_path / "calls") == 0o700


def test_index_write_failure_saves_the_call_and_retry_fixes_the_index(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(make_record())
    shard = store.shard_path("call-1")
    shard.unlink()
    shard.mkdir()  # the call's index file can neither be read nor replaced now
    done = make_record(status="completed")
    store.save(done)  # the call file is saved: a folder in the list's way is said, not raised
    (said,) = [p for p in store.problems if "cannot be updated" in p]
    assert f"{shard} is not a regular file" in said
    assert store.load("call-1") == done
    assert [s["status"] for s in store.summaries()] == ["completed"]  # from the call files

    shard.rmdir()
    store.save(done)
    assert [s["status"] for s in store.summaries()] == ["completed"]


def test_claim_is_exclusive_until_released(tmp_path: Path) -> None:
    store = Store(tmp_path)
    claim = store.claim("call-1")
    with pytest.raises(CallOpenElsewhere) as caught:
        Store(tmp_path).claim("call-1")
    assert "another callmate window" in str(caught.value)
    assert caught.value.pid == os.getpid()
    other = store.claim("call-2")  # other calls are not blocked
    claim.release()
    claim.release()
    with store.claim("call-1") as again:
        assert again.held
    assert not again.held
    other.release()


def test_data_dir_honours_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CALLMATE_DATA_DIR", str(tmp_path))
    assert data_dir() == tmp_path
    monkeypatch.delenv("CALLMATE_DATA_DIR")
    assert data_dir() == Path(platformdirs.user_data_dir("callmate"))


def test_save_many_stores_all_with_one_index_write(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(make_record("already"))
    records = [make_record(f"bulk-{i}") for i in range(40)]
    bad = make_record("bad")
    bad.extra["note"] = {1, 2}  # a set cannot be written as JSON (only a hand-built record)
    records.append(bad)
    before = index_state(store)
    failed = store.save_many(records)
    assert list(failed) == ["bad"]
    ids = {s["id"] for s in Store(tmp_path).summaries()}
    assert ids == {"already", *(f"bulk-{i}" for i in range(40))}
    assert store.load("bulk-7").id == "bulk-7"
    assert index_state(store) != before
    assert not list(store.calls_dir.glob("*.pending"))
