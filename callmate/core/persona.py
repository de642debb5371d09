"""Practice personas and the scripted partner that plays them against a playbook.

A persona is a prospect written by a trainer (see docs/personas.md); `PracticePartner` answers the
rep's questions as that prospect. It reads the call only through the session record and keeps no
clock or randomness, so the same questions in the same order always get the same replies.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from callmate.core.playbook import Capture, Playbook, PownTag, Question, SectionKind, Signal
from callmate.core.scoring import pain_agreed, pitched_before_discovery

if TYPE_CHECKING:
    from callmate.core.session import CallSession

DEFAULT_REPLY_KEY = "default"
SECTION_KINDS = frozenset(k.value for k in SectionKind)


@dataclass(frozen=True)
class PersonaPown:
    tag: PownTag
    text: str


@dataclass(frozen=True)
class ObjectionTrigger:
    """When an objection comes up: on entering a kind of section, or once a question is answered."""

    section: SectionKind | None = None
    after_question: str | None = None


@dataclass(frozen=True)
class Objection:
    text: str
    when: ObjectionTrigger


@dataclass(frozen=True)
class CommitmentModel:
    """How keen the persona is to act (0-10), and what moves it."""

    start: int = 5
    rises_when_pain_agreed: int = 2
    drops_when_pitch_before_discovery: int = 2
    weak_below: int = 5
    strong: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()


@dataclass(frozen=True)
class Persona:
    name: str
    display_name: str
    replies: Mapping[str, tuple[str, ...]]
    role: str = ""
    company: str = ""
    decides: bool = False
    buying_process: str = ""
    powns: tuple[PersonaPown, ...] = ()
    hot_button: str = ""
    objections: tuple[Objection, ...] = ()
    commitment: CommitmentModel = field(default_factory=CommitmentModel)
    path: str = ""

    def reply_keys(self) -> list[str]:
        """Reply keys that should name question ids (not section kinds or the default)."""
        return [k for k in self.replies if k not in SECTION_KINDS and k != DEFAULT_REPLY_KEY]


@dataclass(frozen=True)
class Reply:
    """What the persona says, an objection they raise with it, and why (for the screen and tests).

    `key` names where the text came from: a question id, a section kind, "commitment:strong",
    "commitment:weak", "powns:<tag>", "decides", "buying_process" or "default".
    """

    text: str
    objection: str | None = None
    key: str = DEFAULT_REPLY_KEY
    level: int = 0


class PracticePartner:
    """Plays a persona: call `reply` once each time the rep asks a question.

    Reply order for a question: a reply keyed by its id; for the commitment question (those
    marked `signal: commitment`, else the first question of each commitment section), the
    persona's strong or weak commitment replies by the current level; for a POWN
    question, the persona's own items with that question's tag; in a decision-maker section, a
    yes/no question is answered from `decides`; then a reply keyed by the section's kind (with
    `buying_process` as the decision-maker fallback); then the default. A key with several
    replies gives the Nth one on its Nth use and repeats the last.
    """

    def __init__(
        self,
        persona: Persona,
        playbook: Playbook,
        *,
        pain_questions: Collection[str] | None = None,
    ) -> None:
        self.persona = persona
        self.playbook = playbook
        self.pain_questions = pain_questions
        self._uses: dict[str, int] = {}
        self._raised: set[int] = set()
        marked = {q.id for q in playbook.with_signal(Signal.COMMITMENT)}
        self._commitment_ids = marked or {
            s.questions[0].id for s in playbook.sections if s.kind is SectionKind.COMMITMENT
        }

    def level(self, record: Mapping[str, Any]) -> int:
        """The persona's commitment now, 0-10, worked out from the call so far."""
        model = self.persona.commitment
        level = model.start
        if pain_agreed(record, self.playbook, self.pain_questions):
            level += model.rises_when_pain_agreed
        if pitched_before_discovery(record):
            level -= model.drops_when_pitch_before_discovery
        return max(0, min(10, level))

    def reply(self, question: Question, session: CallSession) -> Reply:
        record = session.record
        level = self.level(record)
        key, texts = self._pick(question, level)
        return Reply(self._use(key, texts), self._objection(question, record), key, level)

    # -- choosing the words -------------------------------------------------------------------
    def _pick(self, question: Question, level: int) -> tuple[str, tuple[str, ...]]:
        persona = self.persona
        replies = persona.replies
        kind = self.playbook.section_of(question.id).kind
        if question.id in replies:
            return question.id, replies[question.id]
        if question.id in self._commitment_ids:
            strength = "weak" if level < persona.commitment.weak_below else "strong"
            texts = getattr(persona.commitment, strength)
            if texts:
                return f"commitment:{strength}", texts
        if question.capture is Capture.POWNS:
            said = _pown_reply(persona, question.tag)
            if said:
                return f"powns:{question.tag.value}", (said,)
        if kind is SectionKind.DECISION_MAKER and question.capture is Capture.YES_NO:
            return "decides", (_decides_reply(persona),)
        if kind.value in replies:
            return kind.value, replies[kind.value]
        if kind is SectionKind.DECISION_MAKER and persona.buying_process:
            return "buying_process", (persona.buying_process,)
        return DEFAULT_REPLY_KEY, replies[DEFAULT_REPLY_KEY]

    def _use(self, key: str, texts: tuple[str, ...]) -> str:
        uses = self._uses.get(key, 0)
        self._uses[key] = uses + 1
        return texts[min(uses, len(texts) - 1)]

    def _objection(self, question: Question, record: Mapping[str, Any]) -> str | None:
        """The first objection now due that has not been raised yet (one per reply)."""
        kind = self.playbook.section_of(question.id).kind
        answers = record.get("answers") or {}
        for index, objection in enumerate(self.persona.objections):
            if index in self._raised:
                continue
            trigger = objection.when
            if trigger.after_question is not None:
                entry = answers.get(trigger.after_question)
                due = isinstance(entry, dict) and entry.get("value") not in (None, "", [])
            else:
                due = trigger.section is kind
            if due:
                self._raised.add(index)
                return objection.text
        return None


def _pown_reply(persona: Persona, tag: PownTag) -> str:
    """The persona's items with this tag in one breath, the hot button said last and strongest."""
    items = [p.text for p in persona.powns if p.tag is tag]
    if not items:
        return ""
    rest = [_sentence(i) for i in items if i != persona.hot_button]
    if persona.hot_button in items:
        rest.append(f"And most of all: {persona.hot_button.strip().rstrip('.')}.")
    return " ".join(rest)


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:] + "."


def _decides_reply(persona: Persona) -> str:
    if persona.decides:
        return "Yes, the final call is mine."
    return "No, not on my own." + (f" {persona.buying_process}" if persona.buying_process else "")
