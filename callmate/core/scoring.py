"""Score a stored call against the habits that keep a prospect engaged after the call.

`score` is a pure function of the record (and the playbook when it can still be loaded): the same
inputs always give the same scorecard, so a rep's practice scores can be recomputed and compared
over time. Nothing here reads the clock; "the end of the call" comes from the record itself.
The criteria and their rules are documented for trainers in docs/scoring.md.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import field
from datetime import UTC, datetime, timedelta
from typing import Any

from callmate.core import judgement, practice_truth
from callmate.core.answers import given, tagged_items, text_items
from callmate.core.call_record import Answer, CallRecord, PownItem
from callmate.core.counts import counted
from callmate.core.immutable import immutable
from callmate.core.judgement import Timeline, Verdict
from callmate.core.playbook import (
    ExtraCriterion,
    NextStepPolicy,
    Playbook,
    Question,
    SectionKind,
    Signal,
)
from callmate.core.practice_names import PARTNER
from callmate.core.records import hot_buttons, pown_items

#: Phrases that show the rep was presenting rather than asking.
PITCH_PHRASES = (
    "our product",
    "our solution",
    "our platform",
    "our software",
    "our service",
    "our tool",
    "we offer",
    "we provide",
    "we can offer",
    "let me show you",
    "let me tell you about",
)
#: Ids in a decision-maker section that ask how they buy rather than who decides.
PROCESS_ID_WORDS = ("process", "steps", "approval", "budget", "procure", "buy")
#: A section over its minutes by this factor, and by at least OVER_MINUTES, ran over.
OVER_FACTOR = 1.5
OVER_MINUTES = 2.0
#: Discovery shorter than this share of its planned minutes was rushed.
RUSHED_SHARE = 1 / 3


#: Criteria only a practice against a scripted persona can score: it knows what was said.
SCRIPTED_ONLY = frozenset({"listening"})


@immutable
class CriterionScore:
    """One line of a scorecard: points out of the maximum, why, and a tip."""

    id: str
    label: str
    points: int
    max: int
    weight: float
    reason: str
    tip: str = ""
    scored: bool = True

    @property
    def share(self) -> float:
        """Points as a fraction of the maximum (0 when the criterion was not scored)."""
        return self.points / self.max if self.scored and self.max else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "points": self.points,
            "max": self.max,
            "weight": self.weight,
            "scored": self.scored,
            "reason": self.reason,
            "tip": self.tip,
        }


@immutable
class Scorecard:
    """A call's score: the total and every criterion behind it."""

    record_id: str
    total: int
    criteria: tuple[CriterionScore, ...]
    mode: str = "live"
    persona: str | None = None
    playbook: str | None = None
    started: str = ""
    notes: tuple[str, ...] = field(default=())
    #: What the practice partner said afterwards, oldest first (not scored: their own words).
    feedback: tuple[str, ...] = field(default=())

    @property
    def feedback_label(self) -> str:
        """Whose words the feedback is: the colleague's after a `--partner` practice; after a
        scripted persona nobody played the prospect, so it is the rep's or a coach's."""
        return "partner's feedback" if self.persona == PARTNER else "feedback"

    @property
    def shown(self) -> tuple[CriterionScore, ...]:
        """The criteria a person reads: one only a scripted practice can score is left out of
        a call nobody scripted (a live call, a practice with a colleague), where its line
        could only say it does not apply. `to_dict` keeps every row: one shape for JSON."""
        scripted = self.persona not in (None, PARTNER)
        return tuple(c for c in self.criteria if scripted or c.id not in SCRIPTED_ONLY)

    def criterion(self, criterion_id: str) -> CriterionScore:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.record_id,
            "started": self.started,
            "mode": self.mode,
            "persona": self.persona,
            "playbook": self.playbook,
            "total": self.total,
            "notes": list(self.notes),
            "feedback": list(self.feedback),
            "criteria": [c.to_dict() for c in self.criteria],
        }


@immutable
class _Result:
    """What one criterion's rule gave, before its label and weight are added."""

    points: int
    max: int
    reason: str
    tip: str = ""
    scored: bool = True


def _unscored(max_points: int, reason: str) -> _Result:
    return _Result(0, max_points, reason, scored=False)


