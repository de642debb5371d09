"""The persona format, declared once, like the playbook format in `format.py`.

The persona loader takes its key lists from here, `persona_schema.py` builds the JSON Schema from
it and `format_docs.py` writes the key tables of docs/personas.md. Defaults come from the model.
"""

from __future__ import annotations

from callmate.core.format import (
    FLAG,
    FORMAT_VERSION,
    NAME_PATTERN,
    Block,
    Key,
    Type,
    default_of,
    one_of,
    ref,
)
from callmate.core.persona import CommitmentModel, Persona, Phrases
from callmate.core.playbook import PownTag, SectionKind

PERSONA_KIND = "persona"

LINE = Type("text", ref("line"))
OPTIONAL_LINE = Type("text", ref("optional_line"))
LINES = Type("one line or a list of lines", ref("lines"))
LEVEL = Type("whole number, 0 to 10", {"type": ["integer", "null"], "minimum": 0, "maximum": 10})


def _level(name: str, title: str, doc: str) -> Key:
    return Key(name, title, LEVEL, doc, default=default_of(CommitmentModel, name))


POWN = Block(
    "pown",
    "POWN item",
    "One of the persona's problems, opportunities, wants or needs, in their own words.",
    (
        Key(
            "tag",
            "Tag",
            one_of([t.value for t in PownTag]),
            "What kind of item it is.",
            default=PownTag.PROBLEM,
        ),
        Key(
            "text",
            "Text",
            LINE,
            "The item as the persona says it. Write the `hot_button` exactly like one of these.",
            required=True,
        ),
    ),
)

TRIGGER = Block(
    "trigger",
    "Objection trigger",
    "When an objection comes up: exactly one of `section` or `after_question`.",
    (
        Key(
            "section",
            "Section kind",
            Type("a section kind", {"enum": [k.value for k in SectionKind]}),
            "Raise the objection once a section of this kind is under way: at its next question "
            "after one of its questions has an answer, or at its last (or only) question.",
            required_docs="one of the two",
        ),
        Key(
            "after_question",
            "After question",
            Type("a question id", ref("id")),
            "Raise the objection with the first reply after this question has an answer.",
            required_docs="one of the two",
        ),
    ),
)

OBJECTION = Block(
    "objection",
    "Objection",
    "An objection the persona raises once, with the first reply where it applies.",
    (
        Key("text", "Text", LINE, "The objection, as the persona says it.", required=True),
        Key(
            "when",
            "When",
            Type("mapping", ref("trigger")),
            "When it comes up: `{section: KIND}` once a section of that kind is under way, or "
            "`{after_question: ID}` once that question has an answer.",
            required=True,
        ),
    ),
)

COMMITMENT = Block(
    "commitment",
    "Commitment model",
    "How keen the persona is to act, from 0 to 10, what moves it, and what they say when asked "
    "the commitment question.",
    (
        _level("start", "Starting level", "How keen they are when the call starts."),
        _level(
            "rises_when_pain_agreed",
            "Rise when the pain is agreed",
            "Added once they agree the problem is big enough to fix.",
        ),
        _level(
            "drops_when_pitch_before_discovery",
            "Drop after an early pitch",
            "Taken off when the rep pitched before any POWN was captured.",
        ),
        _level(
            "weak_below",
            "Weak below",
            "Below this level, the commitment question gets the `weak` lines, otherwise the "
            "`strong` ones.",
        ),
        Key(
            "strong",
            "Strong answers",
            LINES,
            "Their answer to the commitment question when keen enough.",
        ),
        Key("weak", "Weak answers", LINES, "Their answer when not keen enough."),
    ),
    nullable=True,
)


def _phrase(name: str, title: str, doc: str) -> Key:
    return Key(name, title, LINE, doc, default=default_of(Phrases, name))


