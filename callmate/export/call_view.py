"""One stored call as titled blocks of plain text: what a person reads about a past call.

`callmate show` (Markdown) and the read-only view in the TUI both come from `build_summary()`;
this module decides, once, which parts of that summary are shown and in what order, so the view
cannot leave out an answer, a note, an objection or the next step that `show` prints. Styles are
named by meaning ("strong", "label", "hot", "muted"); each front end maps them to its own look.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from callmate.core.call_record import parse_stamp
from callmate.export.markdown import ANSWER_HEADINGS, POWN_HEADINGS
from callmate.export.when import short_stamp

STEP_FIELDS = (
    ("their_commitment", "Their commitment"),
    ("our_commitment", "Our commitment"),
    ("channel", "Channel"),
)


@dataclass(frozen=True)
class Span:
    text: str
    style: str = ""  # "", "strong", "label", "hot", "muted", "title"


Line = tuple[Span, ...]


@dataclass(frozen=True)
class Block:
    """A titled part of the call (the heading block has no title)."""

    title: str | None
    lines: tuple[Line, ...]


def _when(value: object) -> str:
    stamp = parse_stamp(value)
    return short_stamp(stamp) if stamp is not None else str(value or "")


def _text_lines(text: str, indent: str = "") -> list[Line]:
    """Text that may hold several lines (a pasted answer or note): every line kept."""
    lines = str(text).splitlines() or [""]
    return [(Span(indent + line),) for line in lines]


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
    lines: list[Line] = [
        (Span("Call with ", "strong"), Span(who, "title")),
        (Span(" · ".join(facts)),),
    ]
    if not playbook.get("loaded"):
        note = "(The playbook file could not be loaded: headings come from question ids.)"
        lines.append((Span(note, "muted"),))
    return Block(None, tuple(lines))


def _answers(answers: list[Mapping[str, Any]]) -> list[Line]:
    lines: list[Line] = []
    for answer in answers:
        lines.append((Span("• "), Span(str(answer["label"]), "label")))
        value = answer["value"]
        if isinstance(value, list):
            for item in value:  # text items: POWN items are listed under "powns"
                lines += _text_lines(str(item), "    – ")
        else:
            first, *rest = _text_lines(str(answer["text"]))
            lines.append((Span("    → "), *first))
            lines += [(Span("      "), *more) for more in rest]
    return lines


def _powns(summary: Mapping[str, Any]) -> list[Line]:
    lines: list[Line] = []
    for tag, heading in POWN_HEADINGS.items():
        items = [i for i in summary["powns"] if i["tag"] == tag]
        if items:
            lines.append((Span(heading, "strong"),))
        for item in items:
            star = Span("★ ", "hot") if item["hot"] else Span("  ")
            hot = (Span(" (hot button)", "muted"),) if item["hot"] else ()
            lines.append((Span("  "), star, Span(str(item["text"])), *hot))
    if not lines:
        lines.append((Span("Nothing recorded.", "muted"),))
    details = summary["answers"]["powns"]
    if details:
        lines.append((Span("In their words", "strong"),))
        lines += _answers(details)
    return lines


def _cards(cards: list[Mapping[str, Any]]) -> list[Line]:
    return [
        (
            Span("• Raised: "),
            Span(str(card["title"]), "label"),
            Span(f" ({'worked through' if card['resolved'] else 'still open'})", "muted"),
        )
        for card in cards
    ]


def _next_step(step: Mapping[str, Any] | None) -> list[Line]:
    if not step:
        return [(Span("None agreed.", "muted"),)]
    lines: list[Line] = [
        (Span(_when(step.get("due")), "strong"), Span("  " + str(step.get("what") or "")))
    ]
    for key, name in STEP_FIELDS:
        if step.get(key):
            lines.append((Span(f"{name}: "), Span(str(step[key]))))
    if step.get("outcome"):
        outcome = f"{step['outcome']} ({_when(step.get('outcome_at'))})"
        lines.append((Span("Outcome: "), Span(outcome)))
    for old in step.get("history", []):  # left out of the JSON while empty
        lines.append((Span(f"Earlier date: {_when(old['due'])}", "muted"),))
    return lines


def call_view(summary: Mapping[str, Any]) -> list[Block]:
    """The call from `build_summary()`, block by block, in the order `show` prints it."""
    blocks = [_heading(summary)]
    if summary.get("objective"):
        blocks.append(Block("Objective", tuple(_text_lines(summary["objective"]))))
    answers = summary["answers"]
    if answers["agenda"]:
        blocks.append(Block("Agenda", tuple(_answers(answers["agenda"]))))
    blocks.append(Block("Problems, opportunities, wants and needs", tuple(_powns(summary))))
    for kind, heading in ANSWER_HEADINGS:
        lines = _answers(answers[kind])
        if kind == "objections":
            lines += _cards(summary.get("objection_cards") or [])
        blocks.append(Block(heading, tuple(lines or [(Span("Nothing recorded.", "muted"),)])))
    if answers["other"]:
        blocks.append(Block("Other answers", tuple(_answers(answers["other"]))))
    if summary["notes"]:
        notes: list[Line] = []
        for note in summary["notes"]:
            first, *rest = _text_lines(note["text"])
            notes.append((Span("• "), *first))
            notes += [(Span("  "), *more) for more in rest]
        blocks.append(Block("Notes", tuple(notes)))
    blocks.append(Block("Next step", tuple(_next_step(summary.get("next_step")))))
    return blocks


def plain_text(blocks: list[Block]) -> str:
    """The view as plain text, e.g. for a terminal without colour or for a test to read."""
    out: list[str] = []
    for block in blocks:
        if block.title:
            out.append(block.title)
        out += ["".join(span.text for span in spans) for spans in block.lines]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
