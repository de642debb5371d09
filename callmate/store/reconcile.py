"""Bringing the whole index in line with the calls folder (rebuild, repair, migration)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from callmate.store.index import Entry, IndexTxn


@dataclass
class ReconcileResult:
    """What checking the index against the call files changed."""

    added: list[str] = field(default_factory=list)  # call files the index did not list
    dropped: list[str] = field(default_factory=list)  # summaries whose call file is gone
    refreshed: list[str] = field(default_factory=list)  # summaries that were out of date


def reconcile(
    txn: IndexTxn,
    call_ids: set[str],
    reread: set[str],
    entry_for: Callable[[str], Entry | None],
    seeds: Mapping[str, Entry] | None = None,
) -> ReconcileResult:
    """Make every index file agree with ``call_ids``, reading as few call files as possible.

    A call file is read when the index has no summary for it, when its summary says it is still
    in progress (the cheap guard kept from the first index format), or when its id is in
    ``reread`` (a save that was cut short). ``seeds`` are summaries from an older index to use
    before reading a file. ``entry_for`` returns None for a file that turned out unreadable.
    The transaction is only staged here; the caller commits it.
    """
    result = ReconcileResult()
    existing = txn.existing_entries()
    for session_id, entry in (seeds or {}).items():
        existing.setdefault(session_id, entry)
    wanted: dict[str, Entry] = {}
    for session_id in sorted(call_ids):
        old = existing.get(session_id)
        if old is not None and session_id not in reread and old.get("status") != "in_progress":
            wanted[session_id] = old
            continue
        found = entry_for(session_id)
        if found is None:
            continue
        if old is None:
            result.added.append(session_id)
        elif old != found:
            result.refreshed.append(session_id)
        wanted[session_id] = found
    result.dropped = sorted(session_id for session_id in existing if session_id not in call_ids)
    txn.replace_all(wanted)
    return result
