"""`callmate followups`: every agreed next step still open, and recording how each one went.

Listing reads only the index summaries (which carry next_step), never the call files, so it stays
instant with thousands of calls. Outcomes are stored on the next step itself, so they travel with
the record into the index, exports and imports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from callmate.core.call_record import parse_stamp
from callmate.core.dates import describe_when
from callmate.core.immutable import immutable
from callmate.core.judgement import step_kind_words, stored_step_kind
from callmate.core.silence import (
    Pacing,
    Silence,
    attempt_count,
    drop_words,
    retry_drop_reason,
    suggestion_of,
)

OPEN_OUTCOMES = (None, "rescheduled")  # rescheduled: still open, at its new date
TIMINGS = ("overdue", "today", "later")


@immutable
class FollowUp:
    """One open next step as the follow-up list shows it."""

    id: str
    due: datetime
    due_text: str
    timing: str  # one of TIMINGS
    prospect: str
    company: str
    what: str
    their_commitment: str
    our_commitment: str
    channel: str
    rescheduled: bool
    #: "advance", "continuation" (the rep chose to end without a commitment) or "retry".
    kind: str = "advance"
    kind_words: str = "advance"
    key: str = ""  # the prospect key, so a silent prospect's step moves to its own group
    #: Why this retry should be dropped rather than called (core.silence.retry_drop_reason).
    drop: str | None = None

    def to_json(self) -> dict[str, Any]:
        """One element of `callmate followups --json` (see docs/json-format.md), without
        its group (json_row adds it)."""
        return {
            "id": self.id,
            "due": self.due_text,
            "timing": self.timing,
            "prospect": self.prospect,
            "company": self.company,
            "what": self.what,
            "their_commitment": self.their_commitment,
            "our_commitment": self.our_commitment,
            "channel": self.channel,
            "rescheduled": self.rescheduled,
            "kind": self.kind,
        }


@immutable
class FollowUpList:
    """The follow-up rows, and the ids of open steps whose due date cannot be read."""

    rows: list[FollowUp]
    unreadable: list[str]  # ids of open next steps whose due date cannot be read


def timing_of(due: datetime, now: datetime) -> str:
    if due < now:
        return "overdue"
    return "today" if due.astimezone(now.tzinfo).date() == now.date() else "later"


def _text(step: Mapping[str, Any], key: str) -> str:
    value = step.get(key)
    return value if isinstance(value, str) else ""


def open_followups(summaries: Iterable[Mapping[str, Any]], now: datetime) -> FollowUpList:
    """Open next steps of completed live calls, earliest due first (so overdue ones lead).

    Practice calls are left out: their next steps were agreed with a simulated prospect.
    """
    rows: list[FollowUp] = []
    unreadable: list[str] = []
    for summary in summaries:
        step = summary.get("next_step")
        if (
            summary.get("status") != "completed"
            or summary.get("mode") == "practice"
            or not isinstance(step, Mapping)
            or step.get("outcome") not in OPEN_OUTCOMES
        ):
            continue
        due = parse_stamp(step.get("due"))
        if due is None:
            unreadable.append(str(summary.get("id")))
            continue
        rows.append(
            FollowUp(
                id=str(summary.get("id")),
                due=due,
                due_text=str(step["due"]),
                timing=timing_of(due, now),
                prospect=str(summary.get("prospect") or ""),
                company=str(summary.get("company") or ""),
                what=_text(step, "what"),
                their_commitment=_text(step, "their_commitment"),
                our_commitment=_text(step, "our_commitment"),
                channel=_text(step, "channel"),
                rescheduled=step.get("outcome") == "rescheduled",
                kind=stored_step_kind(step) or "advance",
                kind_words=step_kind_words(step),
                key=str(summary.get("prospect_key") or ""),
            )
        )
    rows.sort(key=lambda row: (row.due, row.id))
    return FollowUpList(rows, unreadable)


HEADINGS = {"overdue": "OVERDUE", "today": "TODAY", "later": "LATER"}


def render_followups(rows: list[FollowUp], now: datetime) -> str:
    """Rows grouped under OVERDUE / TODAY / LATER; overdue rows also carry a '!' marker."""
    lines: list[str] = []
    for timing in TIMINGS:
        group = [row for row in rows if row.timing == timing]
        if not group:
            continue
        lines.append(f"{HEADINGS[timing]} ({len(group)})")
        for row in group:
            mark = "!" if timing == "overdue" else " "
            who = row.prospect + (f", {row.company}" if row.company else "")
            moved = "  (rescheduled)" if row.rescheduled else ""
            if row.kind != "advance":
                moved += f"  [{row.kind_words}]"
            lines.append(f"  {mark} {describe_when(row.due, now)}  {who}{moved}")
            lines.append(f"      agreed:    {row.what}")
            lines.append(f"      they will: {row.their_commitment or '-'}")
            lines.append(f"      id:        {row.id}")
        lines.append("")
    return "\n".join(lines)


def json_row(row: FollowUp) -> dict[str, Any]:
    """A due or drop row of `callmate followups --json`: its group, and why a drop is one."""
    if row.drop is not None:
        return {**row.to_json(), "group": "drop", "drop": row.drop}
    return {**row.to_json(), "group": "due"}


# -- retries to drop -------------------------------------------------------------------------------
def split_drops(
    rows: list[FollowUp], nurtured_keys: AbstractSet[str]
) -> tuple[list[FollowUp], list[FollowUp]]:
    """The rows that are calls to make, and the retries to drop (with why): a retry still
    booked with a prospect on the nurture list is never offered as a call (the core says
    why, in retry_drop_reason)."""
    due: list[FollowUp] = []
    drops: list[FollowUp] = []
    for row in rows:
        reason = (
            retry_drop_reason(nurtured=True)
            if row.kind == "retry" and row.key in nurtured_keys
            else None
        )
        if reason is None:
            due.append(row)
        else:
            drops.append(replace(row, drop=reason))
    return due, drops


def render_drops(drops: list[FollowUp], now: datetime) -> str:
    """The TO DROP group: retries still booked that should not be made, and why."""
    if not drops:
        return ""
    lines = [f"TO DROP ({len(drops)}): retries still booked; take them off your calendar"]
    for row in drops:
        who = row.prospect + (f", {row.company}" if row.company else "")
        lines.append(f"  x {describe_when(row.due, now)}  {who}  [{row.kind_words}]")
        lines.append(f"      {drop_words(row.drop or '')}")
        lines.append(f"      id:        {row.id}")
    lines.append("")
    return "\n".join(lines)


# -- went silent -----------------------------------------------------------------------------------
def without_silent(rows: list[FollowUp], silent: list[Silence]) -> list[FollowUp]:
    """The rows that are simply due: a silent prospect's open step shows in its own group."""
    return without_keys(rows, {s.key for s in silent})


