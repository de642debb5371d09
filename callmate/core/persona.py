"""Practice personas and the scripted partner that plays them against a playbook.

A persona is a prospect written by a trainer (see docs/personas.md); `PracticePartner` answers the
rep's questions as that prospect. It reads the call only through the session record and keeps no
clock or randomness, so the same questions in the same order always get the same replies.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import field
from typing import TYPE_CHECKING

from callmate.core import practice_truth
from callmate.core.answers import given
from callmate.core.call_record import CallRecord
from callmate.core.immutable import immutable
from callmate.core.playbook import Capture, Playbook, PownTag, Question, SectionKind, Signal
from callmate.core.scoring import pain_agreed, pitched_before_discovery

if TYPE_CHECKING:
    from callmate.core.session import CallSession

DEFAULT_REPLY_KEY = "default"
NOTHING_MORE_KEY = "nothing_more"
SECTION_KINDS = frozenset(k.value for k in SectionKind)


@immutable
class PersonaPown:
    """A problem, opportunity, want or need the persona reveals when asked well."""

    tag: PownTag
    text: str


@immutable
class ObjectionTrigger:
    """When an objection comes up: on entering a kind of section, or once a question is answered."""

    section: SectionKind | None = None
    after_question: str | None = None


@immutable
class Objection:
    """An objection the persona raises, and what makes it raise it."""

    text: str
    when: ObjectionTrigger


@immutable
class CommitmentModel:
    """How keen the persona is to act (0-10), and what moves it."""

    start: int = 5
    rises_when_pain_agreed: int = 2
    drops_when_pitch_before_discovery: int = 2
    weak_below: int = 5
    strong: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()


@immutable
class Phrases:
    """The few lines callmate has a persona say by itself, in the persona's own language."""

    #: To a yes/no "do you decide?" in a decision-maker section, when `decides` is true.
    decides_yes: str = "Yes, the final call is mine."
    #: The same when `decides` is false; the buying process follows it.
    decides_no: str = "No, not on my own."
    #: Said before the hot button, the last and strongest POWN item.
    most_of_all: str = "And most of all:"
    #: Said when "what else?" finds no item left to tell (never an item the rep missed).
    nothing_more: str = "That's about it, really. Nothing else comes to mind."
    #: Said to "what else?" at a question that collects no POWN items.
    what_else_about_what: str = "What else about what?"


@immutable
class Persona:
    """A scripted prospect for practice: who they are, what they reveal and how they commit."""

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
    phrases: Phrases = field(default_factory=Phrases)
    path: str = ""

    def reply_keys(self) -> list[str]:
        """Reply keys that should name question ids (not section kinds or the default)."""
        return [k for k in self.replies if k not in SECTION_KINDS and k != DEFAULT_REPLY_KEY]


@immutable
class Reply:
    """What the persona says, an objection they raise with it, and why (for the screen and tests).

    `key` names where the text came from: a question id, a section kind, "commitment:strong",
    "commitment:weak", "powns:<tag>", "decides", "buying_process", "default", "what_else", or
    "nothing_more" (its line for "there is nothing more to tell": record it as such, see
    CallSession.record_reply, so no capture of it earns credit).
    """

    text: str
    objection: str | None = None
    key: str = DEFAULT_REPLY_KEY
    level: int = 0

    @property
    def nothing_more(self) -> bool:
        return self.key == NOTHING_MORE_KEY


