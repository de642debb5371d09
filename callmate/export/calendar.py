"""`callmate export ID --ics FILE`: the agreed next step as a calendar invitation (RFC 5545).

The UID depends only on the session, so importing the file again after a reschedule updates the
same calendar entry instead of adding a second one; SEQUENCE counts the reschedules.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event

from callmate import __version__
from callmate.export.when import parse_stamp

DEFAULT_DURATION = timedelta(minutes=30)


class NoNextStep(ValueError):
    """The call has no readable next step to put in a calendar or a message."""


def next_step_of(record: Mapping[str, Any]) -> tuple[dict[str, Any], datetime]:
    """The record's next step and its due time; NoNextStep saying why there is none."""
    step = record.get("next_step")
    if not isinstance(step, Mapping):
        raise NoNextStep(f"the call {record.get('id')} has no next step")
    due = parse_stamp(step.get("due"))
    if due is None:
        raise NoNextStep(
            f"the next step of the call {record.get('id')} has no readable date "
            f"({step.get('due')!r})"
        )
    return dict(step), due


def event_uid(session_id: str) -> str:
    return f"{session_id}.next-step@callmate"


def _description(step: Mapping[str, Any]) -> str:
    lines = [f"What we agreed: {step.get('what') or ''}"]
    lines.append(f"Their commitment: {step.get('their_commitment') or ''}")
    lines.append(f"Our commitment: {step.get('our_commitment') or '(nothing recorded)'}")
    if step.get("channel"):
        lines.append(f"Channel: {step['channel']}")
    return "\n".join(lines)


def next_step_ics(record: Mapping[str, Any], now: datetime) -> bytes:
    """A VCALENDAR with one VEVENT for the next step; NoNextStep if there is none."""
    step, due = next_step_of(record)
    start = due.astimezone(UTC)
    history = step.get("history")
    calendar = Calendar()
    calendar.add("prodid", f"-//callmate//callmate {__version__}//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", event_uid(str(record.get("id"))))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + DEFAULT_DURATION)
    event.add("sequence", len(history) if isinstance(history, list) else 0)
    event.add("summary", f"Next step with {record.get('prospect') or ''}: {step.get('what') or ''}")
    event.add("description", _description(step))
    if step.get("channel"):
        event.add("location", str(step["channel"]))
    calendar.add_component(event)
    return calendar.to_ical()
