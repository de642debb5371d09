"""The lossless export file (every record, as stored) and importing one back.

Import never replaces a call that is already in the store, so importing the same file twice, or a
colleague's file that overlaps yours, adds only what is new. A record whose id is already stored
with different content is a conflict: it is kept aside in conflicts/ and reported, never stored
over the call already there. Imports into one data folder run one at a time (import.lock), so
two at once cannot both count the same call as added.

Imported text is made safe the way typing is (callmate.core.clean); a record with lone
surrogates, or with a shape no reader expects, is rejected with where the problem is, and so is
one larger than a call can be typed (call_record.MAX_RECORD_CHARS, names of 200 characters),
one that breaks what the gate promises (record_promises), or one holding a key twice.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from callmate.core.call_record import (
    SESSION_ID_RE,
    CallRecord,
    RecordDecodeError,
    decode_record,
    encode_record,
)
from callmate.core.clean import clean
from callmate.core.counts import counted, were
from callmate.store import Store, StoreError
from callmate.store.atomic import atomic_write_bytes, read_nofollow
from callmate.store.calls import CallUnreadable, OddCallFile
from callmate.store.errors import SavedInPart
from callmate.store.locks import exclusive_lock
from callmate.store.paths import ensure_private_dir, os_reason
from callmate.store.recovery import refuse_link

IMPORT_LOCK = "import.lock"
CONFLICTS_DIR = "conflicts"

EXPORT_FORMAT = "callmate-export"
EXPORT_VERSION = 1
MAX_PROBLEMS_SHOWN = 5
#: The largest file `callmate import` reads: generous (a typical call exports as about 5 kB, so
#: this is some 100,000 calls), and it keeps a file of junk from eating the memory.
MAX_IMPORT_BYTES = 512 * 1024 * 1024
#: A whole number in the file longer than this is kept as a marker the decoder refuses for its
#: record (Python's own limit, 4,300 digits, would reject the whole file with its internals).
MAX_NUMBER_DIGITS = 40


class BadExportFile(ValueError):
    """The file as a whole cannot be read as a callmate export."""


class ImportStopped(StoreError):
    """The disk refused a call part way: ``report`` says what was added before that."""

    def __init__(self, report: ImportReport, unsaved: int, reason: str, root: Path) -> None:
        added = len(report.added)
        super().__init__(
            f"The import stopped: callmate could not write to {root} ({reason}). "
            f"{added} call{'s were' if added != 1 else ' was'} added before that; "
            f"{unsaved} {'were' if unsaved != 1 else 'was'} not. Free some disk space and run "
            "the same import again: the calls already added are skipped.",
            root,
        )
        self.report = report


class ImportInterrupted(KeyboardInterrupt):
    """A stop signal (or ctrl+c) came part way through an import: what was added, and that the
    same import can simply be run again. The command line prints it as it prints any stop, with
    the stop's exit status (128 + the signal)."""

    def __init__(self, stop: KeyboardInterrupt, added: int) -> None:
        super().__init__(added)
        self.exit_code: int = getattr(stop, "exit_code", 130)
        self.stop = str(stop) or "interrupted"
        self.added = added

    def __str__(self) -> str:
        return (
            f"{self.stop}, part way through the import; {counted(self.added, 'call')} "
            f"{were(self.added)} added before that. Running the same import again is safe: "
            "the calls already added are skipped."
        )


def read_import_file(path: Path, max_bytes: int = MAX_IMPORT_BYTES) -> bytes:
    """The bytes of the file to import; BadExportFile when it is no regular file (a device such
    as /dev/zero, a FIFO, a folder) or is larger than ``max_bytes``; OSError if unreadable.

    O_NONBLOCK: a FIFO must not wait for a writer; its type is checked on the open descriptor,
    and no more than ``max_bytes`` (+1, to know it is over) is ever read, even from a file that
    grows meanwhile.
    """
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise BadExportFile("it is not a regular file (a device, a FIFO or a folder)")
        too_big = BadExportFile(
            f"it is larger than {_size(max_bytes)}, the most callmate imports from one file; "
            "export fewer calls at a time"
        )
        if info.st_size > max_bytes:
            raise too_big
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as file:
            raw = file.read(max_bytes + 1)
    finally:
        os.close(fd)
    if len(raw) > max_bytes:
        raise too_big
    return raw


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count // (1024 * 1024)} MB"
    return f"{count} bytes"


