"""A number with its noun in the right form ("1 call", "2 calls"), said the same way everywhere.

Messages used to write "call(s)" or each their own ``'s' if n != 1`` test; a rep reads
"1 call(s) were missing" as careless. English only, like the rest of callmate's own words.
"""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` and ``noun``, the noun plural unless the number is one ("0 calls", "1 call")."""
    if number == 1:
        return f"{number} {noun}"
    return f"{number} {plural if plural is not None else noun + 's'}"


def were(number: int) -> str:
    """The verb that goes with ``number`` things: "was" for one, "were" for any other."""
    return "was" if number == 1 else "were"
