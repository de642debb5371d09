"""Text a trainer wrote as if it were Rich markup (`[bold red]What[/]`).

callmate shows every playbook and persona text as written, brackets included (markup from a
file could otherwise restyle or hide the rep's screen), so a trainer who styled a prompt would
find the tags on the rep's screen. `validate` warns at the tag. Only tags Rich itself would
read as a style count: a closing tag (`[/]`, `[/bold]`), a link or click tag, or a tag whose
words are a style (`[bold red]`, `[on blue]`); a single-letter style (`[s]`, `[i]`) only when
the text also closes a tag, so "customer[s]" or "[see notes]" is left alone.
"""

from __future__ import annotations

import re

#: What Rich's markup parser takes for a tag: `[` then a lower-case letter, `#`, `/` or `@`.
_TAG = re.compile(r"\[(/?)([a-z#@][^\[\]\n]*)?\]")


def markup_tag(text: str) -> str | None:
    """The first tag in ``text`` that Rich would read as style markup, as written; else None."""
    if "[" not in text:
        return None
    tags = [m for m in _TAG.finditer(text) if m.group(1) or m.group(2)]
    closes = any(_closing(m) for m in tags)
    for match in tags:
        body = (match.group(2) or "").strip()
        if _closing(match):
            return match.group(0)
        if match.group(1):
            continue
        if body.startswith(("link=", "@")):
            return match.group(0)
        if _is_style(body) and (closes or any(len(w) > 1 for w in body.split())):
            return match.group(0)
    return None


def _closing(match: re.Match[str]) -> bool:
    """`[/]` or `[/bold red]`: a closing tag (a path like `[/docs]` is not one)."""
    body = (match.group(2) or "").strip()
    return bool(match.group(1)) and (not body or _is_style(body))


def _is_style(words: str) -> bool:
    """Whether ``words`` read as a Rich style: attributes (`bold`, `not italic`), colours
    (`red`, `bright_cyan`, `#ff8800`, `rgb(1,2,3)`, `color(42)`) and `on COLOUR`. Written out
    here, since the core imports no UI library; close enough to tell `[bold red]` from words."""
    parts = words.split()
    i = 0
    while i < len(parts):
        word = parts[i]
        if word in ("not", "on"):
            if i + 1 == len(parts):
                return False
            following = parts[i + 1]
            if not (following in _ATTRIBUTES if word == "not" else _COLOUR.match(following)):
                return False
            i += 2
            continue
        if word not in _ATTRIBUTES and not _COLOUR.match(word):
            return False
        i += 1
    return bool(parts)


#: Rich's style attributes, with their one- and two-letter abbreviations.
_ATTRIBUTES = frozenset(
    [
        "bold",
        "b",
        "dim",
        "d",
        "italic",
        "i",
        "underline",
        "u",
        "underline2",
        "uu",
        "strike",
        "s",
        "blink",
        "blink2",
        "reverse",
        "r",
        "conceal",
        "c",
        "frame",
        "encircle",
        "overline",
        "o",
    ]
)
#: A colour as Rich names one: hex, rgb(), color(), `default`, or a named colour (the basic
#: sixteen and the common names of the 256-colour palette, with prefixes such as `bright_`,
#: `dark_`, `light_` and a trailing number, as in `dark_orange3`).
_COLOUR = re.compile(
    r"(?:#[0-9a-f]{6}|#[0-9a-f]{3}|rgb\(\d{1,3},\d{1,3},\d{1,3}\)|color\(\d{1,3}\)|default"
    r"|(?:[a-z]+_)*(?:black|red|green|yellow|blue|magenta|cyan|white|grey|gray|orange|purple"
    r"|pink|violet|gold|turquoise|aquamarine|khaki|salmon|orchid|plum|tan|wheat|thistle"
    r"|chartreuse|navy_blue|olive|teal|silver|lime|fuchsia|maroon|aqua|honeydew|cornsilk"
    r"|indian_red|sea_green|spring_green|steel_blue|sky_blue|slate_blue|royal_blue"
    r"|dodger_blue|cadet_blue|medium_purple|misty_rose|navajo_white|light_coral)\d*)\Z"
)
