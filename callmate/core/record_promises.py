"""What every call callmate writes keeps true, held to by records from outside.

The decoder checks a record's shape; a record can have the right shape and still break what the
gate promises: a completed call with no next step, an advance with nothing in it, a voicemail
whose step is an advance, a `follows` (or a step's `kept_by`) that is no call id. An import of
such a record made `followups` show a blank "agreed:" and `stats` count a call that never agreed
anything as a conversation. Each rule here is one the session's own paths (`CallSession.complete`,
`end_without_connecting`, `discard`, `set_next_step`) always keep, asked of the same rules they
use (`judgement.says_why`, `session.UNCONNECTED` and `NOBODY_SPOKE`, `SESSION_ID_RE`), so every
record callmate writes passes. The store's own files are not held to these (`decode_record`
applies them to ``outside`` data only): a call saved by an earlier version stays readable.

A completed step's prospect part is not required: a playbook with
`require_prospect_commitment: false` lets an advance through with only what happens then.
"""

from __future__ import annotations

from callmate.core.call_record import SESSION_ID_RE, CallRecord, parse_stamp


def broken_promises(record: CallRecord) -> list[str]:
    """What in ``record`` no call callmate writes could hold, each with its place
    (``next_step: a completed call needs its next step``); empty when it keeps them all."""
    problems: list[str] = []
    if record.follows is not None and not SESSION_ID_RE.fullmatch(record.follows):
        problems.append(
            f"follows: {_shown(record.follows)} is not a call id (letters, digits, '-' and '_', "
            "at most 64)"
        )
    step = record.next_step
    if step is not None and step.kept_by is not None and not SESSION_ID_RE.fullmatch(step.kept_by):
        problems.append(
            f"next_step.kept_by: {_shown(step.kept_by)} is not a call id (letters, digits, '-' "
            "and '_', at most 64)"
        )
    if step is not None and step.kept_by is not None and step.kept_by == record.id:
        problems.append(
            "next_step.kept_by: a call cannot keep its own next step (it names the later call "
            "that kept it)"
        )
    if record.mode == "preview":
        problems.append("mode: a preview is a trainer's try-out of a playbook and is never stored")
    if record.status == "in_progress" and record.ended is not None:
        problems.append("ended: a call still in progress has not ended (expected null)")
    if record.status == "discarded" and record.ended is None:
        problems.append("ended: a discarded call needs the time it was set aside")
    if record.status == "completed":
        problems += _completed(record)
    return problems


def _completed(record: CallRecord) -> list[str]:
    """The gate's promises for a completed call: when it ended, and its next step whole."""
    from callmate.core import judgement
    from callmate.core.session import NOBODY_SPOKE, UNCONNECTED

    problems: list[str] = []
    if record.ended is None:
        problems.append("ended: a completed call needs the time it ended")
    step = record.next_step
    if step is None:
        problems.append("next_step: a completed call needs its next step")
        return problems
    if not step.what.strip():
        problems.append("next_step.what: a completed call's next step needs what happens then")
    due, started = parse_stamp(step.due), parse_stamp(record.started)
    if due is not None and started is not None and due <= started:
        problems.append(
            f"next_step.due: {step.due} is not after the call started ({record.started}); "
            "a next step is agreed for a time still ahead"
        )
    unconnected = ", ".join(UNCONNECTED)
    if step.kind == "retry":
        if record.outcome not in UNCONNECTED:
            problems.append(
                f"outcome: a retry is the next step of a call that did not connect "
                f"({unconnected}), not {_shown(record.outcome)}"
            )
        elif step.call_outcome != record.outcome:
            problems.append(
                f"next_step.call_outcome: {_shown(step.call_outcome)} does not match the call's "
                f"outcome {_shown(record.outcome)}"
            )
        elif record.outcome in NOBODY_SPOKE and record.answers:
            problems.append(
                f"outcome: {len(record.answers)} answers were recorded, so the call connected: "
                f"it was not {UNCONNECTED[record.outcome]}"
            )
    elif record.outcome in UNCONNECTED:
        kind = step.kind or "advance or continuation"
        problems.append(
            f"next_step.kind: a call that did not connect ({record.outcome}) ends on a retry, "
            f"not {_shown(kind)}"
        )
    if step.kind == "continuation" and not judgement.says_why(step.why_continuation):
        problems.append(
            "next_step.why_continuation: a continuation needs the reason the prospect will not "
            f"commit, in a few real words, not {_shown(step.why_continuation)}"
        )
    return problems


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
