"""Located problems in a trainer's file, printed as compilers do so editors can jump there."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

#: Characters a terminal acts on or hides rather than shows: C0 and C1 controls (tab and
#: newline are text), direction marks, overrides and isolates, line and paragraph separators,
#: and lone surrogates. A message quoting the trainer's text shows them as `<U+202E>`, never raw.
_UNSHOWN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
    "\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def visible(text: str) -> str:
    """``text`` with every control or direction character written as `<U+XXXX>`.

    A message that quotes a title holding U+202E would otherwise reverse the rest of its own
    line on the trainer's terminal, and one quoting an ESC would send it a command; written
    out, the trainer sees where the character is. Every located message passes through here
    once (Problem and SourceError), so no message needs to remember it."""
    return _UNSHOWN.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


@dataclass(frozen=True, order=True)
class Problem:
    """One finding in a file, at file:line:col, as editors and `validate` print it."""

    file: str
    line: int
    col: int
    severity: Severity
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", visible(self.message))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message}"


class PlaybookError(Exception):
    """A file could not be used: every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
