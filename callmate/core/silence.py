"""Prospects who went quiet: count the unanswered attempts, pace the next one, say why.

Chasing too often hands the prospect all the control, so callmate counts every attempt that got
no answer since the last real conversation (a call that did not connect, a next step they
missed, a takeaway message sent), keeps a minimum gap between attempts, and after a set number
stops suggesting another call: the honest moves left are a takeaway message or the nurture list.
Tries made on the same day count once toward that number (attempt_count), and a retry still
booked once the calls should stop is named as one to drop everywhere (retry_drop_reason).

Why they went quiet is read from the last real conversation with the core judgement only (pain,
commitment answer, decider, advance or continuation): silence usually follows shallow discovery.
Pure functions over stored summaries or records; no Textual, no store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from datetime import datetime, timedelta
from typing import Any

from callmate.core.call_record import CallRecord, parse_stamp
from callmate.core.counts import counted
from callmate.core.immutable import immutable
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
#: How a takeaway message is kept among the attempts (see callmate.nurture.record_attempt).
TAKEAWAY = "takeaway"
#: What a nurture touch is about when nobody ever spoke to them: no hot button to take it from.
TOPIC_EXAMPLE = "what they care about"


def attempt_count(times: Iterable[datetime]) -> int:
    """How many attempts count toward the limit: tries made on the same day (each read on
    its own clock) count once. Three calls within a minute are one occasion to the prospect,
    and counting each let a rep use up every attempt, and reach the takeaway, in minutes."""
    return len({at.date() for at in times})


def nurture_add_words(ref: str = "ID", *, reached: bool = True) -> str:
    """The command every list suggests for the nurture list. A prospect never reached has no
    hot button to take the topic from, and `nurture add` refuses without one, so the
    suggestion names the topic to give instead of a command that fails."""
    if reached:
        return f"`callmate nurture add {ref}`"
    return f"`callmate nurture add {ref} --topic '{TOPIC_EXAMPLE}'`"


def retry_drop_reason(
    *, nurtured: bool = False, takeaway: datetime | None = None, used_up: bool = False
) -> str | None:
    """Why a retry still booked with this prospect should be dropped, or None while a call
    is still the right move: the one rule the follow-up lists (text and JSON), the home
    screen, the pre-call brief and the calendar export ask."""
    if nurtured:
        return "they are on the nurture list: useful touches, not calls"
    if takeaway is not None:
        return "the takeaway message told them the calls stop"
    if used_up:
        return "the attempts are used up"
    return None


def drop_words(reason: str) -> str:
    """How every list names a retry to drop: "drop it, the attempts are used up"."""
    return f"drop it, {reason}"


@immutable
class Pacing:
    """The rep's chasing rules: the minimum gap between attempts and when to stop calling."""

    min_gap_days: int = DEFAULT_MIN_GAP_DAYS
    max_attempts: int = DEFAULT_MAX_ATTEMPTS

    @property
    def min_gap(self) -> timedelta:
        return timedelta(days=self.min_gap_days)


@immutable
class Attempt:
    """One try that got no answer: when, how ("voicemail", "missed", "takeaway"...), which call."""

    at: datetime
    how: str
    call_id: str = ""

    def to_json(self) -> dict[str, str]:
        return {"at": self.at.isoformat(timespec="minutes"), "how": self.how, "call": self.call_id}


