"""Plain output for the command line: errors on stderr, never a traceback."""

from __future__ import annotations

import json
import sys
from typing import Any

OK = 0
BAD_INPUT = 1
USAGE = 2


def fail(message: str) -> int:
    print(f"callmate: error: {message}", file=sys.stderr)
    return BAD_INPUT


def warn(message: str) -> None:
    print(f"callmate: warning: {message}", file=sys.stderr)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
