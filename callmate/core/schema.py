"""The playbook format as a JSON Schema (draft 2020-12), so editors can complete keys and underline
mistakes while a trainer types, long before `callmate validate` runs.

The loader (`playbook_loader`) stays the authority. The schema refuses every mistake JSON Schema
can express: unknown keys, wrong types, unknown kinds, captures, tags and signals, bad ids,
template syntax, the `when` forms each capture allows, `choices` only with `capture: choice`.
It accepts every file the loader accepts, except on purpose where the loader is lenient by
accident: a `name` given as a number or padded with spaces. What needs the whole file
(duplicate ids, branch targets, section order, hidden questions nobody shows, template names,
values that must be among a question's `choices`) is checked by the loader only.

Hand-written data with small helpers: the descriptions are written for trainers, and no generator
would produce them.
"""

from __future__ import annotations

from typing import Any

from callmate.core.cues import BUILTIN_CUES
from callmate.core.playbook import SIGNAL_CAPTURES, Capture, PownTag, SectionKind, Signal
from callmate.core.playbook_loader import RESERVED_NAMES
from callmate.core.scoring import CRITERIA, CRITERION_IDS

SCHEMA_ID = "https://callmate.example/schemas/playbook-1.schema.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

#: Section and question ids (the loader's `ID`, in ECMA-262 regex syntax for editors).
ID_PATTERN = "^[a-z][a-z0-9_]*$"
#: The playbook `name` (the loader's `PLAYBOOK_NAME`).
NAME_PATTERN = "^[a-z0-9][a-z0-9-]*$"
#: Text whose braces are all `{{`, `}}` or `{plain_name}` (what `templates.template_names` allows).
TEMPLATE_PATTERN = r"^(?:[^{}]|\{\{|\}\}|\{[a-z_][a-z0-9_]*\})*$"
#: Like TEMPLATE_PATTERN, and not blank: the loader strips text and refuses what is left empty.
TEXT_PATTERN = r"^(?=[\s\S]*\S)(?:[^{}]|\{\{|\}\}|\{[a-z_][a-z0-9_]*\})*$"
#: A yes/no answer written as text; the loader ignores case and surrounding spaces.
YES_NO_PATTERN = r"^\s*(?:[Yy][Ee][Ss]|[Nn][Oo])\s*$"

TEXT_LIKE_CAPTURES = (Capture.TEXT.value, Capture.LIST.value, Capture.POWNS.value)
#: Captures whose questions take no `weak` answers (the loader allows them on text and choice).
NO_WEAK_CAPTURES = tuple(c.value for c in Capture if c not in (Capture.TEXT, Capture.CHOICE))


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


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


def _capture_is(*captures: str | None, required: bool = True) -> dict[str, Any]:
    """An `if` matching questions with one of these captures (`required=False`: or none given)."""
    test: dict[str, Any] = {"properties": {"capture": {"enum": list(captures)}}}
    if required:
        test["required"] = ["capture"]
    return test


def _when_for(*captures: str | None, definition: str, required: bool = True) -> dict[str, Any]:
    """Narrow every rule's `when` to what questions with these captures can compare."""
    when = {"properties": {"when": _ref(definition)}}
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
    condition_props = {key: _CONDITIONS[key] for key in conditions}
    listed: dict[str, Any] = {"type": "array"}
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


_SCALE_POINT = {"type": "integer", "minimum": 1, "maximum": 10}
_CONDITIONS: dict[str, dict[str, Any]] = {
    "at_most": _prop(
        "At most",
        "Matches a scale answer equal to or lower than this number (1 to 10). Scale questions "
        "only.",
        _SCALE_POINT,
    ),
    "at_least": _prop(
        "At least",
        "Matches a scale answer equal to or higher than this number (1 to 10). Scale questions "
        "only.",
        _SCALE_POINT,
    ),
    "answered": _prop(
        "Answered",
        "true matches when the rep captured an answer, false when they moved on without one. "
        "Works with every capture kind.",
        {"type": "boolean"},
    ),
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
                {"type": "array", "items": _ref("text_item")},
                _ref("text_item"),
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
                {"type": "array", "items": _ref("id")},
                _ref("id"),
                {"type": "null"},
            ],
        },
        "next_step": _next_step(),
        "card": _card(),
        "cues": _cues(),
        "cue_rule": _cue_rule(),
        "slot": _slot(),
        "scoring": _scoring(),
        "extra_check": _extra_check(),
        "section": _section(),
        "question": _question(),
        "rule": _rule(),
        "when": _when(
            {"type": ["string", "number", "boolean", "null"]},
            ("at_most", "at_least", "answered"),
            "When the rule fires: an answer value, a list of values (any of them), or a mapping "
            "with exactly one of at_most, at_least (scale answers) or answered.",
            check_items=False,
        ),
        "when_text": _when(
            {"type": ["string", "number", "boolean", "null"]},
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
            _SCALE_POINT,
            ("at_most", "at_least", "answered"),
            "For scale questions: a number from 1 to 10, a list of them, or one of "
            "{at_most: N}, {at_least: N}, {answered: true|false}.",
        ),
    }


