"""The playbook format as a JSON Schema (draft 2020-12), so editors can complete keys and underline
mistakes while a trainer types, long before `callmate validate` runs.

Every object and property comes from the one declaration of the format in `format.py` (its keys,
titles, descriptions and defaults); this module adds what a key list cannot say: which `when`
forms each capture allows, `choices` only with `capture: choice`, the captures each signal needs.
The loader (`playbook_loader`) stays the authority: what needs the whole file (duplicate ids,
branch targets, section order, reachability, template names) is checked by the loader only.

The dialect is draft 2020-12 because the schema uses its keywords (`$defs`, `if`/`then`/`else`,
numeric `exclusiveMinimum`). The `$id` is a URN: an identifier that never pretends to be a
download address (`callmate new` writes the schema file beside the playbook instead).
"""

from __future__ import annotations

import re
from typing import Any

from callmate.core import format as fmt
from callmate.core.format import (
    ID_PATTERN,
    NAME_PATTERN,
    TEMPLATE_PATTERN,
    TEXT_PATTERN,
    Block,
    ref,
)
from callmate.core.playbook import SIGNAL_CAPTURES, Capture, Signal

__all__ = [
    "DRAFT",
    "ID_PATTERN",
    "NAME_PATTERN",
    "SCHEMA_ID",
    "TEMPLATE_PATTERN",
    "TEXT_PATTERN",
    "YES_NO_PATTERN",
    "block_schema",
    "playbook_schema",
]

SCHEMA_ID = f"urn:callmate:schema:playbook:{fmt.FORMAT_VERSION}"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

#: A yes/no answer written as text; the loader ignores case and surrounding spaces.
YES_NO_PATTERN = r"^\s*(?:[Yy][Ee][Ss]|[Nn][Oo])\s*$"

TEXT_LIKE_CAPTURES = (Capture.TEXT.value, Capture.LIST.value, Capture.POWNS.value)
#: Captures whose questions take no `weak` answers (the loader allows them on text and choice).
NO_WEAK_CAPTURES = tuple(c.value for c in Capture if c not in (Capture.TEXT, Capture.CHOICE))

#: Blocks whose schema is their keys alone; questions and rules add conditions of their own.
_PLAIN_BLOCKS = (
    fmt.NEXT_STEP,
    fmt.CARD,
    fmt.CUES,
    fmt.CUE_RULE,
    fmt.SLOT,
    fmt.SCORING,
    fmt.EXTRA_CHECK,
    fmt.SECTION,
)

_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def plain(doc: str) -> str:
    """A key's docs text for editors' hover: links to the guide's chapters become their words."""
    return _LINK.sub(r"\1", doc)


def _json_default(value: Any) -> Any:
    return value.value if hasattr(value, "value") else value


