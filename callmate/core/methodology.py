"""Methodology checks: valid YAML can still set a rep up for a prospect who goes silent.

Each finding names a habit that keeps prospects engaged after the first call: a shared agenda,
discovery of their problems, a commitment question tied to a captured problem, knowing who decides,
and a suggested next step that is a real advance.
"""

from __future__ import annotations

from dataclasses import dataclass

from callmate.core.playbook import Capture, Playbook, SectionKind
from callmate.core.templates import template_names

#: Minutes a required question takes on a real call, talk and listening included.
MINUTES_PER_REQUIRED_QUESTION = 2
PROBLEM_NAMES = frozenset({"hot_button", "last_hot_button", "last_problem"})


@dataclass(frozen=True)
class Finding:
    message: str
    question_id: str | None = None
    key: str | None = None


def review(playbook: Playbook) -> list[Finding]:
    """What a sales trainer would point out in this playbook; empty when it follows the method."""
    kinds = {s.kind for s in playbook.sections}
    findings: list[Finding] = []
    missing = {
        SectionKind.AGENDA: "no agenda section: a call without a shared agenda and permission to "
        "ask questions drifts, and the prospect never agrees what the call is for",
        SectionKind.POWNS: "no POWN discovery section: without the prospect's problems, "
        "opportunities, wants and needs there is nothing for a next step to be about",
        SectionKind.COMMITMENT: "no commitment section: ask how soon they would want to start if "
        "the problem were solved, or the rep cannot tell interest from intent",
        SectionKind.DECISION_MAKER: "no decision-maker or buying-process check: an eager contact "
        "who cannot buy is the prospect most likely to go silent",
    }
    for kind, message in missing.items():
        if kind not in kinds:
            findings.append(Finding(message, key="sections"))
    powns_ids = {
        q.id
        for s in playbook.sections
        for q in s.questions
        if s.kind is SectionKind.POWNS or q.capture is Capture.POWNS
    }
    commitment = [
        q for s in playbook.sections if s.kind is SectionKind.COMMITMENT for q in s.questions
    ]
    refers_back = [
        q for q in commitment if set(template_names(q.prompt)[0]) & (powns_ids | PROBLEM_NAMES)
    ]
    if commitment and not refers_back:
        findings.append(
            Finding(
                f"the commitment question '{commitment[0].id}' does not refer back to a captured "
                "problem: reuse one, e.g. 'If we could solve {problems}, how soon ...'",
                question_id=commitment[0].id,
                key="prompt",
            )
        )
    if not playbook.next_step.suggestions:
        findings.append(
            Finding(
                "no suggested next steps: give reps two or three real advances to offer (a dated "
                "review together, a call that brings in the decision maker)",
                key="next_step",
            )
        )
    required = sum(1 for q in playbook.questions if q.required and not q.hidden)
    needed = required * MINUTES_PER_REQUIRED_QUESTION
    if needed > playbook.minutes:
        findings.append(
            Finding(
                f"{required} required questions take about {needed} minutes, more than the call's "
                f"{playbook.minutes}-minute time box: make some optional or lengthen 'minutes'",
                key="minutes",
            )
        )
    return findings
