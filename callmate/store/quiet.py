"""index/quiet.json: one small entry per prospect who went quiet, so no list reads the history.

Who went silent depends on a prospect's calls since their last real conversation. Working that
out from every stored summary cost seconds at 100,000 calls, on every home screen and every
`callmate followups`. The index therefore keeps, for each prospect with at least one unanswered
call since their last conversation, what their calls alone say (a CallSilence: the attempts,
when that conversation was, who they are). Readers add the attempts kept outside the call files
and the open step (from open.json), which change without a call being saved.

Like every index file it is derived data: a transaction that changes a live call's summary
works the prospect's entry out again from that prospect's summaries (a few month files), and a
rebuild works every entry out from scratch. The rules themselves live in callmate.core.silence,
so the index and a full scan cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from callmate.store.atomic import DamagedData
from callmate.store.layout import newest_first

if TYPE_CHECKING:
    from callmate.core.silence import CallSilence

QUIET_TABLE = "quiet"
QUIET_KEY = "key"

Doc = dict[str, Any]


def counts(entry: Mapping[str, Any]) -> bool:
    """True if this summary plays a part in its prospect's silence (a live call with a key)."""
    from callmate.core.silence import counts_for_silence

    return counts_for_silence(entry)


def may_start_silence(entry: Mapping[str, Any]) -> bool:
    """True if this call alone holds an unanswered attempt (it may make a prospect quiet)."""
    from callmate.core.silence import attempts_since_conversation

    return bool(attempts_since_conversation([entry])[0])


def quiet_doc(key: str, group: Iterable[Mapping[str, Any]]) -> Doc | None:
    """The entry for prospect ``key`` from their summaries, or None if they are not quiet."""
    from callmate.core.silence import call_silence, counts_for_silence

    live = [dict(s) for s in group if s.get("prospect_key") == key and counts_for_silence(s)]
    if not live:
        return None
    found = call_silence(key, newest_first(live))
    return found.to_json() if found.attempts else None


def quiet_of_entries(entries: Iterable[Mapping[str, Any]]) -> dict[str, Doc]:
    """Every quiet prospect's entry, by key, from all the summaries (a rebuild)."""
    from callmate.core.silence import live_by_prospect

    found: dict[str, Doc] = {}
    for key, group in live_by_prospect(entries).items():
        doc = quiet_doc(key, group)
        if doc is not None:
            found[key] = doc
    return found


def check_quiet(docs: Mapping[str, Doc], raw: bytes = b"") -> dict[str, CallSilence]:
    """Each entry read back as callmate wrote it; DamagedData if one cannot be."""
    from callmate.core.silence import CallSilence

    found: dict[str, CallSilence] = {}
    for key, doc in docs.items():
        silence = CallSilence.from_json(doc)
        if silence is None:
            raise DamagedData(f"the quiet prospect {key!r} cannot be read", raw)
        # By the key as read: a key with control characters is cleaned like every summary's.
        found[silence.key] = silence
    return found


def silences_of_entries(entries: Iterable[Mapping[str, Any]]) -> dict[str, CallSilence]:
    """What read_quiet gives for an index holding ``entries`` (an index kept in memory)."""
    return check_quiet(quiet_of_entries(entries))
