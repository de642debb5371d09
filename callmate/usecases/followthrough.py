"""Use cases for next steps after the call: mark how one went, undo it, and let a follow-up call
close the step it came from. `commands/` and `tui/` both call these, so the rules live once.
"""

from __future__ import annotations

from datetime import datetime

from callmate.core.call_record import CallRecord, prospect_key
from callmate.core.ended_call import CannotMark, mark_outcome, restored
from callmate.core.followthrough import still_ahead
from callmate.core.immutable import immutable
from callmate.export.followups import FollowUp, open_followups
from callmate.store import Store, StoreError


class MarkFailed(Exception):
    """The step could not be marked; the message says why in the rep's words."""


class StillAhead(MarkFailed):
    """Kept or missed asked for a step whose date has not come: done only when told so."""


@immutable
class Marked:
    """A mark that was saved, with the record as it was before, so it can be undone."""

    record: CallRecord
    before: CallRecord


def mark_step(
    store: Store,
    session_id: str,
    outcome: str,
    now: datetime,
    new_due: datetime | None = None,
    kept_by: str | None = None,
    early: bool = False,
) -> Marked:
    """Record how a next step went, holding the call so no other window writes it too.

    Kept or missed before the step's date raises StillAhead unless ``early`` (the rep said so)
    or ``kept_by`` (a follow-up call that reached them is the meeting, whenever it happened).
    """
    try:
        with store.claim(session_id):
            before = store.load(session_id)
            reason = None if early or kept_by else still_ahead(before, outcome, now)
            if reason is not None:
                raise StillAhead(reason)
            record = mark_outcome(before, outcome, now, new_due, kept_by)
            store.save(record)
    except (StoreError, CannotMark) as exc:
        raise MarkFailed(str(exc)) from exc
    from callmate.team.autopush import schedule

    schedule(store.root, session_id)  # the team sees the mark too, if connected
    return Marked(record, before)


def undo_mark(store: Store, marked: Marked) -> None:
    """Put the step back as it was before the mark (a later revision, so the index follows)."""
    try:
        with store.claim(marked.before.id):
            current = store.load(marked.before.id)
            store.save(restored(marked.before, current))
    except StoreError as exc:
        raise MarkFailed(str(exc)) from exc


def open_step_for(store: Store, prospect: str, company: str, now: datetime) -> FollowUp | None:
    """The prospect's open next step, earliest first, if they have one."""
    key = prospect_key(prospect, company)
    summaries = [s for s in store.summaries_for(key) if s.get("prospect_key") == key]
    rows = open_followups(summaries, now).rows
    return rows[0] if rows else None


def _reached(record: CallRecord) -> bool:
    """A live call that ended with a conversation (not a voicemail, not a role-play)."""
    return (
        record.status == "completed"
        and record.mode == "live"
        and (record.outcome or "connected") == "connected"
    )


def close_followed_step(store: Store, record: CallRecord, now: datetime) -> str | None:
    """A follow-up call that ended keeps the step it came from; returns what was done, in words.

    Only a live call that connected keeps it: a voicemail is not the meeting that was agreed.
    """
    source = record.follows
    if source is None or not _reached(record):
        return None
    try:
        mark_step(store, source, "kept", now, kept_by=record.id)
    except MarkFailed as exc:
        return f"The earlier next step could not be marked kept: {exc}"
    return "The earlier next step is marked kept by this call."


def close_answered_retries(store: Store, record: CallRecord, now: datetime) -> str | None:
    """A prospect who was reached makes the retries planned for them moot: each open retry of
    theirs is marked kept by this call; returns what was done, in words (None when nothing).

    Only a live call that connected counts, as for `close_followed_step`.
    """
    if not _reached(record):
        return None
    key = record.prospect_key  # never empty: the record derives it when it is missing
    summaries = [s for s in store.summaries_for(key) if s.get("prospect_key") == key]
    retries = [
        row
        for row in open_followups(summaries, now).rows
        if row.kind == "retry" and row.id != record.id
    ]
    closed = 0
    for row in retries:
        try:
            mark_step(store, row.id, "kept", now, kept_by=record.id)
        except MarkFailed:
            continue
        closed += 1
    if not closed:
        return None
    plural = "retries" if closed > 1 else "retry"
    return f"They answered: {closed} planned {plural} to reach them closed."