def _next_step() -> dict[str, Any]:
    schema = _object(
        "Next-step policy",
        "The rules for the next step the rep records at the end of every call. Leave it out to "
        "use the defaults.",
        {
            "require_prospect_commitment": _prop(
                "Require the prospect's commitment",
                "When true (the default), the rep must record something the prospect will do, "
                "not only what we will do.",
                {"type": "boolean", "default": True},
            ),
            "max_days": _prop(
                "Furthest date, in days",
                "The latest date allowed for the next step, in days from the call: 1 to 365, "
                "default 14.",
                {**_integer(1, 365, nullable=True), "default": 14},
            ),
            "suggestions": _prop(
                "Suggested next steps",
                "Ready-made next steps the rep can pick and adjust. Write real advances: a date "
                "and a part for the prospect.",
                _ref("text_list"),
            ),
        },
    )
    schema["type"] = ["object", "null"]
    return schema


def _card() -> dict[str, Any]:
    return _object(
        "Objection card",
        "An objection the rep can open during the call: what prospects say, and how to work "
        "through it.",
        {
            "id": _prop(
                "Card id",
                "Names the card; unique among the cards of this playbook.",
                _ref("id"),
            ),
            "title": _prop("Title", "The objection in a few words.", _ref("text")),
            "says": _prop(
                "What they say",
                "How prospects tend to put this objection, one line each.",
                _ref("text_list"),
            ),
            "response": _prop(
                "Response",
                "How the rep works through it, in the rep's own voice.",
                _ref("optional_text"),
            ),
            "probes": _prop(
                "Probes",
                "Questions that uncover what is behind the objection.",
                _ref("text_list"),
            ),
        },
        required=("id", "title"),
    )


def _cues() -> dict[str, Any]:
    schema = _object(
        "Cues",
        "Which live coaching cues show during the call: the built-in ones and your own.",
        {
            "defaults": _prop(
                "Built-in cues on",
                "Whether the built-in cues show (default true).",
                {"type": "boolean", "default": True},
            ),
            "mute": _prop(
                "Muted built-in cues",
                "Built-in cues this playbook does without.",
                {
                    "anyOf": [
                        {"type": "array", "items": {"enum": list(BUILTIN_CUES)}},
                        {"enum": list(BUILTIN_CUES)},
                        {"type": "null"},
                    ]
                },
            ),
            "rules": _prop(
                "Your own cues",
                "Cues shown quietly while their condition on an answer holds.",
                {"type": ["array", "null"], "items": _ref("cue_rule")},
            ),
        },
    )
    schema["type"] = ["object", "null"]
    return schema


def _cue_rule() -> dict[str, Any]:
    return _object(
        "Cue rule",
        "A cue of your own: a line shown to the rep while a question's answer matches.",
        {
            "id": _prop(
                "Cue id",
                "Names the cue, so the rep and the records can tell it apart.",
                _ref("id"),
            ),
            "question": _prop(
                "Question",
                "The id of the question whose answer the cue watches.",
                _ref("id"),
            ),
            "when": _prop(
                "When",
                "The condition on that question's answer, in the same forms as a branch rule's "
                "when.",
                _ref("when"),
            ),
            "say": _prop("Say", "The cue shown to the rep. Templates allowed.", _ref("text")),
        },
        required=("id", "question", "when", "say"),
    )


def _slot() -> dict[str, Any]:
    return _object(
        "Qualification slot",
        "Something the call must find out (who decides, the timeline, the pain), filled by an "
        "answer to any of its questions.",
        {
            "id": _prop(
                "Slot id",
                "Names the slot, such as decision_maker or timeline.",
                _ref("id"),
            ),
            "label": _prop("Label", "What the rep sees for this slot.", _ref("text")),
            "questions": _prop(
                "Questions",
                "The ids of the questions that fill this slot. At least one.",
                {"anyOf": [{"type": "array", "minItems": 1, "items": _ref("id")}, _ref("id")]},
            ),
        },
        required=("id", "label", "questions"),
    )


