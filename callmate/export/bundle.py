"""The lossless export file (every record, as stored) and importing one back.

Import never replaces a call that is already in the store, so importing the same file twice, or a
colleague's file that overlaps yours, adds only what is new.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from callmate.export.validate import is_id, record_problems
from callmate.store import Store

EXPORT_FORMAT = "callmate-export"
EXPORT_VERSION = 1
MAX_PROBLEMS_SHOWN = 5


class BadExportFile(ValueError):
    """The file as a whole cannot be read as a callmate export."""


def export_document(records: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "sessions": [dict(r) for r in records],
    }


def export_bytes(records: Iterable[Mapping[str, Any]]) -> bytes:
    text = json.dumps(export_document(records), ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")


def read_export(raw: bytes) -> list[Any]:
    """The sessions listed in an export file; BadExportFile saying plainly what is wrong."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        reason = exc.args[0] if isinstance(exc, ValueError) and exc.args else "nested too deeply"
        raise BadExportFile(f"it is not valid JSON ({reason})") from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise BadExportFile(
            f'it is not a callmate export (expected an object with "format": "{EXPORT_FORMAT}")'
        )
    version = data.get("version")
    if version != EXPORT_VERSION or isinstance(version, bool):
        raise BadExportFile(
            f"it has export version {version!r}; this callmate reads version {EXPORT_VERSION}"
        )
    sessions = data.get("sessions")
    if not isinstance(sessions, list):
        raise BadExportFile('its "sessions" must be a list of call records')
    return sessions


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # one message per rejected record

    def line(self) -> str:
        return (
            f"added {len(self.added)}, skipped {len(self.skipped)} (already present), "
            f"rejected {len(self.rejected)}"
        )


def _who(index: int, record: Any) -> str:
    """'session 3 (id 2026...)' when the id is usable, else just the position in the file."""
    session_id = record.get("id") if isinstance(record, dict) else None
    if is_id(session_id) is None:
        return f"session {index + 1} (id {session_id})"
    return f"session {index + 1}"


def _rejection(index: int, record: Any, problems: list[str]) -> str:
    shown = "; ".join(problems[:MAX_PROBLEMS_SHOWN])
    more = len(problems) - MAX_PROBLEMS_SHOWN
    if more > 0:
        shown += f"; and {more} more problem{'s' if more != 1 else ''}"
    return f"{_who(index, record)}: {shown}"


def import_sessions(store: Store, sessions: list[Any]) -> ImportReport:
    """Store every valid record whose id is new; StoreWriteError if the disk refuses.

    The records go to the store in one batch, so the index is written once, not per record.
    """
    report = ImportReport()
    present = {str(s.get("id")) for s in store.summaries()}
    accepted: list[tuple[int, dict[str, Any]]] = []
    for index, record in enumerate(sessions):
        problems = record_problems(record)
        if problems:
            report.rejected.append(_rejection(index, record, problems))
            continue
        session_id = record["id"]
        if session_id in present or store.call_path(session_id).exists():
            report.skipped.append(session_id)
            continue
        present.add(session_id)
        accepted.append((index, record))
    failed = store.save_many([record for _, record in accepted])
    for index, record in accepted:
        reason = failed.get(record["id"])
        if reason is None:
            report.added.append(record["id"])
        else:
            report.rejected.append(
                _rejection(index, record, [f"it could not be stored ({reason})"])
            )
    return report
