"""Exports say what the call settled in words that read right to the person who gets them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from callmate.core.next_step import NextStepDraft
from callmate.core.session import CallSession
from callmate.export.calendar import DEFAULT_DURATION, next_step_ics, stated_duration
from callmate.export.email import NAME_PLACEHOLDER, follow_up_email, rep_name, takeaway_email
from callmate.team.config import TeamConfig, config_path, save_config
from tests.conftest import START
from tests.unit.export_support import discovery_playbook, finished_call


def only_event(data: bytes):
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    return event


@pytest.mark.parametrize(
    ("what", "minutes"),
    [
        ("20-minute call to go through the quote", 20),
        ("45 min demo with the owner", 45),
        ("1 hour review", 60),
        ("an hour on site", 60),
        ("half an hour walk-through", 30),
        ("1.5 hours workshop", 90),
        ("90 minutes onboarding", 90),
        ("demo", None),
        ("48 hours to decide", None),  # not a meeting length
        ("call in 2 days", None),
    ],
)
def test_a_length_stated_in_the_step_is_read(what: str, minutes: int | None) -> None:
    expected = None if minutes is None else timedelta(minutes=minutes)
    assert stated_duration(what) == expected


@pytest.mark.parametrize(
    ("what", "length"), [("45 min demo", timedelta(minutes=45)), ("demo", DEFAULT_DURATION)]
)
def test_the_calendar_entry_runs_as_long_as_stated(what: str, length: timedelta) -> None:
    step = NextStepDraft("in 2 days", what, "invite the owner", "send the agenda")
    event = only_event(next_step_ics(finished_call(discovery_playbook(), START, step=step), START))
    assert event["DTEND"].dt - event["DTSTART"].dt == length


def voicemail(left: str = ""):
    session = CallSession.start(discovery_playbook(), "Pat Quill", "Hollow Pines Dental", START)
    assert session.end_without_connecting("voicemail", "in 3 days", left, START) == {}
    return session.record


def test_a_retry_entry_says_it_is_a_retry_and_has_no_empty_lines() -> None:
    event = only_event(next_step_ics(voicemail(), START))
    assert str(event["SUMMARY"]) == "Try again to reach Pat Quill"
    lines = str(event["DESCRIPTION"]).splitlines()
    assert lines == ["Retry: try again to reach them (last attempt: voicemail).", "Channel: call"]
    assert not any(line.startswith(("What we agreed", "Their commitment")) for line in lines)
    with_message = str(
        only_event(next_step_ics(voicemail("asked them to call"), START))["DESCRIPTION"]
    )
    assert "Message left: asked them to call" in with_message.splitlines()


def test_a_step_without_their_part_has_no_empty_line() -> None:
    record = finished_call(discovery_playbook(), START)
    assert record.next_step is not None
    record.next_step.their_commitment = ""  # as an older call file may hold it
    lines = str(only_event(next_step_ics(record, START))["DESCRIPTION"]).splitlines()
    assert all(line.split(": ", 1)[1].strip() for line in lines), lines
    assert not any(line.startswith("Their commitment") for line in lines)


def continuation():
    step = NextStepDraft(
        "in 8 days",
        "Call me next month",
        "look at the quote",
        "",
        why_continuation="they want to wait for the budget",
    )
    return finished_call(discovery_playbook(), START, step=step)


def test_a_continuation_email_is_the_reps_own_follow_up() -> None:
    draft = follow_up_email(continuation(), START)
    assert draft.splitlines()[0] == "Subject: Following up on our call"
    assert "I will get back to you on Tuesday 1 December at 10:00." in draft
    assert "Call me next month" not in draft
    assert "What we agreed" not in draft
    assert "- Your part: look at the quote" in draft


def test_drafts_are_signed_and_end_with_a_newline(tmp_path: Path) -> None:
    record = finished_call(discovery_playbook(), START)
    for draft in (follow_up_email(record, START), takeaway_email(record)):
        assert draft.endswith(f"Best regards,\n{NAME_PLACEHOLDER}\n")
    signed = follow_up_email(continuation(), START, "Sam  Seller")
    assert signed.endswith("Best regards,\nSam Seller\n")
    assert takeaway_email(record, sender="Sam Seller").endswith("Best regards,\nSam Seller\n")


def test_the_reps_name_comes_from_the_team_settings(tmp_path: Path) -> None:
    assert rep_name(tmp_path) == ""
    save_config(tmp_path, TeamConfig("postgresql://db/callmate", "Sam Seller", "sam@example.com"))
    assert rep_name(tmp_path) == "Sam Seller"
    config_path(tmp_path).write_text("{not json", encoding="utf-8")
    assert rep_name(tmp_path) == ""  # a damaged settings file costs the name, not the draft
