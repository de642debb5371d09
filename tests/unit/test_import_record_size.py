"""A record from outside is held to what a call can be typed as, not only field by field.

One imported record of 9,999 notes of 19,000 characters (190 MB) passed every per-field and
per-list limit: `show` then took 10 s and 1 GB and the read-only view hung. Names and next-step
texts were taken up to 20,000 characters where typing stops at 200 and 2,000.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from callmate.core import next_step, session
from callmate.core.call_record import (
    MAX_NAME_CHARS,
    MAX_RECORD_CHARS,
    MAX_STEP_TEXT_CHARS,
    MAX_TEXT_CHARS,
    RecordDecodeError,
    decode_record,
)
from callmate.store import Store
from tests.conftest import Run
from tests.records import AT, record_json


def export_file(path: Path, *sessions: dict[str, Any]) -> Path:
    document = {"format": "callmate-export", "version": 1, "sessions": list(sessions)}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def notes_of(total_chars: int) -> list[dict[str, str]]:
    """Notes, each within the per-field limit, holding ``total_chars`` characters in all."""
    size = MAX_TEXT_CHARS - 1000
    count, rest = divmod(total_chars, size)
    return [{"text": "n" * size, "at": AT}] * count + [{"text": "n" * rest, "at": AT}] * bool(rest)


def test_the_limits_are_the_ones_typing_has() -> None:
    assert MAX_NAME_CHARS == session.MAX_NAME_CHARS
    assert MAX_STEP_TEXT_CHARS == next_step.MAX_FIELD_CHARS


def test_a_record_larger_than_a_call_can_be_is_rejected_by_name_and_the_rest_import(
    run: Run, tmp_path: Path, data_dir: Path
) -> None:
    huge = record_json("huge", notes=notes_of(MAX_RECORD_CHARS + 1))
    path = export_file(tmp_path / "calls.json", huge, record_json("good"))
    result = run("import", str(path))
    assert result.code == 1
    assert result.out == "added 1, skipped 0 (already present), rejected 1\n"
    assert result.err == (
        "callmate: rejected sessions[0]: more than 1,000,000 characters of text, the most one "
        "call may hold (a 3-hour call typed without a pause is about 130,000) (call huge)\n"
    )
    assert [s["id"] for s in Store(data_dir).summaries()] == ["good"]


def test_a_long_call_within_the_limit_imports_whole(
    run: Run, tmp_path: Path, data_dir: Path
) -> None:
    # Its notes fill the budget less what the rest of the record (keys, stamps, names) holds.
    long = record_json("long", notes=notes_of(MAX_RECORD_CHARS - 2000))
    result = run("import", str(export_file(tmp_path / "calls.json", long)))
    assert (result.code, result.err) == (0, "")
    stored = Store(data_dir).load("long")
    assert sum(len(note.text) for note in stored.notes) == MAX_RECORD_CHARS - 2000


def test_names_and_next_step_texts_longer_than_typing_allows_are_rejected_where(
    run: Run, tmp_path: Path, data_dir: Path
) -> None:
    too_long = record_json(
        "too-long",
        prospect="P" * (MAX_NAME_CHARS + 1),
        company="C" * 5000,
        next_step={"due": AT, "what": "w" * (MAX_STEP_TEXT_CHARS + 1), "channel": "phone"},
    )
    just_fits = record_json(
        "just-fits",
        prospect="P" * MAX_NAME_CHARS,
        company="C" * MAX_NAME_CHARS,
        next_step={"due": AT, "what": "w" * MAX_STEP_TEXT_CHARS},
    )
    result = run("import", str(export_file(tmp_path / "calls.json", too_long, just_fits)))
    assert result.code == 1
    assert result.out == "added 1, skipped 0 (already present), rejected 1\n"
    assert result.err == (
        "callmate: rejected sessions[0].prospect: 201 characters, more than the 200 callmate "
        "lets you type there; sessions[0].company: 5,000 characters, more than the 200 "
        "callmate lets you type there; sessions[0].next_step.what: 2,001 characters, more "
        "than the 2,000 callmate lets you type there (call too-long)\n"
    )
    assert Store(data_dir).load("just-fits").prospect == "P" * MAX_NAME_CHARS


def test_a_name_is_measured_as_it_would_be_stored() -> None:
    """Runs of spaces become one, as typing makes them: the stored name is what must fit."""
    spaced = record_json("spaced", prospect="Pat" + " " * 5000 + "Quill")
    assert decode_record(spaced, outside=True).prospect == "Pat Quill"


def test_the_stores_own_files_keep_the_field_limits_they_were_written_with() -> None:
    """A call imported before these limits is still read: nothing already stored is lost."""
    old = record_json("old", prospect="P" * 5000, notes=notes_of(MAX_RECORD_CHARS + 1))
    assert len(decode_record(old).prospect) == 5000
    with pytest.raises(RecordDecodeError):
        decode_record(old, outside=True)
