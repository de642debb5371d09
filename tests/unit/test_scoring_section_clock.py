"""Section timing on the scorecard runs on the call's own clock: the time the call was closed
(a crash, a kill -9) and resumed later is left out, as the call screen's clock leaves it out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from callmate.core.catalog import bundled_dir
from callmate.core.next_step import NextStepDraft
from callmate.core.playbook_loader import load_playbook
from callmate.core.scoring import score
from callmate.core.session import CallSession

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
DISCOVERY = load_playbook(bundled_dir() / "first-discovery.yaml")


def test_time_closed_is_not_charged_to_a_section() -> None:
    now = T0
    session = CallSession.start(DISCOVERY, "Pat Quill", "Quill Co", now)
    session.answer("y", now + timedelta(seconds=30))  # time_check
    session.jump("powns", now + timedelta(minutes=1))
    session.add_item("p: late deliveries", now + timedelta(minutes=3))
    session.add_item("p: drivers wait at depots", now + timedelta(minutes=5))
    session.add_item("o: take on new contracts", now + timedelta(minutes=7))
    session.finish_items(now + timedelta(minutes=8))
    last = DISCOVERY.sections[-1]  # closing: 3 minutes planned
    session.jump(last.id, now + timedelta(minutes=9))
    # The app is killed here; it is started again 6 minutes later and the call resumed.
    resumed_at = now + timedelta(minutes=15)
    session = CallSession.resume(DISCOVERY, session.record, resumed_at)
    end = resumed_at + timedelta(minutes=1)
    assert session.elapsed_seconds(end) == 10 * 60  # the screen's clock: 10 min of talking
    draft = NextStepDraft("in 2 days", "call to go through it together", "bring the late list")
    assert session.set_next_step(draft, end) == {}
    session.complete(end)
    spent = session.section_seconds(end)
    assert spent[last.id] == 60, spent  # the minute after the restart, not the dead time
    time = score(session.record, DISCOVERY).criterion("time")
    assert time.scored
    assert f"'{last.title}' took" not in time.reason, time.reason
    assert time.points == 2, time.reason
