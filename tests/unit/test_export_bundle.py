"""The export file and importing it: lossless, never duplicating, never crashing on bad input."""

from __future__ import annotations

import copy
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callmate.core.call_record import CallRecord, encode_record, record_problems
from callmate.core.ended_call import mark_outcome
from callmate.export.bundle import BadExportFile, export_bytes, import_sessions, read_export
from callmate.export.files import OutputExists, write_private
from callmate.store import Store
from tests.conftest import START
from tests.unit.export_support import HOSTILE, discovery_playbook, finished_call


@pytest.fixture(scope="module")
def records() -> list[CallRecord]:
    playbook = discovery_playbook()
    done = finished_call(playbook, START, notes=[*HOSTILE, "é ✓ 😀"])
    return [
        done,
        mark_outcome(finished_call(playbook, START), "rescheduled", START, START.replace(day=27)),
        finished_call(playbook, START, step=None, mode="practice"),
    ]


@pytest.fixture(scope="module")
def raws(records: list[CallRecord]) -> list[dict[str, Any]]:
    """The records as an export file lists them."""
    return [encode_record(record) for record in records]


def test_export_then_import_reproduces_every_record(tmp_path: Path, records):
    source = Store(tmp_path / "a")
    for record in records:
        source.save(record)
    data = export_bytes(source.iter_records())
    document = json.loads(data)
    assert (document["format"], document["version"]) == ("callmate-export", 1)
    target = Store(tmp_path / "b")
    report = import_sessions(target, read_export(data))
    assert sorted(report.added) == sorted(r.id for r in records)
    assert report.line() == "added 3, skipped 0 (already present), rejected 0"
    for record in records:
        assert target.load(record.id) == record
    assert {s["id"] for s in target.summaries()} == {r.id for r in records}
    again = import_sessions(Store(tmp_path / "b"), read_export(data))
    assert again.line() == "added 0, skipped 3 (already present), rejected 0"


def test_a_record_listed_twice_in_one_file_is_added_once(tmp_path: Path, records, raws):
    report = import_sessions(Store(tmp_path), [raws[0], copy.deepcopy(raws[0])])
    assert (report.added, report.skipped) == ([records[0].id], [records[0].id])


def test_import_never_replaces_a_call_already_in_the_store(tmp_path: Path, records, raws):
    store = Store(tmp_path)
    store.save(records[0])
    changed = {**raws[0], "objective": "overwritten?"}
    report = import_sessions(store, [changed])
    assert store.load(records[0].id) == records[0]
    assert [session_id for session_id, _kept in report.conflicts] == [records[0].id]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00", "not UTF-8 text, as a callmate export is .* not valid utf-16"),
        (b"[" * 100_000, "nests lists or objects about a thousand levels deep"),
        (b"[]", "not a callmate export"),
        (b'{"format": "other", "sessions": []}', "not a callmate export"),
        (b'{"format": "callmate-export", "version": 2, "sessions": []}', "version 2"),
        (b'{"format": "callmate-export", "version": true, "sessions": []}', "version True"),
        (b'{"format": "callmate-export", "version": 1, "sessions": {}}', "must be a list"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused_plainly(raw, message):
    with pytest.raises(BadExportFile, match=message):
        read_export(raw)


def broken(record: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(record)
    target = changed
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return changed


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("id",), "../../etc/passwd", "id: '../../etc/passwd' is not a valid call id"),
        (("id",), KeyError, "id: missing"),
        (("schema",), KeyError, "schema: missing"),
        (("schema",), 2, "schema: 2 is newer than this callmate reads (1)"),
        (("schema",), "1", "schema: expected 1, not '1'"),
        (
            ("status",),
            "done",
            "status: expected one of in_progress, completed, discarded, not 'done'",
        ),
        (("mode",), "rehearsal", "mode: expected one of live, practice, preview"),
        (("prospect",), " ", "prospect: expected a name, not empty text"),
        (("started",), "2026-11-23T10:00", "started: expected a date and time with a UTC offset"),
        (("ended",), "last tuesday", "ended: expected a date and time"),
        (("revision",), True, "revision: expected a whole number"),
        (("playbook",), "first-discovery", "playbook: expected an object, not text"),
        (("playbook", "name"), None, "playbook.name: expected text, not null"),
        (("answers", "problems", "value"), {"a": 1}, "answers.problems.value: expected text"),
        (("answers", "problems", "at"), 3, "answers.problems.at: expected text, not a number"),
        (("notes", 0, "text"), 7, "notes[0].text: expected text, not a number"),
        (("events",), None, "events: expected a list, not null"),
        (("pauses",), 3, "pauses: expected a list, not a number"),
        (("next_step", "due"), "tomorrow", "next_step.due: expected a date"),
        (("next_step", "what"), ["x"], "next_step.what: expected text, not a list"),
        (("next_step", "outcome"), "won", "next_step.outcome: expected one of kept, missed"),
        (("context",), {"last": 3}, "context.last: expected text, not a number"),
    ],
)
def test_each_broken_field_is_named(raws, path, value, message):
    problems = record_problems(broken(raws[0], path, value))
    assert len(problems) == 1, problems
    assert problems[0].startswith(message)


