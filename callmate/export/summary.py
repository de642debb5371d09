"""`callmate show`: one call as a stable JSON summary, the source the Markdown view is made from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _powns(record: Mapping[str, Any], playbook: Playbook | None) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for question_id, value in ordered_answers(record, playbook):
        if not is_pown_list(value):
            continue
        for item in value:
            tag = item.get("tag")
            items.append(
                {
                    "text": str(item.get("text", "")),
                    "tag": tag if tag in tuple(PownTag) else PownTag.PROBLEM.value,
                    "hot": bool(item.get("hot")),
                    "question": question_id,
                }
            )
    return items


def _answers(record: Mapping[str, Any], playbook: Playbook | None) -> dict[str, list[Any]]:
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


def _notes(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    notes = record.get("notes")
    if not isinstance(notes, list):
        return []
    return [
        {"text": _text(n.get("text")), "at": n.get("at"), "question": n.get("question")}
        for n in notes
        if isinstance(n, Mapping) and _text(n.get("text"))
    ]


def _objection_cards(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Objection cards the rep opened during the call (newer records only)."""
    cards = record.get("objections")
    if not isinstance(cards, list):
        return []
    return [
        {
            "card": card.get("card"),
            "title": _text(card.get("title")) or str(card.get("card") or ""),
            "raised_at": card.get("raised_at"),
            "resolved": bool(card.get("resolved_at")),
        }
        for card in cards
        if isinstance(card, Mapping) and (card.get("title") or card.get("card"))
    ]


def build_summary(record: Mapping[str, Any], playbook: Playbook | None) -> dict[str, Any]:
    """The shape `callmate show --format json` prints (see docs/json-format.md)."""
    ref = record.get("playbook")
    ref = ref if isinstance(ref, Mapping) else {}
    step = record.get("next_step")
    powns = _powns(record, playbook)
    return {
        "id": record.get("id"),
        "prospect": record.get("prospect"),
        "company": record.get("company"),
        "mode": record.get("mode"),
        "status": record.get("status"),
        "started": record.get("started"),
        "ended": record.get("ended"),
        "playbook": {
            "name": ref.get("name"),
            "title": playbook.title if playbook is not None else ref.get("title"),
            "version": ref.get("version"),
            "loaded": playbook is not None,
        },
        "objective": _text(record.get("objective")),
        "powns": powns,
        "hot_buttons": [item["text"] for item in powns if item["hot"]],
        "answers": _answers(record, playbook),
        "objection_cards": _objection_cards(record),
        "notes": _notes(record),
        "next_step": dict(step) if isinstance(step, Mapping) else None,
    }


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