def without_keys(rows: list[FollowUp], silent_keys: AbstractSet[str]) -> list[FollowUp]:
    """without_silent, given only the silent prospects' keys (all the home screen keeps)."""
    return [row for row in rows if row.key not in silent_keys]


def silent_json(silence: Silence, pacing: Pacing) -> dict[str, Any]:
    """One element of the "silent" group in `callmate followups --json` (docs/json-format.md)."""
    return silent_rows([silence], pacing)[0]


def silent_rows(silent: Iterable[Silence], pacing: Pacing) -> list[dict[str, Any]]:
    """silent_json of every prospect in ``silent``, in order, for a list of thousands."""
    rows = SilentRows(pacing)
    return [rows.of_silence(quiet) for quiet in silent]


class SilentRows:
    """Builds "silent" rows of `callmate followups --json`, from a Silence or from its parts.

    At 100,000 calls about 10,000 prospects went silent, and building their rows one by one
    cost a third of a second. The list read from the index (nurture.quiet_rows_of) gives the
    parts without making a Silence for each; the suggestion is made once per attempt count and
    day, the only things it depends on without a `now`.
    """

    def __init__(self, pacing: Pacing) -> None:
        self.pacing = pacing
        self._gap = pacing.min_gap
        self._whole_days = not (self._gap.seconds or self._gap.microseconds)
        self._most = pacing.max_attempts
        self._said: dict[tuple[int, date | None, bool, date | None], str] = {}

    def of_silence(self, quiet: Silence) -> dict[str, Any]:
        listed = [a.to_json() for a in quiet.attempts]
        start = quiet.last_attempt + self._gap
        return self._row(
            quiet.count,
            quiet.prospect,
            quiet.company,
            listed,
            start,
            start.isoformat(timespec="minutes"),
            quiet.last_conversation,
            quiet.open_step or quiet.attempts[-1].call_id,
            quiet.open_due,
            quiet.takeaway_at,
        )

    def of_stored(
        self,
        prospect: str,
        company: str,
        attempts: Sequence[Sequence[str]],
        stamps: Sequence[datetime],
        last_conversation: str | None,
        open_step: str | None,
        open_due: datetime | None,
    ) -> dict[str, Any]:
        """The row from an index entry: ``attempts`` as stored ([time, how, call id], oldest
        first) and their times read (``stamps``, as datetime.fromisoformat gives them)."""
        listed: list[dict[str, str]] = []
        for (text, how, call), at in zip(attempts, stamps, strict=True):
            # at.isoformat(timespec="minutes"), cut from the text it was read from when that
            # has the shape isoformat writes (a third of the cost, for every attempt).
            exact = _STORED.fullmatch(text) is not None and not text.endswith("-00:00")
            minutes = text[:16] + text[-6:] if exact else at.isoformat(timespec="minutes")
            listed.append({"at": minutes, "how": how, "call": call})
        start = stamps[-1] + self._gap
        day = start.date()
        if exact and self._whole_days:
            # Whole days on a fixed offset: the same wall time and offset on another date.
            next_text = day.isoformat() + minutes[10:]
        else:
            next_text = start.isoformat(timespec="minutes")
        # _row, written out: this runs for every quiet prospect of the index.
        count = attempt_count(stamps)
        stop = count >= self._most
        reached = last_conversation is not None
        # The index holds call attempts only: a takeaway prospect's row is made by of_silence.
        said_key = (count, None if stop else day, reached, None)
        suggestion = self._said.get(said_key)
        if suggestion is None:
            suggestion = self._said[said_key] = suggestion_of(
                count, start, self.pacing, reached=reached
            )
        return {
            "group": "silent",
            "id": open_step or call,
            "due": open_due.isoformat(timespec="minutes") if open_due else None,
            "prospect": prospect,
            "company": company,
            "attempts": count,
            "attempt_list": listed,
            "last_attempt": minutes,
            "next_attempt_from": next_text,
            "stop_calling": stop,
            "last_conversation": last_conversation,
            "suggestion": suggestion,
            "drop": retry_drop_reason(used_up=stop) if open_due is not None else None,
        }

    def _row(
        self,
        count: int,
        prospect: str,
        company: str,
        listed: list[dict[str, str]],
        start: datetime,
        start_text: str,
        last_conversation: str | None,
        row_id: str,
        open_due: datetime | None,
        takeaway: datetime | None = None,
    ) -> dict[str, Any]:
        stop = count >= self._most or takeaway is not None
        reached = last_conversation is not None
        sent = takeaway.date() if takeaway is not None else None
        said_key = (count, None if stop else start.date(), reached, sent)  # the way out: no date
        suggestion = self._said.get(said_key)
        if suggestion is None:
            suggestion = self._said[said_key] = suggestion_of(
                count, start, self.pacing, reached=reached, takeaway=takeaway
            )
        return {
            "group": "silent",
            "id": row_id,
            "due": open_due.isoformat(timespec="minutes") if open_due else None,
            "prospect": prospect,
            "company": company,
            "attempts": count,
            "attempt_list": listed,
            "last_attempt": listed[-1]["at"],
            "next_attempt_from": start_text,
            "stop_calling": stop,
            "last_conversation": last_conversation,
            "suggestion": suggestion,
            "drop": (
                retry_drop_reason(takeaway=takeaway, used_up=count >= self._most)
                if open_due is not None
                else None
            ),
        }


