"""Open next steps from the index summaries, and recording how each went."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest

from callmate.core.call_record import Reschedule, encode_record
from callmate.core.ended_call import CannotMark, mark_outcome
from callmate.export.followups import (
    open_followups,
    render_followups,
    timing_of,
)
from callmate.store import default_summary
from tests.conftest import START
from tests.unit.export_support import discovery_playbook, finished_call


def summary(
    session_id: str, due: str | None, *, outcome: str | None = None, **extra: Any
) -> dict[str, Any]:
    step = (
        None if due is None else {"due": due, "what": f"call {session_id}", "their_commitment": "x"}
    )
    if step is not None and outcome is not None:
        step["outcome"] = outcome
    return {
        "id": session_id,
        "status": "completed",
        "mode": "live",
        "prospect": "Pat",
        "company": "Acme",
        "next_step": step,
        **extra,
    }


def test_timing_buckets_follow_the_viewers_day():
    assert timing_of(START - timedelta(minutes=1), START) == "overdue"
    assert timing_of(START + timedelta(hours=13, minutes=59), START) == "today"  # 23:59 local
    assert timing_of(START + timedelta(hours=14), START) == "later"  # midnight
    # a due time stored in another offset is compared as the same instant
    assert timing_of((START + timedelta(hours=2)).astimezone(tz=None), START) == "today"


def test_rows_are_ordered_by_due_instant_with_overdue_first():
    rows = open_followups(
        [
            summary("later", "2026-11-30T09:00+01:00"),
            summary("today", "2026-11-23T15:00+01:00"),
            summary("overdue-old", "2026-11-01T09:00+01:00"),
            # 09:30 UTC is 10:30 at START's +01:00: still today, but after 10:15+01:00
            summary("today-utc", "2026-11-23T09:30+00:00"),
            summary("overdue", "2026-11-23T09:59+01:00"),
            summary("today-first", "2026-11-23T10:15+01:00"),
        ],
        START,
    ).rows
    assert [r.id for r in rows] == [
        "overdue-old",
        "overdue",
        "today-first",
        "today-utc",
        "today",
        "later",
    ]
    assert [r.timing for r in rows] == ["overdue"] * 2 + ["today"] * 3 + ["later"]


def test_only_open_next_steps_of_completed_live_calls_are_listed():
    due = "2026-11-25T09:00+01:00"
    found = open_followups(
        [
            summary("open", due),
            summary("moved", due, outcome="rescheduled"),
            summary("kept", due, outcome="kept"),
            summary("missed", due, outcome="missed"),
            summary("running", due, status="in_progress"),
            summary("practice", due, mode="practice"),
            summary("no-step", None),
        ],
        START,
    )
    assert [(r.id, r.rescheduled) for r in found.rows] == [("moved", True), ("open", False)]
    assert found.unreadable == []


def test_an_unreadable_due_date_is_reported_not_guessed():
    found = open_followups(
        [
            summary("naive", "2026-11-25T09:00"),
            summary("junk", "soon"),
            summary("ok", "2026-11-25T09:00+01:00"),
        ],
        START,
    )
    assert [r.id for r in found.rows] == ["ok"]
    assert found.unreadable == ["naive", "junk"]


def test_json_rows_carry_every_documented_field():
    record = finished_call(discovery_playbook(), START)
    (row,) = open_followups([default_summary(encode_record(record))], START).rows
    assert row.to_json() == {
        "id": record.id,
        "due": "2026-11-25T10:00+01:00",
        "timing": "later",
        "prospect": "Pat Quill",
        "company": "Hollow Pines Dental",
        "what": "20-minute call to go through the quote",
        "their_commitment": "bring last month's call logs",
        "our_commitment": "send the quote by Friday",
        "channel": "Zoom",
        "rescheduled": False,
        "kind": "advance",
    }


def test_text_view_marks_overdue_rows_and_groups_by_day():
    rows = open_followups(
        [summary("a", "2026-11-20T09:00+01:00"), summary("b", "2026-11-23T16:00+01:00")], START
    ).rows
    text = render_followups(rows, START)
    lines = text.splitlines()
    assert lines[0] == "OVERDUE (1)"
    assert lines[1].startswith("  ! Fri 20 Nov 2026, 09:00 (3 days ago)  Pat, Acme")
    assert "TODAY (1)" in lines
    today_row = lines[lines.index("TODAY (1)") + 1]
    assert today_row.startswith("    today 16:00 (in 6 hours)") and "!" not in today_row
    assert "      id:        b" in lines


def test_ten_thousand_calls_are_listed_in_due_order():
    summaries = [
        summary(f"call-{i}", f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T09:00+01:00")
        for i in range(10_000)
    ]
    rows = open_followups(summaries, START).rows
    assert len(rows) == 10_000
    assert [r.due for r in rows] == sorted(r.due for r in rows)


# ------------------------------------------------------------------------------- marking


def test_kept_records_outcome_and_time_without_touching_the_date():
    record = finished_call(discovery_playbook(), START)
    later = START + timedelta(days=3)
    marked = mark_outcome(record, "kept", later)
    assert marked.next_step is not None and record.next_step is not None
    assert marked.next_step.outcome == "kept"
    assert marked.next_step.outcome_at == "2026-11-26T10:00:00+01:00"
    assert marked.next_step.due == record.next_step.due
    assert marked.next_step.history == []
    assert marked.revision == record.revision + 1
    assert record.next_step.outcome is None, "the caller's record is left alone"


def test_rescheduling_twice_keeps_every_earlier_date():
    record = finished_call(discovery_playbook(), START)
    assert record.next_step is not None
    first_due = record.next_step.due
    once = mark_outcome(record, "rescheduled", START, START + timedelta(days=4))
    twice = mark_outcome(once, "rescheduled", START + timedelta(days=1), START + timedelta(days=6))
    step = twice.next_step
    assert step is not None
    assert step.due == "2026-11-29T10:00+01:00"
    assert step.history == [
        Reschedule(first_due, "2026-11-23T10:00:00+01:00"),
        Reschedule("2026-11-27T10:00+01:00", "2026-11-24T10:00:00+01:00"),
    ]
    assert open_followups([default_summary(encode_record(twice))], START).rows[0].rescheduled


@pytest.mark.parametrize(
    ("outcome", "new_due", "message"),
    [
        ("done", None, "must be one of kept, missed, rescheduled"),
        ("rescheduled", None, "a new date is needed"),
        ("kept", START + timedelta(days=1), "only for rescheduled"),
    ],
)
def test_bad_mark_requests_are_refused(outcome, new_due, message):
    record = finished_call(discovery_playbook(), START)
    with pytest.raises(CannotMark, match=message):
        mark_outcome(record, outcome, START, new_due)


def test_calls_without_a_finished_next_step_cannot_be_marked():
    running = finished_call(discovery_playbook(), START, step=None)
    with pytest.raises(CannotMark, match="still in progress"):
        mark_outcome(running, "kept", START)
    odd = dataclasses.replace(running, status="completed", next_step=None)
    with pytest.raises(CannotMark, match="has no next step"):
        mark_outcome(odd, "kept", START)
