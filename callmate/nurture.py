"""The nurture list, takeaway attempts and the pacing setting, kept beside the calls.

Silent prospects who should not be called again go on a nurture list: a touch interval and the
topic they cared about (their hot button), so each useful email is about their problem. The list,
the takeaway messages sent (they count as attempts) and the rep's pacing setting live in small
JSON files in the data folder, written atomically and private to the user. A prospect who answers
(a connected call after they were added) comes off the list and back into follow-ups.
"""

from __future__ import annotations

import csv
import heapq
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from operator import itemgetter
from pathlib import Path
from typing import Any

from callmate.core.brief import quiet_lines
from callmate.core.call_record import CallRecord, parse_stamp
from callmate.core.clean import clean, one_line
from callmate.core.counts import counted
from callmate.core.immutable import immutable
from callmate.core.judgement import stored_step_kind
from callmate.core.silence import (
    TAKEAWAY,
    Attempt,
    Pacing,
    Silence,
    attempt_count,
    attempts_since_conversation,
    by_most_attempts,
    is_conversation,
    open_step_of,
    retry_drop_reason,
    silent_prospects,
    what_it_lacked,
)
from callmate.gc_pause import collector_paused
from callmate.store import Store, StoreError
from callmate.store.layout import newest_first
from callmate.store.paths import ensure_private_dir, os_reason
from callmate.store.quiet import QuietEntry, QuietIndex
from callmate.store.sidefile import (
    NURTURE_FILE,
    PACING_FILE,
    SideFileProblem,
    load_side_json,
    write_side_bytes,
)

FORMAT = 1
DEFAULT_EVERY_DAYS = 30
MAX_EVERY_DAYS = 365
MAX_TOPIC_CHARS = 300
CSV_COLUMNS = ("name", "first_name", "company", "topic", "every_days", "next_touch", "added")


class NurtureError(Exception):
    """The list cannot be read or written; the message says why in the rep's words."""


@immutable
class Nurtured:
    """One prospect on the nurture list."""

    key: str
    prospect: str
    company: str
    topic: str
    every_days: int
    added: datetime
    last_touch: datetime | None = None

    def next_touch(self) -> datetime:
        return (self.last_touch or self.added) + timedelta(days=self.every_days)

    def due(self, now: datetime) -> bool:
        return self.next_touch() <= now

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "prospect": self.prospect,
            "company": self.company,
            "topic": self.topic,
            "every_days": self.every_days,
            "added": self.added.isoformat(timespec="seconds"),
            "last_touch": (
                self.last_touch.isoformat(timespec="seconds") if self.last_touch else None
            ),
            "next_touch": self.next_touch().isoformat(timespec="minutes"),
        }

    @classmethod
    def from_json(cls, data: Any) -> Nurtured | None:
        """The entry, or None if it is not one callmate wrote (entry_problem says why)."""
        if entry_problem(data) is not None:
            return None
        return cls(
            key=clean(data["key"]),
            prospect=one_line(clean(data.get("prospect") or "")),
            company=one_line(clean(data.get("company") or "")),
            topic=one_line(clean(data.get("topic") or "")),
            every_days=data["every_days"],
            added=_stamp(data["added"]),
            last_touch=parse_stamp(data.get("last_touch")),
        )


#: The keys an entry of the list may hold (next_touch is written for people, derived on read).
_ENTRY_KEYS = {"key", "prospect", "company", "topic", "every_days", "added", "last_touch"}


def entry_problem(data: Any) -> str | None:
    """What makes ``data`` not a nurture entry callmate could have written, or None."""
    if not isinstance(data, Mapping):
        return "expected an object"
    unknown = sorted(str(k) for k in data if k not in _ENTRY_KEYS | {"next_touch"})
    if unknown:
        return f"unknown key {unknown[0]!r}"
    if not isinstance(data.get("key"), str) or not data["key"].strip():
        return "key: expected the prospect key as text"
    for name in ("prospect", "company", "topic"):
        if data.get(name) is not None and not isinstance(data[name], str):
            return f"{name}: expected text"
    if not _valid_every(data.get("every_days")):
        return f"every_days: expected whole days from 1 to {MAX_EVERY_DAYS}"
    if parse_stamp(data.get("added")) is None:
        return "added: expected a date and time with its UTC offset"
    if data.get("last_touch") is not None and parse_stamp(data["last_touch"]) is None:
        return "last_touch: expected a date and time with its UTC offset, or null"
    return None


