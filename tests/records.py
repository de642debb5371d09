"""Call records for tests, built the way callmate reads them: JSON through the one decoder.

Tests name only the fields they care about; the rest gets plain valid values. Answers may be given
as bare values (``answers={"pain": "late deliveries"}``): each is stamped with the start time.
"""

from __future__ import annotations

from typing import Any

from callmate.core.call_record import RECORD_SCHEMA, CallRecord, decode_record

STARTED = "2026-03-02T10:00:00+01:00"


def record_json(session_id: str = "call-1", **fields: Any) -> dict[str, Any]:
    """A call record as stored JSON, valid unless a field given here makes it otherwise."""
    data: dict[str, Any] = {
        "schema": RECORD_SCHEMA,
        "id": session_id,
        "status": "in_progress",
        "started": STARTED,
        "mode": "live",
        "prospect": "Dana Pike",
        "company": "Pike Logistics",
        "prospect_key": "dana pike|pike logistics",
        "playbook": {"name": "first-discovery", "version": "2026.11"},
    }
    data.update(fields)
    answers = data.get("answers")
    if isinstance(answers, dict):
        data["answers"] = {
            qid: value
            if isinstance(value, dict) and "value" in value
            else {"value": value, "at": data["started"]}
            for qid, value in answers.items()
        }
    return data


def call_record(session_id: str = "call-1", **fields: Any) -> CallRecord:
    """The typed record for `record_json(session_id, **fields)` (RecordDecodeError if invalid)."""
    return decode_record(record_json(session_id, **fields))