# -- signals shared with the practice partner ----------------------------------------------------
def parse_time(text: Any) -> datetime | None:
    """An ISO timestamp from a record, or None when it is missing or unreadable."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    # A hand-edited record may drop the offset; comparing it with aware times must not crash.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _at(stamp: str) -> datetime:
    """A record's moment (the decoder checked it carries its UTC offset)."""
    return datetime.fromisoformat(stamp)


def pain_agreed(
    record: CallRecord,
    playbook: Playbook | None = None,
    pain_questions: Collection[str] | None = None,
) -> bool:
    """Whether the prospect said the problem is big enough to fix (the core's judgement)."""
    return judgement.pain(record, playbook, pain_questions).verdict is Verdict.MET


def first_discovery_at(record: CallRecord) -> datetime | None:
    """When the first POWN answer was saved (a POWN question's time is its latest item's)."""
    times = [_at(entry.at) for entry in given(record).values() if tagged_items(entry.value)]
    return min(times) if times else None


def _typed_texts(record: CallRecord) -> list[tuple[str, datetime]]:
    texts = [(note.text, _at(note.at)) for note in record.notes]
    for entry in given(record).values():
        at = _at(entry.at)
        if isinstance(entry.value, str):
            texts.append((entry.value, at))
        texts.extend((item, at) for item in text_items(entry.value))
    return texts


def is_pitch(text: str) -> bool:
    folded = text.casefold()
    return any(phrase in folded for phrase in PITCH_PHRASES)


def pitched_before_discovery(record: CallRecord) -> bool:
    """Whether a note or answer typed before any POWN was captured reads like a pitch."""
    first = first_discovery_at(record)
    return any(
        is_pitch(text) and (first is None or at < first) for text, at in _typed_texts(record)
    )


def call_end(record: CallRecord) -> datetime:
    """When the call ended, or its latest recorded moment while it is still in progress."""
    if record.ended is not None:
        return _at(record.ended)
    moments = [record.started]
    moments += [a.at for a in given(record).values()]
    moments += [n.at for n in record.notes] + [e.at for e in record.events]
    return max(_at(m) for m in moments)


# -- the criteria -------------------------------------------------------------------------------
def _section_questions(playbook: Playbook, kind: SectionKind) -> list[Question]:
    return [q for s in playbook.sections if s.kind is kind for q in s.questions]


def _times(answers: Mapping[str, Answer], ids: Collection[str]) -> list[datetime]:
    return [_at(answers[i].at) for i in ids if i in answers]


def _agenda(record: CallRecord, playbook: Playbook | None) -> _Result:
    if playbook is None:
        return _unscored(2, "needs the playbook to know which questions set the agenda")
    agenda_ids = {q.id for q in _section_questions(playbook, SectionKind.AGENDA)}
    if not agenda_ids:
        return _unscored(2, "this playbook has no agenda section")
    answers = given(record)
    agenda = _times(answers, agenda_ids)
    others = _times(answers, {q.id for q in playbook.questions} - agenda_ids)
    tip = "open with the agenda: agree the time, what you'll cover and permission to ask questions"
    if not agenda:
        return _Result(0, 2, "no agenda question was answered", tip)
    # The earliest answers decide, so correcting an agenda answer later costs nothing.
    if others and min(agenda) > min(others):
        return _Result(1, 2, "the agenda was agreed only after other parts had started", tip)
    return _Result(2, 2, "the agenda was agreed before anything else")


def _powns(record: CallRecord, typed: Sequence[PownItem] = ()) -> _Result:
    """`typed`: the items as the rep captured them, before the check left out those that say
    nothing or (in a persona practice) were not from what it said: the line names them, so it
    never claims nothing was captured when something was."""
    items = pown_items(record)
    count = len(items)
    tip = "ask 'what else?' until they run out, and type each problem in their own words"
    unmatched = Counter(i.text for i in items)
    left_out = []
    for item in typed:
        if unmatched[item.text]:
            unmatched[item.text] -= 1
        else:
            left_out.append(item.text)
    no_credit = _no_credit(left_out)
    if count == 0:
        if no_credit:
            return _Result(0, 2, f"nothing captured earns credit: {no_credit}", tip)
        return _Result(0, 2, "no problems, opportunities, wants or needs were captured", tip)
    tags = sorted({i.tag for i in items})
    said = f"{counted(count, 'POWN item')} captured ({', '.join(tags)})"
    if no_credit:
        said += f"; no credit for the rest: {no_credit}"
    if count < 3:
        return _Result(1, 2, said, tip)
    return _Result(2, 2, said)