def _stamp(value: Any) -> datetime:
    found = parse_stamp(value)
    assert found is not None  # checked by entry_problem
    return found


def _valid_every(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_EVERY_DAYS


@dataclass
class NurtureFile:
    """The whole file: the list and the attempts made outside calls, by prospect key."""

    entries: list[Nurtured]
    attempts: dict[str, list[Attempt]]

    def attempt_for(self, key: str) -> list[Attempt]:
        return self.attempts.get(key, [])


def _path(folder: Path) -> Path:
    return folder / NURTURE_FILE


def read_nurture(folder: Path) -> NurtureFile:
    """The file as stored; an absent file is an empty list, a damaged one a NurtureError.

    Read as every side file is (store/sidefile.py): never through a link, never waiting on a
    FIFO, and bytes that do not decode (brackets nested a thousand deep) are damage, said in
    one line."""
    path = _path(folder)
    try:
        loaded = load_side_json(path)
    except SideFileProblem as exc:
        if exc.damaged:
            raise NurtureError(
                f"{exc}; it was left as it is: fix or move it (`callmate doctor --repair` "
                "moves it to quarantine)"
            ) from exc
        raise NurtureError(f"could not read the nurture list: {exc}") from exc
    if loaded is None:
        return NurtureFile([], {})
    data, _raw = loaded
    problem = nurture_problem(data)
    if problem is not None:
        # Never dropped quietly: the next change would write the list without them.
        raise NurtureError(
            f"{path} is damaged ({problem}); it was left as it is: fix or move it "
            "(`callmate doctor` says how)"
        )
    entries = [Nurtured.from_json(item) for item in data.get("nurture") or []]
    attempts: dict[str, list[Attempt]] = {}
    for item in data.get("attempts") or []:
        at = _stamp(item["at"])
        attempt = Attempt(at, clean(item.get("how") or "takeaway"), clean(item.get("call") or ""))
        attempts.setdefault(clean(item["key"]), []).append(attempt)
    return NurtureFile([e for e in entries if e is not None], attempts)


def nurture_problem(data: Any) -> str | None:
    """What in the decoded file callmate could not have written ("nurture[2].every_days: …"),
    or None: what read_nurture refuses, and `callmate doctor` says."""
    if not isinstance(data, Mapping):
        return "not a JSON object"
    return _file_problem(data)


def _file_problem(data: Mapping[str, Any]) -> str | None:
    unknown = sorted(str(k) for k in data if k not in ("format", "nurture", "attempts"))
    if unknown:
        return f"unknown key {unknown[0]!r}"
    if data.get("format", FORMAT) != FORMAT:
        return f"format: expected {FORMAT}"
    listed, tried = data.get("nurture") or [], data.get("attempts") or []
    if not isinstance(listed, list):
        return "nurture: expected a list"
    if not isinstance(tried, list):
        return "attempts: expected a list"
    for index, item in enumerate(listed):
        problem = entry_problem(item)
        if problem is not None:
            return f"nurture[{index}]: {problem}"
    for index, item in enumerate(tried):
        if not isinstance(item, Mapping) or not isinstance(item.get("key"), str):
            return f"attempts[{index}]: expected an object with the prospect key"
        if parse_stamp(item.get("at")) is None:
            return f"attempts[{index}].at: expected a date and time with its UTC offset"
        for name in ("how", "call"):
            if item.get(name) is not None and not isinstance(item[name], str):
                return f"attempts[{index}].{name}: expected text"
    return None


def write_nurture(folder: Path, state: NurtureFile) -> None:
    data = {
        "format": FORMAT,
        "nurture": [e.to_json() for e in state.entries],
        # To the second: a takeaway kept to the minute sorted before a voicemail left in the
        # same minute, listing the attempts out of the order they were made.
        "attempts": [
            {"key": key, **a.to_json(), "at": a.at.isoformat(timespec="seconds")}
            for key, items in state.attempts.items()
            for a in items
        ],
    }
    try:
        ensure_private_dir(folder)
        # Never through (or over) a link or a FIFO at the name: refused, said by os_reason.
        write_side_bytes(
            _path(folder), json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8")
        )
    except OSError as exc:
        raise NurtureError(f"could not write {_path(folder)} ({os_reason(exc)})") from exc


def record_attempt(folder: Path, key: str, attempt: Attempt) -> None:
    """Keep an attempt made outside a call (a takeaway message) so it counts like a missed call."""
    state = read_nurture(folder)
    state.attempts.setdefault(key, []).append(attempt)
    write_nurture(folder, state)


def answered(entry: Nurtured, summaries: Iterable[Mapping[str, Any]]) -> bool:
    """The prospect had a real conversation after going on the list."""
    for summary in summaries:
        started = parse_stamp(summary.get("started"))
        if (
            summary.get("prospect_key") == entry.key
            and started is not None
            and started > entry.added
            and is_conversation(summary)
        ):
            return True
    return False


def current_entries(state: NurtureFile, summaries: Iterable[Mapping[str, Any]]) -> list[Nurtured]:
    """The list without the prospects who answered since, soonest touch first."""
    rows = list(summaries)
    kept = [e for e in state.entries if not answered(e, rows)]
    return sorted(kept, key=lambda e: (e.next_touch(), e.key))


def touch_entries(state: NurtureFile, keys: set[str], at: datetime) -> NurtureFile:
    """A copy where these prospects' last touch is `at`: their next one is due an interval on."""
    entries = [replace(e, last_touch=at) if e.key in keys else e for e in state.entries]
    return NurtureFile(entries, state.attempts)


def add_entry(
    state: NurtureFile, entry: Nurtured, summaries: Iterable[Mapping[str, Any]]
) -> NurtureFile:
    """A copy with `entry` added (replacing the prospect's old entry) and answered ones gone."""
    others = [e for e in current_entries(state, summaries) if e.key != entry.key]
    return NurtureFile([*others, entry], state.attempts)


def topic_problem(topic: str) -> str | None:
    """Why a topic cannot be kept, if it cannot."""
    if not topic.strip():
        return "give the topic they cared about (their hot button), e.g. --topic 'missed calls'"
    if len(topic) > MAX_TOPIC_CHARS:
        return f"keep the topic under {MAX_TOPIC_CHARS} characters"
    return None


def every_problem(every: int) -> str | None:
    if not 1 <= every <= MAX_EVERY_DAYS:
        return f"the touch interval is a number of days from 1 to {MAX_EVERY_DAYS}"
    return None


def first_name(prospect: str) -> str:
    parts = prospect.split()
    if not parts or parts[0].endswith("."):
        return ""
    return parts[0]


def nurture_csv(entries: Iterable[Nurtured]) -> bytes:
    """The list as CSV with a header row, the shape email tools import (standard csv module)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow(
            [
                _cell(e.prospect),
                _cell(first_name(e.prospect)),
                _cell(e.company),
                _cell(e.topic),
                e.every_days,
                e.next_touch().date().isoformat(),
                e.added.date().isoformat(),
            ]
        )
    return out.getvalue().encode("utf-8")


def _cell(text: str) -> str:
    """A spreadsheet reads a leading = + - @ as a formula: keep user text as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


# -- the pacing setting ---------------------------------------------------------------------------
def read_pacing(folder: Path) -> tuple[Pacing, str | None]:
    """The rep's pacing from pacing.json (min_gap_days, max_attempts), else the defaults.

    A file that cannot be used gives the defaults and one line saying why (never a traceback).
    """
    path = folder / PACING_FILE
    try:
        loaded = load_side_json(path)
    except SideFileProblem as exc:
        return Pacing(), f"{exc}; using the default pacing"
    if loaded is None:
        return Pacing(), None
    data, _raw = loaded
    pacing, why = pacing_of(data)
    if why is not None:
        return pacing, f"{path}: {why}; using the default pacing"
    return pacing, None


def pacing_of(data: Any) -> tuple[Pacing, str | None]:
    """The pacing a decoded pacing.json sets, or the defaults and what is wrong with it."""
    if not isinstance(data, Mapping):
        return Pacing(), "not a JSON object"
    default = Pacing()
    gap = data.get("min_gap_days", default.min_gap_days)
    most = data.get("max_attempts", default.max_attempts)
    for name, value, top in (("min_gap_days", gap, 60), ("max_attempts", most, 20)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
            return Pacing(), f"{name} must be a whole number from 1 to {top}"
    return Pacing(min_gap_days=gap, max_attempts=most), None


# -- everything the lists need at once ----------------------------------------------------------
@immutable
class QuietView:
    """Silent prospects (not yet on the nurture list), the list, the pacing, and any trouble."""

    silent: list[Silence]
    nurtured: list[Nurtured]
    pacing: Pacing
    problems: tuple[str, ...]


def quiet_view(summaries: Iterable[Mapping[str, Any]], folder: Path) -> QuietView:
    """Read the side files once and work out who went silent; never raises on a damaged file."""
    rows = list(summaries)
    pacing, trouble = read_pacing(folder)
    problems = [trouble] if trouble else []
    try:
        state = read_nurture(folder)
    except NurtureError as exc:
        problems.append(str(exc))
        state = NurtureFile([], {})
    nurtured = current_entries(state, rows)
    listed = {e.key for e in nurtured}
    silent = [s for s in silent_prospects(rows, state.attempts) if s.key not in listed]
    return QuietView(silent, nurtured, pacing, tuple(problems))


def summaries_of(store: Store, keys: Iterable[str]) -> list[dict[str, Any]]:
    """The summaries of these prospects only (one prospect's shards each), newest first.

    What the nurture list needs to see who answered since they were added.
    """
    rows: dict[str, dict[str, Any]] = {}
    for key in sorted(set(keys)):
        for summary in store.summaries_for(key):
            rows.setdefault(str(summary.get("id")), summary)
    return newest_first(rows.values())


def quiet_view_of(store: Store) -> QuietView:
    """quiet_view for a store, from the went-silent index rather than every summary.

    Gives the same lists as ``quiet_view(store.summaries(), store.root)`` (the tests compare
    them on stored histories) while reading quiet.json, open.json and the summaries of the
    prospects on the nurture list or with a takeaway attempt only. StoreError if the index
    cannot be read.
    """
    with collector_paused():
        parts = _quiet_parts(store)
        found = parts.side.takeaway + [parts.silence_of(key) for key in parts.keys]
        return parts.view([s for s in by_most_attempts(found) if s.key not in parts.side.listed])


@immutable
class QuietTop:
    """The first few silent prospects (``view.silent``), how many there are, and their keys."""

    view: QuietView
    count: int
    #: Every silent prospect's key: their open steps show with them, not among the due ones.
    keys: frozenset[str]


def quiet_top_of(store: Store, shown: int) -> QuietTop:
    """What the home screen shows: quiet_view_of's first ``shown`` silent prospects and a count.

    Only those few get a Silence (with their open step): the others are ranked on the index
    entry alone, with the same order (by_most_attempts) as the full list, so the home screen
    costs little more with 10,000 silent prospects than with 20. StoreError as quiet_view_of.
    """
    with collector_paused():
        parts = _quiet_parts(store)
        ranked = [rank for rank, _found in parts.ranked()]
        first = {s.key: s for s in parts.side.takeaway}
        top: list[Silence] = []
        for _count, _last, key in heapq.nsmallest(shown, ranked):
            top.append(first[key] if key in first else parts.silence_of(key))
        keys = frozenset(key for _count, _last, key in ranked)
        return QuietTop(parts.view(top), len(ranked), keys)


@immutable
class QuietRows:
    """The went-silent list as rows of `callmate followups --json`, and whose they are."""

    rows: list[dict[str, Any]]
    #: Every silent prospect's key: their open steps show with them, not among the due ones.
    keys: frozenset[str]
    pacing: Pacing
    problems: tuple[str, ...]
    #: The prospects on the nurture list: a retry still booked with them is one to drop.
    nurtured_keys: frozenset[str] = frozenset()


def quiet_rows_of(store: Store) -> QuietRows:
    """silent_rows(quiet_view_of(store).silent), without a Silence for every quiet prospect.

    The rows of the prospects known from the index are made as each entry is checked, with
    the place it ranks: at 100,000 calls that is 10,000 prospects, and any object kept for
    each on the way cost more than the rows. StoreError as quiet_view_of.
    """
    from callmate.export.followups import SilentRows

    with collector_paused():
        side = _quiet_side(store)
        build = SilentRows(side.pacing)
        of_stored, open_by_key = build.of_stored, side.open_by_key

        def ranked_row(
            key: str, doc: Mapping[str, Any], _since: datetime | None, stamps: tuple[datetime, ...]
        ) -> tuple[tuple[int, datetime, str], dict[str, Any]]:
            steps = open_by_key.get(key)  # most quiet prospects have none
            step, due = open_step_of(steps) if steps else (None, None)
            row = of_stored(
                doc["prospect"],
                doc["company"],
                doc["attempts"],
                stamps,
                doc.get("last_conversation"),
                step,
                due,
            )
            return (-attempt_count(stamps), stamps[-1].astimezone(UTC), key), row

        made = store.quiet_made(ranked_row)
        left_out = side.listed | side.attempts.keys()
        found = [
            ((-s.count, s.last_attempt, s.key), build.of_silence(s))
            for s in side.takeaway
            if s.key not in side.listed
        ]
        found += [item for key, item in made.items() if key not in left_out]
        found.sort(key=itemgetter(0))
        rows = [row for _rank, row in found]
        keys = frozenset(rank[2] for rank, _row in found)
        return QuietRows(rows, keys, side.pacing, side.problems, frozenset(side.listed))


@immutable
class _QuietSide:
    """What every went-silent list reads besides quiet.json: the side files, the takeaway
    prospects and the open steps."""

    pacing: Pacing
    problems: tuple[str, ...]
    nurtured: list[Nurtured]
    listed: set[str]
    #: Takeaway attempts kept outside the call files, by prospect key.
    attempts: Mapping[str, Any]
    #: Prospects made quiet (also) by a takeaway attempt, worked out in full from their calls.
    takeaway: list[Silence]
    open_by_key: dict[str, list[dict[str, Any]]]


@immutable
class _QuietParts:
    """What both screens' lists read: the side, and the index entries of every quiet prospect
    (never without an attempt); those in ``side.takeaway`` are left out (``keys`` are the
    others)."""

    side: _QuietSide
    indexed: QuietIndex
    keys: list[str]

    def silence_of(self, key: str) -> Silence:
        """An indexed prospect's Silence, with their open step (never None: see indexed)."""
        steps = self.side.open_by_key.get(key)  # most quiet prospects have no open step
        quiet = self.indexed[key].silence((), open_step_of(steps) if steps else (None, None))
        assert quiet is not None
        return quiet

    def ranked(self) -> list[tuple[tuple[int, datetime, str], Silence | QuietEntry]]:
        """Every silent prospect not on the nurture list, with its place in by_most_attempts
        (most attempts first, then the longest quiet), in no particular order."""
        entries, listed = self.indexed.entries, self.side.listed
        found: list[tuple[tuple[int, datetime, str], Silence | QuietEntry]] = [
            ((-s.count, s.last_attempt, s.key), s)
            for s in self.side.takeaway
            if s.key not in listed
        ]
        for key in self.keys:
            if key not in listed:
                entry = entries[key]
                found.append(((-attempt_count(entry.stamps), entry.last_utc, key), entry))
        return found

    def view(self, silent: list[Silence]) -> QuietView:
        side = self.side
        return QuietView(silent, side.nurtured, side.pacing, side.problems)


def _quiet_side(store: Store) -> _QuietSide:
    pacing, trouble = read_pacing(store.root)
    problems = [trouble] if trouble else []
    try:
        state = read_nurture(store.root)
    except NurtureError as exc:
        problems.append(str(exc))
        state = NurtureFile([], {})
    nurtured = current_entries(state, summaries_of(store, (e.key for e in state.entries)))
    listed = {e.key for e in nurtured}
    # A takeaway attempt can make a prospect quiet without a call: theirs is worked out in full.
    takeaway = silent_prospects(summaries_of(store, state.attempts), state.attempts)
    open_by_key: dict[str, list[dict[str, Any]]] = {}
    for summary in store.open_summaries():
        open_by_key.setdefault(str(summary.get("prospect_key")), []).append(summary)
    return _QuietSide(
        pacing, tuple(problems), nurtured, listed, state.attempts, takeaway, open_by_key
    )


def _quiet_parts(store: Store) -> _QuietParts:
    side = _quiet_side(store)
    indexed = store.quiet_prospects()
    keys = [key for key in indexed if key not in side.attempts]
    return _QuietParts(side, indexed, keys)


def why_quiet(store: Store, key: str, now: datetime | None = None) -> list[str] | None:
    """For the brief and `callmate show`: why this prospect went quiet, or None if they did not.

    Reads the prospect's summaries, their last real conversation and its playbook; a damaged
    side file or call file only leaves that part out. With ``now`` (the brief before a call),
    a call before the minimum gap and a retry to drop are said first (core.brief.quiet_lines).
    """
    try:
        summaries = store.summaries_for(key)
    except StoreError:
        return None  # the brief and the summary matter more than this note
    pacing, _trouble = read_pacing(store.root)
    try:
        state = read_nurture(store.root)
    except NurtureError:
        state = NurtureFile([], {})
    silent = silent_prospects(summaries, {key: state.attempt_for(key)})
    if not silent:
        return None
    listed = next((e for e in current_entries(state, summaries) if e.key == key), None)
    quiet = replace(silent[0], nurtured=listed is not None)
    lacked: tuple[str, ...] = ()
    if quiet.last_conversation is not None:
        from callmate.usecases.playbooks import find_playbook

        try:
            record = store.load(quiet.last_conversation)
        except StoreError:
            record = None
        if record is not None:
            lacked = what_it_lacked(record, find_playbook(record))
    return quiet_lines(quiet, lacked, pacing, now, listed.topic if listed else "")


def retry_to_drop(store: Store, record: CallRecord) -> str | None:
    """Why the call's open retry should be dropped (core.silence.retry_drop_reason), or None:
    `export --ics` writes no calendar entry for it. StoreError or NurtureError if the
    prospect's calls or side files cannot be read."""
    step = record.next_step
    if (
        step is None
        or stored_step_kind(step) != "retry"
        or step.outcome not in (None, "rescheduled")
        or not record.prospect_key
    ):
        return None
    key = record.prospect_key
    summaries = store.summaries_for(key)
    state = read_nurture(store.root)
    if any(e.key == key for e in current_entries(state, summaries)):
        return retry_drop_reason(nurtured=True)
    silent = silent_prospects(summaries, {key: state.attempt_for(key)})
    return silent[0].drop_reason(read_pacing(store.root)[0]) if silent else None


@immutable
class TakeawayPlan:
    """Whether a takeaway message may be drafted for a prospect now, and what it may say.

    It is the last move, after the attempts are used up: offered sooner it tells a prospect
    "I will stop calling" after one voicemail. Drafted again, it is the same message, not
    another attempt."""

    #: Why no takeaway now (not quiet, or attempts left), in the rep's words; None: go ahead.
    refusal: str | None
    #: When it was already sent since the last conversation: printed again, not counted.
    already: datetime | None
    #: Unanswered tries before it (calls that did not connect, missed steps), and whether
    #: there ever was a conversation: the message must not claim more than happened.
    tries: int
    reached: bool


def takeaway_plan(store: Store, key: str, prospect: str, now: datetime) -> TakeawayPlan:
    """The takeaway decision for prospect ``key``; StoreError or NurtureError if their calls
    or the attempts kept beside them cannot be read (a guess here would count wrongly)."""
    pacing, _trouble = read_pacing(store.root)
    extra = read_nurture(store.root).attempt_for(key)
    silent = silent_prospects(store.summaries_for(key), {key: extra})
    if not silent:
        return TakeawayPlan(
            f"{prospect} has not gone quiet (no unanswered attempt since your last "
            "conversation): there is nothing to let go of",
            None,
            0,
            True,
        )
    quiet = silent[0]
    reached = quiet.last_conversation is not None
    tries = sum(1 for a in quiet.attempts if a.how != TAKEAWAY)
    sent = quiet.takeaway_at
    if sent is None and quiet.count < pacing.max_attempts:
        return TakeawayPlan(
            f"too early for a takeaway message: {prospect} has {quiet.unanswered_words} "
            f"— it comes after {counted(pacing.max_attempts, 'attempt')}; "
            f"next: {quiet.suggestion(pacing, now)}",
            None,
            tries,
            reached,
        )
    return TakeawayPlan(None, sent, tries, reached)


def last_words(store: Store, key: str) -> str:
    """Their problem in their own words, from the last real conversation ("" if none).

    A takeaway is usually drafted from a call that went to voicemail, which holds no words.
    """
    from callmate.export.email import their_words

    _attempts, last = attempts_since_conversation(store.summaries_for(key))
    if last is None:
        return ""
    try:
        return their_words(store.load(str(last["id"])))
    except StoreError:
        return ""
