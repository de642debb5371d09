"""The pre-call brief: what happened with this prospect before, so the rep opens prepared.

Built from stored records alone (no playbook needed): the last calls' objective, the POWNs and
the starred hot button, what each side committed to, and whether the next step was kept.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from callmate.core.call_record import CallRecord, StoredStep
from callmate.core.immutable import immutable
from callmate.core.judgement import our_part_words
from callmate.core.records import hot_buttons, pown_items
from callmate.core.silence import UNANSWERED, Pacing, Silence, day_text, what_it_lacked

if TYPE_CHECKING:
    from callmate.core.playbook import Playbook

MAX_CALLS = 3


@immutable
class BriefCall:
    """One earlier call as the pre-call brief tells it: what was found and what was agreed."""

    started: str
    playbook: str
    objective: str
    powns: tuple[tuple[str, str], ...]  # (tag, text)
    hot_buttons: tuple[str, ...]
    next_step: str
    their_commitment: str
    our_commitment: str
    #: What `our_commitment` is: our part of a step, or the message left on a retry.
    our_part: str
    outcome: str  # kept / missed / rescheduled / not marked yet
    #: What the conversation lacked (silence.what_it_lacked: "no agreed pain (they said no)")
    #: and the objections left open: what to pick up this time. Empty for a call that did not
    #: connect.
    lacked: tuple[str, ...] = ()


def brief_of(
    records: list[CallRecord], playbook_of: Callable[[CallRecord], Playbook | None] | None = None
) -> list[BriefCall]:
    """The prospect's last completed calls, newest first. ``playbook_of`` finds a call's
    playbook, for what each conversation lacked (by the core's judgement, as for prospects
    who went quiet); without it the stored answers are judged by their ids."""
    done = [r for r in records if r.status == "completed"]
    done.sort(key=lambda r: r.ended or r.started, reverse=True)
    calls = []
    for record in done[:MAX_CALLS]:
        step = record.next_step or StoredStep(due="")
        lacked: tuple[str, ...] = ()
        if record.outcome == "connected":
            playbook = playbook_of(record) if playbook_of is not None else None
            still_open = [o.title or o.card for o in record.objections if o.resolved_at is None]
            lacked = what_it_lacked(record, playbook) + tuple(
                f"the objection '{title}' was left open" for title in still_open
            )
        calls.append(
            BriefCall(
                started=record.started[:16].replace("T", " "),
                playbook=record.playbook.name,
                objective=record.objective,
                powns=tuple((i.tag, i.text) for i in pown_items(record)),
                hot_buttons=tuple(hot_buttons(record)),
                next_step=step.what,
                their_commitment=step.their_commitment,
                our_commitment=step.our_commitment,
                our_part=our_part_words(step),
                outcome=step.outcome or "not marked yet",
                lacked=lacked,
            )
        )
    return calls


def quiet_lines(
    silence: Silence,
    lacked: tuple[str, ...],
    pacing: Pacing,
    now: datetime | None = None,
    topic: str = "",
) -> list[str]:
    """For a silent prospect: the attempts, what the last real conversation lacked, what next.

    Silence usually follows shallow discovery, so the brief says what to dig into this time.
    With ``now`` (the brief before a call) a call that comes before the minimum gap, and a
    retry still booked that should be dropped, are said first: the rep may go on, knowing.
    ``topic`` is the nurture list's topic when they are on it.
    """
    hows = ", ".join(UNANSWERED.get(a.how, a.how) for a in silence.attempts)
    since = "since the last conversation" if silence.last_conversation else "so far"
    lines = [f"{silence.unanswered_words} {since} ({hows})."]
    if silence.last_conversation is None:
        lines.append("There has been no real conversation yet.")
    elif lacked:
        lines.append("The last real conversation lacked:")
        lines += [f"- {item}" for item in lacked]
    else:
        lines.append("The last real conversation had agreed pain, a commitment and an advance.")
    first: list[str] = []
    if silence.nurtured:
        about = f" (touches on '{topic}')" if topic else ""
        first.append(
            f"They are on the nurture list{about}: no more calls. "
            "Call only if they got back to you."
        )
    sent = silence.takeaway_at
    if sent is not None:
        # Said before anything else: a call now goes back on the word the message gave.
        first.append(
            f"A takeaway message was sent {day_text(sent)}: you told them the calls stop. "
            "Call only if they got back to you."
        )
    if now is not None:
        soon = silence.too_soon(pacing, now)
        if soon is not None:
            first.append(soon)
        booked = silence.booked_words(pacing, now)
        if booked is not None and silence.stop_calling(pacing):
            first.append(f"{booked[0].upper()}{booked[1:]}.")
    lines.append(f"Next: {silence.suggestion(pacing, now).rstrip('.')}.")
    return first + lines
