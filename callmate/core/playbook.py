"""The playbook model: what a trainer wrote, after validation.

Plain frozen dataclasses so the session, the scorer and the UI can rely on every field being present
and well typed; all checking happens once, in `playbook_loader`.
"""

from __future__ import annotations

from dataclasses import field
from enum import StrEnum
from typing import Any

from callmate.core.call_record import PlaybookRef
from callmate.core.immutable import immutable


class SectionKind(StrEnum):
    AGENDA = "agenda"
    POWNS = "powns"
    COMMITMENT = "commitment"
    DECISION_MAKER = "decision_maker"
    OBJECTIONS = "objections"
    OTHER = "other"


class Capture(StrEnum):
    TEXT = "text"
    LIST = "list"
    YES_NO = "yes_no"
    CHOICE = "choice"
    SCALE = "scale"
    POWNS = "powns"


class Signal(StrEnum):
    """What a question tells the live cues and the scorecard, whatever its id or wording."""

    PAIN_AGREED = "pain_agreed"
    COMMITMENT = "commitment"
    DECISION_MAKER = "decision_maker"
    INFO_REQUEST = "info_request"
    #: What the prospect said they will do before the next step: it prefills the gate.
    THEIR_PART = "their_part"


#: What each signal can be read from: a question capturing one of these.
SIGNAL_CAPTURES = {
    Signal.PAIN_AGREED: (Capture.YES_NO, Capture.SCALE),
    Signal.COMMITMENT: (Capture.CHOICE, Capture.SCALE, Capture.TEXT),
    Signal.DECISION_MAKER: (Capture.YES_NO,),
    Signal.INFO_REQUEST: (Capture.YES_NO,),
    Signal.THEIR_PART: (Capture.TEXT,),
}


class PownTag(StrEnum):
    PROBLEM = "problem"
    OPPORTUNITY = "opportunity"
    WANT = "want"
    NEED = "need"


@immutable
class Condition:
    """When a branch rule fires. Exactly one of the fields is meaningful, named by `kind`."""

    kind: str  # "equals" | "any_of" | "at_most" | "at_least" | "answered"
    values: tuple[Any, ...] = ()
    number: int = 0
    answered: bool = True

    def matches(self, value: Any) -> bool:
        if self.kind == "answered":
            return (value is not None and value != [] and value != "") == self.answered
        if value is None:
            return False
        if self.kind in ("equals", "any_of"):
            return any(_same(value, wanted) for wanted in self.values)
        if isinstance(value, bool) or not isinstance(value, int):
            return False
        if self.kind == "at_most":
            return value <= self.number
        return value >= self.number


def _same(value: Any, wanted: Any) -> bool:
    """Compare an answer with a trainer's literal, forgiving case and surrounding spaces."""
    if isinstance(value, bool) or isinstance(wanted, bool):
        return value is wanted
    if isinstance(value, str) and isinstance(wanted, str):
        return value.strip().casefold() == wanted.strip().casefold()
    return bool(value == wanted)


@immutable
class BranchRule:
    """When an answer meets ``when``: questions to show or skip, where to go and what to say."""

    when: Condition
    show: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    goto: str | None = None
    say: str | None = None


@immutable
class Question:
    """One question of a playbook: what the rep asks and how the answer is captured."""

    id: str
    prompt: str
    section_id: str
    capture: Capture = Capture.TEXT
    hints: tuple[str, ...] = ()
    required: bool = False
    choices: tuple[str, ...] = ()
    tag: PownTag = PownTag.PROBLEM
    hidden: bool = False
    branch: tuple[BranchRule, ...] = ()
    signal: Signal | None = None
    weak: tuple[str, ...] = ()
    #: A short name in the rep's words ("Cost of doing nothing"); empty: the prompt, cut short.
    label: str = ""
    #: Said instead of the prompt when the prompt quotes the previous call ({last_...}) and
    #: that call did not capture it: a placeholder must never be read to the prospect.
    fallback: str = ""

    @property
    def takes_many(self) -> bool:
        """List-like captures take one item per Enter; an empty Enter moves on."""
        return self.capture in (Capture.LIST, Capture.POWNS)


@immutable
class Section:
    """A part of the call (agenda, discovery, ...) and its questions, in order."""

    id: str
    title: str
    kind: SectionKind
    questions: tuple[Question, ...]
    minutes: int | None = None
    intro: str | None = None


@immutable
class NextStepPolicy:
    """How a playbook wants its next steps: the gate and the scorecard both read it.

    `continuations` and `advances` add a playbook's own phrases to the core's judgement of
    whether a step moves the sale (see core/judgement.py); `nudge_days` is how far away a step may
    be before the gate says that sooner would be better.
    """

    require_prospect_commitment: bool = True
    max_days: int = 14
    suggestions: tuple[str, ...] = ()
    continuations: tuple[str, ...] = ()
    advances: tuple[str, ...] = ()
    nudge_days: int = 2


@immutable
class Card:
    """An objection card: what prospects say, and how a rep works through it."""

    id: str
    title: str
    says: tuple[str, ...] = ()
    response: str = ""
    probes: tuple[str, ...] = ()


@immutable
class CueRule:
    """A trainer's own cue: shown quietly while its condition holds."""

    id: str
    question: str
    when: Condition
    say: str


@immutable
class CuePolicy:
    """Which cues a playbook shows: the built-in ones or not, muted ids and its own rules."""

    defaults: bool = True
    mute: tuple[str, ...] = ()
    rules: tuple[CueRule, ...] = ()


@immutable
class Slot:
    """A qualification slot (decision maker, timeline, pain...) judged from any of its questions.

    `meets` says which answers meet the slot; without it the core's defaults apply (a yes, a
    high scale, an early choice, an answer not on the question's `weak` list).
    """

    id: str
    label: str
    questions: tuple[str, ...]
    meets: Condition | None = None


@immutable
class ExtraCriterion:
    """A trainer's own yes/no check on one answer, from a playbook's `scoring: extra:` list.

    `points` is its weight on the same scale as the default weights (which add up to 100).
    """

    id: str
    label: str
    question: str
    expect: Condition
    points: float
    tip: str = ""


@immutable
class ScoringPolicy:
    """A playbook's own weighting of the scorecard, and checks it adds."""

    weights: tuple[tuple[str, float], ...] = ()
    extra: tuple[ExtraCriterion, ...] = ()
    pain_questions: tuple[str, ...] = ()


@immutable
class Playbook:
    """A checked playbook: the sections a call walks, its cards, cues and scoring."""

    name: str
    title: str
    objective: str
    sections: tuple[Section, ...]
    version: str = "1"
    description: str = ""
    minutes: int = 30
    next_step: NextStepPolicy = field(default_factory=NextStepPolicy)
    cards: tuple[Card, ...] = ()
    cues: CuePolicy = field(default_factory=CuePolicy)
    qualification: tuple[Slot, ...] = ()
    scoring: ScoringPolicy = field(default_factory=ScoringPolicy)
    sha256: str = ""
    path: str = ""

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    def section_of(self, question_id: str) -> Section:
        return self.section(self.question(question_id).section_id)

    def with_signal(self, signal: Signal) -> list[Question]:
        return [q for q in self.questions if q.signal is signal]

    def ref(self) -> PlaybookRef:
        """Which edition of which playbook a call used: stored with every call."""
        return PlaybookRef(self.name, self.title, self.version, self.sha256, self.path)
