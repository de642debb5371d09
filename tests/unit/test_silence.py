"""Went silent: attempts counted from real store files, pacing, the switch to letting go."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from callmate.core.clock import now as clock_now
from callmate.core.silence import Pacing, attempts_since_conversation, retry_warning
from callmate.nurture import quiet_view
from callmate.store import Store
from tests.conftest import Run
from tests.records import set_step_outcome
from tests.unit.export_support import discovery_playbook, finished_call
from tests.unit.silence_support import save_all, unanswered_call


def _history(data_dir: Path, misses: int, *, step_missed: bool = True) -> dict[str, str]:
    """A talk 20 days ago whose step was missed, then `misses` calls that did not connect."""
    playbook, now = discovery_playbook(), clock_now()
    talk = finished_call(playbook, now - timedelta(days=20))
    if step_missed:
        set_step_outcome(talk, "missed")
    outcomes = ["voicemail", "no_answer", "wrong_contact", "voicemail"]
    tries = [
        unanswered_call(playbook, now - timedelta(days=15 - 4 * i), outcomes[i])
        for i in range(misses)
    ]
    ids = save_all(data_dir, talk, *tries)
    return {"talk": ids[0], **{f"try{i}": x for i, x in enumerate(ids[1:])}}


def test_attempts_are_counted_from_the_stored_index(data_dir: Path):
    ids = _history(data_dir, 2)
    summaries = Store(data_dir).summaries()
    attempts, last = attempts_since_conversation(summaries)
    assert [a.how for a in attempts] == ["missed", "voicemail", "no_answer"]
    assert [a.call_id for a in attempts] == [ids["talk"], ids["try0"], ids["try1"]]
    assert last is not None and last["id"] == ids["talk"]


def test_a_new_conversation_resets_the_count(data_dir: Path):
    _history(data_dir, 2)
    (back,) = save_all(data_dir, finished_call(discovery_playbook(), clock_now()))
    attempts, last = attempts_since_conversation(Store(data_dir).summaries())
    assert attempts == () and last is not None and last["id"] == back


def test_rescheduled_by_them_is_not_an_unanswered_attempt(data_dir: Path):
    playbook, now = discovery_playbook(), clock_now()
    save_all(data_dir, unanswered_call(playbook, now, "rescheduled"))
    assert attempts_since_conversation(Store(data_dir).summaries())[0] == ()


def test_a_retry_booked_too_soon_is_warned_and_a_paced_one_is_not(data_dir: Path):
    _history(data_dir, 0, step_missed=False)
    earlier, now = Store(data_dir).summaries(), clock_now()
    soon = retry_warning(earlier, now + timedelta(days=1), now, Pacing(min_gap_days=3))
    assert soon is not None and "too soon" in soon and "3 days" in soon
    assert retry_warning(earlier, now + timedelta(days=3), now, Pacing(min_gap_days=3)) is None


def test_the_last_allowed_attempt_offers_takeaway_or_nurture(data_dir: Path):
    _history(data_dir, 1)  # a missed step and a voicemail: this call is attempt 3
    now = clock_now()
    warning = retry_warning(Store(data_dir).summaries(), now + timedelta(days=5), now)
    assert warning is not None and "attempt 3" in warning and "takeaway" in warning
    assert "too soon" not in warning


def test_followups_json_has_the_silent_group_apart_from_due_steps(run: Run, data_dir: Path):
    ids = _history(data_dir, 1)
    other = finished_call(discovery_playbook(), clock_now(), prospect="Avery Ahead", company="A")
    (ahead,) = save_all(data_dir, other)
    rows = json.loads(run("followups", "--json").out)
    due = [r for r in rows if r["group"] == "due"]
    silent = [r for r in rows if r["group"] == "silent"]
    assert [r["id"] for r in due] == [ahead]
    assert len(silent) == 1
    quiet = silent[0]
    assert quiet["id"] == ids["try0"] and quiet["attempts"] == 2
    assert [a["how"] for a in quiet["attempt_list"]] == ["missed", "voicemail"]
    assert quiet["last_conversation"] == ids["talk"] and quiet["stop_calling"] is False
    assert "update my file" in quiet["suggestion"]


def test_after_the_set_number_of_attempts_callmate_stops_suggesting_a_call(
    run: Run, data_dir: Path
):
    _history(data_dir, 3)  # missed step + three calls that did not connect
    (quiet,) = [r for r in json.loads(run("followups", "--json").out) if r["group"] == "silent"]
    assert quiet["attempts"] == 4 and quiet["stop_calling"] is True
    assert "stop calling" in quiet["suggestion"] and "nurture" in quiet["suggestion"]
    text = run("followups").out
    assert "WENT SILENT (1)" in text and "stop calling" in text
    assert "OVERDUE" not in text  # the silent prospect's retry is not also listed as due


def test_pacing_setting_changes_the_limit_and_a_bad_file_falls_back(run: Run, data_dir: Path):
    _history(data_dir, 1)
    (data_dir / "pacing.json").write_text('{"min_gap_days": 7, "max_attempts": 2}')
    view = quiet_view(Store(data_dir).summaries(), data_dir)
    assert view.pacing == Pacing(7, 2) and view.silent[0].stop_calling(view.pacing)
    (data_dir / "pacing.json").write_text('{"max_attempts": "lots"}')
    result = run("followups", "--json")
    assert result.code == 0 and "max_attempts must be a whole number" in result.err
    assert json.loads(result.out)[-1]["stop_calling"] is False  # default: 3 attempts


def test_the_retry_the_rep_booked_shows_beside_the_paced_suggestion(run: Run, data_dir: Path):
    # A no-answer today, retry booked for tomorrow 9am: the lists must not hide that date.
    playbook, now = discovery_playbook(), clock_now()
    save_all(data_dir, unanswered_call(playbook, now, "no_answer", when="tomorrow 9am"))
    text = run("followups").out
    booked = (now + timedelta(days=1)).astimezone().strftime("%a %d %b") + " 09:00"
    assert f"booked:    retry booked {booked}, sooner than your 3-day gap" in text
    assert "not before" in text  # the paced suggestion is still there


def test_a_retry_booked_after_the_gap_is_shown_without_a_warning(run: Run, data_dir: Path):
    playbook, now = discovery_playbook(), clock_now()
    save_all(data_dir, unanswered_call(playbook, now, "voicemail", when="in 5 days"))
    text = run("followups").out
    assert "booked:    retry booked" in text and "sooner than" not in text
