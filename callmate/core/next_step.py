"""The dated next step both sides agreed to, and the rules it must meet before a call may end."""

from __future__ import annotations

from datetime import datetime, timedelta

from callmate.core.call_record import StepDraft, StoredStep
from callmate.core.clean import clean
from callmate.core.dates import DateParseError, describe_when, parse_when
from callmate.core.immutable import immutable
from callmate.core.playbook import NextStepPolicy

MAX_FIELD_CHARS = 2000


@immutable
class NextStep:
    """The dated next step a call ends on, as the gate checked it."""

    due: datetime
    what: str
    their_commitment: str
    our_commitment: str = ""
    channel: str = ""
    kind: str = "advance"
    #: The core's judgement in words ("time booked together", "'send me info' is a continuation").
    judgement: str = ""
    #: Why the rep ended on a continuation, as they typed it (continuations only).
    why_continuation: str = ""
    #: False when the contact does not decide and the step leaves the decision maker out.
    involves_decider: bool | None = None

    def stored(self, call_outcome: str | None = None) -> StoredStep:
        """The step as the record keeps it (`call_outcome` only for a retry)."""
        return StoredStep(
            due=self.due.isoformat(timespec="minutes"),
            what=self.what,
            their_commitment=self.their_commitment,
            our_commitment=self.our_commitment,
            channel=self.channel,
            kind=self.kind,
            judgement=self.judgement,
            why_continuation=self.why_continuation,
            involves_decider=self.involves_decider,
            call_outcome=call_outcome,
        )

    @classmethod
    def from_stored(cls, step: StoredStep) -> NextStep:
        """A stored step with its date read (a record older than the gate counts as an advance
        here; `judgement.stored_step_kind` judges it properly)."""
        return cls(
            due=datetime.fromisoformat(step.due),
            what=step.what,
            their_commitment=step.their_commitment,
            our_commitment=step.our_commitment,
            channel=step.channel,
            kind=step.kind or "advance",
            judgement=step.judgement,
            why_continuation=step.why_continuation,
            involves_decider=step.involves_decider,
        )


#: What the rep typed into the next-step form, before it is checked; the record keeps it as is.
NextStepDraft = StepDraft


def resolve_due(text: str, now: datetime, policy: NextStepPolicy) -> datetime:
    """The due time the rep means, or DateParseError saying why it cannot be the next step."""
    due = parse_when(text, now)
    if due <= now:
        raise DateParseError(
            f"{describe_when(due, now)} is in the past: a next step needs a time still ahead "
            "(later today is fine)"
        )
    if due > now + timedelta(days=policy.max_days):
        raise DateParseError(
            f"{describe_when(due, now)} is more than {policy.max_days} days away, further than "
            "this playbook allows: agree something sooner, while the problem is fresh"
        )
    return due


def check_next_step(
    draft: NextStepDraft, now: datetime, policy: NextStepPolicy
) -> tuple[NextStep | None, dict[str, str]]:
    """A valid next step, or a message per form field that needs fixing."""
    errors: dict[str, str] = {}
    due: datetime | None = None
    try:
        due = resolve_due(draft.when, now, policy)
    except DateParseError as exc:
        errors["when"] = str(exc)
    what = clean(draft.what).strip()
    if not what:
        errors["what"] = (
            "say what happens then (e.g. '20-minute call to go through the quote together')"
        )
    theirs = clean(draft.their_commitment).strip()
    if policy.require_prospect_commitment and not theirs:
        errors["their_commitment"] = (
            "what did the prospect agree to do? Their own action (invite their partner, bring the "
            "numbers), not only ours"
        )
    for field_name in ("what", "their_commitment", "our_commitment", "channel", "why_continuation"):
        if len(getattr(draft, field_name)) > MAX_FIELD_CHARS:
            errors[field_name] = f"keep this under {MAX_FIELD_CHARS} characters"
    if errors or due is None:
        return None, errors
    return (
        NextStep(
            due, what, theirs, clean(draft.our_commitment).strip(), clean(draft.channel).strip()
        ),
        {},
    )