@immutable
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
    #: On the nurture list (and not answered since): touches only, every retry to drop.
    nurtured: bool = False

    @property
    def count(self) -> int:
        """The attempts toward the limit (attempt_count: tries on one day count once)."""
        return attempt_count(a.at for a in self.attempts)

    @property
    def unanswered_words(self) -> str:
        """The count as every list says it: "1 unanswered attempt", "3 unanswered attempts",
        "1 unanswered attempt (3 tries on one day)" when some tries shared a day."""
        return count_words(self.count, len(self.attempts))

    @property
    def last_attempt(self) -> datetime:
        return self.attempts[-1].at

    @property
    def takeaway_at(self) -> datetime | None:
        """When the takeaway message was sent since the last conversation, if it was.

        After it the prospect was told the calls stop: every list says so instead of pacing
        another call."""
        return takeaway_of(self.attempts)

    def next_attempt_from(self, pacing: Pacing) -> datetime:
        """The earliest a next attempt respects the minimum gap."""
        return self.last_attempt + pacing.min_gap

    def may_try_now(self, pacing: Pacing, now: datetime) -> bool:
        """The gap is over: compared by day, as every list and warning names the day."""
        return not self.stop_calling(pacing) and not _before_day(
            now, self.next_attempt_from(pacing)
        )

    def stop_calling(self, pacing: Pacing) -> bool:
        return self.drop_reason(pacing) is not None

    def drop_reason(self, pacing: Pacing) -> str | None:
        """Why no more calls (and any retry still booked is one to drop), or None."""
        return retry_drop_reason(
            nurtured=self.nurtured,
            takeaway=self.takeaway_at,
            used_up=self.count >= pacing.max_attempts,
        )

    def suggestion(self, pacing: Pacing, now: datetime | None = None) -> str:
        """What to do next, in the rep's words (with `now`, a gap already passed says so)."""
        return suggestion_of(
            self.count,
            self.next_attempt_from(pacing),
            pacing,
            now,
            reached=self.last_conversation is not None,
            takeaway=self.takeaway_at,
            nurtured=self.nurtured,
        )

    def move_words(self, pacing: Pacing, now: datetime) -> str:
        """The next move in a few words, for one-line rows (the home screen's went-silent
        list): after a takeaway the nurture list only, never another call."""
        if self.nurtured:
            return "on the nurture list: no more calls"
        sent = self.takeaway_at
        if sent is not None:
            return f"takeaway sent {day_text(sent)}: no more calls, nurture list only"
        if self.stop_calling(pacing):
            return f"stop calling: {LET_GO}"
        if self.may_try_now(pacing, now):
            if self.last_conversation is None:
                return "not reached yet: try again now"
            return "one 'update my file' call now"
        later = f"next try from {day_text(self.next_attempt_from(pacing))}"
        return later if self.last_conversation is not None else f"not reached yet: {later}"

    def too_soon(self, pacing: Pacing, now: datetime) -> str | None:
        """Said before a call that comes before the minimum gap (the rep may still go on),
        or None: the gap is over, or calls have stopped (the way out is said instead)."""
        if self.stop_calling(pacing) or self.may_try_now(pacing, now):
            return None
        from callmate.core.dates import describe_when  # not at start-up (test_start_imports)

        last = self.last_attempt.astimezone(now.tzinfo)
        return (
            f"Too soon for another try: the last one was {describe_when(last, now)}, and your "
            f"{pacing.min_gap_days}-day gap says not before "
            f"{day_text(self.next_attempt_from(pacing))}. You may still go on, but calling "
            "this often hands them the control."
        )

    def booked_words(self, pacing: Pacing, now: datetime) -> str | None:
        """The retry the rep booked, if any, and whether it keeps the minimum gap: the lists
        show it beside the paced suggestion instead of hiding the date the rep chose. Once
        the calls should stop, the booked retry is named as one to drop."""
        if self.open_due is None:
            return None
        booked = f"retry booked {self.open_due.astimezone(now.tzinfo):%a %d %b %H:%M}"
        reason = self.drop_reason(pacing)
        if reason is not None:
            return f"{booked}: {drop_words(reason)}"
        if _before_day(self.open_due.astimezone(now.tzinfo), self.next_attempt_from(pacing)):
            return f"{booked}, sooner than your {pacing.min_gap_days}-day gap"
        return booked


def count_words(count: int, tries: int) -> str:
    """ "2 unanswered attempts", or with the tries that shared a day said: "1 unanswered
    attempt (3 tries on one day)", "2 unanswered attempts (4 tries; one a day counts)"."""
    said = counted(count, "unanswered attempt")
    if tries == count:
        return said
    if count == 1:
        return f"{said} ({tries} tries on one day)"
    return f"{said} ({tries} tries; one a day counts)"


def takeaway_of(attempts: Iterable[Attempt]) -> datetime | None:
    """The time of the last takeaway among ``attempts`` (those since the last conversation)."""
    found: datetime | None = None
    for attempt in attempts:
        if attempt.how == TAKEAWAY:
            found = attempt.at
    return found


