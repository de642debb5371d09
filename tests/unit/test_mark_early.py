"""Kept or missed before a next step's date: one core rule, refused by `followups mark` unless
told `--early`; rescheduling and a follow-up call that kept it stay allowed at any time."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from callmate.core.call_record import parse_stamp
from callmate.core.clock import now as clock_now
from callmate.core.followthrough import still_ahead
from callmate.store import Store
from callmate.usecases.followthrough import StillAhead, mark_step
from tests.conftest import Run
from tests.unit.export_support import discovery_playbook, finished_call


def test_a_step_still_ahead_cannot_be_kept_or_missed_yet():
    now = clock_now()
    record = finished_call(discovery_playbook(), now, prospect="Lee Ortiz")
    due = parse_stamp(record.next_step.due if record.next_step else None)
    assert due is not None and due > now
    for outcome in ("kept", "missed"):
        reason = still_ahead(record, outcome, now)
        assert reason is not None
        assert "Lee Ortiz" in reason and "still ahead" in reason
        assert f"nothing to mark {outcome} yet" in reason
    assert still_ahead(record, "rescheduled", now) is None
    assert still_ahead(record, "kept", due) is None, "due is due"
    assert still_ahead(record, "missed", due + timedelta(minutes=1)) is None


def test_mark_step_refuses_early_unless_told_or_kept_by_a_call(tmp_path: Path):
    store = Store(tmp_path)
    now = clock_now()
    record = finished_call(discovery_playbook(), now)
    store.save(record)
    with pytest.raises(StillAhead):
        mark_step(store, record.id, "kept", now)
    step = store.load(record.id).next_step
    assert step is not None and step.outcome is None, "nothing was written"
    marked = mark_step(store, record.id, "kept", now, kept_by="a-follow-up-call")
    assert marked.record.next_step is not None and marked.record.next_step.outcome == "kept"
    other = finished_call(discovery_playbook(), now, prospect="Lee Ortiz")
    store.save(other)
    assert mark_step(store, other.id, "missed", now, early=True).record.next_step.outcome == (
        "missed"
    )


@pytest.fixture
def ahead(data_dir: Path) -> str:
    record = finished_call(discovery_playbook(), clock_now(), prospect="Lee Ortiz")
    Store(data_dir).save(record)
    return record.id


def test_followups_mark_refuses_a_step_still_ahead_and_says_how(run: Run, data_dir, ahead):
    result = run("followups", "mark", ahead, "kept")
    assert result.code == 1 and result.out == ""
    assert "still ahead" in result.err and "--early" in result.err
    assert "Traceback" not in result.err
    step = Store(data_dir).load(ahead).next_step
    assert step is not None and step.outcome is None
    assert "Lee Ortiz" in run("followups").out, "the step stays open"


def test_followups_mark_early_marks_it_and_reschedule_needs_no_flag(run: Run, data_dir, ahead):
    result = run("followups", "mark", ahead, "missed", "--early")
    assert result.code == 0 and "marked missed" in result.out
    step = Store(data_dir).load(ahead).next_step
    assert step is not None and step.outcome == "missed"
    again = finished_call(discovery_playbook(), clock_now(), prospect="Ray Later")
    Store(data_dir).save(again)
    moved = run("followups", "mark", again.id, "rescheduled", "--to", "in 3 days")
    assert moved.code == 0 and "marked rescheduled" in moved.out


def test_the_early_flag_is_in_the_help(run: Run, capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit):
        run("followups", "mark", "--help")
    assert "--early" in capsys.readouterr().out
