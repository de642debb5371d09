"""Went silent, after the reviewers' walk-through: the takeaway is the last move and says no
more than happened, a step marked missed early is a try made then, the gap is kept by day, and a
missed step's email and calendar entry say what happened. Real store and side files."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from callmate.core.clock import now as clock_now
from callmate.core.next_step import NextStepDraft
from callmate.core.silence import (
    Attempt,
    Pacing,
    Silence,
    attempts_since_conversation,
    retry_warning,
)
from callmate.export.calendar import NoNextStep, next_step_ics
from callmate.export.email import follow_up_email, takeaway_email, their_part
from callmate.nurture import read_nurture, record_attempt, why_quiet
from callmate.store import Store
from callmate.usecases.followthrough import mark_step
from tests.conftest import TZ, Run
from tests.unit.export_support import discovery_playbook, finished_call
from tests.unit.silence_support import save_all, unanswered_call

#: Monday 30 November 2026, 23:30 (the evening the reviewers tried it).
EVENING = datetime(2026, 11, 30, 23, 30, tzinfo=TZ)


def _never_reached(data_dir: Path, tries: int) -> list[str]:
    """``tries`` voicemails, four days apart, the last one two days ago; no conversation."""
    playbook, now = discovery_playbook(), clock_now()
    calls = [
        unanswered_call(playbook, now - timedelta(days=2 + 4 * (tries - 1 - i)))
        for i in range(tries)
    ]
    return save_all(data_dir, *calls)


# -- the takeaway -------------------------------------------------------------------------------
def test_one_voicemail_is_too_early_for_a_takeaway_and_nothing_is_counted(run: Run, data_dir: Path):
    (only,) = _never_reached(data_dir, 1)
    for _ in range(3):
        refused = run("export", only, "--email", "--takeaway")
        assert refused.code == 1 and refused.out == ""
        assert "too early" in refused.err and "not reached yet" in refused.err
    (row,) = json.loads(run("followups", "--json").out)
    assert row["attempts"] == 1 and [a["how"] for a in row["attempt_list"]] == ["voicemail"]


def test_the_takeaway_to_a_prospect_never_reached_claims_no_conversation(run: Run, data_dir: Path):
    ids = _never_reached(data_dir, 3)
    draft = run("export", ids[-1], "--email", "--takeaway").out
    assert "I have tried to reach you a few times, without getting through." in draft
    assert "discussed" not in draft and "spoke" not in draft


@pytest.mark.parametrize(("tries", "said"), [(1, "once"), (2, "twice"), (5, "a few times")])
def test_the_takeaway_says_how_often_in_words_it_can_stand_behind(tries: int, said: str):
    record = unanswered_call(discovery_playbook(), EVENING)
    draft = takeaway_email(record, tries=tries, reached=False)
    assert f"I have tried to reach you {said}, without getting through." in draft


def test_after_the_takeaway_no_list_suggests_a_call(run: Run, data_dir: Path):
    ids = _never_reached(data_dir, 3)
    assert run("export", ids[-1], "--email", "--takeaway").code == 0
    text = run("followups").out
    assert "already sent" in text and "nurture add" in text
    assert "update my file" not in text and "--takeaway" not in text
    assert "drop it, the takeaway message told them the calls stop" in text  # the booked retry
    lines = why_quiet(Store(data_dir), Store(data_dir).load(ids[-1]).prospect_key)
    assert lines is not None and lines[0].startswith("A takeaway message was sent")
    earlier = Store(data_dir).summaries()
    extra = read_nurture(data_dir).attempt_for(Store(data_dir).load(ids[-1]).prospect_key)
    now = clock_now()
    warning = retry_warning(earlier, now + timedelta(days=5), now, Pacing(), extra)
    assert warning is not None and "takeaway message was sent" in warning


def test_a_takeaway_in_the_voicemails_minute_stays_after_it(data_dir: Path):
    playbook = discovery_playbook()
    at = EVENING.replace(second=40)
    call = unanswered_call(playbook, at)
    save_all(data_dir, call)
    ended = datetime.fromisoformat(Store(data_dir).load(call.id).ended or "")
    record_attempt(data_dir, call.prospect_key, Attempt(ended + timedelta(seconds=5), "takeaway"))
    extra = read_nurture(data_dir).attempt_for(call.prospect_key)
    attempts, _ = attempts_since_conversation(Store(data_dir).summaries(), extra)
    assert [a.how for a in attempts] == ["voicemail", "takeaway"]


def test_the_brief_says_the_way_out_with_one_full_stop(data_dir: Path):
    ids = _never_reached(data_dir, 3)
    store = Store(data_dir)
    lines = why_quiet(store, store.load(ids[-1]).prospect_key)
    assert lines is not None
    # Never reached: no hot button to take the topic from, so the command names it.
    assert lines[-1].endswith("(`callmate nurture add ID --topic 'what they care about'`).")
    assert not lines[-1].endswith("..")
    assert [line for line in lines if ".." in line] == []


# -- a step marked missed early -----------------------------------------------------------------
def test_a_step_marked_missed_early_is_a_try_made_when_marked(run: Run, data_dir: Path):
    now = clock_now()
    talk = finished_call(discovery_playbook(), now - timedelta(hours=1))
    (talk_id,) = save_all(data_dir, talk)
    step = Store(data_dir).load(talk_id).next_step
    assert (
        step is not None and datetime.fromisoformat(step.due) > now
    )  # the step is still two days ahead
    mark_step(Store(data_dir), talk_id, "missed", now, early=True)
    attempts, _ = attempts_since_conversation(Store(data_dir).summaries())
    assert [(a.how, a.at) for a in attempts] == [("missed", now)]
    (row,) = json.loads(run("followups", "--json").out)
    assert datetime.fromisoformat(row["last_attempt"]) <= now
    assert "(in " not in run("followups").out  # "last try" is never in the future


# -- the gap, by day ----------------------------------------------------------------------------
def test_a_retry_on_the_day_the_warning_names_is_not_too_soon():
    thursday_10am = datetime(2026, 12, 3, 10, 0, tzinfo=TZ)
    assert retry_warning([], thursday_10am, EVENING, Pacing(min_gap_days=3)) is None
    wednesday = retry_warning([], thursday_10am - timedelta(days=1), EVENING, Pacing())
    assert wednesday is not None and "not before Thu 03 Dec" in wednesday


def test_a_first_retry_of_someone_never_reached_is_not_called_chasing(data_dir: Path):
    soon = EVENING + timedelta(days=1)
    never = retry_warning([], soon, EVENING, Pacing())
    assert never is not None and "too soon" in never and "chasing" not in never
    save_all(data_dir, finished_call(discovery_playbook(), EVENING - timedelta(days=5)))
    after_talk = retry_warning(Store(data_dir).summaries(), soon, EVENING, Pacing())
    assert after_talk is not None and "chasing hands them the control" in after_talk


# -- a missed step's email and calendar entry ---------------------------------------------------
def test_a_missed_step_gets_no_confirmation_and_no_calendar_entry(data_dir: Path):
    record = finished_call(discovery_playbook(), EVENING - timedelta(hours=1))
    (call_id,) = save_all(data_dir, record)
    mark_step(Store(data_dir), call_id, "missed", EVENING, early=True)
    missed = Store(data_dir).load(call_id)
    draft = follow_up_email(missed, EVENING)
    assert "fell through" in draft and "Wednesday 2 December" in draft
    assert "What we agreed" not in draft and "If that time stops working" not in draft
    with pytest.raises(NoNextStep, match="marked missed: there is no meeting"):
        next_step_ics(missed, EVENING)


def test_the_prospects_part_reads_right_to_them():
    step = NextStepDraft(
        "in 2 days", "review the quote", "she will bring last quarter invoice numbers", "", ""
    )
    record = finished_call(discovery_playbook(), EVENING, step=step)
    draft = follow_up_email(record, EVENING)
    assert "- Your part: bring last quarter invoice numbers" in draft
    assert "she will" not in draft


@pytest.mark.parametrize(
    ("note", "line"),
    [
        ("He'll send the call logs", "Your part: send the call logs"),
        ("Pat will check the budget", "Your part: check the budget"),
        ("bring last month's logs", "Your part: bring last month's logs"),
        ("she will ask her boss", 'What you offered to do, as I noted it: "she will ask her boss"'),
        ("review with his CFO", 'What you offered to do, as I noted it: "review with his CFO"'),
    ],
)
def test_a_third_person_note_is_turned_or_quoted_never_rewritten(note: str, line: str):
    assert their_part(note, "Pat Quill") == line


def test_the_one_line_move_follows_the_attempts_to_the_nurture_list():
    def quiet(*hows: str, reached: bool = True) -> Silence:
        tries = tuple(
            Attempt(EVENING - timedelta(days=9 - 3 * i), how) for i, how in enumerate(hows)
        )
        return Silence("k", "Pat Quill", "", tries, "talk" if reached else None)

    pacing = Pacing()
    assert quiet("voicemail").move_words(pacing, EVENING).startswith("one 'update my file'")
    never = quiet("voicemail", reached=False).move_words(pacing, EVENING)
    assert never == "not reached yet: try again now"
    used_up = quiet("voicemail", "voicemail", "voicemail").move_words(pacing, EVENING)
    assert used_up == "stop calling: takeaway message or nurture list"
    sent = quiet("voicemail", "voicemail", "voicemail", "takeaway").move_words(pacing, EVENING)
    assert sent.startswith("takeaway sent") and "nurture list only" in sent
    assert quiet("voicemail", "takeaway").stop_calling(pacing)  # even before the limit


def test_a_kept_step_is_not_confirmed_again_nor_put_in_a_calendar(data_dir: Path):
    record = finished_call(discovery_playbook(), EVENING - timedelta(hours=1))
    (call_id,) = save_all(data_dir, record)
    mark_step(Store(data_dir), call_id, "kept", EVENING, early=True)
    kept = Store(data_dir).load(call_id)
    with pytest.raises(NoNextStep, match="was kept: there is nothing left to confirm"):
        follow_up_email(kept, EVENING)
    with pytest.raises(NoNextStep, match="marked kept: there is no meeting"):
        next_step_ics(kept, EVENING)
