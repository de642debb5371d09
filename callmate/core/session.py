"""A call in progress: where the rep is in the playbook, what was captured, and the next-step gate.

The session's whole state is one typed `CallRecord` (`record`), so the store can write it after
every change and a resumed call is exactly the call that was interrupted. Which questions are
shown or skipped is derived from the answers each time, never stored, so it cannot drift from
them.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from callmate.core import judgement
from callmate.core.answers import (
    LINE_MARK,
    answer_text,
    converted,
    editable_text,
    fits,
    join_words,
    misfit_words,
    parse_answer,
    parse_item,
    value_words,
)
from callmate.core.call_record import (
    MODES,
    Answer,
    AnswerValue,
    CallRecord,
    Event,
    Note,
    Objection,
    Pause,
    PownItem,
    Scalar,
    Visit,
    prospect_key,
)
from callmate.core.clean import clean, one_line
from callmate.core.counts import counted, were
from callmate.core.immutable import immutable
from callmate.core.judgement import Judged, StepJudgement
from callmate.core.labels import RESERVED_WORDS, question_label
from callmate.core.playbook import Capture, Playbook, Question, Signal
from callmate.core.practice_names import neutral
from callmate.core.templates import missing_from_last_call, placeholder, render

if TYPE_CHECKING:
    # The gate's modules (dates, next steps) load when a step is first typed, not with the call
    # screen: a start never needs them before its first question is drawn.
    from callmate.core.next_step import NextStep, NextStepDraft

#: A gap longer than this between activity and a resume counts as the call being closed.
PAUSE_AFTER_SECONDS = 60
#: The event that marks typing in the next-step gate (its time: the latest change).
GATE_TYPED = "next_step_typed"
#: How a call can end without a conversation, and how the rep would say it.
UNCONNECTED = {
    "voicemail": "voicemail",
    "no_answer": "no answer",
    "wrong_contact": "wrong contact",
    "rescheduled": "rescheduled by them",
}
#: Outcomes that mean nobody spoke: a call whose answers are recorded did connect, so it cannot
#: end as one of these (it would skip the gate's question of what the prospect committed to).
#: A wrong contact may have answered a few questions first; a prospect may reschedule mid-call.
NOBODY_SPOKE = ("voicemail", "no_answer")
#: Every way a call can end; "connected" is a real conversation.
MAX_NAME_CHARS = 200


class GateClosed(Exception):
    """The call cannot end yet; `reasons` say what is missing, in the rep's words."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reasons))


@immutable
class Moved:
    """What recording an answer did, for the screen to tell the rep (coaching, a jump back)."""

    says: tuple[str, ...] = ()
    went_back_to: str | None = None


def _stamp(now: datetime) -> str:
    """How the record writes a moment: to the second, with its UTC offset."""
    return now.isoformat(timespec="seconds")


def new_session_id(now: datetime) -> str:
    """Time first, so ids sort by start; then 3 random bytes from os.urandom (what
    secrets.token_hex reads, without loading hashlib and hmac before the first question)."""
    return f"{now:%Y%m%d-%H%M%S}-{os.urandom(3).hex()}"


