"""Prospects who went quiet: count the unanswered attempts, pace the next one, say why.

Chasing too often hands the prospect all the control, so callmate counts every attempt that got
no answer since the last real conversation (a call that did not connect, a next step they
missed, a takeaway message sent), keeps a minimum gap between attempts, and after a set number
stops suggesting another call: the honest moves left are a takeaway message or the nurture list.

Why they went quiet is read from the last real conversation with the core judgement only (pain,
commitment answer, decider, advance or continuation): silence usually follows shallow discovery.
Pure functions over stored summaries or records; no Textual, no store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from callmate.core.call_record import CallRecord
from callmate.core.judgement import (
    Decider,
    Timeline,
    Verdict,
    decider,
    pain,
    stored_step_kind,
    timeline,
)
from callmate.core.playbook import Playbook

#: How a call can end with nobody to talk to; "rescheduled by them" is an answer, not silence.
UNANSWERED = {"voicemail": "voicemail", "no_answer": "no answer", "wrong_contact": "wrong contact"}
#: A gap shorter than this between attempts starts to feel like being chased.
DEFAULT_MIN_GAP_DAYS = 3
#: After this many unanswered attempts another call does more harm than good.
DEFAULT_MAX_ATTEMPTS = 3
#: What callmate suggests once the attempts are used up.
LET_GO = "takeaway message or nurture list"


@dataclass(frozen=True)
class Pacing:
    """The rep's chasing rules: the minimum gap between attempts and when to stop calling."""

    min_gap_days: int = DEFAULT_MIN_GAP_DAYS
    max_attempts: int = DEFAULT_MAX_ATTEMPTS

    @property
    def min_gap(self) -> timedelta:
        return timedelta(days=self.min_gap_days)


@dataclass(frozen=True)
class Attempt:
    """One try that got no answer: when, how ("voicemail", "missed", "takeaway"...), which call."""

    at: datetime
    how: str
    call_id: str = ""

    def to_json(self) -> dict[str, str]:
        return {"at": self.at.isoformat(timespec="minutes"), "how": self.how, "call": self.call_id}


@dataclass(frozen=True)
class Silence:
    """A prospect with unanswered attempts since their last real conversation."""

    key: str
    prospect: str
    company: str
    attempts: tuple[Attempt, ...]
    #: The last connected call (its id), whose judgement explains the silence; None if never.
    last_conversation: str | None
    #: The prospect's open step (usually the retry booked from the last attempt), if any.
    open_step: str | None = None
    open_due: datetime | None = None
    lacked: tuple[str, ...] = field(default=())

    @property
    def count(self) -> int:
        return len(self.attempts)

    @property
    def last_attempt(self) -> datetime:
        return self.attempts[-1].at

    def next_attempt_from(self, pacing: Pacing) -> datetime:
        """The earliest a next attempt respects the minimum gap."""
        return self.last_attempt + pacing.min_gap

    def stop_calling(self, pacing: Pacing) -> bool:
        return self.count >= pacing.max_attempts

    def suggestion(self, pacing: Pacing, now: datetime | None = None) -> str:
        """What to do next, in the rep's words (with `now`, a gap already passed says so)."""
        if self.stop_calling(pacing):
            return (
                f"{self.count} unanswered attempts: stop calling. Send a takeaway message "
                "(`callmate export ID --email --takeaway`) or add them to the nurture list "
                "(`callmate nurture add ID`)."
            )
        left = pacing.max_attempts - self.count
        start = self.next_attempt_from(pacing)
        when = (
            "any time now" if now is not None and start <= now else f"not before {start:%a %d %b}"
        )
        return (
            f"one short 'update my file' call (re-engage playbook), {when}; {left} attempt"
            f"{'s' if left != 1 else ''} left before letting go"
        )


def stamp_of(value: object) -> datetime | None:
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp if stamp.utcoffset() is not None else None


def _live(summary: Mapping[str, Any]) -> bool:
    return (
        summary.get("status") == "completed"
        and summary.get("mode", "live") == "live"
        and stamp_of(summary.get("started")) is not None
    )


def unanswered_outcome(summary: Mapping[str, Any]) -> str | None:
    """How a completed call failed to connect ("voicemail"...), else None.

    Works on index summaries (the retry step carries `call_outcome`) and on full records.
    """
    outcome = summary.get("outcome")
    step = summary.get("next_step")
    if outcome is None and isinstance(step, Mapping) and stored_step_kind(step) == "retry":
        outcome = step.get("call_outcome")
    return str(outcome) if outcome in UNANSWERED else None


def is_conversation(summary: Mapping[str, Any]) -> bool:
    """A real conversation: completed, live, and neither unanswered nor rescheduled by them."""
    if not _live(summary):
        return False
    step = summary.get("next_step")
    if summary.get("outcome") not in (None, "connected"):
        return False
    return not (isinstance(step, Mapping) and stored_step_kind(step) == "retry")


def _started(summary: Mapping[str, Any]) -> datetime:
    stamp = stamp_of(summary.get("started"))
    assert stamp is not None  # only called on _live summaries
    return stamp


