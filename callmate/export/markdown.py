"""`callmate show --format md`: a call summary a rep can paste into a CRM note.

Everything the rep or prospect said is shown exactly as typed: characters that Markdown would
turn into formatting, links or HTML are backslash-escaped, and nothing else is touched, so
`{x}` or `[bold]` read the same in the rendered note as in the call.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from callmate.export.call_view import Block, Line, Shape, call_view

# `[` and `<` alone open links, images, footnotes and HTML, so `]` and `>` can stay as typed.
_INLINE = re.compile(r"([\\`*\[<|~])")
_UNDERSCORES = re.compile(r"_+")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_BLOCK_MARK = re.compile(r"^([#>+=-]|\d{1,9}(?=[.)]))")


def _underscores(match: re.Match[str]) -> str:
    """Underscores inside a word (snake_case) never make emphasis; any others might."""
    text, start, end = match.string, match.start(), match.end()
    inside = start > 0 and end < len(text) and text[start - 1].isalnum() and text[end].isalnum()
    return match.group() if inside else "\\_" * (end - start)


def _inline(text: str) -> str:
    """Text escaped so no character in it makes emphasis, a link, code or HTML."""
    return _ENTITY.sub(r"\\&", _UNDERSCORES.sub(_underscores, _INLINE.sub(r"\\\1", text)))


def _line_start(line: str) -> str:
    """An escaped line that must not open a heading, quote or list where it starts."""
    match = _BLOCK_MARK.match(line)
    if match is None:
        return line
    mark = match.group(1)
    if mark.isdigit():  # "1." or "1)" would start a numbered list
        return f"{mark}\\{line[len(mark) :]}"
    return "\\" + line


def md_line(line: str) -> str:
    """One line of user text, escaped so it renders literally."""
    return _line_start(_inline(line.strip()))


def md_text(text: str) -> str:
    """User text, possibly several lines, as one Markdown paragraph with hard line breaks."""
    lines = [md_line(line) for line in str(text).splitlines() if line.strip()]
    return "\\\n".join(lines) if lines else ""


#: What starts each shape of line in Markdown (a SUBHEAD is bold, on its own; a SUB item under
#: a subheading, not under an item, is a list item of its own).
MD_LEAD = {
    Shape.TEXT: "",
    Shape.ITEM: "- ",
    Shape.SUB: "  - ",
    Shape.ARROW: "  → ",
    Shape.FIELD: "- ",
}


def _text(line: Line, more: list[Line]) -> str:
    """A line's text escaped, with the lines that continue it (a pasted answer, a note) kept as
    hard line breaks; a strong span (a date, a subheading) in bold."""
    if any(span.style == "strong" for span in line.spans):
        return "".join(
            f"**{md_line(span.text)}**" if span.style == "strong" else _inline(span.text)
            for span in line.spans
        ).strip()
    return md_text("\n".join([line.text, *(m.text for m in more)]))


def _groups(lines: tuple[Line, ...]) -> list[tuple[Line, list[Line]]]:
    """Each line with the MORE lines that continue it."""
    groups: list[tuple[Line, list[Line]]] = []
    for line in lines:
        if line.shape is Shape.MORE and groups:
            groups[-1][1].append(line)
        else:
            groups.append((line, []))
    return groups


def _block(block: Block) -> list[str]:
    out = [f"## {block.title}", ""]
    after_text = under_item = False
    for line, more in _groups(block.lines):
        if line.shape is Shape.SUBHEAD:
            if out[-1]:
                out.append("")
            out += [_text(line, more), ""]
        else:
            if after_text and line.shape is not Shape.TEXT:
                out.append("")  # a list starts after a blank line, not inside the paragraph
            lead = "- " if line.shape is Shape.SUB and not under_item else MD_LEAD[line.shape]
            out.append(lead + _text(line, more))
        after_text = line.shape is Shape.TEXT
        under_item = line.shape is Shape.ITEM or (under_item and line.shape is not Shape.SUBHEAD)
    return out


def _heading(block: Block) -> list[str]:
    who, *facts = block.lines
    out = [f"# {_inline(who.text.strip())}"]
    for line in facts:
        out += ["", _text(line, [])]
    return out


def render_markdown(summary: Mapping[str, Any]) -> str:
    """The summary from build_summary() as Markdown: the blocks of call_view(), laid out."""
    heading, *blocks = call_view(summary)
    out = _heading(heading)
    for block in blocks:
        out += ["", *_block(block)]
    text = "\n".join(out)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.rstrip() + "\n"
