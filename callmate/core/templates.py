"""Trainer templates: `{name}` filled with earlier answers, by plain name substitution only.

`str.format` would let a template reach any attribute of its arguments (`{x.__class__}`) or allocate
without bound (`{0:>100000000}`), so templates are parsed here into literal text and names, and
anything else inside braces is refused when the playbook loads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|\{|\}")


@dataclass(frozen=True)
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


def render(
    template: str, values: Mapping[str, str], gap: Callable[[str], str] = placeholder
) -> str:
    """Fill a template that passed `template_names` without errors; `gap(name)` stands in for
    a name without a value.

    Values are inserted verbatim and never re-read as templates or markup.
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
        return value if value else gap(inner)

    return _TOKEN.sub(fill, template)
