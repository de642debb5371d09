"""An import is held to what the gate promises, not only to the record's shape: a completed call
has ended and has a whole next step, its outcome agrees with the step's kind, `follows` is a
call id. Every record callmate writes itself keeps these, so it still imports; the store's own
files are not held to them (a call saved by an earlier version stays readable)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from callmate.core.call_record import CallRecord, decode_record, encode_record
from callmate.core.ended_call import mark_outcome
from callmate.core.next_step import NextStepDraft
from callmate.core.session import CallSession
from callmate.export.bundle import import_sessions
from callmate.store import Store
from tests.conftest import START, Run
from tests.unit.export_support import STEP, discovery_playbook, finished_call
from tests.unit.silence_support import unanswered_call

CONTINUATION = NextStepDraft(
    "in 2 days",
    "send me some info",
    "read it",
    why_continuation="budget frozen until March",
)


def _done() -> dict[str, Any]:
    return encode_record(finished_call(discovery_playbook(), START))


def _unconnected() -> dict[str, Any]:
    return encode_record(unanswered_call(discovery_playbook(), START))


def _with(raw: dict[str, Any], session_id: str, **fields: Any) -> dict[str, Any]:
    return {**raw, "id": session_id, **fields}


def _step(raw: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {**raw["next_step"], **fields}


def _attacks() -> list[tuple[dict[str, Any], str]]:
    done, missed = _done(), _unconnected()
    return [
        (
            _with(done, "no-step", next_step=None),
            "sessions[0].next_step: a completed call needs its next step (call no-step)",
        ),
        (
            _with(done, "empty-step", next_step=_step(done, what="", their_commitment="")),
            "sessions[1].next_step.what: a completed call's next step needs what happens then",
        ),
        (
            _with(done, "not-ended", ended=None),
            "sessions[2].ended: a completed call needs the time it ended",
        ),
        (
            _with(done, "connected-retry", next_step=missed["next_step"]),
            "sessions[3].outcome: a retry is the next step of a call that did not connect",
        ),
        (
            _with(done, "climbs", follows="../../etc"),
            "sessions[4].follows: '../../etc' is not a call id",
        ),
        (
            _with(missed, "voicemail-advance", next_step=done["next_step"]),
            "sessions[5].next_step.kind: a call that did not connect (voicemail) ends on a "
            "retry, not 'advance'",
        ),
        (
            _with(
                done,
                "lazy-continuation",
                next_step=_step(done, kind="continuation", why_continuation="x"),
            ),
            "sessions[6].next_step.why_continuation: a continuation needs the reason",
        ),
        (
            _with(done, "step-before-call", next_step=_step(done, due="2026-11-20T10:00+01:00")),
            "sessions[7].next_step.due: 2026-11-20T10:00+01:00 is not after the call started",
        ),
        (
            _with(done, "answered-voicemail", outcome="voicemail", next_step=missed["next_step"]),
            "sessions[8].outcome: 7 answers were recorded, so the call connected",
        ),
        (
            _with(done, "discarded-open", status="discarded", ended=None),
            "sessions[9].ended: a discarded call needs the time it was set aside",
        ),
        (
            _with(done, "kept-by-path", next_step=_step(done, outcome="kept", kept_by="../x")),
            "sessions[10].next_step.kept_by: '../x' is not a call id",
        ),
    ]


def test_each_broken_promise_is_rejected_with_where_and_the_good_call_imports(tmp_path: Path):
    attacks = _attacks()
    good = _done()
    store = Store(tmp_path)
    report = import_sessions(store, [raw for raw, _ in attacks] + [good])
    assert report.added == [good["id"]]
    assert len(report.rejected) == len(attacks)
    for rejected, (_raw, message) in zip(report.rejected, attacks, strict=True):
        assert message in rejected, rejected
    assert [s["id"] for s in store.summaries()] == [good["id"]]


def test_the_cli_import_of_the_reviewers_five_records_adds_none(run: Run, tmp_path: Path):
    attacks = _attacks()[:5]
    path = tmp_path / "sem.json"
    document = {"format": "callmate-export", "version": 1, "sessions": [r for r, _ in attacks]}
    path.write_text(json.dumps(document), encoding="utf-8")
    result = run("import", str(path))
    assert "added 0" in result.out and "rejected 5" in result.out, result
    assert "sessions[0].next_step: a completed call needs its next step" in result.out + result.err
    assert run("followups").out.count("they will") == 0


def _written_by_callmate() -> list[CallRecord]:
    """One call of each way the app ends (or leaves) a call, made through the session."""
    playbook = discovery_playbook()
    later = START + timedelta(hours=1)
    done = finished_call(playbook, START)
    continuation = finished_call(playbook, START, step=CONTINUATION)
    assert continuation.next_step is not None and continuation.next_step.kind == "continuation"
    follow_up = CallSession.start(playbook, "Pat Quill", "Hollow Pines Dental", later)
    follow_up.link_follow_up(done.id, later)
    assert follow_up.set_next_step(STEP, later) == {}
    follow_up.complete(later)
    discarded = CallSession.start(playbook, "Sam Ode", "", START)
    discarded.discard(START, "dialled by mistake")
    in_progress = finished_call(playbook, START, step=None)
    rescheduled = mark_outcome(done, "rescheduled", later, START + timedelta(days=5))
    return [
        done,
        continuation,
        follow_up.record,
        discarded.record,
        in_progress,
        rescheduled,
        mark_outcome(done, "kept", later),
        unanswered_call(playbook, START),
        unanswered_call(playbook, START, outcome="wrong_contact"),
        finished_call(playbook, START, mode="practice"),
    ]


def test_every_record_callmate_writes_keeps_the_promises():
    for record in _written_by_callmate():
        assert decode_record(encode_record(record), outside=True) == record


@pytest.mark.parametrize("index", range(11))
def test_the_store_still_reads_what_an_import_refuses(tmp_path: Path, index: int):
    raw, _message = _attacks()[index]
    assert decode_record(raw).id == raw["id"]  # a stored file is not held to these
