"""Live coaching cues: the right reminder at the right moment, worked out from what was captured.

Pure functions of the session and the time, so a cue can be tested on the answers that should
(and should not) make it appear. The screen shows them quietly; they never take focus. Whether
the pain is agreed and a commitment is weak are judged exactly as the scorecard judges them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from callmate.core.playbook import SectionKind, Signal
from callmate.core.scoring import commitment_is_strong, pain_agreed

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
#: A prospect asking to be sent something: a verb of sending, then what they want, close by.
INFO_REQUEST = re.compile(
    r"\b(send|email|e-mail|mail|forward)\b[^.?!]{0,40}?"
    r"\b(info|information|details|brochure|deck|pdf|pricing|proposal|something)\b",
    re.I,
)
#: Minutes before the end of the time box at which the time cue appears (or 15% of it if more).
TIME_WARNING_MINUTES = 3


@dataclass(frozen=True)
class Cue:
    id: str
    text: str


def _texts(session: CallSession) -> list[str]:
    out = [n["text"] for n in session.record["notes"]]
    for entry in session.record["answers"].values():
        value = entry["value"]
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, list):
            out.extend(str(i["text"]) if isinstance(i, dict) else str(i) for i in value)
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
    agreed = pain_agreed(session.record, playbook, playbook.scoring.pain_questions or None)
    if at_commitment and not agreed:
        found.append("no_agreed_pain")
    if any(
        session.is_answered(q.id) and not commitment_is_strong(q, session.value(q.id))
        for q in playbook.with_signal(Signal.COMMITMENT)
    ):
        found.append("weak_commitment")
    if any(session.value(q.id) is False for q in playbook.with_signal(Signal.DECISION_MAKER)):
        found.append("not_decision_maker")
    info_asked = any(session.value(q.id) is True for q in playbook.with_signal(Signal.INFO_REQUEST))
    if (
        info_asked
        or any(INFO_REQUEST.search(t) for t in _texts(session))
        or any("info" in o["card"] for o in session.open_objections())
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
        answered = session.is_answered(rule.question) or rule.question in session.record["skipped"]
        if answered and rule.when.matches(session.value(rule.question)):
            cues.append(Cue(rule.id, session.say(rule.say)))
    return cues