def _scoring() -> dict[str, Any]:
    weights = {
        criterion.id: _prop(
            criterion.label,
            f"How much '{criterion.label}' counts in the scorecard: 0 or more, 0 leaves it "
            f"out (default {criterion.weight:g}).",
            {"type": "number", "minimum": 0},
        )
        for criterion in CRITERIA
    }
    schema = _object(
        "Scorecard",
        "How the scorecard after each call weighs its criteria, and checks of your own.",
        {
            "weights": _prop(
                "Weights",
                "Criterion ids (the built-in ones, or the ids of your extra checks) mapped to "
                "how much each counts; 0 or more.",
                {
                    "type": ["object", "null"],
                    "properties": weights,
                    # Your own extra checks' ids are keys too, so other names are allowed.
                    "propertyNames": {"pattern": ID_PATTERN},
                    "additionalProperties": {"type": "number", "minimum": 0},
                },
            ),
            "extra": _prop(
                "Extra checks",
                "Checks of your own: points earned when a question's answer matches.",
                {"type": ["array", "null"], "items": _ref("extra_check")},
            ),
            "pain_questions": _prop(
                "Pain questions",
                "The ids of the questions whose yes means the prospect agreed the pain is big "
                "enough to fix.",
                _ref("id_list"),
            ),
        },
    )
    schema["type"] = ["object", "null"]
    return schema


def _extra_check() -> dict[str, Any]:
    return _object(
        "Extra check",
        "A scorecard check of your own, on one question's answer.",
        {
            "id": _prop(
                "Check id",
                "Names the check; not one of the built-in criterion ids.",
                {"allOf": [_ref("id"), {"not": {"enum": list(CRITERION_IDS)}}]},
            ),
            "label": _prop("Label", "What the scorecard calls this check.", _ref("text")),
            "question": _prop(
                "Question", "The id of the question whose answer is checked.", _ref("id")
            ),
            "expect": _prop(
                "Expect",
                "The answer that earns the points, in the same forms as a branch rule's when.",
                _ref("when"),
            ),
            "points": _prop(
                "Points",
                "What the check is worth when the answer matches; more than 0.",
                {"type": "number", "exclusiveMinimum": 0},
            ),
            "tip": _prop(
                "Tip",
                "Advice shown in the scorecard when the check was missed.",
                _ref("optional_text"),
            ),
        },
        required=("id", "label", "question", "expect", "points"),
    )


def _section() -> dict[str, Any]:
    return _object(
        "Section",
        "One stage of the call, such as the agenda or discovery.",
        {
            "id": _prop(
                "Section id",
                "Names the section for goto. Unique among the sections of this playbook.",
                _ref("id"),
            ),
            "title": _prop("Title", "The heading the rep sees.", _ref("text")),
            "kind": _prop(
                "Kind",
                "The job the section does in the call; the methodology checks look for agenda, "
                "powns, commitment and decision_maker. Default: other.",
                _enum([k.value for k in SectionKind], SectionKind.OTHER.value),
            ),
            "minutes": _prop(
                "Minutes",
                "This section's share of the call's time box (1 to 480).",
                _integer(1, 480, nullable=True),
            ),
            "intro": _prop(
                "Intro",
                "A talk-track line shown at the top of the section. Templates allowed.",
                _ref("optional_text"),
            ),
            "questions": _prop(
                "Questions",
                "The questions of this section, in the order they are asked. At least one.",
                {"type": "array", "minItems": 1, "items": _ref("question")},
            ),
        },
        required=("id", "title", "questions"),
    )


