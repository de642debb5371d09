"""A key written twice in one object of an import file is refused with where, never settled
silently by keeping the last value (JSON readers do: "Pat 80" was dropped for "Hidden...")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from callmate.core.call_record import encode_record
from callmate.export.bundle import BadExportFile, import_sessions, read_export
from callmate.store import Store
from tests.conftest import START, Run
from tests.unit.export_support import discovery_playbook, finished_call


def _file_with(records: list[str]) -> bytes:
    """An export file whose records are given as JSON text (so a key can stand twice)."""
    return (
        '{"format": "callmate-export", "version": 1, "sessions": [' + ", ".join(records) + "]}"
    ).encode()


def _record_text(session_id: str, *, prospect: str = '"prospect": "Pat 80"') -> str:
    raw = encode_record(finished_call(discovery_playbook(), START))
    raw["id"] = session_id
    del raw["prospect"]
    text = json.dumps(raw)
    return "{" + prospect + ", " + text[1:]


def test_a_record_with_a_key_twice_is_rejected_with_where_and_the_rest_import(tmp_path: Path):
    twice = _record_text(
        "twice", prospect='"prospect": "Pat 80", "prospect": "Hidden\\u001b[2J Second"'
    )
    good = _record_text("good")
    sessions = read_export(_file_with([twice, good]))
    report = import_sessions(Store(tmp_path), sessions)
    assert report.added == ["good"]
    assert report.rejected == ['sessions[0]: the key "prospect" appears twice (call twice)']
    assert Store(tmp_path).load("good").prospect == "Pat 80"


def test_a_repeated_key_deep_in_a_record_is_named_where_it_is(tmp_path: Path):
    record = json.loads(_record_text("deep"))
    step = json.dumps(record.pop("next_step"))
    notes = json.dumps(record.pop("notes"))
    text = json.dumps(record)[:-1]
    text += ', "next_step": ' + step[:-1] + ', "what": "other", "what": "third"}'
    text += ', "notes": [{"text": "a", "text": "b", "at": "2026-11-23T10:00:00+01:00"}]'
    text += ', "notes": ' + notes + "}"
    report = import_sessions(Store(tmp_path), read_export(_file_with([text])))
    assert report.added == []
    (rejected,) = report.rejected
    assert 'sessions[0]: the key "notes" appears twice' in rejected
    assert 'sessions[0].next_step: the key "what" appears 3 times' in rejected
    assert 'sessions[0].notes[0]: the key "text" appears twice' in rejected


def test_a_repeated_key_at_the_top_of_the_file_refuses_it():
    raw = b'{"format": "callmate-export", "version": 1, "sessions": [], "sessions": []}'
    with pytest.raises(BadExportFile, match='the key "sessions" appears twice in its top object'):
        read_export(raw)


def test_the_command_says_so(run: Run, tmp_path: Path):
    path = tmp_path / "twice.json"
    path.write_bytes(
        _file_with([_record_text("twice", prospect='"prospect": "Pat 80", "prospect": "X"')])
    )
    done = run("import", str(path))
    assert "added 0" in done.out and "rejected 1" in done.out, done
    assert 'sessions[0]: the key "prospect" appears twice' in done.out + done.err