def _no_credit(texts: Sequence[str]) -> str:
    """Items left out of the count, and why, in the words the listening notes use."""
    empty = [t for t in texts if practice_truth.is_junk(t)]
    other = [t for t in texts if not practice_truth.is_junk(t)]
    parts = []
    if empty:
        parts.append(
            f"{counted(len(empty), 'item')} that {_says(len(empty))} nothing ({_list(empty)})"
        )
    if other:
        parts.append(f"{counted(len(other), 'item')} not from what they said ({_list(other)})")
    return " and ".join(parts)


def _says(count: int) -> str:
    return "says" if count == 1 else "say"


def _list(texts: Sequence[str]) -> str:
    return ", ".join(f"'{t if len(t) <= 40 else t[:39] + '…'}'" for t in texts)


def _pain(
    record: CallRecord, playbook: Playbook | None, pain_questions: Collection[str] | None
) -> _Result:
    judged = judgement.pain(record, playbook, pain_questions)
    if judged.verdict is Verdict.MET:
        return _Result(
            1, 1, f"the prospect agreed the problem is big enough to fix ({judged.reason})"
        )
    tip = (
        "ask plainly whether it is big enough to do something about, and wait; if not, go back "
        "to what it costs them before pitching"
    )
    if judged.verdict is Verdict.NOT_MET:
        return _Result(
            0, 1, f"the prospect did not agree the problem is big enough: {judged.reason}", tip
        )
    return _Result(0, 1, "the prospect never said the problem is big enough to fix", tip)


def _hot_button(record: CallRecord) -> _Result:
    hot = hot_buttons(record)
    if hot:
        return _Result(1, 1, f"hot button starred: {hot[0]}")
    return _Result(
        0,
        1,
        "no POWN item was starred as the hot button",
        "star the item they talk about with the most energy: the follow-up call opens with it",
    )


def _commitment(
    record: CallRecord,
    playbook: Playbook | None,
    unknown: Mapping[str, Answer] | None = None,
    pain_questions: Collection[str] | None = None,
) -> _Result:
    """`unknown`: in practice, commitment answers whose words read as no answer (asked, never
    strong). A firm timeline from a prospect who said the problem is not big enough to fix
    is not strong either: the two answers disagree, and the date rarely holds."""
    if playbook is None:
        return _unscored(2, "needs the playbook to know which question asks for commitment")
    questions = judgement.commitment_questions(playbook)
    if not questions:
        return _unscored(2, "this playbook has no commitment section or question")
    answers = given(record)
    unread = unknown or {}
    asked = [q for q in questions if q.id in answers or q.id in unread]
    tip = "ask how soon they would realistically want to start if the problem were solved"
    if not asked:
        skipped = [q for q in questions if q.id in record.skipped]
        if skipped:
            required = " (a required question)" if skipped[0].required else ""
            return _Result(
                0,
                2,
                f"the commitment question {practice_truth.named(skipped[0], skipped[0].id)}"
                f"{required} was skipped, so how soon they would act was never tested",
                tip,
            )
        return _Result(0, 2, "the commitment question was not asked", tip)
    question = asked[0]
    if question.id not in answers:
        words = unread[question.id].value
        return _Result(
            1,
            2,
            f"asked, but their answer gives no timeline that can be read: {words}",
            "a weak answer means the pain isn't established: go back to what it costs them "
            "before asking for a next step",
        )
    value = answers[question.id].value
    firmness = judgement.timeline_of(question, value)
    if firmness is Timeline.SET:
        pain = judgement.pain(record, playbook, pain_questions)
        if pain.verdict is Verdict.NOT_MET:
            return _Result(
                1,
                2,
                f"asked, and they gave a timeline ({value}), but the pain is {pain.reason}: "
                "a date without agreed pain is not yet a commitment",
                "go back to what the problem costs them until they agree it is worth fixing, "
                "then ask how soon again",
            )
        return _Result(2, 2, f"asked, and the answer was strong: {value}")
    return _Result(
        1,
        2,
        f"asked, but the answer was weak{' (no timeline)' if firmness is Timeline.NONE else ''}: "
        f"{value}",
        "a weak answer means the pain isn't established: go back to what it costs them "
        "before asking for a next step",
    )


