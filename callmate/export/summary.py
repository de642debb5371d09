"""`callmate show`: one call as a stable JSON summary, the source the Markdown view is made from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from callmate.core.answers import tagged_items
from callmate.core.call_record import CallRecord, encode_record
from callmate.core.judgement import stored_step_kind
from callmate.core.playbook import Playbook, PownTag, SectionKind
from callmate.core.session import CallSession, note_text
from callmate.export.reading import (
    answer_kind,
    is_pown_list,
    label,
    ordered_answers,
    question_of,
    words,
)

SUMMARY_KINDS = tuple(kind.value for kind in SectionKind)
POWN_TAGS = tuple(tag.value for tag in PownTag)


def off_path(record: CallRecord, playbook: Playbook | None) -> frozenset[str]:
    """Answered questions a later answer took off the call's path ("contact decides" changed
    to yes after "how could we bring them in" was answered): kept, but shown apart, as the
    captured pane no longer lists them."""
    if playbook is None:
        return frozenset()
    try:
        on = {q.id for q in CallSession(playbook, record).path()}
    except (KeyError, TypeError, ValueError, AttributeError):
        return frozenset()  # a record that does not fit this playbook edition: show it all
    known = {q.id for q in playbook.questions}
    return frozenset(qid for qid, _ in ordered_answers(record, playbook) if qid in known - on)


def _answer(record: CallRecord, playbook: Playbook | None, question_id: str, value: Any) -> Any:
    return {
        "question": question_id,
        "label": label(question_id, playbook, record),
        "value": value,
        "text": words(value, question_of(question_id, playbook)),
    }


def _powns(
    record: CallRecord, playbook: Playbook | None, apart: frozenset[str]
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for question_id, value in ordered_answers(record, playbook):
        if question_id in apart:
            continue
        for item in tagged_items(value):
            items.append(
                {
                    "text": item.text,
                    "tag": item.tag if item.tag in POWN_TAGS else PownTag.PROBLEM.value,
                    "hot": item.hot,
                    "question": question_id,
                }
            )
    return items


def _answers(
    record: CallRecord, playbook: Playbook | None, apart: frozenset[str]
) -> dict[str, list[Any]]:
    groups: dict[str, list[Any]] = {kind: [] for kind in SUMMARY_KINDS}
    for question_id, value in ordered_answers(record, playbook):
        if is_pown_list(value) or question_id in apart:
            continue  # POWN lists are listed under "powns", item by item
        kind = answer_kind(question_id, value, playbook)
        groups[kind.value].append(_answer(record, playbook, question_id, value))
    return groups


def _off_path_answers(
    record: CallRecord, playbook: Playbook | None, apart: frozenset[str]
) -> list[dict[str, Any]]:
    return [
        _answer(record, playbook, question_id, value)
        for question_id, value in ordered_answers(record, playbook)
        if question_id in apart
    ]


def _unentered(record: CallRecord, playbook: Playbook | None) -> list[dict[str, Any]]:
    """Text typed at a question and not entered, on a call not ended yet (the end keeps it as
    notes, CallSession.keep_unentered): shown, as nothing the rep typed is hidden."""
    typed: list[dict[str, Any]] = [
        {"question": qid, "label": label(qid, playbook, record), "text": note_text(text)}
        for qid, text in record.drafts.items()
    ]
    if record.draft:
        typed.append({"question": None, "label": "", "text": note_text(record.draft)})
    return [entry for entry in typed if entry["text"]]


def _notes(record: CallRecord) -> list[dict[str, Any]]:
    return [
        {"text": note.text, "at": note.at, "question": note.question}
        for note in record.notes
        if note.text
    ]


def _objection_cards(record: CallRecord) -> list[dict[str, Any]]:
    """Objection cards the rep opened during the call (newer records only)."""
    return [
        {
            "card": card.card,
            "title": card.title or card.card,
            "raised_at": card.raised_at,
            "resolved": bool(card.resolved_at),
        }
        for card in record.objections
        if card.title or card.card
    ]


def build_summary(record: CallRecord, playbook: Playbook | None) -> dict[str, Any]:
    """The shape `callmate show --format json` prints (see docs/json-format.md)."""
    ref = record.playbook
    apart = off_path(record, playbook)
    powns = _powns(record, playbook, apart)
    return {
        "id": record.id,
        "prospect": record.prospect,
        "company": record.company,
        "mode": record.mode,
        "status": record.status,
        "started": record.started,
        "ended": record.ended,
        "playbook": {
            "name": ref.name,
            "title": playbook.title if playbook is not None else ref.title,
            "version": ref.version,
            "loaded": playbook is not None,
        },
        "objective": record.objective,
        "powns": powns,
        "hot_buttons": [item["text"] for item in powns if item["hot"]],
        "answers": _answers(record, playbook, apart),
        "off_path": _off_path_answers(record, playbook, apart),
        "objection_cards": _objection_cards(record),
        "notes": _notes(record),
        "unentered": _unentered(record, playbook),
        # the step as stored (JSON), so `show` prints what the file holds
        "next_step": encode_record(record)["next_step"],
    }


def kind_mark(step: Mapping[str, Any]) -> str:
    """' [continuation]' or ' [retry]' after a listed next step that is not an advance (the
    core's kind), so a list row never reads like an advance it was not."""
    kind = stored_step_kind(step) if step else None
    return f" [{kind}]" if kind and kind != "advance" else ""


def listing_view(summary: Mapping[str, Any]) -> dict[str, Any]:
    """The shape `callmate history --json` prints for one call, taken from its summary, so the
    list, `show` and the read-only screen cannot disagree about what a call holds."""
    answers: dict[str, Any] = {}
    for group in summary["answers"].values():
        for answer in group:
            answers[answer["question"]] = answer["value"]
    for item in summary["powns"]:
        answers.setdefault(item["question"], []).append(
            {"text": item["text"], "tag": item["tag"], "hot": item["hot"]}
        )
    for answer in summary.get("off_path", ()):  # the record holds them: the listing too
        answers[answer["question"]] = answer["value"]
    playbook = summary["playbook"]
    return {
        "id": summary["id"],
        "playbook": {"name": playbook["name"], "version": playbook["version"]},
        "prospect": summary["prospect"],
        "company": summary["company"],
        "mode": summary["mode"],
        "status": summary["status"],
        "started": summary["started"],
        "ended": summary["ended"],
        "objective": summary["objective"],
        "answers": answers,
        "hot_buttons": summary["hot_buttons"],
        "notes": [note["text"] for note in summary["notes"]],
        "next_step": summary["next_step"],
    }
