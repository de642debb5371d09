"""A call that did not connect had no conversation: it gets no score, stays out of the score
series, and `callmate stats` counts conversations the same one way in its total and its weeks."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from callmate.core.call_record import CallRecord
from callmate.core.catalog import bundled_dir
from callmate.core.next_step import NextStepDraft
from callmate.core.playbook_loader import load_playbook
from callmate.core.session import CallSession
from callmate.store import Store
from callmate.tui.screens.session_view import scorecard_for
from tests.conftest import Run

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
DISCOVERY = load_playbook(bundled_dir() / "first-discovery.yaml")


def conversation(data: Path, day: int) -> CallRecord:
    now = T0 + timedelta(days=day)
    session = CallSession.start(DISCOVERY, "Pat Quill", "Quill Co", now)
    session.answer("y", now)
    session.jump("powns", now)
    now += timedelta(minutes=3)
    session.add_item("late deliveries", now)
    session.finish_items(now)
    draft = NextStepDraft("in 2 days", "call to go through it together", "bring the late list")
    assert session.set_next_step(draft, now) == {}
    session.complete(now)
    Store(data).save(session.record)
    return session.record


def voicemail(data: Path, day: int) -> CallRecord:
    now = T0 + timedelta(days=day)
    session = CallSession.start(DISCOVERY, "Vic Vale", "Vale Co", now)
    assert session.end_without_connecting("voicemail", "tomorrow 10am", "left a message", now) == {}
    assert session.completed and session.record.outcome == "voicemail"
    Store(data).save(session.record)
    return session.record


def test_a_voicemail_is_not_scored(run: Run, data_dir: Path) -> None:
    record = voicemail(data_dir, 0)
    result = run("score", record.id)
    assert result.code == 0, result.err
    assert "not scored: the call did not connect (voicemail)" in result.out
    assert "score " not in result.out and "tip:" not in result.out
    as_json = json.loads(run("score", record.id, "--json").out)
    assert as_json["scored"] is False and "did not connect" in as_json["reason"]
    assert scorecard_for(record, DISCOVERY) is None  # the read-only call view shows none either


def test_a_voicemail_stays_out_of_the_score_series(run: Run, data_dir: Path) -> None:
    kept = [conversation(data_dir, 0).id, conversation(data_dir, 1).id]
    voicemail(data_dir, 2)
    stats = json.loads(run("practice", "--stats", "--all", "--json").out)
    assert [s["id"] for s in stats["sessions"]] == kept
    assert [w["calls"] for w in stats["weeks"]] == [2]


def test_stats_count_conversations_one_way_in_total_and_weeks(run: Run, data_dir: Path) -> None:
    conversation(data_dir, 0)
    conversation(data_dir, 1)
    voicemail(data_dir, 2)
    stats = json.loads(run("stats", "--json").out)
    assert (stats["calls"], stats["conversations"]) == (3, 2)
    assert stats["not_connected"]["voicemail"] == 1
    assert "completed" not in stats  # one name, one definition
    assert stats["weeks"] == [{"week": "2026-W48", "calls": 3, "conversations": 2}]
    assert sum(w["conversations"] for w in stats["weeks"]) == stats["conversations"]
    assert "(3 calls, 2 finished conversations)" in run("stats").out