def _decision_questions(playbook: Playbook) -> tuple[list[str], list[str]]:
    """Question ids asking who decides, and ids asking how they buy."""
    marked = [q.id for q in playbook.with_signal(Signal.DECISION_MAKER)]
    in_section = [q.id for q in _section_questions(playbook, SectionKind.DECISION_MAKER)]
    process = [i for i in in_section if i not in marked and any(w in i for w in PROCESS_ID_WORDS)]
    who = [i for i in dict.fromkeys(in_section + marked) if i not in process]
    return who, process


def _decision(record: CallRecord, playbook: Playbook | None) -> _Result:
    if playbook is None:
        return _unscored(2, "needs the playbook to know which questions ask who decides")
    who, process = _decision_questions(playbook)
    if not who and not process:
        return _unscored(2, "this playbook has no decision-maker section")
    # An answer that says nothing is known ("not sure", "TBD") leaves it unknown, as the
    # qualification slot shows it (a card said "both known" beside ✗ and ○ on the screen).
    answers = {qid: a for qid, a in given(record).items() if not judgement.nothing_known(a.value)}
    wanted = [part for part in (who, process) if part]
    known = [part for part in wanted if any(i in answers for i in part)]
    points = round(2 * len(known) / len(wanted))
    if points == 2:
        if not process:  # one part asked for is all the playbook asks: say only that one
            return _Result(2, 2, "who decides is known (this playbook does not ask how they buy)")
        if not who:
            return _Result(2, 2, "how they buy is known (this playbook does not ask who decides)")
        return _Result(2, 2, "who decides and how they buy are both known")
    missing = []
    if who and not any(i in answers for i in who):
        missing.append("who decides")
    if process and not any(i in answers for i in process):
        missing.append("how they buy")
    return _Result(
        points,
        2,
        f"not known: {' and '.join(missing)}",
        "ask who else is involved, whether the final yes is theirs, and what the steps "
        "from yes to signed are",
    )


def _objections(record: CallRecord, playbook: Playbook | None) -> _Result:
    """Concerns asked for (an objections-section answer or an objection card opened) and worked
    through (a second answer there, or every opened card resolved)."""
    if playbook is None:
        return _unscored(2, "needs the playbook to know which questions ask for concerns")
    questions = _section_questions(playbook, SectionKind.OBJECTIONS)
    raised = record.objections
    if not questions and not raised and not playbook.cards:
        return _unscored(2, "this playbook has no objections section")
    answers = given(record)
    answered = [q for q in questions if q.id in answers]
    still_open = [o for o in raised if not o.resolved_at]
    tip = "ask for concerns openly, then work through each one with them"
    if not answered and not raised:
        return _Result(0, 2, "concerns were not asked for", tip)
    if still_open:
        titles = ", ".join(o.title or o.card for o in still_open)
        return _Result(1, 2, f"objections left open: {titles}", tip)
    if len(answered) < 2 and not raised:
        return _Result(1, 2, "concerns were asked for but not worked through", tip)
    return _Result(2, 2, "concerns were asked for and worked through")


def _step_date(record: CallRecord, playbook: Playbook | None) -> _Result:
    """Sooner is better: within the playbook's nudge (a day or two) earns full points."""
    step = record.next_step
    policy = playbook.next_step if playbook else NextStepPolicy()
    max_days, soon = policy.max_days, policy.nudge_days
    tip = f"agree a day and time within {soon} days, while the problem is fresh"
    if step is None:
        return _Result(0, 2, "no dated next step", tip)
    if step.kind == "continuation":
        return _Result(0, 2, "a date for a continuation moves nothing forward", tip)
    due, end = _at(step.due), call_end(record)
    if due <= end:
        return _Result(0, 2, "the next step's date had already passed when the call ended", tip)
    days = (due - end) / timedelta(days=1)
    if days > max_days:
        return _Result(0, 2, f"the next step is {days:.0f} days out; the limit is {max_days}", tip)
    if days > soon:
        return _Result(1, 2, f"dated {days:.1f} days after the call: sooner would be better", tip)
    return _Result(2, 2, f"dated {days:.1f} days after the call, while the problem is fresh")


