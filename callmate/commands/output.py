"""Plain output for the command line: errors on stderr, never a traceback."""

from __future__ import annotations

import json
import sys
from typing import Any

from callmate.core.clean import clean

OK = 0
BAD_INPUT = 1
USAGE = 2


def printable(text: object) -> str:
    """Stored text made safe for a terminal: no escape sequences reach the rep's screen."""
    return clean(str(text))


def fail(message: str) -> int:
    print(f"callmate: error: {printable(message)}", file=sys.stderr)
    return BAD_INPUT


def warn(message: str) -> None:
    print(f"callmate: warning: {printable(message)}", file=sys.stderr)


def print_json(data: Any) -> None:
    """One write: json.dump writes every token on its own, which cost seconds for big lists."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