def _question() -> dict[str, Any]:
    schema = _object(
        "Question",
        "One thing the rep asks, and how the answer is captured.",
        {
            "id": _prop(
                "Question id",
                "Names the answer: later text reuses it as {id}, and rules show or skip it by this "
                "id. Unique across the whole playbook; not a reserved template name.",
                {"allOf": [_ref("id"), {"not": {"enum": sorted(RESERVED_NAMES)}}]},
            ),
            "prompt": _prop(
                "Prompt",
                "What the rep says, in their own voice. Templates allowed: {id} of an earlier "
                "question, or a reserved name such as {prospect}.",
                _ref("text"),
            ),
            "hints": _prop(
                "Hints",
                "Short talk-track lines and follow-up probes shown under the prompt.",
                _ref("text_list"),
            ),
            "required": _prop(
                "Required",
                "The rep must capture an answer. Keep it for the few answers the call is for.",
                {"type": "boolean", "default": False},
            ),
            "capture": _prop(
                "Capture",
                "How the rep records the answer. Default: text.",
                _enum([c.value for c in Capture], Capture.TEXT.value),
            ),
            "choices": _prop(
                "Choices",
                "The options of a choice question: at least two, all different. Only with "
                "capture: choice.",
                {"type": "array", "minItems": 2, "uniqueItems": True, "items": _ref("text_item")},
            ),
            "tag": _prop(
                "Default POWN tag",
                "For powns questions: the tag of items typed without a p:, o:, w: or n: prefix. "
                "Default: problem.",
                _enum([t.value for t in PownTag], PownTag.PROBLEM.value),
            ),
            "hidden": _prop(
                "Hidden",
                "Not asked unless a branch rule shows it.",
                {"type": "boolean", "default": False},
            ),
            "branch": _prop(
                "Branch rules",
                "Rules checked after this question is answered, in order; every rule that "
                "matches applies.",
                {"type": ["array", "null"], "items": _ref("rule")},
            ),
            "signal": _prop(
                "Signal",
                "What this question tells the live cues and the scorecard, whatever its id or "
                f"wording. Each signal needs a fitting capture: {_signal_captures()}.",
                _enum([signal.value for signal in Signal], None),
            ),
            "weak": _prop(
                "Weak answers",
                "Answers that show interest without intent. For a choice question, some of its "
                "choices; for a text question, words to look for. Text and choice questions "
                "only.",
                _ref("text_list"),
            ),
        },
        required=("id", "prompt"),
    )
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
    schema = _object(
        "Branch rule",
        "A condition on this question's answer and what happens when it holds. Needs at least "
        "one of show, skip or goto.",
        {
            "when": _prop(
                "When",
                "The condition on this question's answer: a value, a list of values, or one of "
                "{at_most: N}, {at_least: N}, {answered: true|false}.",
                _ref("when"),
            ),
            "show": _prop(
                "Show",
                "Hidden questions to ask; they must come later in the playbook.",
                _ref("id_list"),
            ),
            "skip": _prop(
                "Skip",
                "Questions not to ask; they must come later in the playbook.",
                _ref("id_list"),
            ),
            "goto": _prop(
                "Go to section",
                "Send the rep back to the start of this section or an earlier one.",
                {"anyOf": [_ref("id"), {"type": "null"}]},
            ),
            "say": _prop(
                "Say",
                "A coaching line shown to the rep when the rule fires. Templates allowed.",
                _ref("optional_text"),
            ),
        },
        required=("when",),
    )
    does_something = {"type": ["string", "array"], "minItems": 1}
    schema["anyOf"] = [
        {"required": ["show"], "properties": {"show": does_something}},
        {"required": ["skip"], "properties": {"skip": does_something}},
        {"required": ["goto"], "properties": {"goto": {"type": "string"}}},
    ]
    return schema


def playbook_schema() -> dict[str, Any]:
    """The JSON Schema of playbook format 1; `callmate schema` prints it."""
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "callmate playbook",
        "description": "A callmate call playbook, format version 1: the call's objective, its "
        "sections and questions in order, and the next-step policy. `callmate validate` gives "
        "the final word.",
        "type": "object",
        "properties": {
            "format": _prop(
                "Format version",
                "The version of the playbook format. Always 1.",
                {"const": 1},
            ),
            "name": _prop(
                "Name",
                "The id reps use to pick the playbook on the command line: lowercase letters, "
                "digits and dashes, such as first-discovery.",
                {"type": "string", "pattern": NAME_PATTERN},
            ),
            "title": _prop("Title", "The human title shown to reps.", _ref("text")),
            "version": _prop(
                "Version",
                'Your edition of this playbook, such as "2026.11". Quote it so it stays text: '
                'a bare 2026.10 would read as 2026.1. Default: "1".',
                {"type": ["string", "integer", "null"], "pattern": TEXT_PATTERN},
            ),
            "description": _prop(
                "Description",
                "A paragraph for trainers and reps: when to use this playbook.",
                _ref("optional_text"),
            ),
            "objective": _prop(
                "Objective",
                "What the call must achieve; shown before and during the call.",
                _ref("text"),
            ),
            "minutes": _prop(
                "Minutes",
                "The call's time box in minutes (1 to 480). Default: 30.",
                {**_integer(1, 480, nullable=True), "default": 30},
            ),
            "sections": _prop(
                "Sections",
                "The parts of the call, in the order they happen. At least one.",
                {"type": "array", "minItems": 1, "items": _ref("section")},
            ),
            "next_step": _prop(
                "Next-step policy",
                "The rules for the next step agreed at the end of the call.",
                _ref("next_step"),
            ),
            "cards": _prop(
                "Objection cards",
                "Objections the rep can open during the call, with how to work through them.",
                {"type": ["array", "null"], "items": _ref("card")},
            ),
            "cues": _prop(
                "Cues",
                "Which live coaching cues show during the call.",
                _ref("cues"),
            ),
            "qualification": _prop(
                "Qualification slots",
                "What the call must find out, each filled by an answer to one of its questions.",
                {"type": ["array", "null"], "items": _ref("slot")},
            ),
            "scoring": _prop(
                "Scorecard",
                "How the scorecard after each call weighs its criteria, and checks of your own.",
                _ref("scoring"),
            ),
        },
        "required": ["format", "name", "title", "objective", "sections"],
        "additionalProperties": False,
        "$defs": _defs(),
    }
