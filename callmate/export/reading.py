"""What each stored answer is about and how it reads, with or without the call's playbook.

With the playbook, a question's section kind and prompt say it all. Without it (the file was
moved or the question was removed since), the record itself still shows POWN items by their
shape, and question ids like ``agenda_shared`` or ``decision_maker`` hint at the rest.
"""

from __future__ import annotations

from callmate.core.answers import fits, join_words, misfit_words
from callmate.core.call_record import AnswerValue, CallRecord, PownItem
from callmate.core.playbook import Playbook, Question, SectionKind
from callmate.core.session import CallSession

# Checked in this order; the first keyword found in a question id decides.
ID_KEYWORDS: tuple[tuple[SectionKind, tuple[str, ...]], ...] = (
    (SectionKind.AGENDA, ("agenda",)),
    (SectionKind.COMMITMENT, ("commit",)),
    (SectionKind.DECISION_MAKER, ("decision", "decid")),
    (SectionKind.OBJECTIONS, ("objection", "concern")),
)


def is_answered(value: AnswerValue | None) -> bool:
    """The session's own rule: an empty text or list is no answer; a 'no' is one."""
    return value is not None and value != "" and value != []


def is_pown_list(value: AnswerValue) -> bool:
    """A list answer of POWN items (the record keeps a list all text or all items)."""
    return isinstance(value, list) and bool(value) and isinstance(value[0], PownItem)


def answers_of(record: CallRecord) -> dict[str, AnswerValue]:
    """Question id -> answered value, skipping empty entries."""
    return {qid: entry.value for qid, entry in record.answers.items() if is_answered(entry.value)}


def question_of(question_id: str, playbook: Playbook | None) -> Question | None:
    if playbook is None:
        return None
    try:
        return playbook.question(question_id)
    except KeyError:
        return None


def answer_kind(question_id: str, value: AnswerValue, playbook: Playbook | None) -> SectionKind:
    """The kind of section the answer belongs to: the playbook's if it knows the question."""
    question = question_of(question_id, playbook)
    if playbook is not None and question is not None:
        return playbook.section(question.section_id).kind
    if is_pown_list(value):
        return SectionKind.POWNS
    folded = question_id.casefold()
    for kind, words in ID_KEYWORDS:
        if any(word in folded for word in words):
            return kind
    return SectionKind.OTHER


def ordered_answers(record: CallRecord, playbook: Playbook | None) -> list[tuple[str, AnswerValue]]:
    """Answered questions in the playbook's order; questions it does not know follow as stored."""
    values = answers_of(record)
    order = [q.id for q in playbook.questions] if playbook is not None else []
    known = [(qid, values[qid]) for qid in order if qid in values]
    return known + [(qid, v) for qid, v in values.items() if qid not in order]


def label(question_id: str, playbook: Playbook | None, record: CallRecord) -> str:
    """The question as the rep saw it (templates filled in), else its id made readable."""
    question = question_of(question_id, playbook)
    if playbook is None or question is None:
        words = question_id.replace("_", " ").replace("-", " ").strip()
        return words[:1].upper() + words[1:] if words else question_id
    try:
        return CallSession(playbook, record).prompt(question)
    except (KeyError, TypeError, ValueError, AttributeError):
        return question.prompt  # a record that does not fit this playbook edition any more


def words(value: AnswerValue, question: Question | None = None) -> str:
    """An answer in words: yes/no for booleans, 'a, b and c' for lists; one its question cannot
    hold says so, as a resumed call does (answers.misfit_words)."""
    if question is not None and not fits(question, value):
        return misfit_words(question, value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return join_words([i.text if isinstance(i, PownItem) else i for i in value])
    return str(value)
