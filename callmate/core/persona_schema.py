"""The persona format as a JSON Schema (draft 2020-12), mirroring `persona_loader`, so editors
complete and check persona files as they do playbooks.

Persona lines are said as written, so their braces are plain text. The one difference from the
loader on purpose: a `name` given as a number loads, and the schema refuses it.
"""

from __future__ import annotations

from typing import Any

from callmate.core.format import ID_PATTERN, NAME_PATTERN
from callmate.core.format import ref as _ref
from callmate.core.persona import DEFAULT_REPLY_KEY, CommitmentModel
from callmate.core.persona_loader import PERSONA_KIND
from callmate.core.playbook import PownTag, SectionKind
from callmate.core.schema import DRAFT

PERSONA_SCHEMA_ID = "urn:callmate:schema:persona:1"


def _prop(title: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A property: every one carries a title and a description for editors' hover text."""
    return {"title": title, "description": description, **schema}


def _object(
    title: str, description: str, properties: dict[str, Any], required: tuple[str, ...] = ()
) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "title": title,
        "description": description,
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = list(required)
    return schema


def _enum(values: list[str], default: str | None) -> dict[str, Any]:
    """One of `values`; nothing (null) also works and means the default."""
    schema: dict[str, Any] = {"enum": [*values, None]}
    if default is not None:
        schema["default"] = default
    return schema


def _integer(low: int, high: int, *, nullable: bool) -> dict[str, Any]:
    kind: str | list[str] = ["integer", "null"] if nullable else "integer"
    return {"type": kind, "minimum": low, "maximum": high}


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
        "pown": _persona_pown(),
        "replies": _persona_replies(),
        "objection": _persona_objection(),
        "trigger": _persona_trigger(),
        "commitment": _persona_commitment(),
    }


def _persona_pown() -> dict[str, Any]:
    return _object(
        "POWN item",
        "One of the persona's problems, opportunities, wants or needs, in their own words.",
        {
            "tag": _prop(
                "Tag",
                "problem, opportunity, want or need. Default: problem.",
                _enum([t.value for t in PownTag], PownTag.PROBLEM.value),
            ),
            "text": _prop(
                "Text",
                "The item as the persona says it. Write the hot_button exactly like one of these.",
                _ref("line"),
            ),
        },
        required=("text",),
    )


def _persona_replies() -> dict[str, Any]:
    kinds = {
        kind.value: _prop(
            f"Reply in {kind.value} sections",
            f"The reply to {about}, when the question's id has no reply.",
            _ref("lines"),
        )
        for kind, about in _KIND_REPLIES.items()
    }
    schema = _object(
        "Replies",
        "What the persona says, keyed by a question id, a section kind, or default. A question "
        "id gets the closest match; section kinds and default catch the rest.",
        {
            DEFAULT_REPLY_KEY: _prop(
                "Default reply",
                "Said to any question no other reply covers. Required.",
                _ref("lines"),
            ),
            **kinds,
        },
        required=(DEFAULT_REPLY_KEY,),
    )
    schema["propertyNames"] = {"pattern": ID_PATTERN}
    schema["additionalProperties"] = _ref("lines")
    return schema


def _persona_objection() -> dict[str, Any]:
    return _object(
        "Objection",
        "An objection the persona raises once, with the first reply where it applies.",
        {
            "text": _prop("Text", "The objection, as the persona says it.", _ref("line")),
            "when": _prop(
                "When",
                "When it comes up: {section: KIND} for the first question asked in a section of "
                "that kind, or {after_question: ID} once that question has an answer.",
                _ref("trigger"),
            ),
        },
        required=("text", "when"),
    )


def _persona_trigger() -> dict[str, Any]:
    schema = _object(
        "Objection trigger",
        "Exactly one of section or after_question.",
        {
            "section": _prop(
                "Section kind",
                "Raise the objection at the first question asked in a section of this kind.",
                {"enum": [k.value for k in SectionKind]},
            ),
            "after_question": _prop(
                "After question",
                "Raise the objection with the first reply after this question has an answer.",
                _ref("id"),
            ),
        },
    )
    schema["minProperties"] = 1
    schema["maxProperties"] = 1
    return schema


def _level(title: str, description: str, default: int) -> dict[str, Any]:
    return _prop(title, description, {**_integer(0, 10, nullable=True), "default": default})


