"""`callmate export ID --ics FILE`: the agreed next step as a calendar invitation (RFC 5545).

The UID depends only on the session, so importing the file again after a reschedule updates the
same calendar entry instead of adding a second one; SEQUENCE counts the reschedules.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from callmate import __version__
from callmate.core.call_record import CallRecord, StoredStep
from callmate.core.judgement import our_part_words, stored_step_kind
from callmate.export.when import long_day

DEFAULT_DURATION = timedelta(minutes=30)
#: A length stated in what happens then ("20-minute call", "45 min demo", "1 hour review",
#: "half an hour", "1.5 hours"): the calendar entry runs that long, else DEFAULT_DURATION.
_MINUTES = re.compile(r"\b(\d{1,3})\s*-?\s*(?:minutes?|mins?)\b", re.IGNORECASE | re.ASCII)
_HOURS = re.compile(
    r"\b(\d{1,2}(?:\.\d+)?|an?|one|two)\s*-?\s*(?:hours?|hrs?)\b", re.IGNORECASE | re.ASCII
)
_HALF_HOUR = re.compile(r"\bhalf\s*-?\s*(?:an\s*-?\s*)?hour\b", re.IGNORECASE)
_HOUR_WORDS = {"a": 1.0, "an": 1.0, "one": 1.0, "two": 2.0}
#: Shorter or longer than this is not a meeting length ("5-minute drive", "48 hours").
_SENSIBLE = (timedelta(minutes=5), timedelta(hours=8))


class NoNextStep(ValueError):
    """The call has no next step to put in a calendar or a message."""


def next_step_of(record: CallRecord) -> tuple[StoredStep, datetime]:
    """The record's next step and its due time; NoNextStep if none was agreed."""
    step = record.next_step
    if step is None:
        raise NoNextStep(f"the call {record.id} has no next step")
    return step, datetime.fromisoformat(step.due)  # the decoder checked it: with a UTC offset


def event_uid(session_id: str) -> str:
    return f"{session_id}.next-step@callmate"


def stated_duration(what: str) -> timedelta | None:
    """The length a step's own words give it ("20-minute call": 20 minutes), if any."""
    found: timedelta | None = None
    if match := _MINUTES.search(what):
        found = timedelta(minutes=int(match.group(1)))
    elif _HALF_HOUR.search(what):
        found = timedelta(minutes=30)
    elif match := _HOURS.search(what):
        amount = match.group(1).lower()
        hours = _HOUR_WORDS.get(amount) or float(amount)
        found = timedelta(minutes=round(hours * 60))
    if found is None or not _SENSIBLE[0] <= found <= _SENSIBLE[1]:
        return None
    return found


def _is_retry(step: StoredStep) -> bool:
    return stored_step_kind(step) == "retry"


def _summary(record: CallRecord, step: StoredStep) -> str:
    if _is_retry(step):
        return f"Try again to reach {record.prospect}"
    return f"Next step with {record.prospect}: {step.what}"


def _description(step: StoredStep) -> str:
    """What the entry says, one fact a line, with no line for a part nobody recorded."""
    if _is_retry(step):
        outcome = (step.call_outcome or "did not connect").replace("_", " ")
        lines = [f"Retry: try again to reach them (last attempt: {outcome})."]
    else:
        lines = [f"What we agreed: {step.what}"]
        if step.their_commitment.strip():
            lines.append(f"Their commitment: {step.their_commitment}")
    if step.our_commitment.strip():
        lines.append(f"{our_part_words(step)}: {step.our_commitment}")
    if step.channel:
        lines.append(f"Channel: {step.channel}")
    return "\n".join(lines)


def next_step_ics(record: CallRecord, now: datetime) -> bytes:
    """A VCALENDAR with one VEVENT for the next step; NoNextStep if there is none."""
    step, due = next_step_of(record)
    if step.outcome in ("missed", "kept"):
        # A calendar entry for a date that is behind them would stand for a meeting that is
        # not going to happen (missed) or already did (kept).
        raise NoNextStep(
            f"the next step of the call {record.id} ({long_day(due)}) was marked "
            f"{step.outcome}: there is no meeting to put in a calendar"
            + ("; `callmate followups` says when to try again" if step.outcome == "missed" else "")
        )
    start = due.astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", f"-//callmate//callmate {__version__}//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", event_uid(record.id))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", start)
    length = None if _is_retry(step) else stated_duration(step.what)
    event.add("dtend", start + (length or DEFAULT_DURATION))
    event.add("sequence", len(step.history))
    event.add("summary", _summary(record, step))
    event.add("description", _description(step))
    if step.channel:
        event.add("location", step.channel)
    calendar.add_component(event)
    return calendar.to_ical()
