"""`callmate show --format md`: a call summary a rep can paste into a CRM note.

Everything the rep or prospect said is shown exactly as typed: characters that Markdown would
turn into formatting, links or HTML are backslash-escaped, and nothing else is touched, so
`{x}` or `[bold]` read the same in the rendered note as in the call.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from callmate.core.call_record import parse_stamp
from callmate.core.judgement import step_kind_words
from callmate.core.playbook import PownTag
from callmate.export.when import short_stamp

# `[` and `<` alone open links, images, footnotes and HTML, so `]` and `>` can stay as typed.
_INLINE = re.compile(r"([\\`*\[<|~])")
_UNDERSCORES = re.compile(r"_+")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_BLOCK_MARK = re.compile(r"^([#>+=-]|\d{1,9}(?=[.)]))")

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


def _underscores(match: re.Match[str]) -> str:
    """Underscores inside a word (snake_case) never make emphasis; any others might."""
    text, start, end = match.string, match.start(), match.end()
    inside = start > 0 and end < len(text) and text[start - 1].isalnum() and text[end].isalnum()
    return match.group() if inside else "\\_" * (end - start)


def md_line(line: str) -> str:
    """One line of user text, escaped so it renders literally."""
    line = _INLINE.sub(r"\\\1", line.strip())
    line = _ENTITY.sub(r"\\&", _UNDERSCORES.sub(_underscores, line))
    match = _BLOCK_MARK.match(line)
    if match is None:
        return line
    mark = match.group(1)
    if mark.isdigit():  # "1." or "1)" would start a numbered list
        return f"{mark}\\{line[len(mark) :]}"
    return "\\" + line


def md_text(text: str) -> str:
    """User text, possibly several lines, as one Markdown paragraph with hard line breaks."""
    lines = [md_line(line) for line in str(text).splitlines() if line.strip()]
    return "\\\n".join(lines) if lines else ""


def _stamp(value: object) -> str:
    stamp = parse_stamp(value)
    return short_stamp(stamp) if stamp is not None else str(value or "")


def _heading(summary: Mapping[str, Any]) -> list[str]:
    who = md_text(str(summary.get("prospect") or ""))
    company = md_text(str(summary.get("company") or ""))
    playbook = summary["playbook"]
    title = md_text(str(playbook.get("title") or playbook.get("name") or "unknown playbook"))
    facts = [_stamp(summary.get("started")), title, str(summary.get("status") or "")]
    if summary.get("mode") == "practice":
        facts.append("practice")
    lines = [f"# Call with {who}" + (f", {company}" if company else ""), "", " · ".join(facts)]
    if not playbook.get("loaded"):
        lines += ["", "(The playbook file could not be loaded: headings come from question ids.)"]
    return lines


def _answer_lines(answers: list[Mapping[str, Any]]) -> list[str]:
    lines: list[str] = []
    for answer in answers:
        lines.append(f"- {md_text(answer['label'])}")
        value = answer["value"]
        if isinstance(value, list):
            lines += [f"  - {md_text(str(item))}" for item in value]
        else:
            lines.append(f"  → {md_text(answer['text'])}")
    return lines


def _cards(cards: list[Mapping[str, Any]]) -> list[str]:
    return [
        f"- Raised: {md_text(str(card['title']))} "
        f"({'worked through' if card['resolved'] else 'still open'})"
        for card in cards
    ]


def _powns(summary: Mapping[str, Any]) -> list[str]:
    lines = ["## Problems, opportunities, wants and needs", ""]
    if not summary["powns"]:
        lines.append("Nothing recorded.")
    for tag, heading in POWN_HEADINGS.items():
        items = [i for i in summary["powns"] if i["tag"] == tag]
        if items:
            lines += [f"**{heading}**", ""]
            for item in items:
                star = "★ " if item["hot"] else ""
                hot = " (hot button)" if item["hot"] else ""
                lines.append(f"- {star}{md_text(item['text'])}{hot}")
            lines.append("")
    details = summary["answers"]["powns"]
    if details:
        lines += ["**In their words**", "", *_answer_lines(details)]
    return lines


def _next_step(step: Mapping[str, Any] | None) -> list[str]:
    lines = ["## Next step", ""]
    if not step:
        return [*lines, "None agreed."]
    lines.append(f"**{_stamp(step.get('due'))}**: {md_text(str(step.get('what') or ''))}")
    lines.append("")
    lines.append(f"- Kind: {md_text(step_kind_words(step))}")
    for key, name in (
        ("their_commitment", "Their commitment"),
        ("our_commitment", "Our commitment"),
        ("channel", "Channel"),
    ):
        if step.get(key):
            lines.append(f"- {name}: {md_text(str(step[key]))}")
    outcome = step.get("outcome")
    if outcome:
        lines.append(f"- Outcome: {outcome} ({_stamp(step.get('outcome_at'))})")
    for old in step.get("history", []):  # left out of the JSON while empty
        lines.append(f"- Earlier date: {_stamp(old['due'])}")
    return lines


def render_markdown(summary: Mapping[str, Any]) -> str:
    """The summary from build_summary() as Markdown."""
    out = _heading(summary)
    if summary.get("objective"):
        out += ["", "## Objective", "", md_text(summary["objective"])]
    answers = summary["answers"]
    if answers["agenda"]:
        out += ["", "## Agenda", "", *_answer_lines(answers["agenda"])]
    out += ["", *_powns(summary)]
    for kind, heading in ANSWER_HEADINGS:
        out += ["", f"## {heading}", ""]
        lines = _answer_lines(answers[kind])
        if kind == "objections":
            lines += _cards(summary.get("objection_cards") or [])
        out += lines or ["Nothing recorded."]
    if answers["other"]:
        out += ["", "## Other answers", "", *_answer_lines(answers["other"])]
    if summary["notes"]:
        out += ["", "## Notes", "", *[f"- {md_text(n['text'])}" for n in summary["notes"]]]
    out += ["", *_next_step(summary.get("next_step"))]
    text = "\n".join(out)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.rstrip() + "\n"
