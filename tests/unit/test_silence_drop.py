"""Retries still booked once the calls should stop, after the sales manager's walk-through:
three did-not-connect calls, the takeaway, `nurture add`; then no list offers those retries as
calls to make, each names them as ones to drop, and no calendar entry is written for one.
Real store, side files and the real `callmate` entry point."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from callmate.core.clock import now as clock_now
from callmate.store import Store
from tests.conftest import Run
from tests.unit.export_support import discovery_playbook
from tests.unit.silence_support import save_all, unanswered_call

NURTURED = "they are on the nurture list: useful touches, not calls"


def _jo_silent(data_dir: Path, apart: timedelta = timedelta(days=4)) -> list[str]:
    """Voicemail, no answer, voicemail to Jo Silent, ``apart`` from each other, each booking a
    retry in 2 days; nobody ever reached."""
    playbook, now = discovery_playbook(), clock_now()
    calls = [
        unanswered_call(
            playbook, now - apart * (2 - i) - timedelta(hours=1), how, "in 2 days",
            "Jo Silent", "Quiet Co",
        )
        for i, how in enumerate(("voicemail", "no_answer", "voicemail"))
    ]  # fmt: skip
    return save_all(data_dir, *calls)


def _let_go(run: Run, data_dir: Path, apart: timedelta = timedelta(days=4)) -> list[str]:
    ids = _jo_silent(data_dir, apart)
    assert run("export", ids[-1], "--email", "--takeaway").code == 0
    added = run("nurture", "add", ids[-1], "--every", "30", "--topic", "invoice delays")
    assert added.code == 0, added.err
    assert "drop the 3 retries still booked with them" in added.out
    return ids


def test_after_nurture_add_the_booked_retries_are_named_as_ones_to_drop(run: Run, data_dir: Path):
    ids = _let_go(run, data_dir)
    text = run("followups").out
    assert "LATER" not in text and "TODAY" not in text and "OVERDUE" not in text, text
    assert text.startswith("TO DROP (3)"), text
    assert text.count(f"drop it, {NURTURED}") == 3
    rows = json.loads(run("followups", "--json").out)
    assert sorted(r["id"] for r in rows) == sorted(ids)
    assert {r["group"] for r in rows} == {"drop"}
    assert {r["drop"] for r in rows} == {NURTURED}


def test_no_calendar_entry_for_a_retry_to_drop(run: Run, data_dir: Path, tmp_path: Path):
    ids = _jo_silent(data_dir)
    assert run("export", ids[-1], "--email", "--takeaway").code == 0
    target = tmp_path / "retry.ics"
    refused = run("export", ids[0], "--ics", str(target))
    assert refused.code == 1 and not target.exists()
    assert "one to drop (the takeaway message told them the calls stop)" in refused.err
    assert run("nurture", "add", ids[-1], "--topic", "invoice delays").code == 0
    refused = run("export", ids[-1], "--ics", str(target))
    assert refused.code == 1 and not target.exists() and NURTURED in refused.err


def test_the_silent_json_row_names_the_booked_retry_to_drop(run: Run, data_dir: Path):
    ids = _jo_silent(data_dir)
    (row,) = json.loads(run("followups", "--json").out)
    assert row["group"] == "silent" and row["drop"] == "the attempts are used up"
    assert run("export", ids[-1], "--email", "--takeaway").code == 0
    (row,) = json.loads(run("followups", "--json").out)
    assert row["drop"] == "the takeaway message told them the calls stop"


def test_the_brief_of_a_nurtured_prospect_says_so_and_drops_the_retry(run: Run, data_dir: Path):
    from callmate.nurture import why_quiet

    ids = _let_go(run, data_dir)
    store = Store(data_dir)
    lines = why_quiet(store, store.load(ids[-1]).prospect_key, clock_now())
    assert lines is not None
    said = "\n".join(lines)
    assert lines[0].startswith("They are on the nurture list (touches on 'invoice delays')")
    assert f"drop it, {NURTURED}" in said
    assert "add them to the nurture list" not in said and "nurture add" not in said


# -- the suggestion and `nurture add` agree ------------------------------------------------------
def test_the_suggested_nurture_command_works_for_someone_never_reached(run: Run, data_dir: Path):
    ids = _jo_silent(data_dir)
    (row,) = json.loads(run("followups", "--json").out)
    command = row["suggestion"].split("(`callmate ")[-1].split("`)")[0]
    assert command == "nurture add ID --topic 'what they care about'", row["suggestion"]
    bare = run("nurture", "add", ids[-1])
    assert bare.code == 1
    assert f"nurture add {ids[-1]} --topic 'what they care about'" in bare.err
    took = run("nurture", "add", ids[-1], "--topic", "what they care about")
    assert took.code == 0, took.err


# -- words, not codes ----------------------------------------------------------------------------
def test_a_retry_reads_as_words_in_the_follow_up_list(run: Run, data_dir: Path):
    _let_go(run, data_dir)
    text = run("followups").out
    assert "[retry after no answer]" in text and "no_answer" not in text
    assert "[retry after voicemail]" in text
    playbook = discovery_playbook()
    moved = unanswered_call(playbook, clock_now(), "rescheduled", "in 4 days", "Al", "Busy Co")
    save_all(data_dir, moved)
    assert "Al, Busy Co  [retry after they rescheduled]" in run("followups").out


# -- tries minutes apart --------------------------------------------------------------------------
def test_tries_on_one_day_count_as_one_attempt_toward_the_limit(run: Run, data_dir: Path):
    playbook = discovery_playbook()
    noon = (clock_now() - timedelta(days=1)).replace(hour=12, minute=0, second=0)
    calls = [
        unanswered_call(playbook, noon + timedelta(minutes=i), how, "in 3 days", "Jo Silent")
        for i, how in enumerate(("voicemail", "no_answer", "voicemail"))
    ]
    ids = save_all(data_dir, *calls)
    (row,) = json.loads(run("followups", "--json").out)
    assert row["attempts"] == 1 and len(row["attempt_list"]) == 3
    assert row["stop_calling"] is False
    assert "(1 unanswered from 3 tries, one a day counts: voicemail" in run("followups").out
    refused = run("export", ids[-1], "--email", "--takeaway")
    assert refused.code == 1 and "too early for a takeaway" in refused.err
    assert "has 1 unanswered attempt (3 tries on one day) — it comes after 3" in refused.err


def test_the_gate_warns_that_a_retry_for_someone_on_the_nurture_list_is_one_to_drop(
    run: Run, data_dir: Path
):
    from callmate.core.session import CallSession
    from callmate.usecases.calls import pace_retry

    _let_go(run, data_dir)
    now = clock_now()
    session = CallSession.start(discovery_playbook(), "Jo Silent", "Quiet Co", now)
    warning = pace_retry(Store(data_dir), session, now + timedelta(days=5), now)
    assert warning is not None and warning.startswith(f"{NURTURED}; rather than another call")