def _step_commitment(record: CallRecord, playbook: Playbook | None) -> _Result:
    """An advance, judged by the core exactly as the gate judged it."""
    step = record.next_step
    tip = (
        "get their own action and time together (a call to go through it), not only "
        "something we send"
    )
    if step is None:
        return _Result(0, 2, "no next step, so no commitment from them", tip)
    what, theirs, kind = step.what, step.their_commitment, step.kind
    if kind == "retry":
        return _unscored(2, "the call did not connect: only a retry was booked")
    judged = judgement.step_of(record, playbook, what, theirs)
    if kind == "continuation" or not judged.advance:
        why = step.why_continuation
        said = f" (the rep's reason: {why})" if why else ""
        lost = " The practice prospect went quiet: a loss." if record.mode == "practice" else ""
        return _Result(0, 2, f"ended on a continuation: {judged.reason}{said}.{lost}", tip)
    if practice_truth.is_junk(theirs):
        return _Result(0, 2, f"their part says nothing: {theirs!r}", tip)
    untested = _commitment_untested(record, playbook)
    disagreed = practice_truth.step_disagreement(record, playbook, theirs)
    if disagreed:
        return _Result(
            0,
            2,
            f"an advance as typed ({judged.reason}), but {disagreed}",
            "in practice, get them to say what they will do: ask again until their own words "
            "make the step an advance, and type it as they said it",
        )
    if judged.involves_decider is False:
        return _Result(
            1,
            2,
            f"an advance ({judged.reason}), but the decision maker is left out{untested}",
            "the contact does not decide: ask for a time the decision maker joins",
        )
    return _Result(2, 2, f"they committed to an advance ({judged.reason}): {theirs}{untested}")


def _commitment_untested(record: CallRecord, playbook: Playbook | None) -> str:
    """What an advance line says when the commitment question was never asked.

    The step is judged as the step it is: an advance they agreed to in their own words is
    theirs, however keen they were. Not asking how soon they would act is the commitment
    criterion's loss, so it is said here, not charged twice.
    """
    questions = judgement.commitment_questions(playbook) if playbook else []
    if not questions or any(q.id in record.answers for q in questions):
        return ""
    said = {str(e.fields.get("question")) for e in record.events if e.type == "prospect_said"}
    if any(q.id in said and q.id not in record.skipped for q in questions):
        return ""  # asked, and their words were no readable answer (the commitment line says)
    how = "skipped" if any(q.id in record.skipped for q in questions) else "never asked"
    return (
        f" — the commitment question was {how}, so how soon they would act is untested (that "
        "costs the commitment points, not these)"
    )


def _section_minutes(record: CallRecord, playbook: Playbook) -> dict[str, float]:
    """Minutes spent per section, on the clock the call screen shows.

    From the record's section visits when it has them, by the session's own count
    (CallSession.section_seconds: each visit lasts until the next, the last until the end of
    the call, less the time the call was closed, so a crash and restart charges no section
    for the dead time); older records without visits give each answer's gap since the
    previous answer to that answer's section.
    """
    sections = {s.id for s in playbook.sections}
    if any(v.section in sections for v in record.visits):
        from callmate.core.session import CallSession  # the session owns the call's clock

        spent = CallSession(playbook, record).section_seconds(call_end(record))
        return {section: seconds / 60 for section, seconds in spent.items() if section in sections}
    answers = given(record)
    known = {q.id for q in playbook.questions}
    steps = sorted((_at(answers[i].at), playbook.section_of(i).id) for i in answers if i in known)
    previous = _at(record.started)
    minutes: dict[str, float] = {}
    for at, section in steps:
        minutes[section] = minutes.get(section, 0.0) + max(
            0.0, (at - previous).total_seconds() / 60
        )
        previous = at
    return minutes


def _time(record: CallRecord, playbook: Playbook | None) -> _Result:
    if playbook is None:
        return _unscored(2, "needs the playbook's section minutes")
    if record.mode == "practice":
        return _unscored(
            2, "left out in practice: a role-play's pace says little about a real call's pace"
        )
    if not any(s.minutes for s in playbook.sections):
        return _unscored(2, "this playbook gives no minutes per section")
    if len(given(record)) < 2:
        return _unscored(2, "too few answers to time the sections")
    spent = _section_minutes(record, playbook)
    issues = []
    for section in playbook.sections:
        if not section.minutes or section.id not in spent:
            continue
        used = spent[section.id]
        if used > section.minutes * OVER_FACTOR and used - section.minutes >= OVER_MINUTES:
            issues.append(f"'{section.title}' took {used:.0f} min against {section.minutes}")
        elif section.kind is SectionKind.POWNS and used < section.minutes * RUSHED_SHARE:
            issues.append(f"discovery '{section.title}' took {used:.1f} min of {section.minutes}")
    if not issues:
        return _Result(2, 2, "every section kept close to its planned minutes")
    return _Result(
        max(0, 2 - len(issues)),
        2,
        "; ".join(issues),
        "keep an eye on the section timer: trim talk, not discovery",
    )


