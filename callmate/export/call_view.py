"""One stored call as titled blocks of plain text: what a person reads about a past call.

`callmate show` (Markdown, export/markdown.py) and the read-only view in the TUI both render
these blocks: this module decides, once, what of a call is shown and in what order, so the view
cannot leave out an answer, a note, an objection or a part of the next step that `show` prints.
Styles are named by meaning ("strong", "label", "hot", "muted") and lines by shape (an item, an
answer under it); each front end maps them to its own look.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

from callmate.core.call_record import parse_stamp
from callmate.core.immutable import immutable
from callmate.core.judgement import our_part_words, step_kind_words
from callmate.core.playbook import PownTag
from callmate.export.when import short_stamp

POWN_HEADINGS = {
    PownTag.PROBLEM.value: "Problems",
    PownTag.OPPORTUNITY.value: "Opportunities",
    PownTag.WANT.value: "Wants",
    PownTag.NEED.value: "Needs",
}
ANSWER_HEADINGS = (
    ("commitment", "Commitment"),
    ("decision_maker", "Decision process"),
    ("objections", "Objections"),
)

#: Answers a later answer took off the call's path: kept (nothing typed is lost) but apart, so
#: nobody reads "short call with Ana next week" as what the call settled.
OFF_PATH_TITLE = "Answered on a path no longer taken"
OFF_PATH_WHY = "A later answer changed the way through the call; these no longer apply."


#: Text typed at a question and not entered, on a call not ended yet (its end makes notes of
#: it): listed, so what the rep typed is never only in the file.
UNENTERED_TITLE = "Typed, not entered"


@immutable
class Span:
    """A run of text with one style (the same names in the terminal and in plain text)."""

    text: str
    style: str = ""  # "", "strong", "label", "hot", "muted", "title"


class Shape(Enum):
    """What a line is, so each front end lays it out its own way (a bullet, an indented item)."""

    TEXT = "text"  # a paragraph line
    ITEM = "item"  # a bulleted entry: an answer's question, a note, a raised objection
    SUB = "sub"  # an item under the entry above (a list answer's items, a POWN item)
    ARROW = "arrow"  # the answer to the entry above
    MORE = "more"  # one more line of the text above (a pasted answer or note)
    SUBHEAD = "subhead"  # a heading inside a block (Problems, Wants)
    FIELD = "field"  # a named fact ("Their commitment: ...")


@immutable
class Line:
    """One line of the call view, made of spans, with its shape (heading, item, text)."""

    spans: tuple[Span, ...]
    shape: Shape = Shape.TEXT

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@immutable
class Block:
    """A titled part of the call (the heading block has no title)."""

    title: str | None
    lines: tuple[Line, ...]


def _when(value: object) -> str:
    stamp = parse_stamp(value)
    return short_stamp(stamp) if stamp is not None else str(value or "")


def _text(text: object, shape: Shape, *lead: Span) -> list[Line]:
    """Text that may hold several lines (a pasted answer or note): every line kept."""
    first, *rest = str(text).splitlines() or [""]
    return [Line((*lead, Span(first)), shape), *(Line((Span(more),), Shape.MORE) for more in rest)]


def _muted(text: str) -> Line:
    return Line((Span(text, "muted"),))


def _unentered(typed: list[Mapping[str, Any]]) -> list[Line]:
    lines: list[Line] = []
    for entry in typed:
        if entry.get("label"):
            lines.append(Line((Span(f"At {entry['label']}", "label"),), Shape.ITEM))
            lines += _text(entry["text"], Shape.ARROW)
        else:
            lines += _text(entry["text"], Shape.ITEM)
    return lines


def _heading(summary: Mapping[str, Any]) -> Block:
    company = summary.get("company")
    who = f"{summary.get('prospect') or ''}" + (f", {company}" if company else "")
    playbook = summary["playbook"]
    facts = [
        _when(summary.get("started")),
        str(playbook.get("title") or playbook.get("name") or "unknown playbook"),
        str(summary.get("status") or "").replace("_", " "),
    ]
    if summary.get("mode") == "practice":
        facts.append("practice")
    lines = [
        Line((Span("Call with ", "strong"), Span(who, "title"))),
        Line((Span(" · ".join(facts)),)),
    ]
    if not playbook.get("loaded"):
        lines.append(
            _muted("(The playbook file could not be loaded: headings come from question ids.)")
        )
    return Block(None, tuple(lines))


def _answers(answers: list[Mapping[str, Any]]) -> list[Line]:
    lines: list[Line] = []
    for answer in answers:
        lines.append(Line((Span(str(answer["label"]), "label"),), Shape.ITEM))
        value = answer["value"]
        if isinstance(value, list):
            for item in value:  # text items: POWN items are listed under "powns"
                lines += _text(item, Shape.SUB)
        else:
            lines += _text(answer["text"], Shape.ARROW)
    return lines


def _answered_apart(answers: list[Mapping[str, Any]]) -> list[Line]:
    """Answers off the path, each with its value in words (POWN items included)."""
    lines: list[Line] = []
    for answer in answers:
        lines.append(Line((Span(str(answer["label"]), "label"),), Shape.ITEM))
        lines += _text(answer["text"], Shape.ARROW)
    return lines


def _powns(summary: Mapping[str, Any]) -> list[Line]:
    lines: list[Line] = []
    for tag, heading in POWN_HEADINGS.items():
        items = [i for i in summary["powns"] if i["tag"] == tag]
        if items:
            lines.append(Line((Span(heading, "strong"),), Shape.SUBHEAD))
        for item in items:
            said = Span(str(item["text"]))
            hot = (Span("★ ", "hot"), said, Span(" (hot button)", "muted"))
            lines.append(Line(hot if item["hot"] else (said,), Shape.SUB))
    if not lines:
        lines.append(_muted("Nothing recorded."))
    details = summary["answers"]["powns"]
    if details:
        lines.append(Line((Span("In their words", "strong"),), Shape.SUBHEAD))
        lines += _answers(details)
    return lines


def _cards(cards: list[Mapping[str, Any]]) -> list[Line]:
    return [
        Line(
            (
                Span("Raised: "),
                Span(str(card["title"]), "label"),
                Span(f" ({'worked through' if card['resolved'] else 'still open'})", "muted"),
            ),
            Shape.ITEM,
        )
        for card in cards
    ]


def _field(name: str, value: object) -> Line:
    return Line((Span(f"{name}: "), Span(str(value))), Shape.FIELD)


def _next_step(step: Mapping[str, Any] | None) -> list[Line]:
    if not step:
        return [_muted("None agreed.")]
    lines = [
        Line((Span(_when(step.get("due")), "strong"), Span(": " + str(step.get("what") or "")))),
        _field("Kind", step_kind_words(step)),
    ]
    # A retry keeps the message left where a step keeps our part: named as such (the core's).
    fields = (
        ("their_commitment", "Their commitment"),
        ("our_commitment", our_part_words(step)),
        ("channel", "Channel"),
    )
    lines += [_field(name, step[key]) for key, name in fields if step.get(key)]
    if step.get("outcome"):
        lines.append(_field("Outcome", f"{step['outcome']} ({_when(step.get('outcome_at'))})"))
    for old in step.get("history", []):  # left out of the JSON while empty
        lines.append(_field("Earlier date", _when(old["due"])))
    return lines


def call_view(summary: Mapping[str, Any]) -> list[Block]:
    """The call from `build_summary()`, block by block: what `show` prints and the view shows."""
    blocks = [_heading(summary)]
    if summary.get("objective"):
        blocks.append(Block("Objective", tuple(_text(summary["objective"], Shape.TEXT))))
    answers = summary["answers"]
    if answers["agenda"]:
        blocks.append(Block("Agenda", tuple(_answers(answers["agenda"]))))
    blocks.append(Block("Problems, opportunities, wants and needs", tuple(_powns(summary))))
    for kind, heading in ANSWER_HEADINGS:
        lines = _answers(answers[kind])
        if kind == "objections":
            lines += _cards(summary.get("objection_cards") or [])
        blocks.append(Block(heading, tuple(lines or [_muted("Nothing recorded.")])))
    if answers["other"]:
        blocks.append(Block("Other answers", tuple(_answers(answers["other"]))))
    if summary.get("off_path"):
        lines = [_muted(OFF_PATH_WHY), *_answered_apart(summary["off_path"])]
        blocks.append(Block(OFF_PATH_TITLE, tuple(lines)))
    if summary.get("unentered"):
        blocks.append(Block(UNENTERED_TITLE, tuple(_unentered(summary["unentered"]))))
    if summary["notes"]:
        notes = [line for note in summary["notes"] for line in _text(note["text"], Shape.ITEM)]
        blocks.append(Block("Notes", tuple(notes)))
    blocks.append(Block("Next step", tuple(_next_step(summary.get("next_step")))))
    return blocks


#: How the terminal view lays out each shape: the text in front of the line's spans (a MORE line
#: lines up under the text of the line it continues).
VIEW_LEAD = {
    Shape.TEXT: "",
    Shape.ITEM: "• ",
    Shape.SUB: "    – ",
    Shape.ARROW: "    → ",
    Shape.SUBHEAD: "",
    Shape.FIELD: "",
}


def view_lines(lines: tuple[Line, ...]) -> list[tuple[Span, ...]]:
    """A block's lines as the terminal view shows them."""
    out: list[tuple[Span, ...]] = []
    lead = ""
    for line in lines:
        if line.shape is Shape.MORE:
            shown = " " * len(lead)
        else:
            lead = shown = VIEW_LEAD[line.shape]
        out.append((Span(shown), *line.spans) if shown else line.spans)
    return out


def plain_text(blocks: list[Block]) -> str:
    """The view as plain text, e.g. for a terminal without colour or for a test to read."""
    out: list[str] = []
    for block in blocks:
        if block.title:
            out.append(block.title)
        out += ["".join(span.text for span in spans) for spans in view_lines(block.lines)]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
