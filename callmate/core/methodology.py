"""Methodology checks: valid YAML can still set a rep up for a prospect who goes silent.

Each finding names a habit that keeps prospects engaged after the first call: a shared agenda,
discovery of their problems, a commitment question tied to a captured problem, knowing who decides,
and a suggested next step that is a real advance.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from callmate.core.judgement import commitment_questions, judge_step_text, pain_questions
from callmate.core.playbook import Capture, Playbook, Question, SectionKind, Signal
from callmate.core.templates import template_names

#: Minutes a required question takes on a real call, talk and listening included.
MINUTES_PER_REQUIRED_QUESTION = 2
PROBLEM_NAMES = frozenset({"hot_button", "last_hot_button", "last_problem"})
#: The furthest next step `--strict` lets pass. The advice is to be back in touch the same day
#: or the next; two weeks is already generous while the problem is fresh.
STRICT_MAX_DAYS = 14


@dataclass(frozen=True)
class Finding:
    message: str
    question_id: str | None = None
    key: str | None = None
    #: Where to point when it is not a question or a top-level key, such as a suggestion.
    path: tuple[str | int, ...] | None = None


#: Wording that asks when they would act ("how soon", "when", "start"), for a commitment section
#: whose questions carry no `signal: commitment`.
_ASKS_WHEN = re.compile(
    r"\b(?:how soon|how quickly|when|start\w*|begin\w*|timelines?|timing|deadlines?|dates?|"
    r"go live|ready|(?:this|next) (?:week|month|quarter|year))\b",
    re.IGNORECASE,
)
#: Wording that asks who decides or how they buy, for a decision-maker section whose questions
#: carry no `signal: decision_maker`.
_ASKS_WHO_DECIDES = re.compile(
    r"\b(?:who\w*|decid\w*|decision\w*|sign\w*|approv\w*|budget\w*|buy\w*|purchas\w*|"
    r"procure\w*|authori[sz]\w*|final (?:say|yes|call|word)|your call)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Job:
    """One habit of the method: the section kind for it, and how a question shows it does it."""

    kind: SectionKind
    missing: str
    does_it: Callable[[Question], bool]
    #: Why a section of this kind whose questions do not do the job gets a warning.
    not_done: str


def _captures_powns(q: Question) -> bool:
    return q.capture is Capture.POWNS


def _asks_commitment(q: Question) -> bool:
    return q.signal is Signal.COMMITMENT or bool(_ASKS_WHEN.search(q.prompt))


def _asks_decider(q: Question) -> bool:
    return q.signal is Signal.DECISION_MAKER or bool(_ASKS_WHO_DECIDES.search(q.prompt))


JOBS = (
    _Job(
        SectionKind.POWNS,
        "no POWN discovery section: without the prospect's problems, opportunities, wants and "
        "needs there is nothing for a next step to be about (a `kind: powns` section, or a "
        "question with `capture: powns`)",
        _captures_powns,
        "none of its questions captures `powns`, so no problem is captured as a POWN item: "
        "there is no hot button to star and `{problems}` stays empty in later text; make the "
        "main discovery question `capture: powns`",
    ),
    _Job(
        SectionKind.COMMITMENT,
        "no commitment section: ask how soon they would want to start if the problem were "
        "solved, or the rep cannot tell interest from intent (a `kind: commitment` section, or "
        "a question with `signal: commitment`)",
        _asks_commitment,
        "none of its questions asks how soon they would act: ask 'If we solved {problems}, how "
        "soon would you want to start?' and mark it `signal: commitment`",
    ),
    _Job(
        SectionKind.DECISION_MAKER,
        "no decision-maker or buying-process check: an eager contact who cannot buy is the "
        "prospect most likely to go silent (a `kind: decision_maker` section, or a yes/no "
        "question with `signal: decision_maker`)",
        _asks_decider,
        "none of its questions asks who decides or how they buy: ask 'When it comes to the "
        "final yes, is that your call?' (yes/no, `signal: decision_maker`) and who else is "
        "involved",
    ),
)


def review(playbook: Playbook) -> list[Finding]:
    """What a sales trainer would point out in this playbook; empty when it follows the method.

    Each habit counts where a question does it (its capture or signal says so, whatever the
    section's kind), and a section whose kind promises a habit must have a question doing it.
    """
    kinds = {s.kind for s in playbook.sections}
    findings: list[Finding] = []
    if SectionKind.AGENDA not in kinds:
        findings.append(
            Finding(
                "no agenda section: a call without a shared agenda and permission to ask "
                "questions drifts, and the prospect never agrees what the call is for",
                key="sections",
            )
        )
    for job in JOBS:
        marked = any(_marks(job, q) for q in playbook.questions)
        if job.kind not in kinds and not marked:
            findings.append(Finding(job.missing, key="sections"))
        for i, section in enumerate(playbook.sections):
            if section.kind is job.kind and not any(job.does_it(q) for q in section.questions):
                findings.append(
                    Finding(
                        f"section '{section.id}' is a {job.kind.value} section, but "
                        + job.not_done,
                        path=("sections", i, "kind"),
                    )
                )
    powns_ids = {
        q.id
        for s in playbook.sections
        for q in s.questions
        if s.kind is SectionKind.POWNS or q.capture is Capture.POWNS
    }
    # A commitment section that asks nothing about timing already has its warning above.
    commitment = [q for q in commitment_questions(playbook) if _asks_commitment(q)]
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
    findings += _timing(playbook)
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


def _marks(job: _Job, question: Question) -> bool:
    """Whether a question does the job plainly, by its capture or signal, in any section."""
    if job.kind is SectionKind.POWNS:
        return question.capture is Capture.POWNS
    wanted = Signal.COMMITMENT if job.kind is SectionKind.COMMITMENT else Signal.DECISION_MAKER
    return question.signal is wanted


def _timing(playbook: Playbook) -> list[Finding]:
    """Section time boxes that cannot all fit in the call's own time box."""
    given = [s.minutes for s in playbook.sections if s.minutes is not None]
    total = sum(given)
    if total <= playbook.minutes:
        return []
    return [
        Finding(
            f"the sections' minutes add up to {total}, more than the call's {playbook.minutes} "
            "minutes: shorten some sections or raise 'minutes' at the top, or the clock shows "
            "the call over time before its last section starts",
            key="minutes",
        )
    ]


def _confirms_pain(playbook: Playbook) -> bool:
    """Whether some question asks if the pain is big enough, as the core judgement finds it."""
    return bool(pain_questions(playbook))


def strict_review(playbook: Playbook) -> list[Finding]:
    """What `validate --strict` also holds a playbook to: a next-step policy that keeps the sale
    moving. These are judgement calls a trainer may make on purpose, so only --strict asks."""
    policy = playbook.next_step
    findings: list[Finding] = []
    if not policy.require_prospect_commitment:
        findings.append(
            Finding(
                "require_prospect_commitment is false, so a call can end with only what we will "
                "do; a next step without the prospect's own part is how prospects go silent",
                path=("next_step", "require_prospect_commitment"),
            )
        )
    if not _confirms_pain(playbook):
        findings.append(
            Finding(
                "no question asks whether the problem is big enough to fix: add a yes/no or "
                "1-10 question such as 'Is that big enough that you want to do something about "
                "it?' and mark it `signal: pain_agreed`, or the rep cannot tell interest from "
                "intent",
                key="sections",
            )
        )
    if policy.max_days > STRICT_MAX_DAYS:
        findings.append(
            Finding(
                f"max_days: {policy.max_days} lets the next step wait {policy.max_days} days; "
                "be back in touch the same day or the next while the problem is fresh, and "
                f"keep the furthest date within {STRICT_MAX_DAYS} days",
                path=("next_step", "max_days"),
            )
        )
    for i, text in enumerate(policy.suggestions):
        judged = judge_step_text(text, policy)
        if not judged.advance:
            findings.append(
                Finding(
                    f"suggested next step {i + 1} is not an advance: {judged.reason}. Suggest "
                    "something with a date and a part for the prospect, such as a call booked to "
                    "go through it together",
                    path=("next_step", "suggestions", i),
                )
            )
    return findings
