"""Call ids typed short, as git takes commit ids: any start of an id that only one id has.

Ids are long (`20261123-161652-a1b2c3`) and reps copy them from `callmate history`; the commands
that take one id (`show`, `score`, `export`, `followups mark`) all resolve it here.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from callmate.core.wording import listing


class AmbiguousId(LookupError):
    """More than one id starts with what was typed; the message lists them."""


def resolve_prefix(
    given: str, ids: Iterable[str], what: str = "call", set_aside: AbstractSet[str] = frozenset()
) -> str:
    """The one id equal to or starting with `given`; `given` itself when none does (so the
    caller's own "not found" applies). AmbiguousId when several do.

    Ids in `set_aside` (discarded calls) give way: a start shared by one kept call and
    discarded ones means the kept call, and a list of several marks the discarded ones."""
    known = sorted({i for i in ids if isinstance(i, str)})
    if given in known:
        return given
    matches = [i for i in known if i.startswith(given)]
    if len(matches) == 1:
        return matches[0]
    kept = [i for i in matches if i not in set_aside]
    if len(kept) == 1:
        return kept[0]
    if matches:
        named = [f"{i} (discarded)" if i in set_aside else i for i in matches]
        raise AmbiguousId(
            f"'{given}' is the start of {len(matches)} {what} ids: {listing(named)}; type more "
            "of the id"
        )
    return given


def passed_over(given: str, found: str, set_aside: AbstractSet[str]) -> list[str]:
    """The discarded ids that also start with `given` when `found` was chosen over them."""
    if given == found:
        return []
    return sorted(i for i in set_aside if i.startswith(given) and i != found)
