"""Trainer templates: `{name}` filled with earlier answers, by plain name substitution only.

`str.format` would let a template reach any attribute of its arguments (`{x.__class__}`) or allocate
without bound (`{0:>100000000}`), so templates are parsed here into literal text and names, and
anything else inside braces is refused when the playbook loads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from callmate.core.immutable import immutable

NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|\{|\}")


@immutable
class TemplateError:
    """A problem in a template, with the character offset where it starts."""

    offset: int
    message: str


def template_names(template: str) -> tuple[list[str], list[TemplateError]]:
    """The names a template uses, and what is wrong with it (empty when it is fine)."""
    names: list[str] = []
    errors: list[TemplateError] = []
    for match in _TOKEN.finditer(template):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        inner = match.group(1)
        if inner is None:
            errors.append(
                TemplateError(
                    match.start(),
                    f"unmatched '{token}' in text; write '{token * 2}' for a literal brace",
                )
            )
        elif NAME.match(inner):
            names.append(inner)
        else:
            errors.append(
                TemplateError(
                    match.start(),
                    f"'{{{inner[:40]}}}' is not a plain name: templates take only names like "
                    "{problems} (lowercase letters, digits and _), no dots, brackets, "
                    "numbers or format specs",
                )
            )
    return names, errors


#: Template names filled from the previous call start with this; the rep cannot fill them
#: during the call, so a prompt that quotes a missing one needs other words.
LAST_CALL_PREFIX = "last_"


def missing_from_last_call(template: str, values: Mapping[str, str]) -> bool:
    """Whether `template` quotes something from the previous call that has no value."""
    names, _ = template_names(template)
    return any(n.startswith(LAST_CALL_PREFIX) and not values.get(n) for n in names)


def placeholder(words: str) -> str:
    """What stands in for an answer not captured yet (`words` name it as a rep would): visible,
    so the rep notices the gap."""
    return f"‹{words}: not captured yet›"


#: Names filled with a person's or a company's name: inserted exactly as typed.
AS_TYPED = frozenset({"prospect", "company"})
#: Capitalised words that stay capitalised anywhere in a sentence.
_CAPITAL_WORDS = (
    "i'm i've i'd i'll monday tuesday wednesday thursday friday saturday sunday january "
    "february march april may june july august september october november december"
)
_ALWAYS_CAPITAL = frozenset(_CAPITAL_WORDS.split())
_CAPITALISED = re.compile(r"[A-Z][a-z'’-]+\Z")
_SENTENCE_END = re.compile(r"(?:\A|[.!?]|[\"'“‘«(])\s*\Z")


def in_sentence(value: str, before: str) -> str:
    """An answer as it reads inside a sentence: "is costing you About 40k a year" becomes
    "... about 40k a year".

    The rule, kept simple so it never harms a name: the first letter is lower-cased only when
    the text before it does not end a sentence (nor open a quote or bracket), the answer has at
    least two words, its first word is capitalised (one capital, then small letters: not an
    acronym like CRM, not "I", a weekday or a month), and none of its other words starts with
    a capital (so "Dr Alvarez" and German nouns stay as typed). A one-word answer stays as
    typed: "Sue" cannot be told from "Slow" by its spelling.
    """
    words = value.split()
    if len(words) < 2 or _SENTENCE_END.search(before):
        return value
    first = words[0]
    if not _CAPITALISED.match(first) or first.casefold().rstrip(",.;:") in _ALWAYS_CAPITAL:
        return value
    if any(w[:1].isupper() for w in words[1:]):
        return value
    return value[:1].lower() + value[1:]


def render(
    template: str,
    values: Mapping[str, str],
    gap: Callable[[str], str] = placeholder,
    as_typed: frozenset[str] = AS_TYPED,
) -> str:
    """Fill a template that passed `template_names` without errors; `gap(name)` stands in for
    a name without a value.

    Values are inserted as typed (an answer's first capital mid-sentence aside, see
    `in_sentence`; names in `as_typed` exactly) and never re-read as templates or markup.
    """

    def fill(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        inner = match.group(1)
        if inner is None or not NAME.match(inner):
            return token
        value = values.get(inner)
        if not value:
            return gap(inner)
        if inner in as_typed:
            return value
        return in_sentence(value, template[: match.start()])

    return _TOKEN.sub(fill, template)
