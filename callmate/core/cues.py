"""Live coaching cues: the right reminder at the right moment, worked out from what was captured.

Pure functions of the session and the time, so a cue can be tested on the answers that should
(and should not) make it appear. The screen shows them quietly; they never take focus. Whether
the pain is agreed, a commitment is weak or the contact decides is the core's judgement
(core/judgement.py), the same one the scorecard and the gate ask.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from callmate.core import judgement
from callmate.core.call_record import PownItem
from callmate.core.immutable import immutable
from callmate.core.judgement import Decider, Timeline, Verdict, asks_for_information
from callmate.core.playbook import SectionKind, Signal

if TYPE_CHECKING:
    from callmate.core.session import CallSession

BUILTIN_CUES = {
    "no_agreed_pain": "No problem is agreed to be big enough to solve yet: go back to their "
    "POWNs before asking how soon they want to start.",
    "weak_commitment": "That commitment sounds weak: re-establish the pain before asking for a "
    "next step.",
    "not_decision_maker": "They are not the decision maker: the next step should bring the "
    "decision maker in.",
    "asked_for_info": "They asked for information: go through it together now, or get a dated "
    "commitment to review it together before sending anything.",
    "time_nearly_up": "The time box is nearly used up: move to the next step now.",
}
#: Minutes before the end of the time box at which the time cue appears (or 15% of it if more).
TIME_WARNING_MINUTES = 3


@immutable
class Cue:
    """A short reminder shown beside the question while the rep talks (id for muting it)."""

    id: str
    text: str


def _texts(session: CallSession) -> list[str]:
    out = [n.text for n in session.record.notes]
    for entry in session.record.answers.values():
        value = entry.value
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, list):
            out.extend(i.text if isinstance(i, PownItem) else i for i in value)
    return out


def builtin(session: CallSession, now: datetime) -> list[str]:
    """The ids of the built-in cues whose situation holds right now."""
    playbook = session.playbook
    found: list[str] = []
    current = session.current()
    at_commitment = current is not None and (
        current.signal is Signal.COMMITMENT
        or playbook.section(current.section_id).kind is SectionKind.COMMITMENT
    )
    pain = judgement.pain(session.record, playbook)
    if at_commitment and pain.verdict is not Verdict.MET:
        found.append("no_agreed_pain")
    firmness, _ = judgement.timeline(session.record, playbook)
    if firmness in (Timeline.WEAK, Timeline.NONE):
        found.append("weak_commitment")
    if judgement.decider(session.record, playbook)[0] is Decider.SOMEONE_ELSE:
        found.append("not_decision_maker")
    info_asked = any(session.value(q.id) is True for q in playbook.with_signal(Signal.INFO_REQUEST))
    if (
        info_asked
        or any(asks_for_information(t) for t in _texts(session))
        or any("info" in o.card for o in session.open_objections())
    ):
        found.append("asked_for_info")
    budget = playbook.minutes
    warning = max(TIME_WARNING_MINUTES, budget * 0.15)
    if session.elapsed_seconds(now) >= (budget - warning) * 60 and not session.completed:
        found.append("time_nearly_up")
    return found


def active_cues(session: CallSession, now: datetime) -> list[Cue]:
    """Every cue to show now: built-ins the playbook keeps, then the trainer's own rules."""
    policy = session.playbook.cues
    cues: list[Cue] = []
    if policy.defaults:
        cues.extend(
            Cue(cue_id, BUILTIN_CUES[cue_id])
            for cue_id in builtin(session, now)
            if cue_id not in policy.mute
        )
    for rule in policy.rules:
        answered = session.is_answered(rule.question) or rule.question in session.record.skipped
        if answered and rule.when.matches(session.value(rule.question)):
            cues.append(Cue(rule.id, session.say(rule.say)))
    return cues
