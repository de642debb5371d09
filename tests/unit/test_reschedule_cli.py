"""`callmate followups mark ID rescheduled --to WHEN` reads the new date back as the gate does."""

from __future__ import annotations

from datetime import timedelta

from callmate.core.clock import now as clock_now
from callmate.store import Store
from tests.conftest import Run
from tests.unit.export_support import discovery_playbook, finished_call


def overdue_call(data_dir) -> str:
    record = finished_call(discovery_playbook(), clock_now() - timedelta(days=5), prospect="Olive")
    Store(data_dir).save(record)
    return record.id


def test_a_time_at_night_is_booked_with_the_gates_remark(run: Run, data_dir):
    session_id = overdue_call(data_dir)
    result = run("followups", "mark", session_id, "rescheduled", "--to", "tomorrow 3am")
    assert result.code == 0, result.err
    assert "marked rescheduled, now tomorrow 03:00 (in " in result.out
    assert result.out.rstrip().endswith("· at night?")
    assert "callmate: warning: that is at night" in result.err
    assert "mark it rescheduled again" in result.err
    step = Store(data_dir).load(session_id).next_step
    assert step is not None and step.outcome == "rescheduled"


def test_a_working_hour_gets_no_remark(run: Run, data_dir):
    session_id = overdue_call(data_dir)
    result = run("followups", "mark", session_id, "rescheduled", "--to", "tomorrow 11am")
    assert result.code == 0, result.err
    assert "now tomorrow 11:00 (in " in result.out and "?" not in result.out
    assert result.err == ""