class CallSession:
    """Drives one call through a playbook; every mutation leaves `record` ready to save."""

    def __init__(self, playbook: Playbook, record: CallRecord) -> None:
        self.playbook = playbook
        self.record = record
        #: How the earlier attempts with this prospect judge a retry due then (set by whoever
        #: opened the call, with the store at hand); None when nobody gave it.
        self.pace_retry: Callable[[datetime, datetime], str | None] | None = None
        #: Labels of the questions whose answers `resume` kept as notes (see _set_aside_misfits).
        self.set_aside: list[str] = []
        #: Labels of answered questions this edition no longer has (see _gone_answers).
        self.gone: list[str] = []
        #: Labels of questions, gone since, whose typing `resume` kept as notes.
        self.stranded: list[str] = []
        #: The questions of the edition the call started on, when resumed on another one.
        self._earlier: dict[str, Question] = {}

    # -- creation ---------------------------------------------------------------------------
    @classmethod
    def start(
        cls,
        playbook: Playbook,
        prospect: str,
        company: str,
        now: datetime,
        *,
        mode: str = "live",
        persona: str | None = None,
        context: Mapping[str, str] | None = None,
        follows: str | None = None,
    ) -> CallSession:
        prospect = one_line(prospect)[:MAX_NAME_CHARS].strip()  # one line, single spaces
        company = one_line(company)[:MAX_NAME_CHARS].strip()
        if not prospect:
            raise ValueError("a call needs the prospect's name")
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        record = CallRecord(
            id=new_session_id(now),
            playbook=playbook.ref(),
            objective=playbook.objective,
            prospect=prospect,
            company=company,
            prospect_key=prospect_key(prospect, company),
            mode=mode,
            persona=persona,
            started=_stamp(now),
            context=dict(context or {}),
            follows=follows or None,
        )
        session = cls(playbook, record)
        # The objective may greet the prospect or recall last time: keep it as it was shown.
        record.objective = session.say(playbook.objective)
        path = session.path()
        record.cursor = path[0].id if path else None
        session._note_visit(now)
        return session

    @classmethod
    def resume(
        cls,
        playbook: Playbook,
        record: CallRecord,
        now: datetime,
        *,
        started_on: Playbook | None = None,
    ) -> CallSession:
        """An interrupted call, carried on with the playbook it is given (today's edition, or
        the edition it started on when today's file is broken or gone).

        The edition may have changed since the call started: a question or card that no longer
        exists is skipped over rather than crashing the call, and text typed at a question that
        is gone becomes a note rather than landing on another question. ``started_on`` (the
        edition the call started on, when known) names the questions that are gone as the rep
        saw them. The time the call was closed is remembered as a pause, so clocks and time
        boxes count only the talking.
        """
        session = cls(playbook, record)
        session._earlier = {q.id: q for q in started_on.questions} if started_on else {}
        last = session._last_activity()
        session.set_aside = session._set_aside_misfits()
        session.gone = session._gone_answers()
        known = {q.id for q in playbook.questions}
        session._keep_stranded_typing(known, _stamp(last))
        if record.cursor is not None and record.cursor not in known:
            record.cursor = session._nearest_open_question()
        if (now - last).total_seconds() > PAUSE_AFTER_SECONDS:
            record.pauses.append(Pause(_stamp(last), _stamp(now)))
        session._touch(now, "resumed")
        return session

    def answer_label(self, question_id: str) -> str:
        """What to call a question an answer was given to: today's label, else the label it
        had in the edition the call started on (renamed or removed since), else its id."""
        question = self.known_questions().get(question_id)
        return question_label(question) if question else question_id.replace("_", " ")

    def known_questions(self) -> dict[str, Question]:
        """Every question this call has known, by id: this edition's, and those of the edition
        it started on (or, in a preview, the editions before each reload) that are gone."""
        return {**self._earlier, **{q.id: q for q in self.playbook.questions}}

    def _same_edition(self) -> bool:
        stored = self.record.playbook.sha256
        return bool(stored) and stored == self.playbook.sha256

    def _set_aside_misfits(self, *, changed: bool | None = None) -> list[str]:
        """Answers this edition's questions cannot hold become notes in words, with their time:
        nothing is lost, and the question is asked afresh instead of showing or overwriting the
        old value. A kind that only widened (a yes/no become text, a list become POWN items or
        back) keeps its answer, converted. Returns the labels of the questions set aside."""
        moved: list[str] = []
        same = not changed if changed is not None else self._same_edition()
        for question in self.playbook.questions:
            entry = self.record.answers.get(question.id)
            if entry is None or entry.value in ("", []) or fits(question, entry.value):
                continue
            kept = converted(question, entry.value)
            if kept is not None:
                self.record.answers[question.id] = Answer(kept, entry.at)
                continue
            label = question_label(question)
            if same:  # the playbook never changed: the value came in from outside (an import)
                said = f"{label}: {misfit_words(question, entry.value)}"
            else:
                said = f"{label} (answered before the playbook changed): {value_words(entry.value)}"
            self.record.notes.append(Note(clean(said), entry.at, question.id))
            del self.record.answers[question.id]
            moved.append(label)
        return moved

    def _gone_answers(self) -> list[str]:
        """The answered questions this edition no longer has (removed or renamed), by label:
        their answers stay in the record and on the captured list."""
        known = {q.id for q in self.playbook.questions}
        return [
            self.answer_label(qid)
            for qid, entry in self.record.answers.items()
            if qid not in known and entry.value not in ("", [])
        ]

    def _keep_stranded_typing(self, known: set[str], at: str) -> None:
        """Text typed at a question this edition no longer has (the answer field at the kill,
        or text left at a question) becomes a note: given to another question, one Enter
        would record it as that question's answer."""
        stranded = [(q, t) for q, t in self.record.drafts.items() if q not in known]
        cursor = self.record.cursor
        if cursor is not None and cursor not in known and self.record.draft:
            stranded.append((cursor, self.record.draft))
            self.record.draft = None
        for question_id, typed in stranded:
            self.record.drafts.pop(question_id, None)
            if typed.strip():
                label = self.answer_label(question_id)
                text = f"Typed at {label}, not entered (no longer in the playbook): {typed}"
                self.record.notes.append(Note(clean(text).strip(), at, question_id))
                self.stranded.append(label)

    def _nearest_open_question(self) -> str | None:
        """Where to carry on when the question the rep was on is gone from the playbook:
        the section they were in, else the first question still unanswered."""
        path = self.path()
        visits = self.record.visits
        section = visits[-1].section if visits else None
        for candidates in (
            [q for q in path if q.section_id == section and not self.is_answered(q.id)],
            [q for q in path if q.section_id == section],
            [q for q in path if not self.is_answered(q.id)],
        ):
            if candidates:
                return candidates[0].id
        return None

    def _last_activity(self) -> datetime:
        stamps = [self.record.started]
        stamps += [e.at for e in self.record.events]
        stamps += [a.at for a in self.record.answers.values()]
        stamps += [n.at for n in self.record.notes]
        return max(datetime.fromisoformat(s) for s in stamps)

    # -- reading ----------------------------------------------------------------------------
    @property
    def id(self) -> str:
        return self.record.id

    @property
    def completed(self) -> bool:
        return self.record.status == "completed"

    def value(self, question_id: str) -> AnswerValue | None:
        entry = self.record.answers.get(question_id)
        return None if entry is None else entry.value

    def is_answered(self, question_id: str) -> bool:
        value = self.value(question_id)
        return value not in (None, "", [])

    def _branch_effects(self) -> tuple[set[str], set[str]]:
        shown: set[str] = set()
        skipped: set[str] = set()
        explicit_skips = set(self.record.skipped)
        for q in self.playbook.questions:
            if q.id in skipped or (q.hidden and q.id not in shown):
                continue
            if not self.is_answered(q.id) and q.id not in explicit_skips:
                continue
            for rule in q.branch:
                if rule.when.matches(self.value(q.id)):
                    shown.update(rule.show)
                    skipped.update(rule.skip)
        return shown, skipped

    def path(self) -> list[Question]:
        """The questions this call will ask, in order, given the answers so far."""
        shown, skipped = self._branch_effects()
        return [
            q
            for q in self.playbook.questions
            if q.id not in skipped and (not q.hidden or q.id in shown)
        ]

    def current(self) -> Question | None:
        cursor = self.record.cursor
        return None if cursor is None else self.playbook.question(cursor)

    def position(self) -> tuple[int, int]:
        """1-based place of the current question in the path, and the path's length."""
        path = self.path()
        ids = [q.id for q in path]
        cursor = self.record.cursor
        return (ids.index(cursor) + 1 if cursor in ids else len(ids) + 1, len(ids))

    def open_required(self) -> list[Question]:
        """Required questions still unanswered on this call's path."""
        return [q for q in self.path() if q.required and not self.is_answered(q.id)]

    def template_values(self) -> dict[str, str]:
        """What `{name}` stands for in a trainer's text: each value on one line, as a
        multi-line answer would break the sentence it is quoted in."""
        values = {k: v for k, v in self.record.context.items() if v}
        values["prospect"] = self.record.prospect
        values["company"] = self.record.company
        naming = {q.id for q in judgement.decider_name_questions(self.playbook)}
        for q in self.path():  # an answer a later change took off the path no longer speaks
            if self.is_answered(q.id):
                values[q.id] = answer_text(q, self.value(q.id))
                if q.id in naming:
                    # The people, as the gate names them: "Dr Mark Lee (owner)", not "How
                    # could we bring Dr Mark Lee, owner into our next conversation?"
                    value = self.value(q.id)
                    texts = value if isinstance(value, list) else [value]
                    people = judgement.decider_names([str(t) for t in texts])
                    if people:
                        values[q.id] = join_words(list(people))
        hot = self.hot_buttons()
        if hot:
            values["hot_button"] = hot[0]
        return {name: one_line(value) for name, value in values.items()}

    def say(self, text: str) -> str:
        """A trainer's text with earlier answers filled in (plain text, never markup)."""
        text = neutral(text, self.record)  # never "Thanks for making the time, Practice partner."
        return render(text, self.template_values(), self.gap)

    def gap(self, name: str) -> str:
        """What stands in for `{name}` before it is captured, named in the rep's words."""
        try:
            return placeholder(question_label(self.playbook.question(name)))
        except KeyError:  # a name filled from the call itself or the previous call
            return placeholder(RESERVED_WORDS.get(name, name.replace("_", " ")))

    def prompt(self, question: Question) -> str:
        """The question as the rep says it: its fallback wording when the prompt quotes
        something the previous call did not capture, as a placeholder must not be read out."""
        if question.fallback and missing_from_last_call(question.prompt, self.template_values()):
            return self.say(question.fallback)
        return self.say(question.prompt)

    def powns(self) -> list[tuple[str, int, PownItem]]:
        """Every POWN item captured, as (question id, index, item)."""
        out: list[tuple[str, int, PownItem]] = []
        for q in self.playbook.questions:
            value = self.value(q.id)
            if q.capture is Capture.POWNS and isinstance(value, list):
                out.extend(
                    (q.id, i, item) for i, item in enumerate(value) if isinstance(item, PownItem)
                )
        return out

    def hot_buttons(self) -> list[str]:
        return [item.text for _, _, item in self.powns() if item.hot]

    # -- moving -----------------------------------------------------------------------------
    def _touch(self, now: datetime, event: str | None = None, **fields: Scalar) -> None:
        """Count a change (the store saves by revision) and note it as an event if it is one."""
        self.record.revision += 1
        if event is not None:
            self.record.events.append(Event(event, _stamp(now), dict(fields)))
        self._note_visit(now)

    def _note_visit(self, now: datetime) -> None:
        """Remember when the rep entered a section, for time boxes and the scorecard."""
        current = self.current()
        visits = self.record.visits
        if current is None or (visits and visits[-1].section == current.section_id):
            return
        visits.append(Visit(current.section_id, _stamp(now)))

    # -- time ---------------------------------------------------------------------------------
    def _paused_between(self, start: datetime, stop: datetime) -> float:
        paused = 0.0
        for pause in self.record.pauses:
            begin = max(start, datetime.fromisoformat(pause.start))
            end = min(stop, datetime.fromisoformat(pause.end))
            paused += max(0.0, (end - begin).total_seconds())
        return paused

    def elapsed_seconds(self, now: datetime) -> int:
        """Talking time so far: from the start, less the time the call was closed."""
        start = datetime.fromisoformat(self.record.started)
        return max(0, int((now - start).total_seconds() - self._paused_between(start, now)))

    def section_seconds(self, now: datetime) -> dict[str, int]:
        """Seconds spent in each section so far (the current one counts up to now)."""
        spent: dict[str, int] = {}
        visits = self.record.visits
        end = datetime.fromisoformat(self.record.ended) if self.record.ended else now
        for visit, following in zip(visits, [*visits[1:], None], strict=True):
            start = datetime.fromisoformat(visit.at)
            stop = datetime.fromisoformat(following.at) if following else end
            talking = (stop - start).total_seconds() - self._paused_between(start, stop)
            spent[visit.section] = spent.get(visit.section, 0) + max(0, int(talking))
        return spent

    # -- live guidance ------------------------------------------------------------------------
    def open_objections(self) -> list[Objection]:
        """Objections raised and not yet worked through (cards since removed are left out)."""
        cards = {c.id for c in self.playbook.cards}
        return [o for o in self.record.objections if not o.resolved_at and o.card in cards]

    def raise_objection(self, card_id: str, now: datetime) -> None:
        card = next(c for c in self.playbook.cards if c.id == card_id)
        self.record.objections.append(
            Objection(
                card=card.id,
                title=self.say(card.title),
                raised_at=_stamp(now),
                question=self.record.cursor,
            )
        )
        self._touch(now, "card_opened", card=card.id)

    def resolve_objection(self, card_id: str, now: datetime) -> None:
        for objection in self.open_objections():
            if objection.card == card_id:
                objection.resolved_at = _stamp(now)
                self._touch(now, "card_resolved", card=card_id)
                return

    def note_cues(self, cue_ids: list[str], now: datetime) -> bool:
        """Record cues the first time they are shown; True when anything new was recorded."""
        shown = self.record.cues_shown
        new = [c for c in cue_ids if c not in shown]
        for cue_id in new:
            shown.append(cue_id)
            self.record.events.append(Event("cue", _stamp(now), {"cue": cue_id}))
        if new:
            self.record.revision += 1
        return bool(new)

    def set_cues_enabled(self, enabled: bool, now: datetime) -> None:
        self.record.cues_off = not enabled
        self._touch(now, "cues_on" if enabled else "cues_off")

    def cues_enabled(self) -> bool:
        return not self.record.cues_off

    def slots(self) -> list[tuple[str, Judged]]:
        """Qualification slots as (label, verdict): met, not met with the reason, or unknown.

        In a practice against a scripted persona they judge what it said, as its scorecard does.
        """
        heard = self.record
        if self.record.mode == "practice":  # a live call is judged as typed: no practice reading
            from callmate.core.practice_truth import as_heard

            heard = as_heard(self.record, self.playbook)
        return [
            (slot.label, judgement.slot_verdict(slot, self.playbook, heard))
            for slot in self.playbook.qualification
        ]

    def sections_short_of_a_slot(self) -> dict[str, judgement.Verdict]:
        """The sections whose answers leave a qualification slot not met (a "no" to "is it big
        enough to fix?") or not known (in practice, the persona's "maybe" under a typed yes),
        with that verdict (not met wins): asked, but not agreed, so no list may tick them off."""
        short: dict[str, judgement.Verdict] = {}
        sections = {q.id: q.section_id for q in self.playbook.questions}
        for (_label, judged), slot in zip(self.slots(), self.playbook.qualification, strict=True):
            if judged.verdict is judgement.Verdict.MET:
                continue
            for qid in slot.questions:
                if qid in sections and self.is_answered(qid):
                    section = sections[qid]
                    if short.get(section) is not judgement.Verdict.NOT_MET:
                        short[section] = judged.verdict
        return short

    def _next_after(self, question_id: str) -> str | None:
        ids = [q.id for q in self.path()]
        if question_id in ids:
            later = ids[ids.index(question_id) + 1 :]
            return later[0] if later else None
        order = [q.id for q in self.playbook.questions]
        after = order.index(question_id)
        for qid in ids:
            if order.index(qid) > after:
                return qid
        return None

    def _require_current(self) -> Question:
        if self.completed:
            raise GateClosed(["this call has ended"])
        question = self.current()
        if question is None:
            raise ValueError("every question has been asked; end the call or go back")
        return question

    def answer(self, text: str, now: datetime) -> Moved:
        """Record a single-value answer to the current question and move on (AnswerError if bad)."""
        question = self._require_current()
        if question.takes_many:
            raise ValueError("list questions take items one at a time: use add_item")
        value = parse_answer(question, text)
        self._set(question, value, now)
        return self._advance(question, now)

    def add_item(self, text: str, now: datetime) -> None:
        """Record one item of a list or POWN question; the rep stays on the question."""
        question = self._require_current()
        if not question.takes_many:
            raise ValueError("this question takes a single answer")
        item = parse_item(question, text, self._items(question.id))
        if not (item.text if isinstance(item, PownItem) else item):
            raise ValueError("empty item")
        self._set(question, [*self._items(question.id), item], now)

    def finish_items(self, now: datetime) -> Moved:
        """Done with the current list question: apply its branches and move on.

        Passing it with nothing captured counts as skipping it, so `answered: false` rules fire.
        """
        question = self._require_current()
        if not self.is_answered(question.id) and question.id not in self.record.skipped:
            self.record.skipped.append(question.id)
        return self._advance(question, now)

    def _items(self, question_id: str) -> list[str] | list[PownItem]:
        """A list or POWN question's items so far, as a copy to change."""
        value = self.value(question_id)
        return list(value) if isinstance(value, list) else []  # type: ignore[return-value]

    def _set(self, question: Question, value: AnswerValue, now: datetime) -> None:
        self.record.answers[question.id] = Answer(value, _stamp(now))
        self.record.drafts.pop(question.id, None)  # entered: nothing is left unentered there
        if question.id in self.record.skipped:
            self.record.skipped.remove(question.id)
        self._touch(now)

    def _advance(self, question: Question, now: datetime) -> Moved:
        value = self.value(question.id)
        says: list[str] = []
        goto: str | None = None
        for rule in question.branch:
            if rule.when.matches(value):
                if rule.say:
                    says.append(self.say(rule.say))
                if rule.goto and goto is None:
                    goto = rule.goto
        if goto is not None:
            first = [q for q in self.path() if q.section_id == goto]
            self.record.cursor = first[0].id if first else self._next_after(question.id)
            self._touch(now, "goto", **{"from": question.id, "to": goto})
        else:
            self.record.cursor = self._next_after(question.id)
            self._touch(now)
        for line in says:
            self._touch(now, "coach", question=question.id, text=line)
        return Moved(tuple(says), goto)

    def set_typing_aside(self, typed: str) -> None:
        """The rep moves away from the current question (back, skip, a jump) with text typed
        but not entered: it stays with that question and comes back with it (saved with the
        record), so moving never throws typing away. Text that is just the answer given back
        to edit, or nothing, leaves nothing behind."""
        question = self.current()
        if question is None:
            return
        text = clean(typed)
        if text.strip() and text != editable_text(question, self.value(question.id)):
            self.record.drafts[question.id] = text
        else:
            self.record.drafts.pop(question.id, None)

    def hold_unentered(self, field: str) -> bool:
        """Text typed in the answer field and not entered (`field`, as the field holds it), held
        in the record to go on disk: with the question it was typed at (as moving away keeps
        it), or as the field's draft once every question is asked. The gate does it as it
        opens and the call screen every second while the rep types, so a kill -9 gives it back
        on resume. Nothing typed, or the answer given back to edit, leaves nothing behind.
        True when the record changed (it needs a save). An ended call (completed or
        discarded) holds nothing: the end kept each text as a note once (keep_unentered)."""
        if self.record.status != "in_progress":
            return False
        before = (dict(self.record.drafts), self.record.draft)
        if self.current() is None:
            self.keep_typing(field)
        else:
            self.set_typing_aside(field)
        return (self.record.drafts, self.record.draft) != before

    def unentered(self) -> list[tuple[str | None, str]]:
        """Every text typed and not entered, as (question id, text as a note holds it), in the
        playbook's order: left at a question (one the rep moved away from, one a later answer
        took off the path, the one the gate opened over) or in the field with every question
        asked. The rule: it is the rep's own words, so nothing drops it; the gate lists it
        all, and the call's end keeps each as a note (`keep_unentered`)."""
        order = {q.id: i for i, q in enumerate(self.playbook.questions)}
        left = sorted(self.record.drafts.items(), key=lambda kv: order.get(kv[0], len(order)))
        found: list[tuple[str | None, str]] = [(q, note_text(t)) for q, t in left]
        if self.record.draft:
            found.append((None, note_text(self.record.draft)))
        return [(q, t) for q, t in found if t]

    def unentered_words(self, question_id: str | None, text: str) -> str:
        """How a note (or the gate) says text typed and not entered: as typed where it is the
        question the call is on (or none), else named by the question it was typed at."""
        current = self.record.cursor
        if question_id is None or question_id == current:
            return text
        return f"Typed at {self.answer_label(question_id)}, not entered: {text}"

    def keep_unentered(self, now: datetime) -> None:
        """The call is ending: every text typed and not entered becomes a note, once, with the
        question it was typed at (see `unentered`)."""
        at = _stamp(now)
        for question_id, text in self.unentered():
            said = clean(self.unentered_words(question_id, text)).strip()
            self.record.notes.append(Note(said, at, question_id or self.record.cursor))
        if self.record.drafts or self.record.draft:
            self.record.drafts, self.record.draft = {}, None
            self._touch(now)

    def field_text(self, question: Question) -> str:
        """What the answer field holds on arriving at a question: what was typed there and
        left, else the answer given so far to edit (single-value questions)."""
        left = self.record.drafts.get(question.id)
        return left if left is not None else editable_text(question, self.value(question.id))

    def skip(self, now: datetime) -> None:
        question = self._require_current()
        if not self.is_answered(question.id) and question.id not in self.record.skipped:
            self.record.skipped.append(question.id)
        self.record.cursor = self._next_after(question.id)
        self._touch(now, "skip", question=question.id)

    def back(self, now: datetime) -> None:
        path = [q.id for q in self.path()]
        if not path or self.completed:
            return
        cursor = self.record.cursor
        if cursor in path:
            index = path.index(cursor)
            if index == 0:
                return
            self.record.cursor = path[index - 1]
        else:
            self.record.cursor = path[-1]
        self._touch(now)

    def jump(self, section_id: str, now: datetime) -> None:
        self.playbook.section(section_id)
        first = [q for q in self.path() if q.section_id == section_id]
        if not first or self.completed:
            return
        self.record.cursor = first[0].id
        self._touch(now, "jump", to=section_id)

    def toggle_hot(self, question_id: str, index: int, now: datetime) -> bool:
        """Star or unstar a POWN item as a hot button; returns the new state."""
        item = self._items(question_id)[index]
        if not isinstance(item, PownItem):
            raise ValueError("only a POWN item can be a hot button")
        item.hot = not item.hot
        self._touch(now)
        return item.hot

    def edit_item(self, question_id: str, index: int, text: str, now: datetime) -> None:
        """Correct one captured list or POWN item; an empty text removes it.

        A POWN item keeps its tag and star unless the new text starts with another tag.
        """
        question = self.playbook.question(question_id)
        items = self._items(question_id)
        if not question.takes_many or not 0 <= index < len(items):
            raise ValueError("there is no such captured item")
        if not clean(text).strip():
            self.remove_item(question_id, index, now)
            return
        item = parse_item(question, text)
        old = items[index]
        if isinstance(item, PownItem) and isinstance(old, PownItem):
            head = clean(text).strip().partition(":")[0].strip().casefold()
            tagged = head in ("p", "o", "w", "n") and ":" in text
            item = PownItem(item.text, item.tag if tagged else old.tag, old.hot)
        items[index] = item  # type: ignore[assignment]
        self.record.answers[question_id].value = items
        self._touch(now, "edited", question=question_id, item=index)

    def remove_item(self, question_id: str, index: int, now: datetime) -> None:
        """Take a captured item out (it was misheard or typed in the wrong place)."""
        items = self._items(question_id)
        if not 0 <= index < len(items):
            raise ValueError("there is no such captured item")
        del items[index]
        self.record.answers[question_id].value = items
        self._touch(now, "removed", question=question_id, item=index)

    def edit_note(self, index: int, text: str, now: datetime) -> None:
        """Correct a note; an empty text removes it."""
        notes = self.record.notes
        if not 0 <= index < len(notes):
            raise ValueError("there is no such note")
        text = clean(text).strip()
        if text:
            notes[index].text = text
        else:
            del notes[index]
        self._touch(now, "edited" if text else "removed", note=index)

    def add_note(self, text: str, now: datetime) -> None:
        text = clean(text).strip()
        if not text:
            raise ValueError("empty note")
        current = self.current()
        self.record.notes.append(Note(text, _stamp(now), current.id if current else None))
        self._touch(now)

    def carry_over(self, walk: CallSession, now: datetime) -> None:
        """Preview only: a reloaded playbook picks the walk up where it was: the answers (one
        the question can no longer hold kept as a note, one whose question is gone kept as
        said and shown by the label it had), the skips, the notes, the place, the clock and
        the text typed but not entered. `gone` names only what this reload took away."""
        previous = walk.record
        questions = {q.id: q for q in self.playbook.questions}
        self._earlier = walk.known_questions()
        self.record.answers = copy.deepcopy(previous.answers)
        self.record.skipped = [q for q in previous.skipped if q in questions]
        self.record.notes = copy.deepcopy(previous.notes)
        self.record.started = previous.started
        self.record.pauses = copy.deepcopy(previous.pauses)
        self.record.visits = copy.deepcopy(previous.visits)
        self.record.draft = previous.draft
        self.record.drafts = dict(previous.drafts)
        self.record.cursor = previous.cursor
        self.set_aside = self._set_aside_misfits(changed=True)
        was_there = {q.id for q in walk.playbook.questions}
        self.gone = [
            self.answer_label(qid)
            for qid, entry in self.record.answers.items()
            if qid in was_there and qid not in questions and entry.value not in ("", [])
        ]
        self._keep_stranded_typing(set(questions), _stamp(now))
        on_path = [q.id for q in self.path()]
        cursor = previous.cursor
        if cursor in on_path:
            self.record.cursor = cursor
        elif cursor is not None and cursor in questions:  # now hidden or skipped: the next
            order = [q.id for q in self.playbook.questions]  # question the walk still asks
            later = [q for q in on_path if order.index(q) > order.index(cursor)]
            self.record.cursor = later[0] if later else None
        elif cursor is not None:  # gone: where a resumed call would carry on
            self.record.cursor = self._nearest_open_question()
        self._touch(now)

    def keep_typing(self, text: str) -> None:
        """Keep what the rep has typed but not yet entered, so a crash or a closed terminal
        gives it back on resume (saved with the record, no event). Nothing once the call has
        ended: its end kept what was typed as notes."""
        if self.record.status != "in_progress":
            return
        text = clean(text)
        self.record.draft = text if text.strip() else None

    def take_typing(self) -> str:
        """The half-typed answer kept by `keep_typing`, handed back once."""
        text, self.record.draft = self.record.draft or "", None
        return text

    def link_follow_up(self, source_id: str, now: datetime) -> None:
        """This call follows up the next step agreed on call `source_id`: it closes it on ending."""
        self.record.follows = source_id
        self._touch(now, "follows", call=source_id)

    def restart(self, now: datetime) -> None:
        """Practice only: back to the first question with nothing captured, same session id."""
        record = self.record
        if record.mode != "practice":
            raise ValueError("only a practice call can be restarted")
        if self.completed:
            raise GateClosed(["this call has ended"])
        record.answers, record.skipped, record.notes, record.events = {}, [], [], []
        record.visits, record.objections, record.cues_shown = [], [], []
        record.next_step = None
        record.started = _stamp(now)
        record.restarts += 1
        path = self.path()
        record.cursor = path[0].id if path else None
        self._touch(now, "restart")

    def record_reply(
        self,
        question_id: str,
        text: str,
        objection: str | None,
        now: datetime,
        *,
        nothing_more: bool = False,
    ) -> None:
        """What the practice prospect said when the rep reached a question (for review).

        `nothing_more`: the persona's line for "nothing more to tell" (Reply.nothing_more), so
        the scorecard never takes it for something it said there (practice_truth)."""
        said: dict[str, Scalar] = {"question": question_id, "text": text}
        if objection:
            said["objection"] = objection
        if nothing_more:
            said["nothing_more"] = True
        self._touch(now, "prospect_said", **said)

    def add_feedback(self, text: str, now: datetime) -> None:
        """The practice partner's short feedback on a finished practice, kept with its scorecard
        (a list of notes: given again, the new words are added after the earlier ones)."""
        text = one_line(text)
        if self.record.mode != "practice" or not self.completed:
            raise ValueError("feedback goes on a finished practice call")
        if not text:
            raise ValueError("empty feedback")
        self.record.feedback.append(Note(text, _stamp(now)))
        self._touch(now, "feedback")

    def follow_saved(self, saved: CallRecord) -> None:
        """Carry on from the stored call after a use case changed it on disk (the partner's
        feedback), so no later save from this window can put the older version back."""
        if saved.id != self.record.id:
            raise ValueError("that is another call")
        self.record = saved

    # -- the gate ---------------------------------------------------------------------------
    def next_step(self) -> NextStep | None:
        from callmate.core.next_step import NextStep

        stored = self.record.next_step
        return None if stored is None else NextStep.from_stored(stored)

    def blockers(self, now: datetime) -> list[str]:
        """Why this call cannot end yet; empty when it can."""
        step = self.next_step()
        if step is None:
            return [
                "no next step yet: agree a date and time, what happens then, and what "
                f"{self.record.prospect} will do"
            ]
        if step.due <= now:
            return ["the agreed next step's time has already passed: agree a new one"]
        return []

    def judge_step(self, what: str, theirs: str) -> StepJudgement:
        """The core's judgement of a step for this call (who decides, the playbook's phrases)."""
        return judgement.step_of(self.record, self.playbook, what, theirs)

    def review_step(self, draft: NextStepDraft, now: datetime) -> StepReview:
        """What the gate thinks of a draft as the rep types it: advance or not, and warnings."""
        from callmate.core.dates import DateParseError
        from callmate.core.next_step import resolve_due

        what = self.expand_suggestion(draft.what)
        judged = self.judge_step(what, draft.their_commitment)
        warnings: list[str] = []
        if judged.involves_decider is False:
            _, names = judgement.decider(self.record, self.playbook)
            # Names only: "(Ana Ruiz)", not "(Ana Ruiz (owner))"; the ask says who they are.
            who = tuple(dict.fromkeys(map(judgement.bare_name, judgement.decider_names(names))))
            named = f" ({join_words(list(who))})" if who else ""
            warnings.append(
                f"{self.record.prospect} does not decide: this step does not bring in the "
                f"decision maker{named}. Ask for a time they can join."
            )
        days: float | None = None
        try:
            due = resolve_due(draft.when, now, self.playbook.next_step)
        except DateParseError:
            due = None
        if due is not None:
            days = (due - now) / timedelta(days=1)
            nudge = self.playbook.next_step.nudge_days
            if days > nudge:
                # To a tenth, as the scorecard says it: rounded, 2.4 days read "2 days away
                # ... nudges past 2".
                away = f"{days:.1f}".removesuffix(".0")
                warnings.append(
                    f"That is {away} days away. Sooner is better while the problem is fresh: "
                    f"today or tomorrow if you can (this playbook nudges past {nudge} days)."
                )
        return StepReview(judged, tuple(warnings), days)

    def suggested_ask(self) -> str:
        """A specific ask built from this call: the hot button, the deciders, a suggested step."""
        values = self.template_values()
        hot = values.get("hot_button") or next((item.text for _, _, item in self.powns()), "")
        state, names = judgement.decider(self.record, self.playbook)
        who = judgement.decider_names(names) if state is judgement.Decider.SOMEONE_ELSE else ()
        advances = [
            self.say(s)
            for s in self.playbook.next_step.suggestions
            if judgement.judge_step_text(self.say(s), self.playbook.next_step).advance
        ]
        about = f" on {hot}" if hot else ""
        with_whom = f" with {join_words(list(who))}" if who else ""
        if advances:
            return f"Ask for: {advances[0]}{with_whom}"
        return (
            f"Ask for: a short call on a set day{with_whom} to go through it together{about}; "
            "what will they bring or do before then?"
        )

    def prefilled_draft(self) -> NextStepDraft:
        """Where the gate starts: the kept draft, else the captured step, else what the call
        already holds (the prospect's own part, from a `signal: their_part` question)."""
        from callmate.core.next_step import NextStepDraft

        draft = self.draft()
        if draft is not None:
            return draft
        existing = self.next_step()
        if existing is not None:
            return NextStepDraft(
                existing.due.strftime("%Y-%m-%d %H:%M"),
                existing.what,
                existing.their_commitment,
                existing.our_commitment,
                existing.channel,
                existing.why_continuation,
            )
        return NextStepDraft("", "", self.suggested_their_part())

    def suggested_their_part(self) -> str:
        """Their part as they said it during the call (a `signal: their_part` answer), when the
        gate starts from it (no draft kept, no step captured); else ""."""
        if self.draft() is not None or self.next_step() is not None:
            return ""
        return next(
            (
                str(self.value(q.id))
                for q in self.playbook.with_signal(Signal.THEIR_PART)
                if self.is_answered(q.id) and q in self.path()
            ),
            "",
        )

    def expand_suggestion(self, what: str) -> str:
        """A suggestion's number picks it, so the rep never retypes a standard step."""
        suggestions = self.playbook.next_step.suggestions
        raw = what.strip()
        if raw.isascii() and raw.isdecimal() and 1 <= int(raw) <= len(suggestions):
            return self.say(suggestions[int(raw) - 1])
        return what

    def set_next_step(self, draft: NextStepDraft, now: datetime) -> dict[str, str]:
        """Check and keep the next step; returns a message per field that needs fixing.

        A step the core judges a continuation is refused under the key "continuation" unless the
        draft says why the prospect will not commit (`why_continuation`, in a few real words:
        judgement.says_why, else refused under that key): then it is kept, marked as a
        continuation with that reason.
        """
        from callmate.core.next_step import check_next_step

        if self.completed:
            raise GateClosed(["this call has already ended"])
        draft = replace(draft, what=self.expand_suggestion(draft.what))
        step, errors = check_next_step(draft, now, self.playbook.next_step)
        if step is None:
            return errors
        judged = self.judge_step(step.what, step.their_commitment)
        why = clean(draft.why_continuation).strip()
        if not judged.advance and not why:
            return {"continuation": f"Not an advance yet: {judged.reason}."}
        if not judged.advance and not judgement.says_why(why):
            return {
                "why_continuation": (
                    f"Not saved: {judgement.quoted(why)} does not say why "
                    f"{self.record.prospect} will not commit. Say it in a few words (e.g. "
                    "'budget frozen until March'), or go back and ask for an advance."
                )
            }
        step = replace(
            step,
            kind=judged.kind,
            judgement=judged.reason,
            why_continuation="" if judged.advance else why,
            involves_decider=judged.involves_decider,
        )
        self.record.next_step = step.stored()
        self._touch(now, "next_step", due=self.record.next_step.due, kind=step.kind)
        return {}

    def keep_draft(self, draft: NextStepDraft, now: datetime) -> None:
        """Keep what the rep typed in the gate, so Escape, a signal or a crash loses none of it."""
        if self.completed or self.record.next_step_draft == draft:
            return
        self.record.next_step_draft = replace(draft)
        # Agreeing the step is call time: its latest keystroke is what a resume after a kill
        # counts the pause from (else the gate's minutes vanished from the clock). One event,
        # moved along, however long the typing.
        events, at = self.record.events, _stamp(now)
        if events and events[-1].type == GATE_TYPED:
            events[-1].at = at
        else:
            events.append(Event(GATE_TYPED, at))
        self.record.revision += 1

    def draft(self) -> NextStepDraft | None:
        """The gate's kept draft, if the rep started one."""
        return self.record.next_step_draft

    def retry_note(self, when: str, now: datetime) -> str | None:
        """The pacing warning for a retry typed as `when`: too soon, or one attempt too many."""
        from callmate.core.dates import DateParseError
        from callmate.core.next_step import resolve_due

        if self.pace_retry is None:
            return None
        try:
            due = resolve_due(when, now, self.playbook.next_step)
        except DateParseError:
            return None
        return self.pace_retry(due, now)

    def unconnected_problem(self, outcome: str) -> str | None:
        """Why this call cannot end as ``outcome`` (one of UNCONNECTED), or None.

        A voicemail or no answer after the prospect's answers were recorded would end a real
        conversation with a retry only, past the gate's question of their commitment.
        """
        answered = len(self.record.answers)
        if outcome not in NOBODY_SPOKE or not answered:
            return None
        return (
            f"{counted(answered, 'answer')} from this call {were(answered)} recorded, so it "
            f"connected: it was not {UNCONNECTED[outcome]}. End it with its next step, or "
            "choose wrong contact or rescheduled by them if that is what happened."
        )

    def end_without_connecting(
        self, outcome: str, when: str, left_message: str, now: datetime
    ) -> dict[str, str]:
        """End a call that did not connect (voicemail, no answer...) with a dated retry only."""
        from callmate.core.dates import DateParseError
        from callmate.core.next_step import MAX_FIELD_CHARS, NextStep, resolve_due

        if self.completed:
            raise GateClosed(["this call has already ended"])
        if outcome not in UNCONNECTED:
            raise ValueError(f"outcome must be one of {', '.join(UNCONNECTED)}")
        refused = self.unconnected_problem(outcome)
        if refused:
            return {"outcome": refused}
        try:
            due = resolve_due(when, now, self.playbook.next_step)
        except DateParseError as exc:
            return {"when": str(exc)}
        message = clean(left_message).strip()
        if len(message) > MAX_FIELD_CHARS:
            return {"left_message": f"keep this under {MAX_FIELD_CHARS} characters"}
        step = NextStep(
            due,
            f"Try again ({UNCONNECTED[outcome]})",
            "",
            message,
            "call",
            kind="retry",
            judgement=f"the call did not connect: {UNCONNECTED[outcome]}",
        )
        self.record.outcome = outcome
        self.record.next_step = step.stored(call_outcome=outcome)
        self._touch(now, "outcome", outcome=outcome)
        self.complete(now)
        return {}

    def discard(self, now: datetime, reason: str = "", *, abandoned: bool = False) -> None:
        """Set aside a call started by mistake (or a practice given up): kept on disk, left out
        of lists and stats."""
        if self.completed:
            raise GateClosed(["this call has already ended"])
        record = self.record
        record.status = "discarded"
        record.abandoned = record.abandoned or abandoned
        record.ended = _stamp(now)
        record.cursor = None
        record.next_step_draft = None
        self._touch(now, "discarded", reason=clean(reason).strip())

    def complete(self, now: datetime) -> None:
        """End the call; refused with GateClosed until a dated next step is captured."""
        reasons = self.blockers(now)
        if reasons:
            raise GateClosed(reasons)
        self.keep_unentered(now)  # before the cursor goes: each note names its question
        record = self.record
        record.status = "completed"
        record.ended = _stamp(now)
        record.cursor = None
        record.next_step_draft = None
        record.outcome = record.outcome or "connected"
        self._touch(now, "completed")


def note_text(field: str) -> str:
    """Text as the answer field holds it, as a note keeps it: a paste's ⏎ marks are line
    breaks again, each line trimmed, empty lines left out."""
    return "\n".join(part.strip() for part in clean(field).split(LINE_MARK) if part.strip())


def field_form(text: str) -> str:
    """Text with line breaks as the one-line answer field holds it (⏎ marks between lines)."""
    return f" {LINE_MARK} ".join(part.strip() for part in text.splitlines() if part.strip())


@immutable
class StepReview:
    """The gate's live view of a draft: the judgement, warnings, and how many days away."""

    judgement: StepJudgement
    warnings: tuple[str, ...] = ()
    days: float | None = None
