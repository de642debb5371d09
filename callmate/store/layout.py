"""Where each summary goes in the index folder: pure rules, no file access.

Every rule here depends only on a call's id or on its summary, so a save, a rebuild and a reader
always agree on which file holds what without looking anything up.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any

MISC_SHARD = "misc"
SHARD_FILE_RE = re.compile(r"^(?P<name>\d{4}-(?:0[1-9]|1[0-2])|misc)\.json$")

# Ids made by callmate start with the local start date (YYYYMMDD-HHMMSS-xxxxxx).
_DATED_ID_RE = re.compile(r"^(?P<year>\d{4})(?P<month>0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")

PROSPECT_SHARDS = 64
PROSPECT_FILE_RE = re.compile(r"^(?P<name>[0-9a-f]{2})\.json$")

OPEN_OUTCOMES = (None, "rescheduled")  # as in callmate.export.followups: still to be done


def shard_name(session_id: str) -> str:
    """The month shard ("YYYY-MM") that holds a call's summary, taken from its id.

    The id never changes, unlike ``started`` (which a hand edit or an import may alter), so a
    summary never has to move between shards and a reader finds it without a lookup. For ids
    made by callmate the id's month is the month of ``started``. Other ids share "misc".
    """
    match = _DATED_ID_RE.match(session_id)
    return f"{match['year']}-{match['month']}" if match else MISC_SHARD


def prospect_shard(key: str) -> str:
    """The file ("00".."3f") under index/prospects/ that lists this prospect's calls.

    A hash of the key, so a save adding a call reads and writes one small file (about 1/64 of
    the list) instead of a list of every prospect, megabytes at 100,000 calls.
    """
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=2).digest()
    return f"{int.from_bytes(digest, 'big') % PROSPECT_SHARDS:02x}"


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
    """The key a summary is listed under in index/prospects/ ("" when it has none)."""
    key = entry.get("prospect_key")
    return key if isinstance(key, str) else ""


def newest_first(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Summaries ordered by start time, newest first (ties broken by id, also descending)."""
    return sorted(
        entries, key=lambda e: (str(e.get("started") or ""), str(e.get("id"))), reverse=True
    )