def block_schema(block: Block) -> dict[str, Any]:
    """An object with exactly the block's keys, each titled and described as the guide does."""
    properties: dict[str, Any] = {}
    for key in block.keys:
        prop: dict[str, Any] = {"title": key.title, "description": plain(key.doc)}
        prop.update(key.type.schema)
        if key.default is not fmt.NO_DEFAULT:
            prop["default"] = _json_default(key.default)
        properties[key.name] = prop
    schema: dict[str, Any] = {
        "title": block.title,
        "description": plain(block.doc),
        "type": ["object", "null"] if block.nullable else "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if block.required:
        schema["required"] = list(block.required)
    return schema


def _capture_is(*captures: str | None, required: bool = True) -> dict[str, Any]:
    """An `if` matching questions with one of these captures (`required=False`: or none given)."""
    test: dict[str, Any] = {"properties": {"capture": {"enum": list(captures)}}}
    if required:
        test["required"] = ["capture"]
    return test


def _when_for(*captures: str | None, definition: str, required: bool = True) -> dict[str, Any]:
    """Narrow every rule's `when` to what questions with these captures can compare."""
    when = {"properties": {"when": ref(definition)}}
    return {
        "if": _capture_is(*captures, required=required),
        "then": {"properties": {"branch": {"items": when}}},
    }


def _signal_captures() -> str:
    return "; ".join(
        f"{signal.value} ({', '.join(c.value for c in captures)})"
        for signal, captures in SIGNAL_CAPTURES.items()
    )


def _signal_fits(signal: Signal) -> dict[str, Any]:
    """A question with this signal must capture one of the kinds the loader allows for it."""
    allowed: list[str | None] = [c.value for c in SIGNAL_CAPTURES[signal]]
    then: dict[str, Any] = {"properties": {"capture": {"enum": allowed}}}
    if Capture.TEXT in SIGNAL_CAPTURES[signal]:
        allowed.append(None)  # no capture (or null) means text
    else:
        then["required"] = ["capture"]
    return {
        "if": {"properties": {"signal": {"const": signal.value}}, "required": ["signal"]},
        "then": then,
    }


def _when(
    values: dict[str, Any],
    conditions: tuple[str, ...],
    description: str,
    *,
    check_items: bool = True,
) -> dict[str, Any]:
    """The three forms of `when`: one value, a list of values, or a one-key condition mapping.

    `check_items=False` leaves list items open, as the loader does for text-like captures.
    """
    all_conditions = block_schema(fmt.CONDITION_BLOCK)["properties"]
    condition_props = {key: all_conditions[key] for key in conditions}
    # An empty list matches nothing; the loader refuses it as an empty `when`.
    listed: dict[str, Any] = {"type": "array", "minItems": 1}
    if check_items:
        listed["items"] = values
    return {
        "description": description,
        "anyOf": [
            values,
            listed,
            {
                "type": "object",
                "properties": condition_props,
                "additionalProperties": False,
                "minProperties": 1,
                "maxProperties": 1,
            },
        ],
    }


def _defs() -> dict[str, Any]:
    template_note = (
        " Braces are for templates only: {name} with a plain name, or {{ and }} for a literal "
        "brace."
    )
    return {
        "text": {
            "description": "Text that is not blank." + template_note,
            "type": ["string", "number"],
            "pattern": TEXT_PATTERN,
        },
        "optional_text": {
            "description": "Text, or nothing (then the default applies)." + template_note,
            "type": ["string", "number", "null"],
            "pattern": TEXT_PATTERN,
        },
        "text_item": {
            "description": "One non-empty line of text." + template_note,
            "type": ["string", "number"],
            "pattern": TEXT_PATTERN,
        },
        "text_list": {
            "description": "A list of text lines (a single line on its own also works).",
            "anyOf": [
                {"type": "array", "items": ref("text_item")},
                ref("text_item"),
                {"type": "null"},
            ],
        },
        "id": {
            "description": "An identifier: a lowercase letter, then lowercase letters, digits "
            "or _.",
            "type": "string",
            "pattern": ID_PATTERN,
        },
        "id_list": {
            "description": "Question ids: a list, or one id on its own.",
            "anyOf": [
                {"type": "array", "items": ref("id")},
                ref("id"),
                {"type": "null"},
            ],
        },
        **{block.name: block_schema(block) for block in _PLAIN_BLOCKS},
        "question": _question(),
        "rule": _rule(),
        "when": _when(
            {"type": ["string", "number", "boolean"]},
            ("at_most", "at_least", "answered"),
            "When the rule fires: an answer value, a list of values (any of them), or a mapping "
            "with exactly one of at_most, at_least (scale answers) or answered.",
            check_items=False,
        ),
        "when_text": _when(
            {"type": ["string", "number", "boolean"]},
            ("answered",),
            "For text, list and powns questions: a value the answer must equal, a list of "
            "values, or {answered: true|false}.",
            check_items=False,
        ),
        "when_yes_no": _when(
            {"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": YES_NO_PATTERN}]},
            ("answered",),
            'For yes_no questions: "yes" or "no" (quoted), a list of them, or '
            "{answered: true|false}.",
        ),
        "when_choice": _when(
            {"type": "string"},
            ("answered",),
            "For choice questions: one of the choices, a list of them, or {answered: true|false}.",
        ),
        "when_scale": _when(
            {"type": "integer", "minimum": 1, "maximum": 10},
            ("at_most", "at_least", "answered"),
            "For scale questions: a number from 1 to 10, a list of them, or one of "
            "{at_most: N}, {at_least: N}, {answered: true|false}.",
        ),
    }


def _question() -> dict[str, Any]:
    schema = block_schema(fmt.QUESTION)
    choice = Capture.CHOICE.value
    schema["allOf"] = [
        {
            "if": _capture_is(choice),
            "then": {"required": ["choices"]},
            "else": {"properties": {"choices": False}},
        },
        {
            "if": _capture_is(Capture.POWNS.value),
            "else": {"properties": {"tag": False}},
        },
        {
            "if": _capture_is(*NO_WEAK_CAPTURES),
            "then": {"properties": {"weak": {"type": ["array", "null"], "maxItems": 0}}},
        },
        *[_signal_fits(signal) for signal in Signal],
        _when_for(*TEXT_LIKE_CAPTURES, None, definition="when_text", required=False),
        _when_for(Capture.YES_NO.value, definition="when_yes_no"),
        _when_for(choice, definition="when_choice"),
        _when_for(Capture.SCALE.value, definition="when_scale"),
    ]
    return schema


def _rule() -> dict[str, Any]:
    schema = block_schema(fmt.RULE)
    does_something = {"type": ["string", "array"], "minItems": 1}
    schema["anyOf"] = [
        {"required": ["show"], "properties": {"show": does_something}},
        {"required": ["skip"], "properties": {"skip": does_something}},
        {"required": ["goto"], "properties": {"goto": {"type": "string"}}},
    ]
    return schema


def playbook_schema() -> dict[str, Any]:
    """The JSON Schema of playbook format 1; `callmate schema` prints it."""
    top = block_schema(fmt.PLAYBOOK)
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        **top,
        "$defs": _defs(),
    }
