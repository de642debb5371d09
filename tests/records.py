"""Typed call records for tests, made the one way callmate reads records: through the decoder.

A test states only the fields it is about, as they would stand in a call file (JSON shapes:
``answers={"q": {"value": "yes", "at": AT}}``, ``next_step={"due": ..., "what": ...}``); the
required ones are filled in here, and `decode_record` checks the rest as it checks a stored call.
"""

from __future__ import annotations

from typing import Any

from callmate.core.call_record import RECORD_SCHEMA, CallRecord, decode_record

#: A moment with a UTC offset, for the stamps a test does not care about (Mon 23 Nov 2026).
AT = "2026-11-23T10:00:00+01:00"

REQUIRED: dict[str, Any] = {
    "schema": RECORD_SCHEMA,
    "id": "call-1",
    "playbook": {"name": "first-discovery"},
    "prospect": "Pat Quill",
    "started": AT,
}


def record_json(session_id: str | None = None, **fields: Any) -> dict[str, Any]:
    """A call record as a file holds it: the required fields, then ``fields`` over them."""
    named = {"id": session_id} if session_id is not None else {}
    return {**REQUIRED, **named, **fields}


def call_record(session_id: str | None = None, **fields: Any) -> CallRecord:
    """A decoded record with the required fields filled in (RecordDecodeError if ``fields``
    hold something a call file may not)."""
    return decode_record(record_json(session_id, **fields))


def answers(**values: Any) -> dict[str, Any]:
    """``answers=`` for call_record from question id -> value, each answered at AT."""
    return {question_id: {"value": value, "at": AT} for question_id, value in values.items()}


def set_step_outcome(record: CallRecord, outcome: str) -> None:
    """Mark ``record``'s next step in place, as a test sets the scene (no time, no revision)."""
    assert record.next_step is not None, f"the call {record.id} has no next step"
    record.next_step.outcome = outcome