def _before_day(when: datetime, start: datetime) -> bool:
    """``when`` falls on a day before ``start``'s day, both read on ``when``'s clock: the gap
    is kept in days, so a try on the day the lists name ("not before Thu 03 Dec") is fine."""
    return when.date() < start.astimezone(when.tzinfo).date()


def suggestion_of(
    count: int,
    start: datetime,
    pacing: Pacing,
    now: datetime | None = None,
    *,
    reached: bool = True,
    takeaway: datetime | None = None,
    nurtured: bool = False,
) -> str:
    """Silence.suggestion for ``count`` attempts and the next allowed from ``start``: a list
    of thousands (`callmate followups --json`) asks without making a Silence for each.

    A prospect never ``reached`` (no conversation yet) has no file to update: the re-engage
    call is for someone who went quiet after talking; they are only tried again, paced. Once
    a ``takeaway`` message was sent (its time), the only move left is the nurture list. The
    words never end with a full stop: the brief and `show` put them inside a sentence."""
    if nurtured:
        return (
            "they are on the nurture list: useful touches, not calls; drop any retry still booked"
        )
    add = nurture_add_words(reached=reached)
    if takeaway is not None:
        return (
            f"takeaway message already sent {day_text(takeaway)}: they were told the calls "
            f"stop, so no more calls; add them to the nurture list ({add})"
        )
    if count >= pacing.max_attempts:
        return (
            f"{counted(count, 'unanswered attempt')}: stop calling. Send a takeaway message "
            f"(`callmate export ID --email --takeaway`) or add them to the nurture list ({add})"
        )
    left = pacing.max_attempts - count
    due = now is not None and not _before_day(now, start)
    when = "any time now" if due else f"not before {day_text(start)}"
    if not reached:
        return (
            f"not reached yet, no conversation so far: try again {when}; "
            f"{counted(left, 'attempt')} left before letting go"
        )
    return (
        f"one short 'update my file' call (re-engage playbook), {when}; "
        f"{counted(left, 'attempt')} left before letting go"
    )


_DAY_NAMES: dict[int, str] = {}
_MONTH_NAMES: dict[int, str] = {}


def day_text(when: datetime) -> str:
    """``f"{when:%a %d %b}"`` ("Mon 05 Oct"), without strftime's cost for each of thousands
    of dates: the day and month names come from strftime once each."""
    weekday, month = when.weekday(), when.month
    day = _DAY_NAMES.get(weekday)
    if day is None:
        day = _DAY_NAMES[weekday] = f"{when:%a}"
    name = _MONTH_NAMES.get(month)
    if name is None:
        name = _MONTH_NAMES[month] = f"{when:%b}"
    return f"{day} {when.day:02d} {name}"


