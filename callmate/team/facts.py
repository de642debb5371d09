"""The facts about one call that team stats aggregate, computed on the rep's side.

The habits use the same rule as `callmate stats` (an answer in the playbook's agenda, commitment
or decision-maker section) and "pain agreed" comes from core.scoring, so a number means the same
on a laptop and in the team view. The server only counts and averages these columns;
the full record travels alongside as jsonb for anything asked later.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from callmate.core.call_record import AnswerValue, CallRecord, StoredStep, encode_record
from callmate.core.judgement import stored_step_kind
from callmate.core.playbook import Playbook, SectionKind
from callmate.core.scoring import pain_agreed
from callmate.export.reading import answer_kind, answers_of
from callmate.export.stats import HABITS

FindPlaybook = Callable[[CallRecord], Playbook | None]

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


def _original_due(step: StoredStep) -> datetime:
    """The date agreed on the call, before any reschedule (as `callmate stats` counts it)."""
    return datetime.fromisoformat(step.history[0].due if step.history else step.due)


_section_kinds: dict[int, tuple[Playbook, dict[str, SectionKind]]] = {}


def _kind(question_id: str, value: AnswerValue, playbook: Playbook | None) -> SectionKind:
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


def call_facts(record: CallRecord, find_playbook: FindPlaybook) -> dict[str, Any]:
    """One row for callmate.calls."""
    started = datetime.fromisoformat(record.started)
    ended = datetime.fromisoformat(record.ended) if record.ended is not None else None
    playbook = find_playbook(record)
    ref = record.playbook
    step = record.next_step
    kinds = {_kind(q, v, playbook) for q, v in answers_of(record).items()}
    habits = {key: kind in kinds for key, kind, _label in HABITS}
    due = _original_due(step) if step is not None else None
    gap = (due - ended).total_seconds() / 86400 if due and ended else None
    return {
        "call_id": record.id,
        "revision": record.revision,
        "mode": record.mode,
        "status": record.status,
        "outcome": record.outcome or "connected",
        "prospect": record.prospect,
        "company": record.company,
        "started": started,
        "started_day": started.date(),
        "ended": ended,
        "playbook_name": ref.name,
        "playbook_version": ref.version,
        "playbook_sha256": ref.sha256,
        # As `callmate stats` reads it: a step saved before the gate recorded kinds is judged.
        "next_step_kind": stored_step_kind(step),
        "next_step_due": due,
        "days_to_next_step": gap,
        "next_step_outcome": step.outcome if step is not None else None,
        **habits,
        "pain_agreed": pain_agreed(record, playbook),
        "record": json.dumps(encode_record(record), ensure_ascii=False),
    }
