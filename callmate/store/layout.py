"""Where each summary goes in the index folder: pure rules, no file access.

Every rule here depends only on a call's id or on its summary, so a save, a rebuild and a reader
always agree on which file holds what without looking anything up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

MISC_SHARD = "misc"
SHARD_FILE_RE = re.compile(r"^(?P<name>\d{4}-(?:0[1-9]|1[0-2])|misc)\.json$")

# Ids made by callmate start with the local start date (YYYYMMDD-HHMMSS-xxxxxx).
_DATED_ID_RE = re.compile(r"^(?P<year>\d{4})(?P<month>0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")

OPEN_OUTCOMES = (None, "rescheduled")  # as in callmate.export.followups: still to be done


def shard_name(session_id: str) -> str:
    """The month shard ("YYYY-MM") that holds a call's summary, taken from its id.

    The id never changes, unlike ``started`` (which a hand edit or an import may alter), so a
    summary never has to move between shards and a reader finds it without a lookup. For ids
    made by callmate the id's month is the month of ``started``. Other ids share "misc".
    """
    match = _DATED_ID_RE.match(session_id)
    return f"{match['year']}-{match['month']}" if match else MISC_SHARD


def is_open(entry: Mapping[str, Any]) -> bool:
    """True for calls the home screen and follow-ups need: unfinished, or a next step to do."""
    status = entry.get("status")
    if status == "in_progress":
        return True
    step = entry.get("next_step")
    return (
        status == "completed" and isinstance(step, Mapping) and step.get("outcome") in OPEN_OUTCOMES
    )


def prospect_of(entry: Mapping[str, Any]) -> str:
    """The key a summary is listed under in prospects.json ("" when it has none)."""
    key = entry.get("prospect_key")
    return key if isinstance(key, str) else ""


def newest_first(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Summaries ordered by start time, newest first (ties broken by id, also descending)."""
    return sorted(
        entries, key=lambda e: (str(e.get("started") or ""), str(e.get("id"))), reverse=True
    )