def _listening(record: CallRecord, checked: practice_truth.Checked) -> _Result:
    """Practice with a persona only: how many captures match what the persona said. Not
    scored when nothing could be checked, and the line says why: not a persona practice, or
    nothing was captured, or nothing captured had a readable reply to check it against."""
    if not checked.checked:
        if not practice_truth.scripted(record):
            return _unscored(2, "only a practice with a persona knows what was really said")
        if not given(record):
            return _unscored(2, "nothing was captured to check against what they said")
        return _unscored(2, "nothing captured could be checked against what they said")
    share = checked.accurate / checked.checked
    reason = f"{checked.accurate} of {checked.checked} captures match what they said"
    if share >= 0.9:
        return _Result(2, 2, reason)
    tip = "type what they said, in their words; their yes, no or maybe is what counts"
    return _Result(1 if share >= 0.6 else 0, 2, reason, tip)


def _criterion_questions(
    playbook: Playbook | None,
    pain_questions: Collection[str] | None,
    extra: Sequence[ExtraCriterion],
) -> dict[str, set[str]]:
    """The questions whose answers each criterion is scored on."""
    if playbook is None:
        return {}
    who, process = _decision_questions(playbook)
    found = {
        "agenda": {q.id for q in _section_questions(playbook, SectionKind.AGENDA)},
        "pain_agreed": set(judgement.pain_questions(playbook, pain_questions)),
        "commitment": {q.id for q in judgement.commitment_questions(playbook)},
        "decision_maker": {*who, *process},
        "objections": {q.id for q in _section_questions(playbook, SectionKind.OBJECTIONS)},
    }
    for e in extra:
        found[e.id] = {e.question}
    return found


def _against_their_words(result: _Result, wrong: Sequence[str]) -> _Result:
    """A criterion with an answer recorded against what the persona said earns nothing: the
    rep heard the opposite of what was said, so what the card would credit is not known."""
    if not wrong or not result.scored:
        return result
    more = f" (and {counted(len(wrong) - 1, 'more')})" if len(wrong) > 1 else ""
    return _Result(
        0,
        result.max,
        f"recorded against what they said, so it earns nothing: {wrong[0]}{more}",
        "type their answer as they gave it (their yes, no or choice); if you missed it, ask again",
    )


@immutable
class _Criterion:
    """A criterion's id, label and weight, as the playbook's scoring sets them."""

    id: str
    label: str
    weight: float


CRITERIA = (
    _Criterion("agenda", "Agenda set at the start", 10),
    _Criterion("powns", "POWNs uncovered", 15),
    _Criterion("pain_agreed", "Prospect agreed the problem is big enough", 10),
    _Criterion("hot_button", "Hot button found", 10),
    _Criterion("commitment", "Commitment question asked, answer strong", 15),
    _Criterion("decision_maker", "Decision maker and buying process known", 10),
    _Criterion("objections", "Objections asked for and worked through", 10),
    _Criterion("next_step_date", "Next step dated, within the limit", 5),
    _Criterion("next_step_commitment", "Prospect committed to an advance", 10),
    _Criterion("time", "Time per section", 5),
    _Criterion("listening", "Captured what the prospect said (practice)", 10),
)
CRITERION_IDS = tuple(c.id for c in CRITERIA)


def _extra_result(record: CallRecord, extra: ExtraCriterion) -> _Result:
    entry = given(record).get(extra.question)
    value = None if entry is None else entry.value
    if extra.expect.matches(value):
        return _Result(1, 1, f"'{extra.question}' was answered as expected")
    said = "not answered" if value is None else f"answered {value!r}"
    return _Result(0, 1, f"'{extra.question}' was {said}", extra.tip)


