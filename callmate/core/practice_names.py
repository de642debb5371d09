"""How a practice call names its prospect when nobody gave a name.

`callmate practice --partner` without `--prospect` has no name to greet: the colleague could be
anyone, and "Thanks for making the time, Practice partner." is not something a rep would say
aloud. The record keeps the label (history lists need one), but prompts drop the name where the
trainer used it to address the prospect ("..., {prospect}." or "{prospect}, ..."), exactly as a
rep would when they do not know it; anywhere else it reads "you". A colleague given no company
works at "your company". With a persona (scripted, or briefed to the colleague) the prospect has
the persona's name and company, and nothing changes.
"""

from __future__ import annotations

import re

from callmate.core.call_record import CallRecord

#: The persona tag of a practice where a colleague plays the prospect.
PARTNER = "partner"
#: The label such a practice is listed under when no name was given.
PARTNER_PROSPECT = "Practice partner"

#: `{prospect}`, but not the literal `{{prospect}}` a trainer escaped.
_NAME = r"(?<!\{)\{prospect\}(?!\})"
#: "..., {prospect}." / "Hi {prospect}!" / "... {prospect}" at the end: the address goes.
_AT_END = re.compile(rf",?[ \t]*{_NAME}(?=[ \t]*(?:[.!?;:)]|$))", re.MULTILINE)
#: "Thanks, {prospect}, for ..." : the name and its commas go.
_BETWEEN_COMMAS = re.compile(rf",[ \t]*{_NAME}[ \t]*,")
#: "{prospect}, I'm ..." at the start of a sentence: the name goes, the next word is capitalised.
_AT_START = re.compile(rf"(^|[.!?][ \t]+|\n[ \t]*){_NAME}[ \t]*,[ \t]*(\w?)", re.MULTILINE)
#: "Hi {prospect}, how ..." : "Hi, how ...".
_AFTER_WORD = re.compile(rf"(\w)[ \t]+{_NAME}[ \t]*,")


def unnamed_partner(record: CallRecord) -> bool:
    """True for a practice with a colleague whose prospect was given no name."""
    return (
        record.mode == "practice"
        and record.persona == PARTNER
        and record.prospect == PARTNER_PROSPECT
    )


def no_company(record: CallRecord) -> bool:
    """True for a practice with a colleague given no company (`--company` left out)."""
    return record.mode == "practice" and record.persona == PARTNER and not record.company.strip()


def without_company(template: str) -> str:
    """`{company}` read as "your company" (not a "not captured yet" gap the rep cannot fill)."""
    return re.sub(r"(?<!\{)\{company\}(?!\})", lambda _: "your company", template)


def neutral(template: str, record: CallRecord) -> str:
    """The template as it should read for this practice's unnamed colleague, if that is one."""
    if unnamed_partner(record):
        template = without_name(template)
    if no_company(record):
        template = without_company(template)
    return template


def without_name(template: str) -> str:
    """The trainer's template with `{prospect}` dropped where it addresses them, else "you"."""
    text = _BETWEEN_COMMAS.sub("", template)
    text = _AT_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)
    text = _AFTER_WORD.sub(r"\1,", text)
    text = _AT_END.sub("", text)
    return re.sub(_NAME, lambda _: "you", text)