class _LongNumber(int):
    """A whole number too long to be one a record holds: its value is beyond 64 bits (so the
    decoder refuses it where it is), and it shows as how many digits it had."""

    digits: int

    def __new__(cls, text: str) -> _LongNumber:
        number = super().__new__(cls, 2**64 if not text.startswith("-") else -(2**64))
        number.digits = len(text.lstrip("-"))
        return number

    def __repr__(self) -> str:
        return f"a number of {self.digits} digits"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)


def _whole_number(text: str) -> int:
    return int(text) if len(text) <= MAX_NUMBER_DIGITS else _LongNumber(text)


class _Repeated(dict[str, Any]):
    """An object of the file that holds a key more than once. JSON readers keep the last value
    without a word ("prospect": "Pat 80", then "prospect": "Hidden..." stored as "Hidden..."),
    so the record is refused instead, naming the key (`repeated_keys`)."""

    #: Each repeated key with every value it was given, in order (all are walked for more).
    repeated: dict[str, list[Any]]


class Sessions(list[Any]):
    """The records an export file lists; ``repeated`` says whether any object in the file held
    a key twice, so only then are the records walked to say where."""

    repeated: bool = False


def _object_reader() -> tuple[Callable[[list[tuple[str, Any]]], dict[str, Any]], list[int]]:
    """An ``object_pairs_hook`` for json.loads that marks objects holding a key twice, and a
    one-item list counting them."""
    found = [0]

    def read_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        value = dict(pairs)
        if len(value) == len(pairs):
            return value
        marked = _Repeated(value)
        counts = Counter(key for key, _ in pairs)
        marked.repeated = {key: [] for key, count in counts.items() if count > 1}
        for key, item in pairs:
            if key in marked.repeated:
                marked.repeated[key].append(item)
        found[0] += 1
        return marked

    return read_object, found


def _repeated_words(key: str, count: int) -> str:
    shown = json.dumps(clean(key), ensure_ascii=False)
    if len(shown) > 42:
        shown = shown[:38] + '..."'
    return f"the key {shown} appears {'twice' if count == 2 else f'{count} times'}"


def repeated_keys(value: Any, where: str) -> list[str]:
    """Each object in ``value`` that held a key more than once, with where it is
    (``sessions[0]: the key "prospect" appears twice``, ``sessions[0].next_step: ...``).
    Walked without recursion: a file may nest as deep as the JSON reader allows."""
    problems: list[str] = []
    waiting: list[tuple[Any, str]] = [(value, where)]
    while waiting:
        item, at = waiting.pop()
        if isinstance(item, dict):
            children = [(str(k), v) for k, v in item.items()]
            if isinstance(item, _Repeated):
                for key, values in item.repeated.items():
                    problems.append(f"{at}: {_repeated_words(key, len(values))}")
                    children += [(key, v) for v in values[:-1]]  # the last is in item already
            waiting += [(v, f"{at}.{_shown_key(k)}") for k, v in reversed(children)]
        elif isinstance(item, list):
            waiting += [(v, f"{at}[{i}]") for i, v in reversed(list(enumerate(item)))]
    return problems


def _shown_key(key: str) -> str:
    """A key as a place in a message: as it is when plain, else quoted and cleaned."""
    if re.fullmatch(r"[\w-]{1,40}", key, re.ASCII):
        return key
    return json.dumps(clean(key)[:40], ensure_ascii=False)


def export_document(records: Iterable[CallRecord]) -> dict[str, Any]:
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "sessions": [encode_record(r) for r in records],
    }


