"""The after-call commands end to end: real store files, real argument parsing, exit codes."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from callmate.core.call_record import CallRecord, encode_record
from callmate.core.clock import now as clock_now
from callmate.core.next_step import NextStepDraft
from callmate.store import Store
from tests.conftest import Run
from tests.records import set_step_outcome
from tests.unit.export_support import HOSTILE, discovery_playbook, finished_call, rendered_text


def saved(data_dir: Path, *records: CallRecord) -> list[str]:
    store = Store(data_dir)
    for record in records:
        store.save(record)
    return [r.id for r in records]


@pytest.fixture
def calls(data_dir: Path) -> dict[str, str]:
    """An overdue next step, one ahead, a kept one, and a practice call: ids by role."""
    playbook, now = discovery_playbook(), clock_now()
    overdue = finished_call(playbook, now - timedelta(days=5), prospect="Olive Overdue")
    ahead = finished_call(playbook, now, prospect="Avery Ahead", company="Ahead Ltd")
    kept = finished_call(playbook, now, prospect="Kim Kept")
    set_step_outcome(kept, "kept")
    practice = finished_call(playbook, now, prospect="Pam Practice", mode="practice")
    ids = saved(data_dir, overdue, ahead, kept, practice)
    return dict(zip(("overdue", "ahead", "kept", "practice"), ids, strict=True))


# ------------------------------------------------------------------------------- followups


def test_followups_lists_overdue_first_and_marked(run: Run, calls: dict[str, str]):
    result = run("followups")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "OVERDUE (1)"
    assert lines[1].startswith("  ! ") and "Olive Overdue, Hollow Pines Dental" in lines[1]
    assert "(3 days ago)" in lines[1]
    assert f"      id:        {calls['overdue']}" in lines
    assert "Avery Ahead, Ahead Ltd" in result.out
    assert lines.index("LATER (1)") > lines.index(f"      id:        {calls['overdue']}")
    assert "Kim Kept" not in result.out and "Pam Practice" not in result.out


def test_followups_json_and_overdue_filter(run: Run, calls: dict[str, str]):
    rows = json.loads(run("followups", "--json").out)
    assert [(r["id"], r["timing"]) for r in rows] == [
        (calls["overdue"], "overdue"),
        (calls["ahead"], "later"),
    ]
    assert rows[1]["what"] == "20-minute call to go through the quote"
    assert rows[1]["their_commitment"] == "bring last month's call logs"
    only = json.loads(run("followups", "--overdue", "--json").out)
    assert [r["id"] for r in only] == [calls["overdue"]]


def test_followups_reads_the_index_not_the_call_files(run: Run, data_dir: Path, calls):
    for path in (data_dir / "calls").glob("*.json"):
        before = path.stat()
        # Same size and time, so start-up sees each call at the revision it indexed (a changed
        # revision would rightly be read again).
        path.write_bytes(b"not a call file any more".ljust(before.st_size))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    result = run("followups", "--json")
    assert [r["id"] for r in json.loads(result.out)] == [calls["overdue"], calls["ahead"]]
    assert list((data_dir / "quarantine").iterdir()) == [], "no call file was opened"


def test_nothing_to_follow_up(run: Run, data_dir: Path):
    assert run("followups").out == "no open next steps\n"
    assert run("followups", "--overdue").out == "nothing overdue\n"
    assert run("followups", "--json").out == "[]\n"


def test_mark_kept_closes_the_next_step(run: Run, data_dir: Path, calls):
    result = run("followups", "mark", calls["overdue"], "kept")
    assert result.code == 0
    assert result.out == f"{calls['overdue']}: next step with Olive Overdue marked kept\n"
    step = Store(data_dir).load(calls["overdue"]).next_step
    assert step is not None and step.outcome == "kept" and step.outcome_at is not None
    summary = {s["id"]: s for s in Store(data_dir).summaries()}[calls["overdue"]]
    assert summary["next_step"]["outcome"] == "kept", "the index follows the record"
    assert "Olive Overdue" not in run("followups").out


def test_mark_rescheduled_moves_the_date_and_keeps_the_old_one(run: Run, data_dir, calls):
    old = Store(data_dir).load(calls["overdue"]).next_step
    assert old is not None
    result = run("followups", "mark", calls["overdue"], "rescheduled", "--to", "in 3 days")
    assert result.code == 0, result.err
    assert "marked rescheduled, now " in result.out and "(in 3 days)" in result.out
    step = Store(data_dir).load(calls["overdue"]).next_step
    assert step is not None and step.history[0].due == old.due
    moved_to = datetime.fromisoformat(step.due)
    # a day offset keeps the time of day, rounded down to the quarter hour (core/dates.py)
    assert moved_to.minute % 15 == 0
    assert timedelta(0) <= clock_now() + timedelta(days=3) - moved_to < timedelta(minutes=17)
    rows = json.loads(run("followups", "--json").out)
    moved = next(r for r in rows if r["id"] == calls["overdue"])
    assert (moved["timing"], moved["rescheduled"]) == ("later", True)


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("yesterday", "is in the past"),
        ("in 12 days", "more than 10 days away"),  # first-discovery allows 10 days
        ("someday soon", "cannot reschedule to 'someday soon'"),
    ],
)
def test_mark_rescheduled_applies_the_gates_rules(run: Run, data_dir, calls, when, message):
    result = run("followups", "mark", calls["overdue"], "rescheduled", "--to", when)
    assert result.code == 1
    assert result.err.startswith("callmate: error: ") and message in result.err
    step = Store(data_dir).load(calls["overdue"]).next_step
    assert step is not None and step.outcome is None


def test_without_its_playbook_rescheduling_uses_the_default_policy(run: Run, data_dir: Path):
    record = finished_call(discovery_playbook(), clock_now())
    record.playbook.name, record.playbook.path = "retired", "/nowhere/x.yaml"
    (session_id,) = saved(data_dir, record)
    assert run("followups", "mark", session_id, "rescheduled", "--to", "in 12 days").code == 0
    refused = run("followups", "mark", session_id, "rescheduled", "--to", "in 15 days")
    assert refused.code == 1 and "more than 14 days away" in refused.err


def test_mark_refuses_what_it_cannot_do(run: Run, data_dir: Path, calls):
    assert run("followups", "mark", calls["ahead"], "rescheduled").code == 2
    assert run("followups", "mark", calls["ahead"], "kept", "--to", "fri").code == 2
    missing = run("followups", "mark", "no-such-call", "kept")
    assert missing.code == 1 and "No saved call with id 'no-such-call'" in missing.err
    (running,) = saved(data_dir, finished_call(discovery_playbook(), clock_now(), step=None))
    result = run("followups", "mark", running, "missed")
    assert result.code == 1 and "still in progress" in result.err
    with pytest.raises(SystemExit) as usage:
        run("followups", "mark", calls["ahead"], "won")
    assert usage.value.code == 2


def test_mark_waits_for_a_call_open_in_another_window(run: Run, data_dir: Path, calls):
    with Store(data_dir).claim(calls["overdue"]):
        result = run("followups", "mark", calls["overdue"], "kept")
    assert result.code == 1 and "already open in another callmate window" in result.err
    assert run("followups", "mark", calls["overdue"], "kept").code == 0


# ------------------------------------------------------------------------------- show


def test_show_markdown_and_json(run: Run, calls: dict[str, str]):
    markdown = run("show", calls["ahead"])
    assert markdown.code == 0
    assert markdown.out.startswith("# Call with Avery Ahead, Ahead Ltd\n")
    assert "- ★ phones ring off the hook at 8am (hot button)" in markdown.out
    assert run("show", calls["ahead"], "--format", "md").out == markdown.out
    data = json.loads(run("show", calls["ahead"], "--format", "json").out)
    assert data["id"] == calls["ahead"] and data["playbook"]["loaded"] is True
    assert data["hot_buttons"] == ["phones ring off the hook at 8am"]
    assert data["answers"]["commitment"][0]["value"] == "this quarter"


def test_show_unknown_or_invalid_id(run: Run, data_dir: Path):
    assert run("show", "nope").code == 1
    bad = run("show", "../etc")
    assert bad.code == 1 and "not a valid call id" in bad.err


def test_hostile_text_stays_literal_in_every_output(run: Run, data_dir: Path, tmp_path: Path):
    answers = {"problems": list(HOSTILE), "agenda_shared": HOSTILE[1]}
    step = NextStepDraft(
        "in 2 days",
        HOSTILE[0],
        HOSTILE[1],
        HOSTILE[2],
        why_continuation=f"budget frozen {HOSTILE[1]}",
    )
    record = finished_call(
        discovery_playbook(), clock_now(), answers=answers, step=step, notes=HOSTILE
    )
    (session_id,) = saved(data_dir, record)
    shown = rendered_text(run("show", session_id).out)
    email = run("export", session_id, "--email").out
    assert run("export", session_id, "--ics", str(tmp_path / "n.ics")).code == 0
    (event,) = Calendar.from_ical((tmp_path / "n.ics").read_bytes()).walk("VEVENT")
    for hostile in HOSTILE:
        assert hostile in shown and hostile in email and hostile in str(event["DESCRIPTION"])


# ------------------------------------------------------------------------------- export


def test_export_ics_is_private_and_never_overwritten_without_force(run: Run, calls, tmp_path):
    target = tmp_path / "next.ics"
    assert run("export", calls["ahead"], "--ics", str(target)).out == f"wrote {target}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    (event,) = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Next step with Avery Ahead: 20-minute call")
    target.write_bytes(b"keep me")
    refused = run("export", calls["ahead"], "--ics", str(target))
    assert refused.code == 1 and f"{target} already exists; use --force" in refused.err
    assert target.read_bytes() == b"keep me"
    assert run("export", calls["ahead"], "--ics", str(target), "--force").code == 0
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_export_email_to_stdout_or_a_file(run: Run, calls, tmp_path: Path):
    printed = run("export", calls["ahead"], "--email")
    assert printed.code == 0 and printed.out.startswith("Subject: Our next step on ")
    assert "Hi Avery," in printed.out
    target = tmp_path / "draft.txt"
    assert run("export", calls["ahead"], "--email", "--output", str(target)).code == 0
    assert target.read_text() == printed.out
    assert run("export", calls["ahead"], "--email", "--output", str(target)).code == 1


def test_export_of_a_call_without_next_step_fails_plainly(run: Run, data_dir: Path, tmp_path):
    (running,) = saved(data_dir, finished_call(discovery_playbook(), clock_now(), step=None))
    result = run("export", running, "--ics", str(tmp_path / "x.ics"))
    assert result.code == 1 and f"the call {running} has no next step" in result.err
    assert not (tmp_path / "x.ics").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "some-id"],
        ["export", "some-id", "--email", "--ics", "x.ics"],
        ["export", "--all", "--email"],
        ["export", "some-id", "--all", "--json", "x.json"],
        ["export", "--ics", "x.ics"],
        ["export", "some-id", "--ics", "x.ics", "--output", "y"],
    ],
)
def test_export_options_that_do_not_fit_together(run: Run, data_dir: Path, argv):
    result = run(*argv)
    assert result.code == 2 and result.err.startswith("callmate: error: ")


def test_export_all_then_import_elsewhere(run: Run, data_dir: Path, calls, tmp_path, monkeypatch):
    target = tmp_path / "all.json"
    result = run("export", "--all", "--json", str(target))
    assert result.out == f"exported 4 calls to {target}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    originals = {r.id: r for r in Store(data_dir).iter_records()}
    assert run("export", "--all", "--json", str(target)).code == 1, "no silent overwrite"

    other = tmp_path / "other-data"
    monkeypatch.setenv("CALLMATE_DATA_DIR", str(other))
    first = run("import", str(target))
    assert (first.code, first.out) == (0, "added 4, skipped 0 (already present), rejected 0\n")
    assert {r.id: r for r in Store(other).iter_records()} == originals
    second = run("import", str(target))
    assert second.out == "added 0, skipped 4 (already present), rejected 0\n"


def test_export_one_call_as_json(run: Run, data_dir: Path, calls, tmp_path: Path):
    target = tmp_path / "one.json"
    assert run("export", calls["kept"], "--json", str(target)).code == 0
    sessions = json.loads(target.read_text())["sessions"]
    assert sessions == [encode_record(Store(data_dir).load(calls["kept"]))]


# ------------------------------------------------------------------------------- import


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{oops", "is not valid JSON"),
        (b'{"sessions": []}', "it is not a callmate export"),
        (b'{"format": "callmate-export", "version": 9, "sessions": []}', "export version 9"),
    ],
)
def test_import_of_a_bad_file_is_one_plain_line(run: Run, data_dir, tmp_path, content, message):
    source = tmp_path / "in.json"
    source.write_bytes(content)
    result = run("import", str(source))
    assert result.code == 1 and result.out == ""
    assert result.err.startswith(f"callmate: error: cannot import {source}: ")
    assert message in result.err and "Traceback" not in result.err
    assert len(result.err.splitlines()) == 1


def test_import_of_a_missing_file(run: Run, data_dir: Path, tmp_path: Path):
    result = run("import", str(tmp_path / "none.json"))
    assert result.code == 1 and "could not read" in result.err


def test_import_reports_rejected_records_and_fails(run: Run, data_dir: Path, tmp_path: Path):
    good = encode_record(finished_call(discovery_playbook(), clock_now()))
    bad = {
        **encode_record(finished_call(discovery_playbook(), clock_now())),
        "status": "\x1b[31mdone",
    }
    source = tmp_path / "mixed.json"
    source.write_text(
        json.dumps({"format": "callmate-export", "version": 1, "sessions": [good, bad]})
    )
    result = run("import", str(source))
    assert result.code == 1
    assert result.out == "added 1, skipped 0 (already present), rejected 1\n"
    assert "callmate: rejected sessions[1].status: expected one of" in result.err
    assert "\x1b" not in result.err, "escape sequences from the file never reach the terminal"


# ------------------------------------------------------------------------------- stats


def test_stats_text_and_json(run: Run, data_dir: Path, calls):
    data = json.loads(run("stats", "--json").out)
    assert (data["calls"], data["conversations"]) == (3, 3)
    assert data["habits"]["agenda_set"] == {"count": 3, "of": 3, "share": 1.0}
    assert data["next_steps"]["kept"] == 1
    text = run("stats").out
    assert "Of 3 completed conversations:" in text and "█" in text
    assert "Calls ending in an advance" in text
    today = clock_now().date().isoformat()
    assert json.loads(run("stats", "--since", today, "--json").out)["calls"] == 2


def test_stats_since_needs_a_date(run: Run, data_dir: Path):
    result = run("stats", "--since", "last week")
    assert result.code == 1 and "--since needs a date like 2026-11-01" in result.err
