"""Why a stored call has no score yet: it did not end, or it was set aside.

A scorecard of a call still in progress would be read as a grade (a low number for a run that
was simply not finished), so `callmate score` says what is still missing instead.
"""

from __future__ import annotations

from callmate.core.call_record import CALL_OUTCOMES, CallRecord
from callmate.core.playbook import Playbook

#: How long a required question's prompt may run in the list before it is cut.
PROMPT_CHARS = 60


def not_scored_because(record: CallRecord) -> str | None:
    """Why this call gets no score, in the rep's words; None for a finished conversation.

    A call that did not connect (voicemail, no answer...) had no conversation to score: a
    scorecard of it would read as a poor call and drag the rep's averages down."""
    status = record.status
    if status == "completed" and record.outcome not in CALL_OUTCOMES[1:]:
        return None
    if status == "completed":
        how = (record.outcome or "").replace("_", " ")
        return f"not scored: the call did not connect ({how}), so there was no conversation"
    if status == "discarded":
        if record.abandoned:
            return "this practice was abandoned: it has no score and does not count in stats"
        return "this call was discarded: it has no score"
    return "this call is unfinished: it is scored once it ends with a next step"


def still_missing(record: CallRecord, playbook: Playbook | None) -> list[str]:
    """What an unfinished call still needs before it can end and be scored."""
    if record.status != "in_progress":
        return []
    missing: list[str] = []
    if playbook is not None:
        from callmate.core.session import CallSession  # the session owns what the path is

        session = CallSession(playbook, record)
        try:
            open_questions = session.open_required()
        except (KeyError, TypeError, ValueError):
            open_questions = []  # a record this edition cannot walk: the next step still counts
        for question in open_questions:
            prompt = " ".join(session.say(question.prompt).split())
            if len(prompt) > PROMPT_CHARS:
                prompt = prompt[: PROMPT_CHARS - 1].rstrip() + "…"
            missing.append(f"required question '{question.id}': {prompt}")
    if record.next_step is None:
        missing.append("the next step (date, what happens, what they will do)")
    return missing