def _live(summary: Mapping[str, Any]) -> bool:
    return (
        summary.get("status") == "completed"
        and summary.get("mode", "live") == "live"
        and parse_stamp(summary.get("started")) is not None
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
    stamp = parse_stamp(summary.get("started"))
    assert stamp is not None  # only called on _live summaries
    return stamp


def _call_attempts(
    summaries: Iterable[Mapping[str, Any]],
) -> tuple[list[Attempt], Mapping[str, Any] | None]:
    """The unanswered calls and missed steps since the last real conversation, oldest first
    (a stable sort, so equal times keep the calls' order), and that conversation."""
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
            found.append(Attempt(parse_stamp(summary.get("ended")) or _started(summary), how, call))
            continue
        step = summary.get("next_step")
        if (
            isinstance(step, Mapping)
            and step.get("outcome") == "missed"
            and stored_step_kind(step) != "retry"
        ):
            found.append(Attempt(_missed_at(step, summary), "missed", call))
    found.sort(key=lambda a: a.at)
    return found, last


def _missed_at(step: Mapping[str, Any], summary: Mapping[str, Any]) -> datetime:
    """When a missed step counts as an attempt: its date, or when it was marked missed if
    that came first (`mark --early`): a try is never in the future."""
    due = parse_stamp(step.get("due")) or _started(summary)
    marked = parse_stamp(step.get("outcome_at"))
    return marked if marked is not None and marked < due else due


def _with_extra(
    found: Sequence[Attempt], since: datetime | None, extra: Iterable[Attempt]
) -> tuple[Attempt, ...]:
    """The call attempts plus the attempts kept outside the call files since the conversation.

    ``found`` is already in time order, so sorting again keeps it as it was, with the extra
    attempts after any call attempt of the same time.
    """
    later = [a for a in extra if since is None or a.at >= since]
    if not later:
        return tuple(found)  # already in order: the usual case, thousands of times per list
    merged = [*found, *later]
    merged.sort(key=lambda a: a.at)
    return tuple(merged)


def attempts_since_conversation(
    summaries: Iterable[Mapping[str, Any]], extra: Iterable[Attempt] = ()
) -> tuple[tuple[Attempt, ...], Mapping[str, Any] | None]:
    """One prospect's unanswered attempts since their last real conversation, oldest first.

    Counted: calls that did not connect (voicemail, no answer, wrong contact), a non-retry next
    step marked missed, and `extra` attempts kept outside the call files (takeaway messages).
    Returns the attempts and the last connected call's summary (None if there never was one).
    """
    found, last = _call_attempts(summaries)
    since = _started(last) if last is not None else None
    return _with_extra(found, since, extra), last


def _open_step(summaries: Iterable[Mapping[str, Any]]) -> tuple[str | None, datetime | None]:
    """The latest open step of the prospect (not yet marked, or rescheduled)."""
    best: tuple[str | None, datetime | None] = (None, None)
    for summary in summaries:
        step = summary.get("next_step")
        if not _live(summary) or not isinstance(step, Mapping):
            continue
        if step.get("outcome") not in (None, "rescheduled"):
            continue
        due = parse_stamp(step.get("due"))
        if due is not None and (best[1] is None or due > best[1]):
            best = (str(summary.get("id")), due)
    return best


@immutable
class CallSilence:
    """What a prospect's call summaries alone say about their silence.

    The store keeps one of these for every prospect with an unanswered call since their last
    conversation (see callmate/store/quiet.py), so the lists never walk the whole history; the
    attempts kept outside the call files and the open step are added when the list is read.
    """

    key: str
    prospect: str
    company: str
    #: When the last real conversation started (None if there never was one).
    since: datetime | None
    last_conversation: str | None
    attempts: tuple[Attempt, ...]

    def silence(
        self,
        extra: Iterable[Attempt] = (),
        open_step: tuple[str | None, datetime | None] = (None, None),
    ) -> Silence | None:
        """The prospect's Silence with ``extra`` attempts and their open step; None if none."""
        attempts = _with_extra(self.attempts, self.since, extra)
        if not attempts:
            return None
        return Silence(
            key=self.key,
            prospect=self.prospect,
            company=self.company,
            attempts=attempts,
            last_conversation=self.last_conversation,
            open_step=open_step[0],
            open_due=open_step[1],
        )

    def to_json(self) -> dict[str, Any]:
        """Exact times (not the minutes of Attempt.to_json): the list must read back the same."""
        return {
            "key": self.key,
            "prospect": self.prospect,
            "company": self.company,
            "since": self.since.isoformat() if self.since is not None else None,
            "last_conversation": self.last_conversation,
            "attempts": [[a.at.isoformat(), a.how, a.call_id] for a in self.attempts],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CallSilence | None:
        """None for anything callmate would not have written (the index is then rebuilt)."""
        key, prospect, company = data.get("key"), data.get("prospect"), data.get("company")
        last, raw_since = data.get("last_conversation"), data.get("since")
        raw_attempts = data.get("attempts")
        if not (isinstance(key, str) and isinstance(prospect, str) and isinstance(company, str)):
            return None
        if last is not None and not isinstance(last, str):
            return None
        since = parse_stamp(raw_since) if raw_since is not None else None
        if (raw_since is None) != (since is None) or not isinstance(raw_attempts, list):
            return None
        # parse_stamp inlined: this loop runs for every quiet prospect on every list (10,000 of
        # them at 100,000 calls), and the checks are the same.
        attempts: list[Attempt] = []
        for item in raw_attempts:
            if not (isinstance(item, list) and len(item) == 3):
                return None
            at, how, call = item
            if not (isinstance(at, str) and isinstance(how, str) and isinstance(call, str)):
                return None
            if len(at) > 64:
                return None
            try:
                stamp = datetime.fromisoformat(at)
            except ValueError:
                return None
            if stamp.utcoffset() is None:
                return None
            attempts.append(Attempt(stamp, how, call))
        if not attempts:
            return None
        return cls(key, prospect, company, since, last, tuple(attempts))


def call_silence(key: str, group: Sequence[Mapping[str, Any]]) -> CallSilence:
    """One prospect's silence from their live summaries ``group``, in the order listed."""
    found, last = _call_attempts(group)
    newest = max(group, key=_started)
    return CallSilence(
        key=key,
        prospect=str(newest.get("prospect") or ""),
        company=str(newest.get("company") or ""),
        since=_started(last) if last is not None else None,
        last_conversation=str(last.get("id")) if last is not None else None,
        attempts=tuple(found),
    )


def live_by_prospect(
    summaries: Iterable[Mapping[str, Any]],
) -> dict[str, list[Mapping[str, Any]]]:
    """The live calls of each prospect (by key), in the order given."""
    by_key: dict[str, list[Mapping[str, Any]]] = {}
    for summary in summaries:
        key = summary.get("prospect_key")
        if isinstance(key, str) and _live(summary):
            by_key.setdefault(key, []).append(summary)
    return by_key


def counts_for_silence(summary: Mapping[str, Any]) -> bool:
    """True if the summary plays a part in a prospect's silence (a live call with a key)."""
    return isinstance(summary.get("prospect_key"), str) and _live(summary)


def by_most_attempts(found: list[Silence]) -> list[Silence]:
    """The order of the went-silent list: most attempts first, then the longest quiet."""
    return sorted(found, key=lambda s: (-s.count, s.last_attempt, s.key))


def silent_prospects(
    summaries: Iterable[Mapping[str, Any]],
    extra: Mapping[str, Sequence[Attempt]] | None = None,
) -> list[Silence]:
    """Every prospect with at least one unanswered attempt since their last conversation.

    `summaries` are index summaries (or records) of any number of prospects; `extra` holds
    attempts kept outside the call files, by prospect key. Most attempts first.
    """
    found: list[Silence] = []
    for key, group in live_by_prospect(summaries).items():
        quiet = call_silence(key, group).silence((extra or {}).get(key, ()), _open_step(group))
        if quiet is not None:
            found.append(quiet)
    return by_most_attempts(found)


def open_step_of(summaries: Iterable[Mapping[str, Any]]) -> tuple[str | None, datetime | None]:
    """The latest open step among ``summaries`` (open ones suffice: see silent_prospects)."""
    return _open_step(summaries)


def retry_warning(
    earlier: Iterable[Mapping[str, Any]],
    due: datetime,
    now: datetime,
    pacing: Pacing | None = None,
    extra: Iterable[Attempt] = (),
    nurtured: bool = False,
) -> str | None:
    """The gate's warning for a retry booked from a call that did not connect, or None.
    ``nurtured``: they are on the nurture list, so the retry is one to drop.

    `earlier` are the prospect's stored summaries (before this call), `now` is this attempt and
    `due` the retry being booked. Warns when the retry comes sooner than the minimum gap, and
    when this attempt uses up the ones allowed (then: takeaway or nurture, not another call).
    """
    pacing = pacing or Pacing()
    attempts, last = attempts_since_conversation(earlier, extra)
    count = attempt_count([*(a.at for a in attempts), now])  # with this call
    warnings: list[str] = []
    sent = takeaway_of(attempts)
    if nurtured:
        warnings.append(f"{retry_drop_reason(nurtured=True)}; rather than another call, drop it")
    elif sent is not None:
        warnings.append(
            f"a takeaway message was sent {day_text(sent)}: they were told the calls stop; "
            "rather than another call, add them to the nurture list"
        )
    elif count >= pacing.max_attempts:
        warnings.append(
            f"this is unanswered attempt {count} (of {pacing.max_attempts} before letting go): "
            f"rather than another call, offer the {LET_GO}"
        )
    earliest = now + pacing.min_gap
    # By day, as the warning names the day: a retry on the day it names is not too soon.
    if _before_day(due.astimezone(now.tzinfo), earliest):
        gap = f"too soon: leave at least {pacing.min_gap_days} days between attempts"
        if last is None:
            # Never reached: a new try, not a chase after a conversation that went quiet.
            warnings.append(f"{gap} (not before {day_text(earliest)})")
        else:
            warnings.append(
                f"{gap} (not before {day_text(earliest)}); chasing hands them the control"
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