PHRASES = Block(
    "phrases",
    "Phrases",
    "The few lines callmate has the persona say by itself, to set in the persona's own "
    "language. Each key left out keeps its English default.",
    (
        _phrase(
            "decides_yes",
            "Decides: yes",
            'Their answer to a yes/no question in a `decision_maker` section ("is it your '
            'decision?") when `decides` is `true`. Start it with a plain yes in their language '
            '("Ja, ..."), so callmate reads it as one.',
        ),
        _phrase(
            "decides_no",
            "Decides: no",
            "The same answer when `decides` is `false`; `buying_process` follows it. Start it "
            'with a plain no ("Nein, ...").',
        ),
        _phrase(
            "most_of_all",
            "Before the hot button",
            "Said before the hot button, their last and strongest POWN item.",
        ),
        _phrase(
            "nothing_more",
            "Nothing more",
            'Said when the rep asks "what else?" and they have no item left to tell. Never '
            "counted as something they said: an item typed from it earns nothing.",
        ),
        _phrase(
            "what_else_about_what",
            "What else, where there is no list",
            'Said when the rep asks "what else?" at a question that collects no POWN items.',
        ),
    ),
    nullable=True,
)

PERSONA = Block(
    "persona",
    "callmate practice persona",
    "A made-up prospect for practice calls, format version 1: who they are, their POWNs, their "
    "replies, their objections and how keen they are to act. `callmate validate` gives the "
    "final word.",
    (
        Key(
            "format",
            "Format version",
            Type("whole number", {"const": FORMAT_VERSION}),
            f"The format version. Always `{FORMAT_VERSION}`.",
            required=True,
        ),
        Key(
            "kind",
            "Kind of file",
            Type(f"`{PERSONA_KIND}`", {"const": PERSONA_KIND}),
            "Tells callmate the file is a persona, not a playbook.",
            required=True,
        ),
        Key(
            "name",
            "Name",
            Type("text", {"type": "string", "pattern": NAME_PATTERN}),
            "The id reps type after `--persona`: lowercase letters, digits and dashes. Keep it "
            "the same as the file name.",
            required=True,
        ),
        Key(
            "display_name",
            "Display name",
            LINE,
            "The prospect's name, shown next to each reply and used as the practice record's "
            "prospect.",
            required=True,
        ),
        Key("role", "Role", OPTIONAL_LINE, "The prospect's job title."),
        Key(
            "company",
            "Company",
            OPTIONAL_LINE,
            "The prospect's company, used on the practice record.",
        ),
        Key(
            "decides",
            "Decides",
            FLAG,
            "Whether this person makes the final decision: answers yes/no questions in a "
            "`decision_maker` section.",
            default=default_of(Persona, "decides"),
        ),
        Key(
            "buying_process",
            "Buying process",
            OPTIONAL_LINE,
            "How they buy, in their own words: said in `decision_maker` sections when no other "
            "reply fits, and after a no to whether they decide.",
        ),
        Key(
            "hot_button",
            "Hot button",
            OPTIONAL_LINE,
            "The POWN that matters most to them. Write it exactly like one of the `powns` items.",
        ),
        Key(
            "powns",
            "POWNs",
            Type("list of items", {"type": ["array", "null"], "items": ref("pown")}),
            "Their problems, opportunities, wants and needs: the answers to POWN questions.",
        ),
        Key(
            "replies",
            "Replies",
            Type("mapping", ref("replies")),
            "What they say, by question id, section kind or `default`.",
            required=True,
        ),
        Key(
            "objections",
            "Objections",
            Type("list of objections", {"type": ["array", "null"], "items": ref("objection")}),
            "Objections raised at set moments, each once.",
        ),
        Key(
            "commitment",
            "Commitment model",
            Type("mapping", ref("commitment")),
            "How keen they are to act, and what changes it.",
            default_docs="see below",
        ),
        Key(
            "phrases",
            "Phrases",
            Type("mapping", ref("phrases")),
            'The lines callmate has them say by itself ("No, not on my own.", "That\'s '
            'about it, really."), in their own language.',
            default_docs="English, see below",
        ),
    ),
)

PERSONA_BLOCKS = (PERSONA, POWN, OBJECTION, TRIGGER, COMMITMENT, PHRASES)