# "2026-03-02T09:30:15+01:00" or with microseconds: the shape isoformat() writes for a time on
# a whole-minute offset, as the index keeps them ("-00:00" reads as +00:00: not this shape).
_STORED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{6})?[+-]\d\d:\d\d", re.ASCII)


def render_silent(silent: list[Silence], pacing: Pacing, now: datetime) -> str:
    """The WENT SILENT group: attempts so far, and the paced next move or the way out."""
    if not silent:
        return ""
    lines = [f"WENT SILENT ({len(silent)})"]
    for quiet in silent:
        who = quiet.prospect + (f", {quiet.company}" if quiet.company else "")
        hows = ", ".join(a.how.replace("_", " ") for a in quiet.attempts)
        never = "" if quiet.last_conversation else "; never reached"
        tries = len(quiet.attempts)
        # "3 unanswered: voicemail, ..."; tries that shared a day count once (attempt_count).
        shared = "" if tries == quiet.count else f" from {tries} tries, one a day counts"
        lines.append(f"  ? {who}  ({quiet.count} unanswered{shared}: {hows}{never})")
        lines.append(f"      last try:  {describe_when(quiet.last_attempt, now)}")
        lines.append(f"      next:      {quiet.suggestion(pacing, now)}")
        booked = quiet.booked_words(pacing, now)
        if booked:
            lines.append(f"      booked:    {booked}")
        if quiet.open_step:
            lines.append(f"      id:        {quiet.open_step}")
        elif quiet.last_conversation:
            lines.append(f"      id:        {quiet.last_conversation}")
    lines.append("")
    return "\n".join(lines)
