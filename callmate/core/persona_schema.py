"""The persona format as a JSON Schema (draft 2020-12), so editors complete and check persona
files as they do playbooks.

Every object and property comes from the one declaration in `persona_format.py`; this module adds
the `replies` mapping, whose keys are question ids and section kinds. Persona lines are said as
written, so their braces are plain text. The one difference from the loader on purpose: a `name`
given as a number loads, and the schema refuses it.
"""

from __future__ import annotations

from typing import Any

from callmate.core import persona_format as pf
from callmate.core.format import ID_PATTERN
from callmate.core.format import ref as _ref
from callmate.core.persona import DEFAULT_REPLY_KEY
from callmate.core.playbook import SectionKind
from callmate.core.schema import DRAFT, block_schema

PERSONA_SCHEMA_ID = "urn:callmate:schema:persona:1"


def _prop(title: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A property: every one carries a title and a description for editors' hover text."""
    return {"title": title, "description": description, **schema}


#: A persona line: anything but blank (the loader strips it and refuses what is left empty).
LINE_PATTERN = r"\S"


# -- personas ------------------------------------------------------------------------------------

#: What a reply keyed by a section kind answers, for the hover text of each key.
_KIND_REPLIES = {
    SectionKind.AGENDA: "questions in an agenda section: the time, the agenda, permission",
    SectionKind.POWNS: "discovery questions without a reply of their own (POWN questions use "
    "the persona's powns items first)",
    SectionKind.COMMITMENT: "questions in a commitment section other than the commitment "
    "question itself",
    SectionKind.DECISION_MAKER: "questions about who decides and how they buy (buying_process "
    "comes next if this is missing)",
    SectionKind.OBJECTIONS: "questions asking for concerns",
    SectionKind.OTHER: "questions in sections of kind other, such as the recap and the close",
}


def _persona_defs() -> dict[str, Any]:
    return {
        "line": {
            "description": "A line of text that is not blank. Braces are plain text here.",
            "type": ["string", "number"],
            "pattern": LINE_PATTERN,
        },
        "optional_line": {
            "description": "A line of text that is not blank, or nothing.",
            "type": ["string", "number", "null"],
            "pattern": LINE_PATTERN,
        },
        "lines": {
            "description": "One line, or a list of lines used in turn: the first use gives the "
            "first line, and the last one repeats once the list runs out.",
            "anyOf": [
                _ref("line"),
                {"type": "array", "minItems": 1, "items": _ref("line")},
            ],
        },
        "id": {
            "description": "A question id: a lowercase letter, then lowercase letters, digits "
            "or _.",
            "type": "string",
            "pattern": ID_PATTERN,
        },
        "pown": block_schema(pf.POWN),
        "replies": _persona_replies(),
        "objection": block_schema(pf.OBJECTION),
        "trigger": _persona_trigger(),
        "commitment": block_schema(pf.COMMITMENT),
        "phrases": block_schema(pf.PHRASES),
    }


def _persona_replies() -> dict[str, Any]:
    kinds = {
        kind.value: _prop(
            f"Reply in {kind.value} sections",
            f"The reply to {about}, when the question's id has no reply.",
            _ref("lines"),
        )
        for kind, about in _KIND_REPLIES.items()
    }
    default = _prop(
        "Default reply", "Said to any question no other reply covers. Required.", _ref("lines")
    )
    return {
        "title": "Replies",
        "description": "What the persona says, keyed by a question id, a section kind, or "
        "default. A question id gets the closest match; section kinds and default catch the rest.",
        "type": "object",
        "properties": {DEFAULT_REPLY_KEY: default, **kinds},
        "required": [DEFAULT_REPLY_KEY],
        # Question ids are keys too: any id-like key holds lines.
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": _ref("lines"),
    }


def _persona_trigger() -> dict[str, Any]:
    schema = block_schema(pf.TRIGGER)
    schema["minProperties"] = 1
    schema["maxProperties"] = 1
    return schema


def persona_schema() -> dict[str, Any]:
    """The JSON Schema of persona format 1; `callmate schema --persona` prints it."""
    return {
        "$schema": DRAFT,
        "$id": PERSONA_SCHEMA_ID,
        **block_schema(pf.PERSONA),
        "$defs": _persona_defs(),
    }