class PracticePartner:
    """Plays a persona: call `reply` once each time the rep asks a question.

    Reply order for a question: a reply keyed by its id; for the commitment question (those
    marked `signal: commitment`, else the first question of each commitment section), the
    persona's strong or weak commitment replies by the current level; for a POWN
    question, the persona's own items with that question's tag, then those of a tag no POWN
    question of the playbook asks for (so none is left unsaid); in a decision-maker section, a
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
        marked = {q.id for q in playbook.with_signal(Signal.COMMITMENT)}
        self._pown_tags = {q.tag for q in playbook.questions if q.capture is Capture.POWNS}
        self._commitment_ids = marked or {
            s.questions[0].id for s in playbook.sections if s.kind is SectionKind.COMMITMENT
        }

    def level(self, record: CallRecord) -> int:
        """The persona's commitment now, 0-10, worked out from the call so far.

        It rises once the pain is agreed; it drops for a pitch before discovery, for skipping
        the agenda, and for asking about commitment before the pain was agreed (guarded).
        """
        model = self.persona.commitment
        level = model.start
        heard = practice_truth.check(record, self.playbook)  # what it said, not what was typed
        if self._pain_agreed(record):
            level += model.rises_when_pain_agreed
        elif self._asked_commitment(record):
            level -= model.drops_when_pitch_before_discovery
        if pitched_before_discovery(heard.record):
            level -= model.drops_when_pitch_before_discovery
        if self.agenda_skipped(heard.asked()):  # an agenda reply it left open is still asked
            level -= model.drops_when_pitch_before_discovery
        return max(0, min(10, level))

    def _pain_agreed(self, record: CallRecord) -> bool:
        """Whether the persona itself said the problem is big enough: its words, read without
        guessing ("Honestly? No." or "It depends." is no agreement, whatever the rep typed)."""
        heard = practice_truth.check(record, self.playbook).record
        return pain_agreed(heard, self.playbook, self.pain_questions)

    def agenda_skipped(self, record: CallRecord) -> bool:
        """True once the rep reached a non-agenda question with no agenda answer captured."""
        agenda = {
            q.id
            for s in self.playbook.sections
            if s.kind is SectionKind.AGENDA
            for q in s.questions
        }
        if not agenda:
            return False
        if any(_filled(record, i) for i in agenda):
            return False
        return any(q not in agenda for q in _said_at(record))

    def _asked_commitment(self, record: CallRecord) -> bool:
        return any(q in self._commitment_ids for q in _said_at(record))

    def reply(self, question: Question, session: CallSession) -> Reply:
        """What the persona says on arriving at a question, worked out from the record alone.

        Its progress (which line of a key comes next, which objections it has raised, which
        POWN items it has told) lives in the record's `prospect_said` events, so a resumed
        practice carries on exactly where it stopped.
        """
        record = session.record
        level = self.level(record)
        key, texts = self._pick(question, level, record)
        objection = self._objection(question, record, session.path())
        return Reply(self._use(key, texts, record), objection, key, level)

    def what_else(self, question: Question, session: CallSession) -> Reply:
        """The rep asked "what else?" at a POWN question: the next item it has not told, or none."""
        record = session.record
        level = self.level(record)
        phrases = self.persona.phrases
        if question.capture is not Capture.POWNS:
            return Reply(phrases.what_else_about_what, None, "what_else", level)
        keyed = question.id in self.persona.replies
        key = question.id if keyed else f"powns:{question.tag.value}"
        items = (
            list(self.persona.replies[question.id])
            if keyed
            else _pown_lines(self.persona, question.tag, self._pown_tags)
        )
        told = _told(record)
        left = [i for i in items if i not in told]
        if not left:
            return Reply(phrases.nothing_more, None, NOTHING_MORE_KEY, level)
        return Reply(left[0], None, key, level)

    # -- choosing the words -------------------------------------------------------------------
    def _pick(
        self, question: Question, level: int, record: CallRecord
    ) -> tuple[str, tuple[str, ...]]:
        persona = self.persona
        replies = persona.replies
        kind = self.playbook.section_of(question.id).kind
        if question.capture is Capture.POWNS:
            # One item per ask ("what else?" draws the next); all told means nothing more.
            keyed = question.id in replies
            lines = (
                list(replies[question.id])
                if keyed
                else _pown_lines(persona, question.tag, self._pown_tags)
            )
            left = [i for i in lines if i not in _told(record)]
            if lines and not left:
                return NOTHING_MORE_KEY, (persona.phrases.nothing_more,)
            if lines:
                return question.id if keyed else f"powns:{question.tag.value}", (left[0],)
        if question.id in replies and question.id not in self._commitment_ids:
            return question.id, replies[question.id]
        if question.id in self._commitment_ids:
            strength = "weak" if level < persona.commitment.weak_below else "strong"
            texts = getattr(persona.commitment, strength)
            if texts:
                return f"commitment:{strength}", texts
            if question.id in replies:
                return question.id, replies[question.id]
        if kind is SectionKind.DECISION_MAKER and question.capture is Capture.YES_NO:
            return "decides", (_decides_reply(persona),)
        if kind.value in replies:
            return kind.value, replies[kind.value]
        if kind is SectionKind.DECISION_MAKER and persona.buying_process:
            return "buying_process", (persona.buying_process,)
        return DEFAULT_REPLY_KEY, replies[DEFAULT_REPLY_KEY]

    @staticmethod
    def _use(key: str, texts: tuple[str, ...], record: CallRecord) -> str:
        """The Nth line of a key on its Nth use (counted from the record), then the last again."""
        told = _told(record)
        uses = sum(1 for t in texts if t in told)
        return texts[min(uses, len(texts) - 1)]

    def _objection(
        self, question: Question, record: CallRecord, path: Sequence[Question]
    ) -> str | None:
        """The first objection now due that has not been raised yet (one per reply).

        An `after_question` objection comes once that question was answered. A `section` one
        comes when its topic is under way: at a question of that section once one of its
        questions has an answer, or at the last question the rep will ask there (so a section
        with one question raises it there); or at once in that section when the rep provoked
        it: a pitch before discovery, or asking about commitment before the pain was agreed.
        """
        section = self.playbook.section_of(question.id)
        raised = _raised(record)
        provoked = pitched_before_discovery(record) or (
            self._asked_commitment(record) and not self._pain_agreed(record)
        )
        in_section = [q for q in path if q.section_id == section.id]
        # Under way: one of its questions has an answer, or this is the last (or only) one
        # the rep will ask there, so no later question could carry it.
        under_way = any(_filled(record, q.id) for q in section.questions) or (
            bool(in_section) and in_section[-1].id == question.id
        )
        for objection in self.persona.objections:
            if objection.text in raised:
                continue
            trigger = objection.when
            if trigger.after_question is not None:
                due = _filled(record, trigger.after_question)
            else:
                due = trigger.section is section.kind and (provoked or under_way)
            if due:
                return objection.text
        return None


def _filled(record: CallRecord, question_id: str) -> bool:
    return question_id in given(record)


def _said(record: CallRecord, name: str) -> list[str]:
    """One field of every `prospect_said` event, in order (what the persona said, where)."""
    found = (e.fields.get(name) for e in record.events if e.type == "prospect_said")
    return [value for value in found if isinstance(value, str) and value]


def _said_at(record: CallRecord) -> list[str]:
    return _said(record, "question")


def _told(record: CallRecord) -> set[str]:
    return set(_said(record, "text"))


def _raised(record: CallRecord) -> set[str]:
    return set(_said(record, "objection"))


def _pown_lines(persona: Persona, tag: PownTag, asked_tags: Collection[PownTag]) -> list[str]:
    """The persona's items for a POWN question of this tag, one line each, the hot button last
    and strongest: its items with this tag, then those with a tag no POWN question of the
    playbook asks for (a question collects every kind, p:/o:/w:/n:, so none is left unsaid)."""
    items = [p.text for p in persona.powns if p.tag is tag]
    items += [p.text for p in persona.powns if p.tag not in asked_tags and p.tag is not tag]
    lines = [_sentence(i) for i in items if i != persona.hot_button]
    if persona.hot_button in items:
        lead = persona.phrases.most_of_all.strip()
        lines.append(f"{lead} {persona.hot_button.strip().rstrip('.')}.")
    return lines


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:] + "."


def _decides_reply(persona: Persona) -> str:
    if persona.decides:
        return persona.phrases.decides_yes
    said = persona.phrases.decides_no
    return said + (f" {persona.buying_process}" if persona.buying_process else "")