def _persona_commitment() -> dict[str, Any]:
    defaults = CommitmentModel()
    schema = _object(
        "Commitment model",
        "How keen the persona is to act, from 0 to 10, what moves it, and what they say when "
        "asked the commitment question.",
        {
            "start": _level(
                "Starting level",
                f"How keen the persona is when the call starts. Default: {defaults.start}.",
                defaults.start,
            ),
            "rises_when_pain_agreed": _level(
                "Rise when the pain is agreed",
                "Added once the prospect agrees the problem is big enough to fix. Default: "
                f"{defaults.rises_when_pain_agreed}.",
                defaults.rises_when_pain_agreed,
            ),
            "drops_when_pitch_before_discovery": _level(
                "Drop after an early pitch",
                "Taken off when the rep pitched before any POWN was captured. Default: "
                f"{defaults.drops_when_pitch_before_discovery}.",
                defaults.drops_when_pitch_before_discovery,
            ),
            "weak_below": _level(
                "Weak below",
                "Below this level the commitment question gets the weak lines, otherwise the "
                f"strong ones. Default: {defaults.weak_below}.",
                defaults.weak_below,
            ),
            "strong": _prop(
                "Strong answers",
                "What the persona says to the commitment question when keen enough.",
                _ref("lines"),
            ),
            "weak": _prop(
                "Weak answers",
                "What the persona says to the commitment question when not keen enough.",
                _ref("lines"),
            ),
        },
    )
    schema["type"] = ["object", "null"]
    return schema


def persona_schema() -> dict[str, Any]:
    """The JSON Schema of persona format 1; `callmate schema --persona` prints it."""
    return {
        "$schema": DRAFT,
        "$id": PERSONA_SCHEMA_ID,
        "title": "callmate practice persona",
        "description": "A made-up prospect for practice calls, format version 1: who they are, "
        "their POWNs, their replies, their objections and how keen they are to act. "
        "`callmate validate` gives the final word.",
        "type": "object",
        "properties": {
            "format": _prop(
                "Format version",
                "The version of the persona format. Always 1.",
                {"const": 1},
            ),
            "kind": _prop(
                "Kind of file",
                "Always persona: it tells callmate this file is a persona, not a playbook.",
                {"const": PERSONA_KIND},
            ),
            "name": _prop(
                "Name",
                "The id reps type after --persona: lowercase letters, digits and dashes, the "
                "same as the file name, such as busy-sceptic.",
                {"type": "string", "pattern": NAME_PATTERN},
            ),
            "display_name": _prop(
                "Display name",
                "The prospect's name, shown next to each reply and used as {prospect}.",
                _ref("line"),
            ),
            "role": _prop("Role", "The prospect's job title.", _ref("optional_line")),
            "company": _prop(
                "Company",
                "The prospect's company, used as {company} on the practice record.",
                _ref("optional_line"),
            ),
            "decides": _prop(
                "Decides",
                "Whether this person makes the final decision: answers yes/no questions in a "
                "decision_maker section. Default: false.",
                {"type": "boolean", "default": False},
            ),
            "buying_process": _prop(
                "Buying process",
                "How they buy, in their words: said in decision_maker sections when no other "
                "reply fits, and after a no to whether they decide.",
                _ref("optional_line"),
            ),
            "hot_button": _prop(
                "Hot button",
                "The POWN that matters most to them; write it exactly like one of the powns "
                "items, which is then said last.",
                _ref("optional_line"),
            ),
            "powns": _prop(
                "POWNs",
                "Their problems, opportunities, wants and needs: the answers to POWN questions.",
                {"type": ["array", "null"], "items": _ref("pown")},
            ),
            "replies": _prop(
                "Replies",
                "What the persona says, by question id, section kind or default.",
                _ref("replies"),
            ),
            "objections": _prop(
                "Objections",
                "Objections the persona raises at set moments, each once.",
                {"type": ["array", "null"], "items": _ref("objection")},
            ),
            "commitment": _prop(
                "Commitment model",
                "How keen they are to act and what changes it. Leave it out for the defaults.",
                _ref("commitment"),
            ),
        },
        "required": ["format", "kind", "name", "display_name", "replies"],
        "additionalProperties": False,
        "$defs": _persona_defs(),
    }
