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

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from callmate.core.call_record import ONE_LINE_KEYS, YEARS
from callmate.core.clean import clean_value
from callmate.store.atomic import AtomicJSONStorage, DamagedData
from callmate.store.layout import newest_first
from callmate.store.tables import maybe_unsafe

if TYPE_CHECKING:
    from callmate.core.silence import CallSilence

QUIET_TABLE = "quiet"
QUIET_KEY = "key"

Doc = dict[str, Any]
Made = TypeVar("Made")
#: What a reader makes of one checked entry: (key, doc, since, the attempts' times, in the
#: order stored). QuietEntry is what most readers want; `callmate followups --json` makes its
#: row straight away (see nurture.quiet_rows_of).
Make = Callable[[str, Mapping[str, Any], "datetime | None", "tuple[datetime, ...]"], Made]


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


class QuietEntry:
    """One quiet prospect's index entry, checked but not yet turned into a CallSilence.

    At 100,000 calls about 10,000 prospects are quiet, and making a CallSilence and its Attempts
    for each cost more than reading the file: the lists need only the order (how many attempts,
    and when the last was: ``stamps``) for all of them, and the full objects for the few they
    show (`callmate followups --json` builds its rows from ``doc`` and ``stamps``).
    """

    __slots__ = ("doc", "key", "last_utc", "since", "stamps")

    def __init__(
        self,
        key: str,
        doc: Mapping[str, Any],
        since: datetime | None,
        stamps: tuple[datetime, ...],
    ) -> None:
        self.key = key
        self.doc = doc
        self.since = since
        #: The attempts' times, in the order stored (the order of doc["attempts"]).
        self.stamps = stamps
        #: The last attempt's time in UTC, what the lists sort by: two times read with another
        #: offset than +00:00 each carry their own tzinfo, and comparing them costs thirty times
        #: more (sorting 10,000 quiet prospects took a third of a second for a rep east or west
        #: of London). The same moment, so the same order.
        self.last_utc = stamps[-1].astimezone(UTC)

    def attempts(self) -> list[tuple[datetime, str, str]]:
        """(when, how, call id) of each attempt, oldest first."""
        stored = self.doc["attempts"]
        return [(at, how, call) for at, (_text, how, call) in zip(self.stamps, stored, strict=True)]

    def silence(self) -> CallSilence:
        """What CallSilence.from_json(doc) gives (the checks were made in entry_of)."""
        from callmate.core.silence import Attempt, CallSilence

        doc = self.doc
        return CallSilence(
            self.key,
            doc["prospect"],
            doc["company"],
            self.since,
            doc.get("last_conversation"),
            tuple(Attempt(at, how, call) for at, how, call in self.attempts()),
        )


def entry_of(doc: Mapping[str, Any], make: Make[Made]) -> Made | None:
    """``make`` of the entry if callmate could have written ``doc`` (CallSilence.from_json's
    rules), else None. Written out in one function: it runs for every quiet prospect on every
    list read."""
    try:
        key, prospect, company = doc["key"], doc["prospect"], doc["company"]
        raw_attempts = doc["attempts"]
    except KeyError:
        return None
    last, raw_since = doc.get("last_conversation"), doc.get("since")
    if (
        type(key) is not str
        or type(prospect) is not str
        or type(company) is not str
        or (last is not None and type(last) is not str)
        or type(raw_attempts) is not list
        or not raw_attempts
    ):
        return None
    since = None
    stamps: list[datetime] = []
    try:
        # The rules of call_record.parse_stamp: a string of at most 64 characters that
        # datetime.fromisoformat reads, with a UTC offset.
        if raw_since is not None:
            if type(raw_since) is not str or len(raw_since) > 64:
                return None
            since = datetime.fromisoformat(raw_since)
            if since.utcoffset() is None or since.year not in YEARS:
                return None
        for item in raw_attempts:
            if type(item) is not list or len(item) != 3:
                return None
            at, how, call = item
            if type(at) is not str or type(how) is not str or type(call) is not str:
                return None
            if len(at) > 64:
                return None
            stamp = datetime.fromisoformat(at)
            if stamp.utcoffset() is None or stamp.year not in YEARS:
                return None
            stamps.append(stamp)
    except ValueError:
        return None
    return make(key, doc, since, tuple(stamps))


class QuietIndex(Mapping[str, "CallSilence"]):
    """quiet.json read back: prospect key -> CallSilence, each made when first asked for.

    ``entries`` gives the checked entries themselves, for lists of thousands.
    """

    def __init__(self, entries: dict[str, QuietEntry]) -> None:
        self.entries = entries
        self._made: dict[str, CallSilence] = {}

    def __getitem__(self, key: str) -> CallSilence:
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self.entries[key].silence()
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, key: object) -> bool:
        return key in self.entries


def check_quiet(docs: Mapping[str, Doc], raw: bytes = b"") -> QuietIndex:
    """Each entry checked as callmate wrote it; DamagedData if one cannot be."""
    return QuietIndex(check_quiet_made(docs, QuietEntry, raw))


def check_quiet_made(
    docs: Mapping[str, Doc], make: Make[Made], raw: bytes = b""
) -> dict[str, Made]:
    """check_quiet, each entry given to ``make``."""
    found: dict[str, Made] = {}
    for key, doc in docs.items():
        entry = entry_of(doc, make)
        if entry is None:
            raise DamagedData(f"the quiet prospect {key!r} cannot be read", raw)
        # By the key as read: a key with control characters is cleaned like every summary's.
        found[doc["key"]] = entry
    return found


def read_quiet_file(path: Path) -> QuietIndex | None:
    """quiet.json checked entry by entry; None if missing, DamagedData if it cannot be trusted."""
    found = read_quiet_made(path, QuietEntry)
    return None if found is None else QuietIndex(found)


def read_quiet_made(path: Path, make: Make[Made]) -> dict[str, Made] | None:
    """read_quiet_file, each checked entry given to ``make`` (by key, in the file's order).

    tables.read_table and check_quiet in one pass over the entries (they are the same rules:
    the table must be there, a document without a key is left out, the first of a key wins,
    text is cleaned when the file holds anything to clean), as this file is read by every list.
    """
    storage = AtomicJSONStorage(path)
    data = storage.read()
    if data is None:
        return None
    raw = storage.last_raw
    if QUIET_TABLE not in data:
        raise DamagedData(f'it has no "{QUIET_TABLE}" table', raw)
    suspicious = maybe_unsafe(raw)
    found: dict[str, Made] = {}
    for doc in data[QUIET_TABLE].values():
        key = doc.get(QUIET_KEY)
        if type(key) is not str:
            continue
        if suspicious:
            doc = clean_value(doc, False, ONE_LINE_KEYS)
            key = doc[QUIET_KEY]
        entry = entry_of(doc, make)
        if entry is None:
            raise DamagedData(f"the quiet prospect {key!r} cannot be read", raw)
        found.setdefault(key, entry)
    return found


def silences_of_entries(entries: Iterable[Mapping[str, Any]]) -> QuietIndex:
    """What read_quiet gives for an index holding ``entries`` (an index kept in memory)."""
    return QuietIndex(silences_made(entries, QuietEntry))


def silences_made(entries: Iterable[Mapping[str, Any]], make: Make[Made]) -> dict[str, Made]:
    """What read_quiet_made gives for an index holding ``entries`` (an index kept in memory)."""
    return check_quiet_made(quiet_of_entries(entries), make)