def export_bytes(records: Iterable[CallRecord]) -> bytes:
    text = json.dumps(export_document(records), ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")


def read_export(raw: bytes) -> Sessions:
    """The sessions listed in an export file; BadExportFile saying plainly what is wrong.

    Read with the standard json module, whose object_pairs_hook sees every key (orjson keeps
    the last of a repeated key without a word): a record holding a key twice is refused by
    `import_sessions` with where, a repeated key at the top of the file refuses the file.
    """
    read_object, repeats = _object_reader()
    try:
        data = json.loads(raw, parse_int=_whole_number, object_pairs_hook=read_object)
    except UnicodeDecodeError as exc:
        if exc.encoding.replace("-", "").lower() != "utf8":
            raise BadExportFile(
                f"it is not UTF-8 text, as a callmate export is (it starts as {exc.encoding} "
                f"text, but is not valid {exc.encoding} either)"
            ) from None
        raise BadExportFile(
            f"it is not UTF-8 text (byte {raw[exc.start]:#04x} at position {exc.start} is not "
            "valid UTF-8; a callmate export always is: was it saved in another encoding, such "
            "as Latin-1?)"
        ) from None
    except RecursionError:
        raise BadExportFile(
            "it nests lists or objects about a thousand levels deep, which no callmate export does"
        ) from None
    except ValueError as exc:
        raise BadExportFile(f"it is not valid JSON ({exc})") from None
    if isinstance(data, _Repeated):
        key, values = next(iter(data.repeated.items()))
        raise BadExportFile(
            f"{_repeated_words(key, len(values))} in its top object; a callmate export "
            "holds each key once"
        )
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise BadExportFile(
            f'it is not a callmate export (expected an object with "format": "{EXPORT_FORMAT}")'
        )
    version = data.get("version")
    if version != EXPORT_VERSION or isinstance(version, bool):
        raise BadExportFile(
            f"it has export version {version!r}; this callmate reads version {EXPORT_VERSION}"
        )
    sessions = data.get("sessions")
    if not isinstance(sessions, list):
        raise BadExportFile('its "sessions" must be a list of call records')
    found = Sessions(sessions)
    found.repeated = repeats[0] > 0
    return found


@dataclass
class ImportReport:
    """What an import did with each record: added, skipped, rejected or kept aside."""

    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # one message per rejected record
    #: (id, where the incoming version was kept); the stored call was left as it was
    conflicts: list[tuple[str, Path]] = field(default_factory=list)

    def line(self) -> str:
        text = (
            f"added {len(self.added)}, skipped {len(self.skipped)} (already present), "
            f"rejected {len(self.rejected)}"
        )
        if self.conflicts:
            text += f", conflicts {len(self.conflicts)} (stored calls left unchanged)"
            for session_id, kept in self.conflicts:
                text += (
                    f"\nconflict: call {session_id} is already stored with different content; "
                    f"the imported version was kept in {kept}"
                )
        return text


def _located(index: int, problem: str) -> str:
    """A decoder problem placed in the file: ``sessions[3].pauses: expected a list``."""
    where = f"sessions[{index}]"
    if problem.startswith("record:"):
        return where + problem.removeprefix("record")
    return f"{where}.{problem}"


def _rejection(raw: Any, problems: list[str]) -> str:
    """The located problems, and the call id when it is usable, so whoever made the file can
    find the record (``raw`` is the record as the file holds it)."""
    shown = "; ".join(problems[:MAX_PROBLEMS_SHOWN])
    more = len(problems) - MAX_PROBLEMS_SHOWN
    if more > 0:
        shown += f"; and {counted(more, 'more problem')}"
    session_id = raw.get("id") if isinstance(raw, dict) else None
    if isinstance(session_id, str) and SESSION_ID_RE.fullmatch(session_id):
        shown += f" (call {session_id})"
    return shown


def keep_aside(store: Store, record: CallRecord) -> Path:
    """Write an incoming conflicting version under conflicts/, never over the stored call
    (an import's, or an emergency copy that differs from a call already ended).

    A version already kept there with the same bytes (the same file imported again) is
    reused, so re-importing does not pile up identical copies.
    """
    folder = store.root / CONFLICTS_DIR
    ensure_private_dir(folder)
    data = export_bytes([record])
    if (kept := _kept_copy(folder, record.id, data)) is not None:
        return kept
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{record.id}.{stamp}.json"
    atomic_write_bytes(target, data)
    return target


def _kept_copy(folder: Path, session_id: str, data: bytes) -> Path | None:
    """The conflict file of this call that holds exactly ``data``, if there is one."""
    prefix = f"{session_id}."
    with os.scandir(folder) as found:
        names = sorted(
            item.name
            for item in found
            if item.name.startswith(prefix)
            and item.name.endswith(".json")
            and item.is_file(follow_symlinks=False)
        )
    for name in names:
        path = folder / name
        try:
            if read_nofollow(path) == data:
                return path
        except OSError:
            continue  # gone, or swapped for something else: not a copy to reuse
    return None


def import_sessions(store: Store, sessions: list[Any]) -> ImportReport:
    """Store every valid record whose id is new; StoreWriteError if the disk refuses.

    The records go to the store in one batch, so the index is written once, not per record.
    """
    accepted: list[tuple[int, CallRecord]] = []
    try:
        with exclusive_lock(store.root / IMPORT_LOCK):
            refuse_link(store.calls_dir)  # nothing is written outside the data folder
            return _import_locked(store, sessions, accepted)
    except KeyboardInterrupt as stop:  # SIGTERM, SIGHUP or ctrl+c (lifeline.Stopped)
        raise ImportInterrupted(stop, _written(store, accepted)) from stop
    except OSError as exc:
        raise StoreError(
            f"Could not import into {store.root} ({os_reason(exc)}); nothing was imported.",
            store.root,
        ) from exc


def _written(store: Store, accepted: list[tuple[int, CallRecord]]) -> int:
    """How many of ``accepted`` (none stored before the import) now have a call file.

    Each call file is written whole (a temp file renamed), so those are kept, and the next
    start lists them. One listing of calls/, not a look-up per call: the process ends within a
    second of the stop (lifeline.GRACE_S), and 20,000 look-ups took 0.85 s on a busy machine.
    """
    try:
        with os.scandir(store.calls_dir) as found:
            names = {entry.name for entry in found}
    except OSError:
        return 0
    return sum(f"{record.id}.json" in names for _, record in accepted)  # as store.call_path


def _same(store: Store, record: CallRecord) -> bool | None:
    """True if the stored call equals ``record``, False if it differs, None if none is stored.

    OddCallFile when its name in calls/ is no regular file: nothing can be stored there.
    """
    try:
        return store.load(record.id) == record
    except (OddCallFile, CallUnreadable):  # not known to differ: never a conflict
        raise
    except StoreError:
        return None if not os.path.lexists(store.call_path(record.id)) else False


def _import_locked(
    store: Store, sessions: list[Any], accepted: list[tuple[int, CallRecord]]
) -> ImportReport:
    """``accepted`` receives the records to store (none of them stored before this import),
    so a stop part way can count which were written."""
    report = ImportReport()
    present = {str(s.get("id")) for s in store.summaries()}
    seen: dict[str, CallRecord] = {}
    repeated = getattr(sessions, "repeated", False)  # only a file read by read_export can
    for index, raw in enumerate(sessions):
        if repeated and (twice := repeated_keys(raw, f"sessions[{index}]")):
            report.rejected.append(_rejection(raw, twice))
            continue
        try:
            record = decode_record(raw, outside=True)
        except RecordDecodeError as exc:
            located = [_located(index, problem) for problem in exc.problems]
            report.rejected.append(_rejection(raw, located))
            continue
        session_id = record.id
        if session_id.startswith("-"):
            report.rejected.append(
                f"sessions[{index}].id: {session_id!r} starts with '-', which the command line "
                "would take for an option (`callmate show -rf`); give the call another id"
            )
            continue
        if session_id in seen:
            if seen[session_id] == record:
                report.skipped.append(session_id)
            else:
                report.conflicts.append((session_id, keep_aside(store, record)))
            continue
        if session_id in present or os.path.lexists(store.call_path(session_id)):
            try:
                same = _same(store, record)
            except (OddCallFile, CallUnreadable) as exc:
                report.rejected.append(f"sessions[{index}]: {exc} (call {session_id})")
                seen[session_id] = record
                continue
            if same is None:  # listed but gone meanwhile: store it
                pass
            elif same:
                report.skipped.append(session_id)
                seen[session_id] = record
                continue
            else:
                report.conflicts.append((session_id, keep_aside(store, record)))
                seen[session_id] = record
                continue
        seen[session_id] = record
        accepted.append((index, record))
    try:
        failed = store.save_many([record for _, record in accepted])
    except SavedInPart as exc:
        report.added = [*exc.saved]
        raise ImportStopped(report, len(accepted) - len(exc.saved), exc.reason, store.root) from exc
    for index, record in accepted:
        reason = failed.get(record.id)
        if reason is None:
            report.added.append(record.id)
        else:
            report.rejected.append(
                _rejection(
                    sessions[index], [f"sessions[{index}]: it could not be stored ({reason})"]
                )
            )
    return report
