"""The next step as an RFC 5545 calendar entry, and the follow-up email draft."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from callmate.core.call_record import RecordDecodeError, decode_record, encode_record
from callmate.core.ended_call import mark_outcome
from callmate.core.next_step import NextStepDraft
from callmate.export.calendar import NoNextStep, event_uid, next_step_ics
from callmate.export.email import follow_up_email, greeting_name, their_words
from tests.conftest import START
from tests.unit.export_support import HOSTILE, discovery_playbook, finished_call


def only_event(data: bytes):
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    return event


def test_event_starts_at_the_due_time_in_utc_for_the_length_the_step_states():
    record = finished_call(discovery_playbook(), START)  # due Wed 25 Nov 10:00 at +01:00
    data = next_step_ics(record, START)
    assert b"\r\nDTSTART:20261125T090000Z\r\n" in data
    event = only_event(data)
    assert event["DTSTART"].dt == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    assert event["DTEND"].dt - event["DTSTART"].dt == timedelta(minutes=20)  # "20-minute call"
    assert str(event["SUMMARY"]) == (
        "Next step with Pat Quill: 20-minute call to go through the quote"
    )
    assert str(event["DESCRIPTION"]).splitlines() == [
        "What we agreed: 20-minute call to go through the quote",
        "Their commitment: bring last month's call logs",
        "Our commitment: send the quote by Friday",
        "Channel: Zoom",
    ]
    assert str(event["LOCATION"]) == "Zoom"
    assert event["DTSTAMP"].dt == START.astimezone(UTC)


def test_uid_is_stable_per_session_and_sequence_counts_reschedules():
    playbook = discovery_playbook()
    record = finished_call(playbook, START)
    other = finished_call(playbook, START)
    first = only_event(next_step_ics(record, START))
    moved = mark_outcome(record, "rescheduled", START, START + timedelta(days=5))
    again = only_event(next_step_ics(moved, START + timedelta(hours=1)))
    assert str(first["UID"]) == str(again["UID"]) == event_uid(record.id)
    assert str(only_event(next_step_ics(other, START))["UID"]) != str(first["UID"])
    assert (first["SEQUENCE"], again["SEQUENCE"]) == (0, 1)
    assert again["DTSTART"].dt == datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def test_hostile_text_survives_the_calendar_round_trip():
    step = NextStepDraft(
        "in 2 days", f"review {HOSTILE[0]}; with, commas", HOSTILE[1], HOSTILE[2],
        why_continuation=f"budget frozen {HOSTILE[1]}",
    )  # fmt: skip
    record = finished_call(discovery_playbook(), START, step=step, prospect="Ann [bold]")
    event = only_event(next_step_ics(record, START))
    assert str(event["SUMMARY"]) == "Next step with Ann [bold]: review [bold]; with, commas"
    description = str(event["DESCRIPTION"])
    for hostile in HOSTILE:
        assert hostile in description


def test_no_next_step_means_no_calendar_entry():
    record = finished_call(discovery_playbook(), START, step=None)
    with pytest.raises(NoNextStep, match="has no next step"):
        next_step_ics(record, START)
    unreadable = {**encode_record(record), "next_step": {"due": "whenever", "what": "x"}}
    with pytest.raises(RecordDecodeError, match=r"next_step\.due: expected a date and time"):
        decode_record(unreadable)  # so no record reaches the calendar with a date it cannot read


# ------------------------------------------------------------------------------- email


def test_email_is_about_the_prospect_and_short():
    record = finished_call(discovery_playbook(), START)
    draft = follow_up_email(record, START)
    assert draft.splitlines()[0] == "Subject: Our next step on Wednesday 25 November at 10:00"
    assert "Hi Pat," in draft
    assert "Thank you for your time today." in draft
    assert '"phones ring off the hook at 8am"' in draft
    assert (
        "- Wednesday 25 November at 10:00: 20-minute call to go through the quote (Zoom)" in draft
    )
    assert "- Your part: bring last month's call logs" in draft
    assert "- My part: send the quote by Friday" in draft
    assert len(re.findall(r"\S+", draft)) < 120


def test_email_falls_back_to_the_first_problem_when_nothing_is_starred():
    answers = {"problems": ["o: grow", "no-shows", "late invoices"]}
    record = finished_call(discovery_playbook(), START, answers=answers, hot=None)
    assert their_words(record) == "no-shows"
    assert '"no-shows"' in follow_up_email(record, START)


def test_email_without_any_problem_recorded_leaves_that_line_out():
    record = finished_call(discovery_playbook(), START, answers={}, hot=None)
    draft = follow_up_email(record, START + timedelta(days=1))
    assert "in your words" not in draft
    assert "Thank you for your time on Monday 23 November." in draft


def test_email_keeps_hostile_text_literal():
    step = NextStepDraft(
        "in 2 days",
        HOSTILE[0],
        HOSTILE[1],
        HOSTILE[2],
        why_continuation=f"budget frozen {HOSTILE[1]}",
    )
    answers = {"problems": [HOSTILE[2]]}
    record = finished_call(discovery_playbook(), START, answers=answers, step=step)
    draft = follow_up_email(record, START)
    # A continuation's own words (HOSTILE[0]) are the prospect's and not quoted back
    # (test_export_wording.py); every part that is quoted stays literal.
    assert f"- Your part: {HOSTILE[1]}" in draft
    assert f"- My part: {HOSTILE[2]}" in draft
    assert f'in your words: "{HOSTILE[2]}"' in draft


@pytest.mark.parametrize(
    ("name", "greeting"),
    [("Pat Quill", "Pat"), ("Dr. Lee", "Dr. Lee"), ("  ", "there"), ("Cher", "Cher")],
)
def test_greeting_uses_a_first_name_when_there_is_one(name, greeting):
    assert greeting_name(name) == greeting


def test_a_call_that_did_not_connect_is_said_as_a_retry_in_the_entry_and_has_no_email():
    """A voicemail keeps the message left where a step keeps our part: the calendar entry and
    the brief call it that, and no 'what we agreed' email is drafted for it."""
    from callmate.core.brief import brief_of
    from callmate.core.session import CallSession

    session = CallSession.start(discovery_playbook(), "Pat Quill", "Hollow Pines Dental", START)
    left = "asked for a call back"
    assert session.end_without_connecting("voicemail", "in 3 days", left, START) == {}
    record = session.record
    lines = str(only_event(next_step_ics(record, START))["DESCRIPTION"]).splitlines()
    assert "Message left: asked for a call back" in lines
    assert not any(line.startswith("Our commitment") for line in lines)
    (call,) = brief_of([record])
    assert (call.our_part, call.our_commitment) == ("Message left", "asked for a call back")
    with pytest.raises(NoNextStep, match="did not connect \\(voicemail\\)"):
        follow_up_email(record, START)
