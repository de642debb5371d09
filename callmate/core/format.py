"""The playbook format, declared once: every key, its type, whether it is needed, its default and
what it means.

The loader takes its lists of allowed keys from here, `schema.py` builds the JSON Schema from it
and `format_docs.py` writes the key tables of docs/playbook-format.md, so the three cannot drift
apart; a test proves the generated files are current. Defaults are read from the model's own
dataclasses, so each one is written once, in `playbook.py`.
"""

from __future__ import annotations

import dataclasses
from enum import StrEnum
from typing import Any

from callmate.core.cues import BUILTIN_CUES
from callmate.core.immutable import immutable
from callmate.core.labels import RESERVED_WORDS
from callmate.core.playbook import (
    SIGNAL_CAPTURES,
    Capture,
    CuePolicy,
    NextStepPolicy,
    Playbook,
    PownTag,
    Question,
    SectionKind,
    Signal,
)
from callmate.core.scoring import CRITERIA, CRITERION_IDS

FORMAT_VERSION = 1

#: Section and question ids (ECMA-262 syntax for editors; the loader anchors it the same way).
ID_PATTERN = "^[a-z][a-z0-9_]*$"
#: The playbook `name`: reps type it on the command line.
NAME_PATTERN = "^[a-z0-9][a-z0-9-]*$"
#: Text whose braces are all `{{`, `}}` or `{plain_name}` (what `templates.template_names` allows).
TEMPLATE_PATTERN = r"^(?:[^{}]|\{\{|\}\}|\{[a-z_][a-z0-9_]*\})*$"
#: Like TEMPLATE_PATTERN, and not blank: the loader strips text and refuses what is left empty.
TEXT_PATTERN = r"^(?=[\s\S]*\S)(?:[^{}]|\{\{|\}\}|\{[a-z_][a-z0-9_]*\})*$"

#: Template names filled from the call itself and the previous call, never from a question
#: (declared once, with how a rep reads each, in labels.py).
RESERVED_NAMES = frozenset(RESERVED_WORDS)


class _NoDefault:
    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT: Any = _NoDefault()


@immutable
class Type:
    """A kind of value: how the docs name it and its JSON Schema (refs point into `$defs`)."""

    docs: str
    schema: dict[str, Any]


@immutable
class Key:
    """One key of a mapping in the format."""

    name: str
    title: str
    type: Type
    doc: str
    required: bool = False
    #: The docs' "Required" column when it depends on other keys ("with `choice` only").
    required_docs: str = ""
    default: Any = NO_DEFAULT
    #: The docs' "Default" column when the value alone does not say it ("see below").
    default_docs: str = ""


@immutable
class Block:
    """A mapping in the format (the playbook, a section, a question...) and its keys in order."""

    name: str
    title: str
    doc: str
    keys: tuple[Key, ...]
    #: Whether the mapping may be left empty (`cues:` alone means the defaults).
    nullable: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keys)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keys if k.required)

    def key(self, name: str) -> Key:
        return next(k for k in self.keys if k.name == name)


def default_of(model: type, name: str) -> Any:
    """The default a model dataclass gives a field: the one place each default is written."""
    for item in dataclasses.fields(model):
        if item.name == name:
            if item.default is not dataclasses.MISSING:
                return item.default
            if item.default_factory is not dataclasses.MISSING:
                return item.default_factory()
    raise KeyError(name)


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def _values(enum: type[StrEnum]) -> list[str]:
    return [m.value for m in enum]


def _words(values: list[str]) -> str:
    quoted = [f"`{v}`" for v in values]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