def _on_path(record: CallRecord, playbook: Playbook | None) -> CallRecord:
    """The record as the call ended up: answers a later branch took off the path do not count."""
    if playbook is None:
        return record
    from callmate.core.session import CallSession  # the session owns what the path is

    try:
        asked = {q.id for q in CallSession(playbook, record).path()}
    except (KeyError, TypeError, ValueError):
        return record  # a record the playbook cannot walk is scored as stored
    known = {q.id for q in playbook.questions}
    answers = {k: v for k, v in record.answers.items() if k in asked or k not in known}
    return dataclasses.replace(record, answers=answers)


def score(
    record: CallRecord,
    playbook: Playbook | None = None,
    *,
    weights: Mapping[str, float] | None = None,
    extra: Sequence[ExtraCriterion] = (),
    pain_questions: Collection[str] | None = None,
) -> Scorecard:
    """The scorecard for one stored call.

    ValueError names an unknown or negative weight, or an extra criterion reusing an id.

    A weight of 0 leaves a criterion out. Criteria that cannot be judged (no playbook, or the
    playbook has no such section) are listed but not scored, and the total is out of the rest.
    """
    weights = dict(weights or {})
    extra_ids = [e.id for e in extra]
    clashes = sorted({i for i in extra_ids if i in CRITERION_IDS or extra_ids.count(i) > 1})
    if clashes:
        raise ValueError(f"extra criteria need their own ids: {', '.join(clashes)}")
    known = set(CRITERION_IDS) | set(extra_ids)
    unknown = sorted(set(weights) - known)
    if unknown:
        raise ValueError(f"unknown scoring criteria: {', '.join(unknown)}")
    negative = sorted(k for k, w in weights.items() if w < 0)
    if negative or any(e.points < 0 for e in extra):
        raise ValueError(f"scoring weights cannot be negative: {', '.join(negative) or 'extra'}")
    record = checked_from = _on_path(record, playbook)
    checked = practice_truth.check(record, playbook)
    record = checked.record
    asked = checked.asked()  # a reply that reads as no answer still shows the question was asked
    results = {
        "agenda": _agenda(asked, playbook),
        "powns": _powns(record, pown_items(checked_from)),
        "pain_agreed": _pain(record, playbook, pain_questions),
        "hot_button": _hot_button(record),
        "commitment": _commitment(record, playbook, checked.unknown, pain_questions),
        "decision_maker": _decision(asked, playbook),
        "objections": _objections(record, playbook),
        "next_step_date": _step_date(record, playbook),
        "next_step_commitment": _step_commitment(record, playbook),
        "time": _time(record, playbook),
        "listening": _listening(checked_from, checked),
    }
    results |= {e.id: _extra_result(record, e) for e in extra}
    for cid, ids in _criterion_questions(playbook, pain_questions, extra).items():
        wrong = [note for qid, note in checked.against.items() if qid in ids]
        results[cid] = _against_their_words(results[cid], wrong)
    rows = [(c.id, c.label, weights.get(c.id, c.weight), results[c.id]) for c in CRITERIA]
    rows += [(e.id, e.label, weights.get(e.id, e.points), results[e.id]) for e in extra]
    criteria = tuple(
        CriterionScore(
            cid,
            label,
            r.points,
            r.max,
            float(w),
            r.reason,
            r.tip if r.points < r.max else "",
            r.scored,
        )
        for cid, label, w, r in rows
        if w > 0
    )
    counted = [c for c in criteria if c.scored]
    total_weight = sum(c.weight for c in counted)
    total = round(100 * sum(c.weight * c.share for c in counted) / total_weight) if counted else 0
    step = record.next_step
    disagreed = (
        practice_truth.step_disagreement(record, playbook, step.their_commitment)
        if step is not None and step.kind == "advance"
        else ""
    )
    notes = (
        checked.notes
        + ((f"next step: {disagreed}",) if disagreed else ())
        + (() if playbook else ("scored without the playbook: some criteria could not be judged",))
    )
    return Scorecard(
        record_id=record.id,
        total=total,
        criteria=criteria,
        mode=record.mode,
        persona=record.persona,
        playbook=record.playbook.name,
        started=record.started,
        notes=notes,
        feedback=tuple(n.text for n in record.feedback if n.text),
    )


def score_record(record: CallRecord, playbook: Playbook | None) -> Scorecard:
    """Score with the playbook's own `scoring:` settings when the playbook is at hand."""
    if playbook is None:
        return score(record, None)
    spec = playbook.scoring
    return score(
        record,
        playbook,
        weights=dict(spec.weights) or None,
        extra=spec.extra,
        pain_questions=spec.pain_questions or None,
    )
