"""The container shapes every reader of a call record relies on, checked where data enters.

A record written by callmate always has these shapes; one from an import or a hand edit may not,
and a ``"pauses": 3`` would crash the call screen on resume, ``score`` and the history list.
Only the types that readers index into are checked here (full field rules for imports live in
callmate.export.validate). Each problem names where it is, like ``pauses: expected a list``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_LISTS_OF_OBJECTS = ("pauses", "visits", "notes", "events", "objections")
_TEXTS = ("id", "status", "mode", "prospect", "company", "prospect_key", "started", "ended")
_OBJECTS = ("answers", "context")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), "a number"
    )


def shape_problems(record: Any) -> list[str]:
    """What in ``record`` has a shape no reader expects; empty when it is safe to read."""
    if not isinstance(record, Mapping):
        return [f"expected an object, not {_kind(record)}"]
    problems: list[str] = []
    for key in _TEXTS:
        value = record.get(key)
        if key in record and value is not None and not isinstance(value, str):
            problems.append(f"{key}: expected text, not {_kind(value)}")
    playbook = record.get("playbook")
    if "playbook" in record and not isinstance(playbook, Mapping):
        problems.append(f"playbook: expected an object, not {_kind(playbook)}")
    for key in _OBJECTS:
        value = record.get(key)
        if key in record and not isinstance(value, Mapping):
            problems.append(f"{key}: expected an object, not {_kind(value)}")
    answers = record.get("answers")
    if isinstance(answers, Mapping):
        for question, entry in answers.items():
            if not isinstance(entry, Mapping) or "value" not in entry:
                problems.append(f"answers.{question}: expected an object with a value")
    for key in _LISTS_OF_OBJECTS:
        if key not in record:
            continue
        value = record[key]
        if not isinstance(value, list):
            problems.append(f"{key}: expected a list, not {_kind(value)}")
            continue
        for index, item in enumerate(value):
            if not isinstance(item, Mapping):
                problems.append(f"{key}[{index}]: expected an object, not {_kind(item)}")
    step = record.get("next_step")
    if step is not None and not isinstance(step, Mapping):
        problems.append(f"next_step: expected an object or null, not {_kind(step)}")
    skipped = record.get("skipped")
    if "skipped" in record and not isinstance(skipped, list):
        problems.append(f"skipped: expected a list, not {_kind(skipped)}")
    return problems
