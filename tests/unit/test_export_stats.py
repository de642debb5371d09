"""`stats`: calls per ISO week, the habit shares, days to the next step, steps kept."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from callmate.core.ended_call import mark_outcome
from callmate.core.next_step import NextStepDraft
from callmate.export.stats import bar, call_stats, render_stats, week_of
from callmate.usecases.playbooks import PlaybookCache
from tests.conftest import START
from tests.unit.export_support import discovery_playbook, finished_call


def no_playbook(record: Any) -> None:
    return None


def test_iso_weeks_start_on_monday_and_cross_years():
    assert week_of(date(2026, 11, 23)) == "2026-W48"
    assert week_of(date(2026, 11, 22)) == "2026-W47"  # Sunday
    assert week_of(date(2027, 1, 1)) == "2026-W53"


def sample_records() -> list[dict[str, Any]]:
    playbook = discovery_playbook()
    two_weeks_ago = START - timedelta(days=14)
    full = finished_call(playbook, START)  # agenda, commitment, decision maker; due in 2 days
    bare = finished_call(
        playbook, START, answers={"time_check": "yes"}, hot=None,
        step=NextStepDraft("in 6 days", "demo", "invite the owner"),
    )  # fmt: skip
    old = finished_call(
        playbook, two_weeks_ago, answers={"contact_decides": "yes"}, hot=None,
        step=NextStepDraft("in 4 days", "call", "send numbers"),
    )  # fmt: skip
    return [
        mark_outcome(full, "kept", START + timedelta(days=2)),
        mark_outcome(bare, "rescheduled", START, START + timedelta(days=9)),
        mark_outcome(old, "missed", START),
        finished_call(playbook, START, step=None),  # still running: counted, not completed
        finished_call(playbook, START, mode="practice"),  # practice: left out
    ]


def test_numbers_from_the_playbooks_section_kinds():
    stats = call_stats(sample_records(), PlaybookCache())
    assert (stats["calls"], stats["conversations"]) == (4, 3)
    assert stats["weeks"] == [
        {"week": "2026-W46", "calls": 1, "conversations": 1},
        {"week": "2026-W47", "calls": 0, "conversations": 0},
        {"week": "2026-W48", "calls": 3, "conversations": 2},
    ]
    assert stats["habits"] == {
        "agenda_set": {"count": 2, "of": 3, "share": 0.667},
        "commitment_asked": {"count": 1, "of": 3, "share": 0.333},
        "decision_maker_known": {"count": 2, "of": 3, "share": 0.667},
    }
    # gaps of 2, 6 (the date agreed on the call, not the rescheduled one) and 4 days
    assert stats["median_days_to_next_step"] == 4.0
    assert stats["next_steps"] == {
        "marked": 3,
        "kept": 1,
        "missed": 1,
        "rescheduled": 1,
        "kept_share": 0.5,
    }  # fmt: skip
    # The rescheduled step is still open: 1 kept of the 2 kept or missed.


def test_without_playbooks_question_ids_stand_in_for_sections():
    stats = call_stats(sample_records(), no_playbook)
    # "time_check" is not recognisable by its id; "agenda_shared" and "contact_decides" are
    assert stats["habits"]["agenda_set"]["count"] == 1
    assert stats["habits"]["commitment_asked"]["count"] == 0
    assert stats["habits"]["decision_maker_known"]["count"] == 2


def test_since_leaves_out_earlier_calls():
    stats = call_stats(sample_records(), PlaybookCache(), since=date(2026, 11, 16))
    assert stats["since"] == "2026-11-16"
    assert [w["week"] for w in stats["weeks"]] == ["2026-W48"]
    assert stats["next_steps"]["missed"] == 0


def test_no_calls_gives_empty_numbers_not_errors():
    stats = call_stats([], no_playbook)
    assert stats["weeks"] == [] and stats["median_days_to_next_step"] is None
    assert stats["habits"]["agenda_set"] == {"count": 0, "of": 0, "share": None}
    assert stats["next_steps"]["kept_share"] is None
    assert render_stats(stats) == "no live calls yet\n"


def test_bars_are_proportional_and_never_hide_a_nonzero_value():
    assert bar(10, 10) == "█" * 30
    assert bar(5, 10) == "█" * 15
    assert bar(1, 1000) == "█"
    assert bar(0, 10) == ""


def test_text_report_draws_the_weeks_and_shares():
    text = render_stats(call_stats(sample_records(), PlaybookCache()))
    lines = text.splitlines()
    assert lines[0] == "Calls per week (4 calls, 3 finished conversations)"
    assert lines[1] == "  2026-W46     1  " + "█" * 10
    assert lines[2] == "  2026-W47     0"
    assert lines[3] == "  2026-W48     3  " + "█" * 30
    assert "  agenda set             67%  " + "█" * 13 in text
    assert "Median days from call end to next step: 4.0" in lines
    assert (
        "Next steps kept: 50% " + "█" * 10 + "  (1 of 2 kept or missed; 1 rescheduled, still open)"
        in text
    )


def test_a_discarded_call_is_not_counted():
    record = finished_call(discovery_playbook(), START, step=None)
    record.status = "discarded"
    assert call_stats([record], no_playbook)["calls"] == 0
