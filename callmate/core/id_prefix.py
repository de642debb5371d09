"""Call ids typed short, as git takes commit ids: any start of an id that only one id has.

Ids are long (`20261123-161652-a1b2c3`) and reps copy them from `callmate history`; the commands
that take one id (`show`, `score`, `export`, `followups mark`) all resolve it here.
"""

from __future__ import annotations

from collections.abc import Iterable

from callmate.core.wording import listing


class AmbiguousId(LookupError):
    """More than one id starts with what was typed; the message lists them."""


def resolve_prefix(given: str, ids: Iterable[str], what: str = "call") -> str:
    """The one id equal to or starting with `given`; `given` itself when none does (so the
    caller's own "not found" applies). AmbiguousId when several do."""
    known = sorted({i for i in ids if isinstance(i, str)})
    if given in known:
        return given
    matches = [i for i in known if i.startswith(given)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise AmbiguousId(
            f"'{given}' is the start of {len(matches)} {what} ids: {listing(matches)}; type more "
            "of the id"
        )
    return given
