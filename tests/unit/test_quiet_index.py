"""The went-silent index (index/quiet.json) gives exactly the lists a scan of every summary gives.

Each test stores a real history (calls played with CallSession, saved through Store.save, some
marked later, some that never connected), changes it the way callmate or a person would, and
compares `quiet_view_of(store)` (the index) with `quiet_view(store.summaries(), root)` (the full
scan the lists used before): same prospects, same order, same attempts, same follow-ups.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from callmate.commands.doctor import cmd_doctor
from callmate.core.call_record import CallRecord, encode_record
from callmate.core.clock import now as clock_now
from callmate.core.silence import Attempt, Pacing
from callmate.export.followups import open_followups, silent_json, silent_rows, without_silent
from callmate.nurture import (
    Nurtured,
    NurtureFile,
    QuietView,
    quiet_rows_of,
    quiet_top_of,
    quiet_view,
    quiet_view_of,
    read_nurture,
    record_attempt,
    write_nurture,
)
from callmate.store import Store
from callmate.store.callfile import write_call
from callmate.store.doctor import examine
from callmate.store.quiet import QuietEntry, QuietIndex, silences_of_entries
from callmate.usecases.followthrough import mark_step
from tests.unit.export_support import discovery_playbook, finished_call
from tests.unit.silence_support import save_some_call

PEOPLE = [("Pat Quill", "Hollow Pines Dental"), ("Robin Harrow", "Northgate Logistics"),
          ("Sam Okafor", "Blue Mesa Foods"), ("Alex Moreau", ""), ("Jordan Tanaka", "Marlow"),
          ("Casey Nguyen", "Sunfield Legal")]  # fmt: skip
OUTCOMES = ("voicemail", "no_answer", "wrong_contact", "rescheduled")


def history(folder: Path, calls: int = 40, seed: int = 1) -> tuple[Store, list[CallRecord]]:
    """A mixed history saved one call at a time: talks (some steps missed or kept later),
    calls that did not connect, practice calls, over the last 60 days."""
    rng = random.Random(seed)
    playbook, now = discovery_playbook(), clock_now()
    store = Store(folder)
    records: list[CallRecord] = []
    for number in range(calls):
        at = now - timedelta(days=60) + timedelta(hours=number * 36 / max(1, calls / 40))
        who = rng.choice(PEOPLE)
        records.append(save_some_call(store, rng, playbook, at, who, OUTCOMES, (0.45, 0.92, 0.5)))
    return store, records


def is_talk(record: CallRecord) -> bool:
    """A live call that connected and agreed a next step."""
    step = record.next_step
    return record.mode == "live" and step is not None and step.kind not in (None, "retry")


def both(store: Store) -> tuple[QuietView, QuietView]:
    return quiet_view_of(store), quiet_view(store.summaries(), store.root)


def assert_same(store: Store) -> QuietView:
    """The index and the full scan agree, and the index holds what a rebuild would write."""
    indexed, scanned = both(store)
    assert indexed == scanned
    assert store.quiet_prospects() == silences_of_entries(store.summaries())
    now = clock_now()
    due = open_followups(store.open_summaries(), now).rows
    assert without_silent(due, indexed.silent) == without_silent(due, scanned.silent)
    # `callmate followups --json` builds its silent rows from the index entries directly.
    rows = quiet_rows_of(store)
    assert rows.rows == silent_rows(scanned.silent, scanned.pacing)
    assert rows.keys == {s.key for s in scanned.silent}
    assert_top_is_the_start_of(store, indexed)
    return indexed


def assert_top_is_the_start_of(store: Store, full: QuietView) -> None:
    """The home screen's short list is the full list's start, with its count and every key."""
    for shown in (1, 2, 3, len(full.silent) + 5):
        top = quiet_top_of(store, shown)
        assert top.view == replace(full, silent=full.silent[:shown])
        assert top.count == len(full.silent)
        assert top.keys == {s.key for s in full.silent}
    for pacing in (full.pacing, Pacing(min_gap_days=1, max_attempts=2)):
        rows = silent_rows(full.silent, pacing)
        # One row at a time (nothing shared between rows) gives the same rows.
        assert rows == [silent_json(s, pacing) for s in full.silent]
        for row, quiet in zip(rows, full.silent, strict=True):
            assert row["suggestion"] == quiet.suggestion(pacing)
            assert row["last_attempt"] == quiet.last_attempt.isoformat(timespec="minutes")
            assert row["stop_calling"] == quiet.stop_calling(pacing)
            assert row["next_attempt_from"] == quiet.next_attempt_from(pacing).isoformat(
                timespec="minutes"
            )


def test_the_index_gives_the_full_scan_lists_after_every_kind_of_save(tmp_path: Path) -> None:
    store, _records = history(tmp_path, calls=60)
    view = assert_same(store)
    assert len(view.silent) >= 2  # the history really has quiet prospects to compare
    assert any(s.count >= 2 for s in view.silent)
    assert any(a.how == "missed" for s in view.silent for a in s.attempts)
    # A fresh process reads the same from disk.
    assert assert_same(Store(tmp_path)) == view


def test_a_conversation_ends_a_silence_and_a_missed_step_starts_one(tmp_path: Path) -> None:
    store, _records = history(tmp_path)
    quiet = assert_same(store).silent[0]
    playbook, now = discovery_playbook(), clock_now()
    prospect, company = quiet.prospect, quiet.company
    talk = finished_call(playbook, now, prospect=prospect, company=company)
    store.save(talk)
    assert quiet.key not in {s.key for s in assert_same(store).silent}
    mark_step(store, talk.id, "missed", now + timedelta(days=3), early=True)
    again = {s.key: s for s in assert_same(store).silent}
    assert [a.how for a in again[quiet.key].attempts] == ["missed"]
    mark_step(store, talk.id, "kept", now + timedelta(days=3), early=True)  # a correction
    assert quiet.key not in {s.key for s in assert_same(store).silent}


def test_takeaway_attempts_and_the_nurture_list_are_added_as_before(tmp_path: Path) -> None:
    store, records = history(tmp_path)
    now = clock_now()
    silent = assert_same(store).silent
    talked = next(r for r in records if is_talk(r))
    # A takeaway for a prospect who is not (yet) quiet, one for a quiet one, and a quiet one
    # put on the nurture list.
    record_attempt(tmp_path, talked.prospect_key, Attempt(now, "takeaway", talked.id))
    record_attempt(tmp_path, silent[0].key, Attempt(now - timedelta(days=1), "takeaway", ""))
    state = read_nurture(tmp_path)
    listed = Nurtured(silent[-1].key, silent[-1].prospect, "", "missed calls", 30, now)
    write_nurture(tmp_path, NurtureFile([*state.entries, listed], state.attempts))
    view = assert_same(store)
    assert silent[-1].key not in {s.key for s in view.silent}
    assert [e.key for e in view.nurtured] == [silent[-1].key]
    # They answer: off the nurture list, in both.
    back = finished_call(discovery_playbook(), now + timedelta(minutes=5), prospect=listed.prospect)
    back.prospect_key = listed.key
    store.save(back)
    assert assert_same(store).nurtured == []


def test_a_damaged_or_deleted_quiet_json_is_rebuilt_and_said_once(tmp_path: Path) -> None:
    store, _records = history(tmp_path)
    expected = assert_same(store)
    store.checkpoint()
    quiet_path = tmp_path / "index" / "quiet.json"
    quiet_path.write_bytes(b'{"quiet": {"1": {"key": "x", "attempts": "no"}}}')
    reopened = Store(tmp_path)
    assert len(reopened.problems) == 1 and "quiet.json" in reopened.problems[0]
    assert assert_same(reopened) == expected
    reopened.checkpoint()
    quiet_path.unlink()
    again = Store(tmp_path)
    assert assert_same(again) == expected
    again.checkpoint()
    assert Store(tmp_path).problems == []


def test_a_damaged_quiet_json_found_by_a_list_read_is_rebuilt(tmp_path: Path) -> None:
    store, _records = history(tmp_path)
    expected = assert_same(store)
    (tmp_path / "index" / "quiet.json").write_bytes(b"not json")
    assert quiet_view_of(store) == expected  # the same Store: no start-up check in between
    assert any("quiet.json" in p for p in store.problems)


def test_a_call_file_edited_by_hand_changes_the_list_like_the_full_scan(tmp_path: Path) -> None:
    store, _records = history(tmp_path)
    before = assert_same(store)
    store.checkpoint()
    # The latest unanswered call of a quiet prospect was in fact a conversation (corrected by
    # hand in the call file): their silence ends. A summary is also refreshed in the full scan.
    quiet = next(q for q in before.silent if q.attempts[-1].how != "missed")
    fixed = store.load(quiet.attempts[-1].call_id)
    assert fixed is not None and fixed.next_step is not None
    fixed.outcome = "connected"
    fixed.next_step.kind, fixed.next_step.outcome = "advance", "kept"
    write_call(store.call_path(fixed.id), encode_record(fixed), lambda exc: None)
    reopened = Store(tmp_path)
    assert any("changed" in p for p in reopened.problems)
    after = assert_same(reopened)
    assert quiet.key not in {s.key for s in after.silent}


def test_an_index_from_before_quiet_json_is_completed_without_a_word(tmp_path: Path) -> None:
    store, _records = history(tmp_path)
    expected = assert_same(store)
    store.checkpoint()
    index = tmp_path / "index"
    (index / "quiet.json").unlink()
    # The older index listed every prospect in one prospects.json.
    members: dict[str, list[str]] = {}
    for path in sorted((index / "prospects").glob("*.json")):
        members.update(json.loads(path.read_bytes())["prospects"]["1"])
        path.unlink()
    (index / "prospects").rmdir()
    (index / "prospects.json").write_text(json.dumps({"prospects": {"1": members}}))
    manifest = json.loads((index / "manifest.json").read_bytes())
    manifest["format"] = 1  # what callmate wrote before quiet.json and prospects/
    manifest["files"].pop("quiet.json")
    (index / "manifest.json").write_text(json.dumps(manifest))
    reopened = Store(tmp_path)
    assert reopened.problems == []
    assert (index / "quiet.json").exists() and not (index / "prospects.json").exists()
    for key, ids in members.items():
        assert sorted(s["id"] for s in reopened.summaries_for(key)) == ids
    assert assert_same(reopened) == expected


def test_doctor_finds_a_quiet_json_out_of_step_and_repair_rebuilds_it(
    tmp_path: Path, data_dir: Path
) -> None:
    store, _records = history(data_dir)
    expected = assert_same(store)
    quiet_path = data_dir / "index" / "quiet.json"
    doc = json.loads(quiet_path.read_bytes())
    first = next(iter(doc["quiet"].values()))
    first["attempts"] = first["attempts"][:1] + first["attempts"]  # one attempt too many
    quiet_path.write_text(json.dumps(doc))
    found = examine(data_dir, lambda: "rebuilt")
    assert any("quiet.json" in f.problem for f in found)

    class Args:
        repair = True

    cmd_doctor(Args())  # type: ignore[arg-type]
    assert not any("quiet.json" in f.problem for f in examine(data_dir, lambda: "rebuilt"))
    assert assert_same(Store(data_dir)) == expected


def test_the_same_lists_from_an_index_held_in_memory(tmp_path: Path) -> None:
    store, _records = history(tmp_path)
    expected = assert_same(store)
    memory = store._index_in_memory()
    assert QuietIndex(memory.read_quiet_made(QuietEntry)) == store.quiet_prospects()
    assert quiet_view_of(store) == expected