def attempts_since_conversation(
    summaries: Iterable[Mapping[str, Any]], extra: Iterable[Attempt] = ()
) -> tuple[tuple[Attempt, ...], Mapping[str, Any] | None]:
    """One prospect's unanswered attempts since their last real conversation, oldest first.

    Counted: calls that did not connect (voicemail, no answer, wrong contact), a non-retry next
    step marked missed, and `extra` attempts kept outside the call files (takeaway messages).
    Returns the attempts and the last connected call's summary (None if there never was one).
    """
    live = sorted((s for s in summaries if _live(s)), key=_started)
    talks = [s for s in live if is_conversation(s)]
    last = talks[-1] if talks else None
    since = _started(last) if last is not None else None
    found: list[Attempt] = []
    for summary in live:
        if since is not None and _started(summary) < since:
            continue
        how = unanswered_outcome(summary)
        call = str(summary.get("id") or "")
        if how is not None:
            found.append(Attempt(stamp_of(summary.get("ended")) or _started(summary), how, call))
            continue
        step = summary.get("next_step")
        if (
            isinstance(step, Mapping)
            and step.get("outcome") == "missed"
            and stored_step_kind(step) != "retry"
        ):
            at = stamp_of(step.get("due")) or _started(summary)
            found.append(Attempt(at, "missed", call))
    found += [a for a in extra if since is None or a.at >= since]
    found.sort(key=lambda a: a.at)
    return tuple(found), last


def _open_step(summaries: Iterable[Mapping[str, Any]]) -> tuple[str | None, datetime | None]:
    """The latest open step of the prospect (not yet marked, or rescheduled)."""
    best: tuple[str | None, datetime | None] = (None, None)
    for summary in summaries:
        step = summary.get("next_step")
        if not _live(summary) or not isinstance(step, Mapping):
            continue
        if step.get("outcome") not in (None, "rescheduled"):
            continue
        due = stamp_of(step.get("due"))
        if due is not None and (best[1] is None or due > best[1]):
            best = (str(summary.get("id")), due)
    return best


def silent_prospects(
    summaries: Iterable[Mapping[str, Any]],
    extra: Mapping[str, Sequence[Attempt]] | None = None,
) -> list[Silence]:
    """Every prospect with at least one unanswered attempt since their last conversation.

    `summaries` are index summaries (or records) of any number of prospects; `extra` holds
    attempts kept outside the call files, by prospect key. Most attempts first.
    """
    by_key: dict[str, list[Mapping[str, Any]]] = {}
    for summary in summaries:
        key = summary.get("prospect_key")
        if isinstance(key, str) and _live(summary):
            by_key.setdefault(key, []).append(summary)
    found: list[Silence] = []
    for key, group in by_key.items():
        attempts, last = attempts_since_conversation(group, (extra or {}).get(key, ()))
        if not attempts:
            continue
        newest = max(group, key=_started)
        open_id, open_due = _open_step(group)
        found.append(
            Silence(
                key=key,
                prospect=str(newest.get("prospect") or ""),
                company=str(newest.get("company") or ""),
                attempts=attempts,
                last_conversation=str(last.get("id")) if last is not None else None,
                open_step=open_id,
                open_due=open_due,
            )
        )
    found.sort(key=lambda s: (-s.count, s.last_attempt, s.key))
    return found


def retry_warning(
    earlier: Iterable[Mapping[str, Any]],
    due: datetime,
    now: datetime,
    pacing: Pacing | None = None,
    extra: Iterable[Attempt] = (),
) -> str | None:
    """The gate's warning for a retry booked from a call that did not connect, or None.

    `earlier` are the prospect's stored summaries (before this call), `now` is this attempt and
    `due` the retry being booked. Warns when the retry comes sooner than the minimum gap, and
    when this attempt uses up the ones allowed (then: takeaway or nurture, not another call).
    """
    pacing = pacing or Pacing()
    attempts, _ = attempts_since_conversation(earlier, extra)
    count = len(attempts) + 1  # this call
    warnings: list[str] = []
    if count >= pacing.max_attempts:
        warnings.append(
            f"this is unanswered attempt {count} (of {pacing.max_attempts} before letting go): "
            f"rather than another call, offer the {LET_GO}"
        )
    if due - now < pacing.min_gap:
        warnings.append(
            f"too soon: leave at least {pacing.min_gap_days} days between attempts "
            f"(not before {now + pacing.min_gap:%a %d %b}); chasing hands them the control"
        )
    return "; ".join(warnings) or None


# -- why they went quiet ---------------------------------------------------------------------------
def what_it_lacked(record: CallRecord, playbook: Playbook | None) -> tuple[str, ...]:
    """What the last real conversation lacked, in the rep's words, by the core judgement only."""
    lacked: list[str] = []
    hurt = pain(record, playbook)
    if hurt.verdict is not Verdict.MET:
        lacked.append(f"no agreed pain ({hurt.reason})")
    firm, said = timeline(record, playbook)
    if firm is Timeline.UNKNOWN:
        lacked.append(f"no commitment answer ({said})")
    elif firm is Timeline.WEAK:
        lacked.append(f"only a weak commitment answer ({said})")
    elif firm is Timeline.NONE:
        lacked.append(f"no timeline to start ({said})")
    who, names = decider(record, playbook)
    if who is Decider.UNKNOWN:
        lacked.append("the decision maker was not known")
    elif who is Decider.SOMEONE_ELSE:
        step = record.next_step
        if step is None or step.involves_decider is not True:
            named = f" ({', '.join(names)})" if names else ""
            lacked.append(f"someone else decides{named} and the next step did not bring them in")
    kind = stored_step_kind(record.next_step)
    if kind == "continuation":
        lacked.append("it ended on a continuation, not an advance")
    elif kind is None:
        lacked.append("no next step was agreed")
    return tuple(lacked)
