"""Changes to a call after it ended: what happened to its next step, a prospect's new spelling.

During a call only the session changes its record; afterwards only these functions do. Each
returns an updated copy one revision later and leaves the record it was given alone, so a
caller can save it, compare it or undo it.
"""

from __future__ import annotations

import copy
import dataclasses
from datetime import datetime

from callmate.core.call_record import STEP_OUTCOMES, CallRecord, Reschedule
from callmate.core.prospects import MergePlan


class CannotMark(ValueError):
    """The call has no next step whose outcome can be recorded."""


def mark_outcome(
    record: CallRecord,
    outcome: str,
    now: datetime,
    new_due: datetime | None = None,
    kept_by: str | None = None,
) -> CallRecord:
    """A copy of ``record`` with the next step's outcome recorded.

    ``new_due`` is required for (and only for) "rescheduled"; it must already have passed the
    gate's rules. The replaced date goes into the step's "history".
    """
    if outcome not in STEP_OUTCOMES:
        raise CannotMark(f"the outcome must be one of {', '.join(STEP_OUTCOMES)}, not {outcome!r}")
    if (outcome == "rescheduled") != (new_due is not None):
        raise CannotMark("a new date is needed for rescheduled, and only for rescheduled")
    if record.status != "completed":
        raise CannotMark(f"the call {record.id} is still in progress: finish it first")
    updated = copy.deepcopy(record)
    step = updated.next_step
    if step is None:
        raise CannotMark(f"the call {record.id} has no next step")
    stamp = now.isoformat(timespec="seconds")
    step.outcome = outcome
    step.outcome_at = stamp
    if kept_by:
        step.kept_by = kept_by  # the follow-up call that kept it
    if new_due is not None:
        step.history.append(Reschedule(step.due, stamp))
        step.due = new_due.isoformat(timespec="minutes")
    updated.revision += 1
    return updated


def restored(before: CallRecord, current: CallRecord) -> CallRecord:
    """``before`` again (a mark undone), one revision after ``current`` so the index follows."""
    return dataclasses.replace(copy.deepcopy(before), revision=current.revision + 1)


def renamed(record: CallRecord, plan: MergePlan) -> CallRecord:
    """A copy of a FROM call under INTO's spelling and key, one revision later."""
    updated = copy.deepcopy(record)
    updated.prospect, updated.company = plan.into
    updated.prospect_key = plan.into_key
    updated.revision += 1
    return updated
