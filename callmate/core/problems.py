"""Located problems in a trainer's file, printed as compilers do so editors can jump there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from callmate.core.written_out import written_out

Severity = Literal["error", "warning"]


def visible(text: str) -> str:
    """``text`` with every control or direction character written as `<U+XXXX>`.

    A message that quotes a title holding U+202E would otherwise reverse the rest of its own
    line on the trainer's terminal, and one quoting an ESC would send it a command; written
    out, the trainer sees where the character is. Every located message passes through here
    once (Problem and SourceError), so no message needs to remember it."""
    return written_out(text, keep_lines=True)


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
