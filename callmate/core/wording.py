"""Wording shared by the file checkers: suggestions for typos, short listings, plain type names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any


def suggest(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f": did you mean '{close[0]}'?" if close else ""


def listing(options: Iterable[str]) -> str:
    items = list(options)
    shown = ", ".join(items[:15])
    return shown + (f" (and {len(items) - 15} more)" if len(items) > 15 else "")


def kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"the text {str(value)[:40]!r}"
