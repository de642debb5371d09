"""`callmate export ID --email --takeaway`: the message that lets a silent prospect go.

Offered only once the attempts are used up (callmate.nurture.takeaway_plan says why not
sooner), counted once as the last attempt, and printed again as often as the rep likes without
counting again: after it, every list points to the nurture list instead of another call.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from callmate.commands.output import BAD_INPUT, OK, fail, printable
from callmate.core.call_record import CallRecord
from callmate.core.silence import TAKEAWAY, Attempt, day_text, nurture_add_words
from callmate.export.email import rep_name, takeaway_email
from callmate.nurture import NurtureError, last_words, record_attempt, takeaway_plan
from callmate.store import Store, StoreError

#: Writes the draft to a file, saying why not on stderr (after_call's _write).
Write = Callable[[Path, bytes, bool], bool]


def _note(text: str) -> None:
    print(printable(f"callmate: {text}"), file=sys.stderr)


def export_takeaway(
    store: Store, record: CallRecord, output: Path | None, force: bool, now: datetime, write: Write
) -> int:
    """Draft the takeaway in their words, or say plainly why not yet; count it once."""
    key = record.prospect_key
    if record.mode != "live" or not key:
        return fail("a takeaway message is for a real prospect's call, not a practice call")
    try:
        plan = takeaway_plan(store, key, record.prospect, now)
        words = last_words(store, key) if plan.reached else ""
    except (StoreError, NurtureError) as exc:
        return fail(str(exc))
    if plan.refusal is not None:
        return fail(plan.refusal)
    draft = takeaway_email(
        record, words, rep_name(store.root), tries=plan.tries, reached=plan.reached
    )
    if output is None:
        sys.stdout.write(printable(draft))
    elif not write(output, draft.encode(), force):
        return BAD_INPUT
    add = nurture_add_words(record.id, reached=plan.reached)
    nurture = f"add them to the nurture list with {add}"
    if plan.already is not None:
        if output is not None:
            print(printable(f"wrote {output}"))
        _note(
            f"the takeaway message was already sent {day_text(plan.already)}: this copy is "
            f"not counted again; no more calls, {nurture}"
        )
        return OK
    try:
        record_attempt(store.root, key, Attempt(now, TAKEAWAY, record.id))
    except NurtureError as exc:
        return fail(f"the draft was made but not counted as sent: {exc}")
    if output is not None:
        print(printable(f"wrote {output}"))
    _note(f"counted as sent: no more calls to {record.prospect}; {nurture}")
    return OK