def test_rejections_name_the_record_and_the_rest_still_imports(tmp_path: Path, records, raws):
    bad = broken(raws[1], ("status",), "done")
    nameless = broken(raws[2], ("id",), 5)
    report = import_sessions(Store(tmp_path), [raws[0], bad, nameless, "text"])
    assert report.added == [records[0].id]
    assert report.rejected == [
        "sessions[1].status: expected one of in_progress, completed, discarded, not 'done' "
        f"(call {records[1].id})",
        "sessions[2].id: expected text, not a number",
        "sessions[3]: expected an object, not text",
    ]


def test_many_problems_in_one_record_are_summarised(tmp_path: Path):
    report = import_sessions(
        Store(tmp_path), [{"schema": 1, "answers": 3, "notes": 4, "events": 5, "visits": 6}]
    )
    (message,) = report.rejected
    assert message.startswith("sessions[0].id: missing; sessions[0].playbook: missing;")
    assert message.endswith("more problems")


# ------------------------------------------------------------------------------- property

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
RECORD_KEYS = [
    "schema", "id", "playbook", "objective", "prospect", "company", "prospect_key", "mode",
    "persona", "status", "started", "ended", "cursor", "answers", "skipped", "notes", "events",
    "context", "next_step", "revision", "extra",
]  # fmt: skip


@st.composite
def export_documents(draw: st.DrawFn, base: dict[str, Any]) -> Any:
    """Mostly real exports whose records may have one field changed; sometimes any JSON at all."""
    shape = draw(st.integers(0, 9))
    if shape == 0:
        return draw(json_values)
    if shape == 1:
        return {"format": "callmate-export", "version": draw(json_values), "sessions": []}
    sessions: list[Any] = []
    for _ in range(draw(st.integers(0, 3))):
        record = copy.deepcopy(base)
        record["id"] = draw(st.sampled_from([base["id"], "imported-1", "imported-2", "../x"]))
        if draw(st.booleans()):
            record[draw(st.sampled_from(RECORD_KEYS))] = draw(json_values)
        sessions.append(record if draw(st.integers(0, 4)) else draw(json_values))
    return {"format": "callmate-export", "version": 1, "sessions": sessions}


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return Store(tmp_path_factory.mktemp("import-property"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_document_gives_a_report_or_a_plain_refusal(data, raws, shared_store):
    document = data.draw(export_documents(raws[0]))
    raw = json.dumps(document).encode()
    try:
        sessions = read_export(raw)
    except BadExportFile as exc:
        assert str(exc).startswith("it ")
        return
    report = import_sessions(shared_store, sessions)
    counted = len(report.added) + len(report.skipped) + len(report.rejected)
    assert counted + len(report.conflicts) == len(sessions)
    for session_id in report.added:
        assert record_problems(encode_record(shared_store.load(session_id))) == []


# ------------------------------------------------------------------------------- files


def test_output_files_are_private_and_never_silently_replaced(tmp_path: Path):
    target = tmp_path / "out.json"
    old_umask = os.umask(0)
    try:
        write_private(target, b"first")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with pytest.raises(OutputExists, match=f"{target} already exists; use --force"):
        write_private(target, b"second")
    assert target.read_bytes() == b"first"
    target.chmod(0o644)
    write_private(target, b"third", force=True)
    assert target.read_bytes() == b"third"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
