"""`callmate export ID --ics FILE`: the agreed next step as a calendar invitation (RFC 5545).

The UID depends only on the session, so importing the file again after a reschedule updates the
same calendar entry instead of adding a second one; SEQUENCE counts the reschedules.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from callmate import __version__
from callmate.core.call_record import CallRecord, StoredStep
from callmate.core.judgement import our_part_words

DEFAULT_DURATION = timedelta(minutes=30)


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


def _description(step: StoredStep) -> str:
    lines = [f"What we agreed: {step.what}"]
    lines.append(f"Their commitment: {step.their_commitment}")
    lines.append(f"{our_part_words(step)}: {step.our_commitment or '(nothing recorded)'}")
    if step.channel:
        lines.append(f"Channel: {step.channel}")
    return "\n".join(lines)


def next_step_ics(record: CallRecord, now: datetime) -> bytes:
    """A VCALENDAR with one VEVENT for the next step; NoNextStep if there is none."""
    step, due = next_step_of(record)
    start = due.astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", f"-//callmate//callmate {__version__}//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", event_uid(record.id))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + DEFAULT_DURATION)
    event.add("sequence", len(step.history))
    event.add("summary", f"Next step with {record.prospect}: {step.what}")
    event.add("description", _description(step))
    if step.channel:
        event.add("location", step.channel)
    calendar.add_component(event)
    return calendar.to_ical()