# -- the kinds of value --------------------------------------------------------------------------
TEXT = Type("text", ref("text"))
OPTIONAL_TEXT = Type("text", ref("optional_text"))
#: A list of lines; one line alone means a list of that one line (the loader and the schema
#: both take it, and the guide says so).
TEXT_LIST = Type("list of text (or one line)", ref("text_list"))
IDENTIFIER = Type("identifier", ref("id"))
QUESTION_ID = Type("question id", ref("id"))
QUESTION_IDS = Type("list of question ids (or one id)", ref("id_list"))
FLAG = Type("`true` / `false`", {"type": "boolean"})
#: Words shown as they are, never filled in: no braces, not blank.
PLAIN_PATTERN = r"^[^{}]*\S[^{}]*$"
PLAIN_TEXT = Type("text, no templates", {"type": ["string", "number"], "pattern": PLAIN_PATTERN})
OPTIONAL_PLAIN_TEXT = Type(
    "text, no templates", {"type": ["string", "number", "null"], "pattern": PLAIN_PATTERN}
)


def shown_as_written(key: Key) -> bool:
    """Whether a key's text is shown as the trainer wrote it, so templates are refused there
    (by the schema's pattern and by the loader alike)."""
    return key.type in (PLAIN_TEXT, OPTIONAL_PLAIN_TEXT)


CONDITION = Type("same forms as a branch rule's `when`", ref("when"))


