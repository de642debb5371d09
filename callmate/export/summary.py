"""`callmate show`: one call as a stable JSON summary, the source the Markdown view is made from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from callmate.core.answers import tagged_items
from callmate.core.call_record import CallRecord, encode_record
from callmate.core.judgement import stored_step_kind
from callmate.core.playbook import Playbook, PownTag, SectionKind
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


def _powns(record: CallRecord, playbook: Playbook | None) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for question_id, value in ordered_answers(record, playbook):
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


def _answers(record: CallRecord, playbook: Playbook | None) -> dict[str, list[Any]]:
    groups: dict[str, list[Any]] = {kind: [] for kind in SUMMARY_KINDS}
    for question_id, value in ordered_answers(record, playbook):
        if is_pown_list(value):
            continue  # listed under "powns", item by item
        kind = answer_kind(question_id, value, playbook)
        groups[kind.value].append(
            {
                "question": question_id,
                "label": label(question_id, playbook, record),
                "value": value,
                "text": words(value, question_of(question_id, playbook)),
            }
        )
    return groups


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
    powns = _powns(record, playbook)
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
        "answers": _answers(record, playbook),
        "objection_cards": _objection_cards(record),
        "notes": _notes(record),
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
