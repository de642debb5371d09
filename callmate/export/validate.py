"""Checking a session record from an import file before it may enter the store.

Imported records are read later by every command and by the call screen, so each field must have
the type the session code writes. Messages name the field and what was expected, in words a rep
can act on (or forward to whoever made the file).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from callmate.core.session import MODES, RECORD_SCHEMA
from callmate.export.followups import OUTCOMES
from callmate.export.when import parse_stamp
from callmate.store.errors import InvalidSessionId
from callmate.store.paths import check_session_id

STATUSES = ("in_progress", "completed", "discarded")
STEP_TEXTS = ("what", "their_commitment", "our_commitment", "channel")
DATE_HINT = "a date and time with a UTC offset, like 2026-11-23T16:16:52+00:00"

Check = Callable[[Any], str | None]  # None when fine, else what is wrong


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _key(key: str) -> str:
    """A key from the file as it can be shown safely in a message."""
    return key if re.fullmatch(r"[\w-]{1,40}", key, re.ASCII) else _show(key)


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), "null" if value is None else "a number"
    )


def is_text(value: Any) -> str | None:
    return None if isinstance(value, str) else f"must be text, not {_type_name(value)}"


def is_name(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be a name (non-empty text)"
    return None


def is_stamp(value: Any) -> str | None:
    return None if parse_stamp(value) is not None else f"must be {DATE_HINT}, not {_show(value)}"


def optional(check: Check) -> Check:
    return lambda value: None if value is None else check(value)


def one_of(options: tuple[str, ...]) -> Check:
    def check(value: Any) -> str | None:
        if value in options and isinstance(value, str):
            return None
        return f"must be one of {', '.join(options)}, not {_show(value)}"

    return check


def is_count(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return None
    return f"must be a whole number of 0 or more, not {_show(value)}"


def is_schema(value: Any) -> str | None:
    if value == RECORD_SCHEMA and isinstance(value, int) and not isinstance(value, bool):
        return None
    return f"must be {RECORD_SCHEMA} (this callmate reads record schema {RECORD_SCHEMA} only)"


def is_id(value: Any) -> str | None:
    try:
        check_session_id(value)
    except InvalidSessionId:
        return f"{_show(value)} is not a valid call id (letters, digits, '-' and '_', up to 64)"
    return None


def is_answer_value(value: Any) -> bool:
    """The types the session stores: text, yes/no, a 1-10 scale, a list of text or POWN items."""
    if isinstance(value, str | bool):
        return True
    if isinstance(value, int):
        return 1 <= value <= 10
    if not isinstance(value, list):
        return False
    return all(isinstance(i, str) for i in value) or all(
        isinstance(i, dict)
        and isinstance(i.get("text"), str)
        and isinstance(i.get("tag"), str)
        and isinstance(i.get("hot", False), bool)
        for i in value
    )


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def field(self, data: dict[str, Any], key: str, check: Check, where: str = "") -> None:
        label = f"{where}{key}"
        if key not in data:
            self.problems.append(f"'{label}' is missing")
            return
        problem = check(data[key])
        if problem:
            self.problems.append(f"'{label}' {problem}")

    def objects(self, data: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
        """The entries of a list of objects, with their labels; problems for anything else."""
        if key not in data:
            self.problems.append(f"'{key}' is missing")
            return []
        value = data[key]
        if not isinstance(value, list):
            self.problems.append(f"'{key}' must be a list, not {_type_name(value)}")
            return []
        found = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                found.append((f"{key}[{index}].", item))
            else:
                self.problems.append(f"'{key}[{index}]' must be an object")
        return found


def _check_playbook_ref(checker: _Checker, ref: Any) -> None:
    if not isinstance(ref, dict):
        checker.problems.append(f"'playbook' must be an object, not {_type_name(ref)}")
        return
    checker.field(ref, "name", is_name, "playbook.")
    for key in ("title", "version", "sha256", "path"):
        if key in ref:
            checker.field(ref, key, is_text, "playbook.")


def _check_answers(checker: _Checker, answers: Any) -> None:
    if not isinstance(answers, dict):
        checker.problems.append(f"'answers' must be an object, not {_type_name(answers)}")
        return
    for question_id, entry in answers.items():
        where = f"answers.{_key(question_id)}"
        if not isinstance(entry, dict):
            checker.problems.append(f"'{where}' must be an object with value and at")
            continue
        if "value" not in entry or not is_answer_value(entry["value"]):
            checker.problems.append(
                f"'{where}.value' must be text, yes/no, a number from 1 to 10, or a list of "
                "text or POWN items"
            )
        checker.field(entry, "at", is_stamp, f"{where}.")


def _check_next_step(checker: _Checker, step: Any) -> None:
    if step is None:
        return
    if not isinstance(step, dict):
        checker.problems.append(f"'next_step' must be an object or null, not {_type_name(step)}")
        return
    checker.field(step, "due", is_stamp, "next_step.")
    for key in STEP_TEXTS:
        checker.field(step, key, is_text, "next_step.")
    if "outcome" in step:
        checker.field(step, "outcome", optional(one_of(OUTCOMES)), "next_step.")
    if "outcome_at" in step:
        checker.field(step, "outcome_at", optional(is_stamp), "next_step.")
    if "history" in step:
        for label, old in checker.objects(step, "history"):
            checker.field(old, "due", is_stamp, f"next_step.{label}")
            checker.field(old, "at", is_stamp, f"next_step.{label}")


def _check_lists(checker: _Checker, record: dict[str, Any]) -> None:
    skipped = record.get("skipped")
    if not isinstance(skipped, list) or not all(isinstance(s, str) for s in skipped):
        checker.problems.append("'skipped' must be a list of question ids")
    for label, note in checker.objects(record, "notes"):
        checker.field(note, "text", is_text, label)
        checker.field(note, "at", is_stamp, label)
        checker.field(note, "question", optional(is_text), label)
    for label, event in checker.objects(record, "events"):
        checker.field(event, "at", is_stamp, label)
        checker.field(event, "type", is_text, label)
    context = record.get("context")
    if not isinstance(context, dict) or not all(isinstance(v, str) for v in context.values()):
        checker.problems.append("'context' must be an object whose values are text")


def record_problems(record: Any) -> list[str]:
    """Everything wrong with one imported record; empty when it can be stored as is."""
    if not isinstance(record, dict):
        return [f"a session must be an object, not {_type_name(record)}"]
    checker = _Checker()
    checker.field(record, "schema", is_schema)
    checker.field(record, "id", is_id)
    if "playbook" in record:
        _check_playbook_ref(checker, record["playbook"])
    else:
        checker.problems.append("'playbook' is missing")
    for key, check in (
        ("objective", is_text),
        ("prospect", is_name),
        ("company", is_text),
        ("prospect_key", is_text),
        ("mode", one_of(MODES)),
        ("persona", optional(is_text)),
        ("status", one_of(STATUSES)),
        ("started", is_stamp),
        ("ended", optional(is_stamp)),
        ("cursor", optional(is_text)),
        ("revision", is_count),
    ):
        checker.field(record, key, check)
    if "answers" in record:
        _check_answers(checker, record["answers"])
    else:
        checker.problems.append("'answers' is missing")
    _check_lists(checker, record)
    if "next_step" in record:
        _check_next_step(checker, record["next_step"])
    else:
        checker.problems.append("'next_step' is missing")
    return checker.problems
