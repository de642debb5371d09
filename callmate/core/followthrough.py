"""When a next step may be marked kept or missed.

"Kept" and "missed" say what happened at the agreed time, so before that time they are a guess:
the rep who marks a meeting of tomorrow "kept" (one stray ctrl+k) closes a step that is still
ahead, and the follow-up list, the brief and the stats then believe it. Rescheduling stays open
at any time: agreeing a new date is not a claim about what happened.
"""

from __future__ import annotations

from datetime import datetime

from callmate.core.call_record import CallRecord, parse_stamp
from callmate.core.dates import describe_when

#: The outcomes that say the step's moment has come and gone.
OUTCOMES_AFTER_THE_FACT = ("kept", "missed")


def still_ahead(record: CallRecord, outcome: str, now: datetime) -> str | None:
    """Why ``outcome`` cannot be recorded yet for the call's next step, in the rep's words, or
    None when it can (the step is due, it has no readable date, or the outcome is a reschedule).

    One rule for the home screen (which asks before going on) and `callmate followups mark`
    (which refuses unless told `--early`).
    """
    step = record.next_step
    if outcome not in OUTCOMES_AFTER_THE_FACT or step is None:
        return None
    due = parse_stamp(step.due)
    if due is None or due <= now:
        return None
    return (
        f"The next step with {record.prospect} is still ahead, {describe_when(due, now)}: "
        f"nothing to mark {outcome} yet."
    )


def whose_step(record: CallRecord, now: datetime) -> str:
    """'Pat Quill (Hollow Pines Dental): Review the proposal — due tomorrow 15:00 (in 20
    hours)': whose next step a new date moves, and where it stands, before it is moved."""
    company = f" ({record.company})" if record.company else ""
    step = record.next_step
    if step is None:
        return f"{record.prospect}{company}"
    due = parse_stamp(step.due)
    when = f" — due {describe_when(due, now)}" if due is not None else ""
    return f"{record.prospect}{company}: {step.what}{when}"
