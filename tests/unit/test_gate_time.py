"""Time spent agreeing the next step in the gate is call time: a resume after a kill counts
the gap from the last thing typed there, not from the last answer, as the pause."""

from __future__ import annotations

from datetime import timedelta

from callmate.core.call_record import decode_record, encode_record
from callmate.core.next_step import NextStepDraft
from callmate.core.session import CallSession
from tests.conftest import START


def test_typing_in_the_gate_is_not_counted_as_a_pause_on_resume(small_playbook):
    session = CallSession.start(small_playbook, "Lee Ortiz", "Acme", START)
    session.answer("y", START + timedelta(seconds=30))
    typed = ""
    for second, letter in enumerate("tomorrow 10am", start=60):  # a slow typist, in the gate
        typed += letter
        session.keep_draft(NextStepDraft(when=typed), START + timedelta(seconds=second * 10))
    last_typed = START + timedelta(seconds=72 * 10)
    assert session.elapsed_seconds(last_typed) == 720
    # Killed right after; started again five minutes later from what was on disk.
    stored = decode_record(encode_record(session.record))
    back = START + timedelta(seconds=720 + 300)
    resumed = CallSession.resume(small_playbook, stored, back)
    assert resumed.elapsed_seconds(back) == 720, "the gate's 11 minutes are still there"
    assert [(p.start, p.end) for p in resumed.record.pauses] == [
        (last_typed.isoformat(timespec="seconds"), back.isoformat(timespec="seconds"))
    ]


def test_the_gate_leaves_one_mark_however_long_the_typing(small_playbook):
    session = CallSession.start(small_playbook, "Lee Ortiz", "Acme", START)
    before = len(session.record.events)
    for n in range(1, 40):
        session.keep_draft(NextStepDraft(when="x" * n), START + timedelta(seconds=n))
    assert len(session.record.events) == before + 1
