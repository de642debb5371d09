"""The facts about one call that team stats aggregate, computed on the rep's side.

The habits use the same rule as `callmate stats` (an answer in the playbook's agenda, commitment
or decision-maker section) and "pain agreed" comes from core.scoring, so a number means the same
on a laptop and in the team view. The server only counts and averages these columns;
the full record travels alongside as jsonb for anything asked later.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from callmate.core.call_record import CALL_OUTCOMES, STEP_OUTCOMES
from callmate.core.playbook import Playbook, SectionKind
from callmate.core.scoring import pain_agreed
from callmate.export.reading import answer_kind, answers_of
from callmate.export.stats import HABITS
from callmate.export.when import parse_stamp

FindPlaybook = Callable[[Mapping[str, Any]], Playbook | None]

#: Column order of callmate.calls as push sends it (rep and pushed_at are set by the server).
COLUMNS = (
    "call_id",
    "revision",
    "mode",
    "status",
    "outcome",
    "prospect",
    "company",
    "started",
    "started_day",
    "ended",
    "playbook_name",
    "playbook_version",
    "playbook_sha256",
    "next_step_kind",
    "next_step_due",
    "days_to_next_step",
    "next_step_outcome",
    "agenda_set",
    "commitment_asked",
    "decision_maker_known",
    "pain_agreed",
    "record",
)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _original_due(step: Mapping[str, Any]) -> datetime | None:
    """The date agreed on the call, before any reschedule (as `callmate stats` counts it)."""
    history = step.get("history")
    if isinstance(history, list) and history and isinstance(history[0], Mapping):
        return parse_stamp(history[0].get("due"))
    return parse_stamp(step.get("due"))


_section_kinds: dict[int, tuple[Playbook, dict[str, SectionKind]]] = {}


def _kind(question_id: str, value: Any, playbook: Playbook | None) -> SectionKind:
    """answer_kind, with each playbook's question -> section kind map built once per push."""
    if playbook is None:
        return answer_kind(question_id, value, None)
    cached = _section_kinds.get(id(playbook))
    if cached is None or cached[0] is not playbook:
        kinds = {q.id: playbook.section(q.section_id).kind for q in playbook.questions}
        cached = _section_kinds[id(playbook)] = (playbook, kinds)
    known = cached[1].get(question_id)
    # A question the playbook does not know reads as answer_kind does without a playbook.
    return known if known is not None else answer_kind(question_id, value, None)


def call_facts(record: Mapping[str, Any], find_playbook: FindPlaybook) -> dict[str, Any]:
    """One row for callmate.calls; raises ValueError for a record without a usable id/start."""
    started = parse_stamp(record.get("started"))
    if started is None:
        raise ValueError(f"the call {record.get('id')} has no readable start time")
    ended = parse_stamp(record.get("ended"))
    playbook = find_playbook(record)
    ref: Mapping[str, Any] = record.get("playbook") or {}
    if not isinstance(ref, Mapping):
        ref = {}
    step: Mapping[str, Any] | None = record.get("next_step")
    if not isinstance(step, Mapping):
        step = None
    kinds = {_kind(q, v, playbook) for q, v in answers_of(record).items()}
    habits = {key: kind in kinds for key, kind, _label in HABITS}
    due = _original_due(step) if step else None
    gap = (due - ended).total_seconds() / 86400 if due and ended else None
    revision = record.get("revision")
    outcome = record.get("outcome")
    return {
        "call_id": str(record["id"]),
        "revision": revision if isinstance(revision, int) else 0,
        "mode": _text(record.get("mode")) or "live",
        "status": _text(record.get("status")) or "completed",
        "outcome": outcome if outcome in CALL_OUTCOMES else "connected",
        "prospect": _text(record.get("prospect")),
        "company": _text(record.get("company")),
        "started": started,
        "started_day": started.date(),
        "ended": ended,
        "playbook_name": _text(ref.get("name")),
        "playbook_version": None if ref.get("version") is None else str(ref.get("version")),
        "playbook_sha256": _text(ref.get("sha256")),
        "next_step_kind": _text(step.get("kind")) if step else None,
        "next_step_due": due,
        "days_to_next_step": gap,
        "next_step_outcome": step.get("outcome")
        if step and step.get("outcome") in STEP_OUTCOMES
        else None,
        **habits,
        "pain_agreed": pain_agreed(record, playbook),
        "record": json.dumps(record, ensure_ascii=False, default=str),
    }
