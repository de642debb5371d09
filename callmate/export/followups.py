"""`callmate followups`: every agreed next step still open, and recording how each one went.

Listing reads only the index summaries (which carry next_step), never the call files, so it stays
instant with thousands of calls. Outcomes are stored on the next step itself, so they travel with
the record into the index, exports and imports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from callmate.core.call_record import parse_stamp
from callmate.core.dates import describe_when
from callmate.core.judgement import step_kind_words, stored_step_kind
from callmate.core.silence import Pacing, Silence

OPEN_OUTCOMES = (None, "rescheduled")  # rescheduled: still open, at its new date
TIMINGS = ("overdue", "today", "later")


@dataclass(frozen=True)
class FollowUp:
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

    def to_json(self) -> dict[str, Any]:
        """One element of `callmate followups --json` (see docs/json-format.md)."""
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


@dataclass(frozen=True)
class FollowUpList:
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
    """silent_json of every prospect in ``silent``, in order, for a list of thousands.

    At 100,000 calls about 10,000 prospects went silent, and building their rows one by one
    cost a third of a second: here each time is written once (the last attempt's text is the
    last element of attempt_list) and the suggestion is made once per attempt count and day,
    the only things it depends on without a `now`.
    """
    gap, most = pacing.min_gap, pacing.max_attempts
    said: dict[tuple[int, date], str] = {}
    rows: list[dict[str, Any]] = []
    for quiet in silent:
        attempts = quiet.attempts
        listed = [a.to_json() for a in attempts]
        start = attempts[-1].at + gap
        count = len(attempts)
        suggestion = said.get((count, start.date()))
        if suggestion is None:
            suggestion = said[count, start.date()] = quiet.suggestion(pacing)
        rows.append(
            {
                "group": "silent",
                "id": quiet.open_step or attempts[-1].call_id,
                "due": quiet.open_due.isoformat(timespec="minutes") if quiet.open_due else None,
                "prospect": quiet.prospect,
                "company": quiet.company,
                "attempts": count,
                "attempt_list": listed,
                "last_attempt": listed[-1]["at"],
                "next_attempt_from": start.isoformat(timespec="minutes"),
                "stop_calling": count >= most,
                "last_conversation": quiet.last_conversation,
                "suggestion": suggestion,
            }
        )
    return rows


def render_silent(silent: list[Silence], pacing: Pacing, now: datetime) -> str:
    """The WENT SILENT group: attempts so far, and the paced next move or the way out."""
    if not silent:
        return ""
    lines = [f"WENT SILENT ({len(silent)})"]
    for quiet in silent:
        who = quiet.prospect + (f", {quiet.company}" if quiet.company else "")
        hows = ", ".join(a.how.replace("_", " ") for a in quiet.attempts)
        lines.append(f"  ? {who}  ({quiet.count} unanswered: {hows})")
        lines.append(f"      last try:  {describe_when(quiet.last_attempt, now)}")
        lines.append(f"      next:      {quiet.suggestion(pacing, now)}")
        if quiet.open_step:
            lines.append(f"      id:        {quiet.open_step}")
        elif quiet.last_conversation:
            lines.append(f"      id:        {quiet.last_conversation}")
    lines.append("")
    return "\n".join(lines)