def whole_number(value: Any) -> int | None:
    """A whole number as JSON Schema's `integer` reads it: 7 and 7.0 are, 7.5 and true are not.

    The loader reads numbers through this so it accepts exactly what the schema does.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def bounds(key: Key) -> tuple[int, int]:
    """The range a whole-number key declares: what the schema and the loader both enforce."""
    schema = key.type.schema
    return int(schema["minimum"]), int(schema["maximum"])


def whole(low: int, high: int) -> Type:
    return Type(
        f"whole number, {low} to {high}",
        {"type": ["integer", "null"], "minimum": low, "maximum": high},
    )


def one_of(values: list[str], docs: str = "") -> Type:
    """One of `values`; nothing (null) also works and means the default."""
    return Type(docs or _words(values), {"enum": [*values, None]})


def list_of(block: str, docs: str) -> Type:
    return Type(docs, {"type": ["array", "null"], "items": ref(block)})


def mapping(block: str, docs: str = "mapping") -> Type:
    return Type(docs, ref(block))


_SCALE_POINT = {"type": "integer", "minimum": 1, "maximum": 10}

# -- the blocks -----------------------------------------------------------------------------------
CONDITION_BLOCK = Block(
    "condition",
    "Condition",
    "A mapping form of `when`: exactly one of these keys.",
    (
        Key(
            "at_most",
            "At most",
            Type("whole number, 1 to 10", _SCALE_POINT),
            "Matches a `scale` answer equal to or lower than this number. Scale questions only.",
        ),
        Key(
            "at_least",
            "At least",
            Type("whole number, 1 to 10", _SCALE_POINT),
            "Matches a `scale` answer equal to or higher than this number. Scale questions only.",
        ),
        Key(
            "answered",
            "Answered",
            FLAG,
            "`true` matches when the rep captured an answer, `false` when they moved on without "
            "one. Works with every capture kind.",
        ),
    ),
)

NEXT_STEP = Block(
    "next_step",
    "Next-step policy",
    "The rules for the next step the rep records at the end of every call. Leave it out to use "
    "the defaults.",
    (
        Key(
            "require_prospect_commitment",
            "Require the prospect's commitment",
            FLAG,
            "The prospect's own action must be recorded before the call can be wrapped up, not "
            "only what the rep will do.",
            default=default_of(NextStepPolicy, "require_prospect_commitment"),
        ),
        Key(
            "max_days",
            "Furthest date, in days",
            whole(1, 365),
            "The furthest date allowed for the next step, counted in days from the day of the "
            "call.",
            default=default_of(NextStepPolicy, "max_days"),
        ),
        Key(
            "nudge_days",
            "Nudge after, in days",
            whole(0, 365),
            "A next step further away than this many days is allowed, but the rep is nudged "
            "towards a sooner date. Keep it below `max_days`.",
            default=default_of(NextStepPolicy, "nudge_days"),
        ),
        Key(
            "suggestions",
            "Suggested next steps",
            TEXT_LIST,
            "Ready-made next steps the rep can pick from and then adjust. Write real advances: a "
            "date and a part for the prospect.",
            default_docs="empty",
        ),
        Key(
            "continuations",
            "Phrases of continuations",
            TEXT_LIST,
            "Words or phrases of your own that mark a next step as a continuation, not an "
            "advance (for example `send a brochure`), on top of the ones callmate knows.",
            default_docs="empty",
        ),
        Key(
            "advances",
            "Phrases of advances",
            TEXT_LIST,
            "Words or phrases of your own that mark a next step as an advance (for example "
            "`site visit`), on top of the ones callmate knows.",
            default_docs="empty",
        ),
    ),
    nullable=True,
)

RULE = Block(
    "rule",
    "Branch rule",
    "A condition on this question's answer and what happens when it holds. Needs at least one "
    "of show, skip or goto.",
    (
        Key(
            "when",
            "When",
            Type("see the next table", ref("when")),
            "The condition on this question's answer.",
            required=True,
        ),
        Key(
            "show",
            "Show",
            QUESTION_IDS,
            "Ask these hidden questions. They must come later in the playbook.",
            required_docs="one of `show`, `skip`, `goto`",
        ),
        Key(
            "skip",
            "Skip",
            QUESTION_IDS,
            "Don't ask these questions. They must come later in the playbook.",
            required_docs="one of `show`, `skip`, `goto`",
        ),
        Key(
            "goto",
            "Go to section",
            Type("a section id", {"anyOf": [ref("id"), {"type": "null"}]}),
            "Send the rep back to the start of that section. Only this section or an earlier one.",
            required_docs="one of `show`, `skip`, `goto`",
        ),
        Key(
            "say",
            "Say",
            OPTIONAL_TEXT,
            "A coaching line shown to the rep when the rule fires. Templates allowed.",
        ),
    ),
)


def _signal_captures() -> str:
    return "; ".join(
        f"`{signal.value}` ({', '.join(c.value for c in captures)})"
        for signal, captures in SIGNAL_CAPTURES.items()
    )


#: The guide's "Signals and weak answers" table, one row per signal: where to put it and what
#: callmate does with it (the capture column comes from SIGNAL_CAPTURES). Declared here with
#: the keys, so a new signal cannot reach the schema and the key table but not this table.
SIGNAL_DOCS: dict[Signal, tuple[str, str]] = {
    Signal.PAIN_AGREED: (
        "The question where the prospect says whether the problem is big enough to fix.",
        "A yes, or a high score, means the pain is agreed. Until then, the `no_agreed_pain` cue "
        "shows when the rep reaches the commitment question. The scorecard's `pain_agreed` "
        "criterion and the practice personas use the same question (a yes, or a score of 7 or "
        "more, counts as agreed: the cue and the scorecard judge it the same way, and both "
        "honour `scoring: pain_questions`).",
    ),
    Signal.COMMITMENT: (
        '"If we solved this, how soon would you want to start?"',
        "Marks the commitment question. A weak answer brings up the `weak_commitment` cue. The "
        "scorecard judges the first one answered, and a practice persona answers it with its "
        "strong or weak commitment lines. Without any `signal: commitment`, the questions of "
        "`commitment` sections play this part for the scorecard and the personas, but the "
        "`weak_commitment` cue stays silent.",
    ),
    Signal.DECISION_MAKER: (
        '"When it comes to the final yes, is that your call?"',
        "A no brings up the `not_decision_maker` cue. The scorecard counts the question as "
        "asking who decides, even outside a `decision_maker` section.",
    ),
    Signal.INFO_REQUEST: (
        '"Did they ask us to send information?"',
        "A yes brings up the `asked_for_info` cue.",
    ),
    Signal.THEIR_PART: (
        '"Before we speak again, what will you do on your side?"',
        "The answer is what the prospect said they will do: the next-step form starts from it "
        "as their part, and practice checks the part agreed at the gate against it. "
        "`validate --strict` asks for one such question.",
    ),
}


QUESTION = Block(
    "question",
    "Question",
    "One thing the rep asks, and how the answer is captured.",
    (
        Key(
            "id",
            "Question id",
            Type(
                "identifier",
                {"allOf": [ref("id"), {"not": {"enum": sorted(RESERVED_NAMES)}}]},
            ),
            "Names the answer, so later text can reuse it as `{id}` and rules can `show` or "
            "`skip` it. Same spelling rules as a section id. Unique across the whole playbook, "
            "not just the section. A question may share an id with a section, but it reads "
            "better if it doesn't. Don't use the reserved template names (such as `hot_button`) "
            "as ids.",
            required=True,
        ),
        Key(
            "prompt",
            "Prompt",
            TEXT,
            "What the rep says, in the rep's own voice. Templates allowed.",
            required=True,
        ),
        Key(
            "fallback",
            "Fallback prompt",
            TEXT,
            "Said instead of the prompt when the prompt quotes the previous call (a `{last_…}` "
            "name) and that call did not capture it, so the rep never reads a placeholder to "
            "the prospect. Word it so it works without the missing part and captures the same "
            "kind of answer. Without it, the prompt shows the gap for the rep to rephrase. "
            "Templates allowed.",
        ),
        Key(
            "label",
            "Label",
            OPTIONAL_PLAIN_TEXT,
            'A short name for the answer in the rep\'s words ("Cost of doing nothing"), shown in '
            "the captured pane and wherever later text uses the answer before it is captured. "
            "Without it, callmate shortens the prompt. Plain words: no templates.",
        ),
        Key(
            "hints",
            "Hints",
            TEXT_LIST,
            "Short talk-track lines and follow-up probes shown under the prompt. Keep each one "
            "glanceable. Templates allowed.",
        ),
        Key(
            "required",
            "Required",
            FLAG,
            "The answer matters enough that the rep must capture it. Use it only for the few "
            "answers the call is really for.",
            default=default_of(Question, "required"),
        ),
        Key(
            "capture",
            "Capture",
            one_of(_values(Capture), "one of the capture kinds"),
            "How the rep records the answer (next chapter).",
            default=default_of(Question, "capture"),
        ),
        Key(
            "choices",
            "Choices",
            Type(
                "list of text",
                {"type": "array", "minItems": 2, "uniqueItems": True, "items": ref("text_item")},
            ),
            "The options for a `choice` question: at least 2, all different.",
            required_docs="with `choice` only",
        ),
        Key(
            "tag",
            "Default POWN tag",
            one_of(_values(PownTag)),
            "The tag given to items the rep types without a `p:`, `o:`, `w:` or `n:` prefix.",
            required_docs="no, `powns` only",
            default=default_of(Question, "tag"),
        ),
        Key(
            "hidden",
            "Hidden",
            FLAG,
            "Not asked unless a branch rule `show`s it.",
            default=default_of(Question, "hidden"),
        ),
        Key(
            "branch",
            "Branch rules",
            list_of("rule", "list of rules"),
            "Rules checked after this question is answered, in order; every rule that matches "
            "applies (see [Branching](#branching)).",
        ),
        Key(
            "signal",
            "Signal",
            one_of(_values(Signal)),
            "What the answer tells callmate's live cues and scorecard, whatever the question's "
            "id or wording (see [Signals](#signals-and-weak-answers)). Each signal needs a "
            f"fitting `capture`: {_signal_captures()}.",
        ),
        Key(
            "weak",
            "Weak answers",
            TEXT_LIST,
            "Answers that show interest without intent. For a `choice` question, some of its "
            "`choices`; for a `text` question, words or phrases to look for in the answer (see "
            "[Signals](#signals-and-weak-answers)).",
            required_docs="no, `text` and `choice` only",
        ),
    ),
)

SECTION = Block(
    "section",
    "Section",
    "One stage of the call, such as the agenda or discovery.",
    (
        Key(
            "id",
            "Section id",
            IDENTIFIER,
            "Used by `goto` to send the rep back here. Starts with a lowercase letter, then "
            "lowercase letters, digits or `_`. Unique among the sections of this playbook.",
            required=True,
        ),
        Key(
            "title",
            "Title",
            PLAIN_TEXT,
            "The heading the rep sees, as written: no templates (greet with `{prospect}` in the "
            "`intro` instead).",
            required=True,
        ),
        Key(
            "kind",
            "Kind",
            one_of(_values(SectionKind), "one of the kinds below"),
            "What job the section does in the call. The methodology checks look for `agenda`, "
            "`powns`, `commitment` and `decision_maker`, and warn when a section of one of the "
            "last three has no question doing that job.",
            default=SectionKind.OTHER,
        ),
        Key(
            "minutes",
            "Minutes",
            whole(1, 480),
            "This section's time box, shown on the clock during the call. Keep the sections' "
            "minutes within the call's `minutes` at the top: `validate` warns when they add up "
            "to more.",
        ),
        Key(
            "intro",
            "Intro",
            OPTIONAL_TEXT,
            "A talk-track line shown at the top of the section. Templates allowed.",
        ),
        Key(
            "questions",
            "Questions",
            Type(
                "list of questions",
                {"type": "array", "minItems": 1, "items": ref("question")},
            ),
            "The questions of this section, in order. At least one.",
            required=True,
        ),
    ),
)

CARD = Block(
    "card",
    "Objection card",
    "An objection the rep can open during the call: what prospects say, and how to work "
    "through it.",
    (
        Key(
            "id",
            "Card id",
            IDENTIFIER,
            "Names the card in the call record. Unique among the cards of this playbook. An id "
            "containing `info` (such as `send_info`) also brings up the `asked_for_info` cue when "
            "the card is opened.",
            required=True,
        ),
        Key(
            "title",
            "Title",
            TEXT,
            "The objection in a few words, as the rep sees it in the list. Templates allowed, "
            "with any question id.",
            required=True,
        ),
        Key(
            "says",
            "What they say",
            TEXT_LIST,
            'How prospects tend to put it, one way per line, in their words: "send me some info",'
            ' "email me something". The search matches these as written; the list shows the '
            "first one with templates filled.",
        ),
        Key(
            "response",
            "Response",
            OPTIONAL_TEXT,
            "How the rep works through it, in the rep's own voice. Templates allowed, with any "
            "question id.",
        ),
        Key(
            "probes",
            "Probes",
            TEXT_LIST,
            "Questions that uncover what is behind the objection. Templates allowed.",
        ),
    ),
)

CUE_RULE = Block(
    "cue_rule",
    "Cue rule",
    "A cue of your own: a line shown to the rep while a question's answer matches.",
    (
        Key("id", "Cue id", IDENTIFIER, "Names the cue in the call record.", required=True),
        Key(
            "question",
            "Question",
            QUESTION_ID,
            "The question whose answer the cue watches. Any question in the playbook.",
            required=True,
        ),
        Key(
            "when",
            "When",
            CONDITION,
            "The condition on that answer, checked against that question's capture and "
            "choices: a value, a list of values, `{at_most: N}`, `{at_least: N}` or "
            "`{answered: true}` / `{answered: false}`. `{answered: false}` matches a skipped "
            "question.",
            required=True,
        ),
        Key(
            "say",
            "Say",
            TEXT,
            "The line the rep sees. Templates allowed, with any question id.",
            required=True,
        ),
    ),
)

CUES = Block(
    "cues",
    "Cues",
    "Which live coaching cues show during the call: the built-in ones and your own.",
    (
        Key(
            "defaults",
            "Built-in cues on",
            FLAG,
            "Whether the built-in cues show at all.",
            default=default_of(CuePolicy, "defaults"),
        ),
        Key(
            "mute",
            "Muted built-in cues",
            Type(
                "list of built-in cue ids (or one id)",
                {
                    "anyOf": [
                        {"type": "array", "items": {"enum": list(BUILTIN_CUES)}},
                        {"enum": list(BUILTIN_CUES)},
                        {"type": "null"},
                    ]
                },
            ),
            "Built-in cues this playbook does without, for example `mute: [time_nearly_up]`.",
        ),
        Key(
            "rules",
            "Your own cues",
            list_of("cue_rule", "list of cue rules"),
            "Cues of your own, described below. They show even with `defaults: false`.",
        ),
    ),
    nullable=True,
)

SLOT = Block(
    "slot",
    "Qualification slot",
    "Something the call must find out (who decides, the timeline, the pain), filled by an "
    "answer to any of its questions.",
    (
        Key("id", "Slot id", IDENTIFIER, "Names the slot, such as `timeline`.", required=True),
        Key(
            "label",
            "Label",
            PLAIN_TEXT,
            'What the rep sees, such as "Timeline". As written: no templates.',
            required=True,
        ),
        Key(
            "questions",
            "Questions",
            Type(
                "list of question ids (or one id)",
                {"anyOf": [{"type": "array", "minItems": 1, "items": ref("id")}, ref("id")]},
            ),
            "The questions that fill the slot: an answer to any one of them is enough. At least "
            "one, and each must be a question of this playbook.",
            required=True,
        ),
        Key(
            "meets",
            "Meets",
            CONDITION,
            "Which answers meet the slot, such as `{at_least: 7}` or `[this month, this "
            "quarter]`, checked against each of its questions. Without it, a yes, a high score, "
            "an early choice or an answer not on the question's `weak` list meets it.",
        ),
    ),
)

EXTRA_CHECK = Block(
    "extra_check",
    "Extra check",
    "A scorecard check of your own, on one question's answer.",
    (
        Key(
            "id",
            "Check id",
            Type(
                "identifier",
                {"allOf": [ref("id"), {"not": {"enum": list(CRITERION_IDS)}}]},
            ),
            "Names the check; not one of the default criterion ids. `weights` can name it too.",
            required=True,
        ),
        Key(
            "label",
            "Label",
            PLAIN_TEXT,
            "What the scorecard calls the check. As written: no templates.",
            required=True,
        ),
        Key(
            "question",
            "Question",
            QUESTION_ID,
            "The question whose answer is checked.",
            required=True,
        ),
        Key(
            "expect",
            "Expect",
            CONDITION,
            "The answer that earns the points, checked against that question's capture and "
            "choices.",
            required=True,
        ),
        Key(
            "points",
            "Points",
            Type("number above 0", {"type": "number", "exclusiveMinimum": 0}),
            "The check's weight, on the same scale as the default weights.",
            required=True,
        ),
        Key(
            "tip",
            "Tip",
            OPTIONAL_PLAIN_TEXT,
            "Advice shown on the scorecard when the check was missed. As written: no templates.",
        ),
    ),
)


def _weights() -> dict[str, Any]:
    criteria = {
        c.id: {
            "title": c.label,
            "description": f"How much '{c.label}' counts in the scorecard: 0 or more, 0 leaves "
            f"it out (default {c.weight:g}).",
            "type": "number",
            "minimum": 0,
        }
        for c in CRITERIA
    }
    return {
        "type": ["object", "null"],
        "properties": criteria,
        # Your own extra checks' ids are keys too, so other names are allowed.
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": {"type": "number", "minimum": 0},
    }


SCORING = Block(
    "scoring",
    "Scorecard",
    "How the scorecard after each call weighs its criteria, and checks of your own.",
    (
        Key(
            "weights",
            "Weights",
            Type("mapping of criterion id to a number, 0 or more", _weights()),
            "How much each criterion counts. Criteria not named keep their default weight; 0 "
            "leaves one out. The ids are the default criteria below and the ids of this "
            "playbook's `extra` checks.",
        ),
        Key(
            "pain_questions",
            "Pain questions",
            QUESTION_IDS,
            "The questions whose yes (or score of 7 or more) means the prospect agreed the pain. "
            "The scorecard and the practice personas use them instead of the "
            "`signal: pain_agreed` questions; the live cue keeps to the signal.",
        ),
        Key(
            "extra",
            "Extra checks",
            list_of("extra_check", "list of checks"),
            "Yes/no checks of your own on one answer each, described below.",
        ),
    ),
    nullable=True,
)

PLAYBOOK = Block(
    "playbook",
    "callmate playbook",
    "A callmate call playbook, format version 1: the call's objective, its sections and "
    "questions in order, and the next-step policy. `callmate validate` gives the final word.",
    (
        Key(
            "format",
            "Format version",
            Type("whole number", {"const": FORMAT_VERSION}),
            f"The format version. Always `{FORMAT_VERSION}` for the format on this page.",
            required=True,
        ),
        Key(
            "name",
            "Name",
            Type("text", {"type": "string", "pattern": NAME_PATTERN}),
            "Short id used to pick the playbook on the command line. Lowercase letters, digits "
            "and dashes only, e.g. `first-discovery`. Name the file after it "
            "(`first-discovery.yaml`): callmate finds playbooks by file name, and `validate` "
            "warns when the two differ.",
            required=True,
        ),
        Key(
            "title",
            "Title",
            PLAIN_TEXT,
            "The human title shown to reps, as written: no templates.",
            required=True,
        ),
        Key(
            "version",
            "Version",
            Type("text", {"type": ["string", "integer", "null"], "pattern": TEXT_PATTERN}),
            'Your edition of this playbook, e.g. `"2026.11"`. Quote it: a bare number such as '
            "`2026.10` is refused, because YAML would read it as 2026.1.",
            default=default_of(Playbook, "version"),
        ),
        Key(
            "description",
            "Description",
            OPTIONAL_PLAIN_TEXT,
            "A paragraph for trainers and reps: when to use this playbook. As written: no "
            "templates.",
        ),
        Key(
            "objective",
            "Objective",
            TEXT,
            "What this call must achieve. Shown before and during the call, and remembered for "
            "the next call as `{last_objective}`. It may greet the prospect or recall last time "
            "(`{prospect}`, `{company}`, the `{last_...}` names), but not use answers: none "
            "exist yet when it is shown.",
            required=True,
        ),
        Key(
            "minutes",
            "Minutes",
            whole(1, 480),
            "The call's time box in minutes, shown on the clock during the call.",
            default=default_of(Playbook, "minutes"),
        ),
        Key(
            "sections",
            "Sections",
            Type("list of sections", {"type": "array", "minItems": 1, "items": ref("section")}),
            "The parts of the call, in the order they happen. At least one.",
            required=True,
        ),
        Key(
            "next_step",
            "Next-step policy",
            mapping("next_step"),
            "The next-step policy. If you leave it out, the defaults in the next table apply.",
            default_docs="see below",
        ),
        Key(
            "qualification",
            "Qualification slots",
            list_of("slot", "list of slots"),
            "What the call must find out, shown as slots that fill up during the call. See "
            "[Live guidance](#qualification-slots).",
        ),
        Key(
            "cards",
            "Objection cards",
            list_of("card", "list of objection cards"),
            "Objections the rep can look up during the call, with a response and probes. See "
            "[Live guidance](#objection-cards).",
        ),
        Key(
            "cues",
            "Cues",
            mapping("cues"),
            "Which coaching cues show during the call: the built-in ones and your own. See "
            "[Live guidance](#cues).",
            default_docs="built-in cues on",
        ),
        Key(
            "scoring",
            "Scorecard",
            mapping("scoring"),
            "How the scorecard after the call weighs its criteria, and checks of your own. See "
            "[Scoring](#scoring).",
            default_docs="default weights",
        ),
    ),
)

#: Every block, in the order the guide describes them.
BLOCKS = (
    PLAYBOOK,
    NEXT_STEP,
    SECTION,
    QUESTION,
    RULE,
    CONDITION_BLOCK,
    CARD,
    CUES,
    CUE_RULE,
    SLOT,
    SCORING,
    EXTRA_CHECK,
)
