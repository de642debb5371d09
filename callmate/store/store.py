"""The Store: one small TinyDB file per call plus a small index folder, safe against kills and
against two callmate windows sharing the folder.

Recording an answer rewrites only that call's file (~0.5 ms whatever the number of calls). A save
whose summary changed (start, end, next step...) rewrites that call's month shard, and open.json
and a prospect file only when they change (see index.py). Lists read only the index files they
need: the home screen and follow-ups read open.json, a pre-call brief one prospect's shards.

Why opening the store needs neither the whole index nor any finished call's file: the index can
only fall behind calls/ through a crash between a call write and its index write. Every save
that changes a summary first leaves a pending marker (calls/<id>.<pid>.pending), then writes the
call file, then the index, then removes the marker; a save that leaves the summary unchanged does
not touch the index, so it cannot make it stale. A crash therefore leaves a marker whose process
is gone, which start-up finds when it lists calls/ and answers with a full ``reconcile()``.
A save may put its index update off (``save(index_later=True)``, a new call's first save, so its
question shows sooner): the marker then stays until ``write_deferred_index()``, the call's next
save or the exit checkpoint, and a crash meanwhile is the same crash mid-save.

Anything else that can make the index wrong happens behind callmate's back (a hand edit, a
restored backup, a sync tool), so start-up first compares index/manifest.json (see
manifest.py) with a ``stat`` of each index file and of calls/: after a clean exit that is the
whole check, no listing and no call file read. When calls/ changed, it is listed once: names
are compared with the prospect files (which list every indexed call), each call's revision with
the one its summary was taken from (only changed calls are read), and the unfinished calls are
re-read. An index file not as callmate wrote it, or that does not decode, is rebuilt.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import os
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from callmate.core.call_record import CallRecord, encode_record
from callmate.core.counts import counted, were
from callmate.locations import open_to_others
from callmate.store.atomic import DamagedData, open_private
from callmate.store.callfile import write_call
from callmate.store.calls import CallFolder, CallUnreadable, OddCallFile, UnusableRecord
from callmate.store.errors import (
    CallsLinked,
    CallsNotAFolder,
    CorruptFile,
    SavedInPart,
    SessionNotFound,
    StoreError,
    StoreWriteError,
)
from callmate.store.index import (
    Damage,
    Entry,
    IndexDamaged,
    IndexFolder,
    IndexReads,
    IndexTxn,
    MemoryIndex,
)
from callmate.store.layout import newest_first, prospect_shard, shard_name
from callmate.store.locks import CallClaim, claim_call
from callmate.store.manifest import (
    SETTLED_NS,
    DirSig,
    Manifest,
    Revision,
    call_revisions,
    dir_sig,
    index_file_sigs,
    note_skipped,
    read_manifest,
    read_revisions,
    record_written,
    revision,
    set_skipped,
    settled,
    write_manifest,
    write_revisions,
)
from callmate.store.paths import (
    HardLinked,
    NotRegularFile,
    calls_link_words,
    check_session_id,
    ensure_private_dir,
    not_a_folder,
    odd_file_message,
    os_reason,
    refuse_foreign,
    refuse_not_a_folder,
    refuse_unreadable,
    refused,
    unwritable_reason,
)
from callmate.store.quarantine import quarantine
from callmate.store.quiet import Made, Make, QuietEntry, QuietIndex
from callmate.store.reconcile import ReconcileResult, reconcile
from callmate.store.recovery import (
    CallsListing,
    Signature,
    dead,
    in_flight,
    index_health,
    pending_marker,
    remove_dead_temps,
    remove_quietly,
    scan,
    signature,
)
from callmate.store.summary import Summarize, default_summary, index_entry
from callmate.store.tables import read_table

T = TypeVar("T")
LEGACY_INDEX = "index.json"  # the single index file of the first store format
KNOWN_LIMIT = 64  # summaries remembered for the "did it change?" test of a save


@dataclass
class IndexCheck:
    """What the start-up check did: the reconcile (if any), each call's revision, and the one
    line that says so when the index disagreed with the files (else ``_report_result`` says)."""

    result: ReconcileResult | None
    revisions: dict[str, Revision]
    line: str | None = None


def _one_line(
    index: Path,
    result: ReconcileResult,
    changed_files: list[str],
    edited: set[str],
    saving: set[str],
) -> str | None:
    """One plain sentence for a rebuild caused by index or call files not as callmate left
    them (a copied or restored folder, an editor, a sync tool)."""
    added = [sid for sid in result.added if sid not in saving]
    fixes = [
        f"{counted(len(added), 'call')} added back" if added else "",
        f"{counted(len(result.dropped), 'call')} without a file removed" if result.dropped else "",
        f"{counted(len(result.refreshed), 'summary', 'summaries')} refreshed"
        if result.refreshed
        else "",
    ]
    done = ", ".join(f for f in fixes if f)
    if changed_files:
        # No blame: a copied or restored folder (`cp -a`, a backup) changes every file's inode
        # and nobody edited anything; an editor or a sync tool is only one possible cause.
        what = ", ".join(changed_files[:3]) + (" ..." if len(changed_files) > 3 else "")
        return (
            f"The list of calls in {index} did not match what callmate last wrote there "
            f"({what}; a copied or restored folder?); it was checked against the call files "
            "and rewritten from them" + (f" ({done})." if done else ".")
        )
    if not result.refreshed:
        return None  # only our own saves since the last check: nothing to say
    cause = f"{counted(len(edited), 'call file')} changed since their summaries were taken"
    return (
        f"The list of calls in {index} did not match the call files: {cause}; it was "
        f"checked against the call files and corrected" + (f" ({done})." if done else ".")
    )


def _unfinished(txn: IndexTxn) -> list[str]:
    """The unfinished calls open.json holds after ``txn`` (every transaction loads it)."""
    return sorted(sid for sid, doc in txn.open.docs.items() if doc.get("status") == "in_progress")


def _revs(revisions: Mapping[str, Revision | None]) -> dict[str, Revision]:
    return {sid: rev for sid, rev in revisions.items() if rev is not None}


def _some(ids: list[str], shown: int = 5) -> str:
    """A readable list of ids that stays short when thousands are involved."""
    text = ", ".join(ids[:shown])
    return f"{text} and {len(ids) - shown} more" if len(ids) > shown else text


class Store(CallFolder):
    """Call records on disk under ``root``; see the package docstring for the layout.

    Opening the store repairs what a crash left behind and lists what it did in ``problems``.
    Methods are safe to call from several threads of one process.
    """

    def __init__(self, root: Path, summarize: Summarize = default_summary) -> None:
        super().__init__(root, summarize)
        self._mutex = threading.RLock()
        self._index = IndexFolder(self.root, self.quarantine_dir)
        # id -> (summary, signature of its shard file) for calls this object saved: lets an
        # autosave decide "summary unchanged" with one stat, without parsing the shard.
        self._known: dict[str, tuple[Entry, Signature]] = {}
        #: Why the folder cannot be written now (full, read-only...), said once in problems.
        self.unwritable: str | None = None
        # True when start-up could not check (or repair) the index: lists are then built in
        # memory from the call files until a rebuild is written.
        self._index_unchecked = False
        self._said_index_lags = False
        # calls/ as this process last knew it to match the index: every change since was its
        # own (checked before each of its writes). None once anything else may have changed it.
        self._calls_seen: DirSig | None = None
        # calls/ as the manifest records it (checkpoint() has nothing to add while it matches).
        self._calls_recorded: DirSig | None = None
        # Revisions of call files this object saved whose summaries did not need writing.
        self._touched: dict[str, Revision] = {}
        # Saves whose index update was put off (save(index_later=True)): id -> (summary, marker,
        # call file revision). Their pending markers stay until write_deferred_index().
        self._deferred: dict[str, tuple[Entry, Path, Revision | None]] = {}
        refuse_not_a_folder(self.root)
        refuse_foreign(self.root)
        if (what := not_a_folder(self.calls_dir)) is not None:
            raise CallsNotAFolder(self.calls_dir, what)
        try:
            # The data folder may not be callmate's own making: never chmod-ed here, only said.
            self._note_root_open(ensure_private_dir(self.root, follow_link=True, tighten=False))
            if (linked := calls_link_words(self.calls_dir)) is not None:
                # Said once, in its own words: "cannot be written to" would send the rep to
                # free disk space, and nothing would be saved through the link anyway.
                self.unwritable = f"{self.calls_dir} is a symbolic link"
                self.problems.append(linked)
            else:
                self._note_was_open(self.calls_dir, ensure_private_dir(self.calls_dir))
            if (what := not_a_folder(self.quarantine_dir)) is not None:
                self.problems.append(
                    f"{self.quarantine_dir} is {what}, not a folder: a damaged file cannot be "
                    "moved aside until it is. `callmate doctor --repair` makes it a folder, "
                    "with what is there now kept in it."
                )
            else:
                try:
                    ensure_private_dir(self.quarantine_dir)
                except OSError as exc:
                    # Only moving damaged files aside is stopped: calls are still saved, so
                    # not the "goes on in memory" warning (a rep read it over a saved call).
                    self.problems.append(
                        f"{self.quarantine_dir} cannot be used ({os_reason(exc)}): a damaged "
                        "file cannot be moved aside until it can; calls are still saved. "
                        "`callmate doctor` says what to do."
                    )
        except OSError as exc:
            self._note_unwritable(os_reason(exc), exc.filename)
        refuse_unreadable(self.root, (self.root, self.calls_dir))
        self._note_unwritable(unwritable_reason(self.root))
        with self._mutex:
            self._recover()
        _OPEN_STORES.add(self)
        from callmate.store.emergency import merge_back, waiting

        if self.unwritable is None:
            for message in merge_back(self):
                self.problems.append(message)
        else:
            for message in waiting(self.root, self.unwritable):
                self.problems.append(message)

    @property
    def index_path(self) -> Path:
        """The index folder (index/); its files are open_path, prospect_path(), shard_path()."""
        return self._index.dir

    @property
    def open_path(self) -> Path:
        return self._index.open_path

    @property
    def prospects_dir(self) -> Path:
        """index/prospects/: which calls each prospect has, one small file per 64th of them."""
        return self._index.prospects_dir

    def prospect_path(self, prospect_key: str) -> Path:
        """The prospect file that lists this prospect's calls."""
        return self._index.prospect_path(prospect_shard(prospect_key))

    def shard_path(self, session_id: str) -> Path:
        """The month shard that holds (or will hold) this call's summary."""
        return self._index.shard_path(shard_name(check_session_id(session_id)))

    # ----------------------------------------------------------------- writing

    def save(self, call: CallRecord, *, index_later: bool = False) -> None:
        """Durably store the call (replacing its previous version).

        Raises StoreWriteError if the disk refuses; nothing is lost on disk and the same save can
        simply be tried again later.

        ``index_later``: the call file is written now, the index update waits for
        ``write_deferred_index()`` (or the call's next save, or ``checkpoint()``). Its pending
        marker stays meanwhile, so a crash leaves what a crash mid-save leaves: the next start
        re-reads the call into the index. A new call's first save uses it to show sooner.
        """
        session_id = check_session_id(call.id)
        record = encode_record(call)
        entry = index_entry(record, self.summarize)
        path = self.call_path(session_id)
        with self._mutex:
            self._deferred.pop(session_id, None)  # this save brings the index up to date
            index_stale = self._indexed_entry(session_id) != entry
            marker = pending_marker(self.calls_dir, session_id)
            before = self._calls_before()
            try:
                ensure_private_dir(self.calls_dir)
                if index_stale:
                    os.close(open_private(marker, os.O_WRONLY))
                write_call(path, record, lambda exc: self._move_aside(path, exc))
            except OSError as exc:
                self._calls_after(None)
                raise StoreWriteError(path, os_reason(exc)) from exc
            rev = revision(path)
            if index_stale and index_later:
                self._deferred[session_id] = (entry, marker, rev)
            elif index_stale:
                try:
                    self._write_entries([entry], remember=True, touched=_revs({session_id: rev}))
                except StoreWriteError as exc:
                    if not _planted(exc.__cause__):
                        raise  # a full disk: the save is tried again, call file and index
                    # The call file is stored; only the list lags, behind something no retry
                    # fixes (a folder made at index.lock). Its marker stays, so the next start
                    # reads the call into the list; lists here are made from the call files.
                    self._index_lags(exc)
                else:
                    self._touched.pop(session_id, None)
                    remove_quietly(marker)
            elif rev is not None:
                self._touched[session_id] = rev
            self._calls_after(before)

    def write_deferred_index(self) -> None:
        """Write the index updates that ``save(index_later=True)`` put off, then drop their
        markers. StoreWriteError if the disk refuses (the markers stay: nothing is lost, and the
        next save of the call or the next start brings the index up to date)."""
        with self._mutex:
            if not self._deferred:
                return
            deferred, self._deferred = self._deferred, {}
            before = self._calls_before()
            entries = [entry for entry, _, _ in deferred.values()]
            touched = {sid: rev for sid, (_, _, rev) in deferred.items()}
            try:
                self._write_entries(entries, remember=True, touched=_revs(touched))
            except StoreWriteError:
                self._calls_after(None)
                raise
            for session_id, (_, marker, _) in deferred.items():
                self._touched.pop(session_id, None)
                with contextlib.suppress(OSError):  # left behind, it only makes a start check
                    remove_quietly(marker)
            self._calls_after(before)

    def save_many(self, calls: Sequence[CallRecord]) -> dict[str, str]:
        """Store many records with one write per touched index file (imports).

        Returns the ids that could not be stored, with the reason (e.g. a value JSON cannot
        hold). When the disk refuses a call file, SavedInPart names the calls stored before it
        (the same batch can simply be saved again later: stored ones are skipped by an import).
        Either way no pending marker or temp file is left: a call file written while the index
        could not be (a full disk) is found by the next start, as calls/ changed.
        """
        failed: dict[str, str] = {}
        entries: list[dict[str, Any]] = []
        markers: list[Path] = []
        touched: dict[str, Revision | None] = {}
        with self._mutex:
            before = self._calls_before()
            try:
                ensure_private_dir(self.calls_dir)  # refuses a link: nothing written through it
            except OSError as exc:
                raise SavedInPart(self.calls_dir, os_reason(exc), []) from exc
            stopped: SavedInPart | None = None
            for call in calls:
                session_id = check_session_id(call.id)
                record = encode_record(call)
                path = self.call_path(session_id)
                marker = pending_marker(self.calls_dir, session_id)
                try:
                    os.close(open_private(marker, os.O_WRONLY))
                    markers.append(marker)
                    write_call(path, record, partial(self._move_aside, path))
                except OSError as exc:
                    saved = [entry["id"] for entry in entries]
                    stopped = SavedInPart(path, os_reason(exc), saved)
                    stopped.__cause__ = exc
                    break
                except (RecursionError, TypeError, ValueError) as exc:
                    failed[session_id] = str(exc)
                    continue
                entries.append(index_entry(record, self.summarize))
                touched[session_id] = revision(path)
            try:
                if entries:
                    self._write_entries(entries, remember=False, touched=_revs(touched))
            except StoreWriteError as exc:
                # The call files are stored; only the list of calls lags. Reads in this
                # process build it from the files, and the next start rebuilds it.
                self._index_unchecked = True
                self._note_unwritable(exc.reason, exc.path)
                before = None
            for marker in markers:
                with contextlib.suppress(OSError):
                    remove_quietly(marker)
            self._calls_after(None if stopped is not None else before)
            if stopped is not None:
                raise stopped
        return failed

    def claim(self, session_id: str) -> CallClaim:
        """Mark the call as open in this process; CallOpenElsewhere if another one has it."""
        path = self.calls_dir / f"{check_session_id(session_id)}.lock"
        with self._mutex:
            before = self._calls_before()
            try:
                ensure_private_dir(self.calls_dir)  # not there if the store opened read-only
                return claim_call(session_id, path)
            except OSError as exc:
                raise StoreWriteError(path, os_reason(exc)) from exc
            finally:
                self._calls_after(before)

    def checkpoint(self) -> None:
        """Note that the index matches calls/ as this process leaves it, so the next start
        needs no listing of calls/. Runs at exit; does nothing unless every change made to
        calls/ since start-up was this process's own."""
        with self._mutex:
            try:
                self.write_deferred_index()
            except StoreError:
                return  # the markers left behind make the next start check calls/
            seen = self._calls_seen
            if seen is None or self.unwritable is not None:
                return
            if seen == self._calls_recorded and not self._touched:
                return  # nothing saved since the manifest was read or written: no lock needed
            wait = SETTLED_NS - (time.time_ns() - seen[1])
            if 0 < wait <= SETTLED_NS:
                time.sleep(wait / 1e9)  # a change in the same clock tick would go unseen
            with contextlib.suppress(OSError), self._index.locked():
                manifest = read_manifest(self._index.dir)
                current = dir_sig(self.calls_dir)
                if manifest is None or current != seen or not settled(current):
                    return
                if manifest.changed_files(index_file_sigs(self._index.dir)):
                    return  # an index file changed behind our back: the next start checks
                touched = {k: v for k, v in self._touched.items() if manifest.touched.get(k) != v}
                if manifest.calls_dir == current and not touched:
                    return
                manifest.calls_dir = current
                manifest.touched.update(touched)
                write_manifest(self._index.dir, manifest)
                self._touched.clear()
                self._calls_recorded = current

    def _calls_before(self) -> DirSig | None:
        """calls/ before one of our writes, if it is still as we last knew it."""
        if self._calls_seen is None:
            return None
        current = dir_sig(self.calls_dir)
        return current if current == self._calls_seen else None

    def _calls_after(self, before: DirSig | None) -> None:
        """After our write: follow calls/ along if nothing else had touched it before."""
        self._calls_seen = dir_sig(self.calls_dir) if before is not None else None

    def adopt(self, entries: Mapping[str, Entry]) -> ReconcileResult:
        """Index call files written by other means (a bulk import, a benchmark's history),
        using ``entries`` (id -> summary, as ``index_entry`` makes them) instead of reading
        each file; a listed call without an entry is read, an entry without a file ignored."""
        with self._mutex:
            try:
                with self._index.locked():
                    self._index.ensure()
                    listing = scan(self.calls_dir)
                    checked = dir_sig(self.calls_dir)
                    result = self._rebuild_locked(listing, set(), why=None, seeds=entries)
                    revisions = call_revisions(self.calls_dir, listing.ids)
                    skipped = self._skipped_names(listing)
                    self._note_checked(listing, checked, None, revisions, set(), skipped)
            except OSError as exc:
                raise StoreWriteError(self.index_path, os_reason(exc)) from exc
            return result

    def reconcile(self) -> ReconcileResult:
        """Compare every index file with calls/ and repair what differs (reads every shard).

        Start-up does this only when it finds a reason to (see the module docstring); call it
        after changing the calls folder by hand. What it did is also added to ``problems``.
        """
        with self._mutex:
            try:
                with self._index.locked():
                    self._index.ensure()
                    listing = scan(self.calls_dir)
                    markers = dead(listing.pending)
                    reread = {marker.target for marker in markers}
                    result = self._rebuild_locked(listing, reread, why=None)
            except OSError as exc:
                raise StoreWriteError(self.index_path, os_reason(exc)) from exc
            for marker in markers:
                remove_quietly(marker.path)
            self._report_result(result, in_flight(listing, markers))
            return result

    def rebuild_index(self) -> ReconcileResult:
        """Rebuild every index file from the call files, reading each one (`doctor --repair`)."""
        with self._mutex:
            try:
                with self._index.locked():
                    self._index.ensure()
                    listing = scan(self.calls_dir)
                    result = self._rebuild_locked(listing, set(listing.ids), why=None)
            except OSError as exc:
                raise StoreWriteError(self.index_path, os_reason(exc)) from exc
            self._known.clear()
            return result

    # ----------------------------------------------------------------- reading

    def load(self, session_id: str) -> CallRecord:
        """The stored call, decoded and checked. SessionNotFound, or CorruptFile after moving the
        file aside (UnusableRecord, left in place, when it parses but is no call record).

        Either way the call is dropped from the index, so lists stop offering it.
        """
        check_session_id(session_id)
        if (linked := calls_link_words(self.calls_dir)) is not None:
            # Not "unreadable": the call is kept in the list until calls/ is a folder again.
            raise CallsLinked(linked, self.calls_dir)
        with self._mutex:
            try:
                return self._read_record(session_id)
            except UnusableRecord:
                with contextlib.suppress(StoreError, OSError):
                    self._forget(session_id, unusable=True)
                raise
            except (CorruptFile, SessionNotFound, OddCallFile):
                with contextlib.suppress(StoreError, OSError):
                    self._forget(session_id)
                raise
            except FileNotFoundError:
                raise SessionNotFound(session_id, self.call_path(session_id)) from None
            except OSError as exc:
                path = self.call_path(session_id)
                self.unreadable.add(session_id)
                with contextlib.suppress(StoreError, OSError):
                    # Left out of the lists from now on, and said by every start while it
                    # stays unreadable (the manifest names it); back once it can be read.
                    self._forget(session_id, unusable=True)
                raise CallUnreadable(session_id, path, os_reason(exc)) from exc

    def open_summaries(self) -> list[dict[str, Any]]:
        """Summaries of open calls (unfinished, or a next step not yet done), newest first.

        Reads only open.json: what the home screen and follow-ups need, at any history size.
        """
        return newest_first(self._read_index(lambda index: index.read_open()).values())

    def in_progress(self) -> list[dict[str, Any]]:
        """Summaries of calls that were never completed (e.g. to offer resuming them)."""
        return [s for s in self.open_summaries() if s.get("status") == "in_progress"]

    def summaries_for(self, prospect_key: str) -> list[dict[str, Any]]:
        """Summaries of one prospect's calls, newest first; reads only the shards holding them."""

        def read(index: IndexReads) -> list[Entry] | None:
            members = index.read_members(prospect_key)
            if members is None:
                return None
            wanted: dict[str, list[str]] = {}
            for session_id in members:
                if isinstance(session_id, str):
                    wanted.setdefault(shard_name(session_id), []).append(session_id)
            found: list[Entry] = []
            for name, ids in wanted.items():
                shard = index.read_shard(name)
                found.extend(shard[session_id] for session_id in ids if session_id in shard)
            return found

        return newest_first(self._read_index(read))

    def quiet_prospects(self) -> QuietIndex:
        """The went-silent index (prospect key -> what their calls say, see quiet.py).

        Reads only quiet.json: who went silent costs the same at any history size.
        """
        return QuietIndex(self.quiet_made(QuietEntry))

    def quiet_made(self, make: Make[Made]) -> dict[str, Made]:
        """quiet_prospects, each checked entry given to ``make`` (see quiet.py): a list of
        thousands makes what it shows from the entries, without a QuietEntry for each."""
        return self._read_index(lambda index: index.read_quiet_made(make))

    def summaries(self) -> list[dict[str, Any]]:
        """Every summary, newest first; reads every shard (history, stats), never a call file."""

        def read(index: IndexReads) -> list[Entry]:
            entries: list[Entry] = []
            for name in index.shard_names():
                entries.extend(index.read_shard(name).values())
            return entries

        return newest_first(self._read_index(read))

    def iter_records(self) -> Iterator[CallRecord]:
        """Every readable record, by id (reads each call file; for exports)."""
        try:
            listing = scan(self.calls_dir)
        except OSError as exc:
            raise StoreError(
                f"Could not list the calls in {self.calls_dir} ({os_reason(exc)}).",
                self.calls_dir,
            ) from exc
        self._report_odd(listing)
        for session_id in sorted(listing.ids):
            try:
                record = self.load(session_id)
            except StoreError as exc:
                self.note_skipped(exc)
                continue
            yield record

    def note_skipped(self, exc: StoreError) -> None:
        """Say (once) why a listed call is left out; a damaged file was said when moved."""
        if isinstance(exc, SessionNotFound | CorruptFile):
            return  # gone meanwhile, or already reported when moved aside or found unusable
        if isinstance(exc, OddCallFile | CallsLinked):
            if exc.message not in self.problems:
                self.problems.append(exc.message)  # the listing's own words: said once
            return
        self.problems.append(f"{exc} That call is skipped.")

    def _report_odd(self, listing: CallsListing) -> None:
        if listing.linked:
            said = calls_link_words(self.calls_dir)
            if said is not None and said not in self.problems:
                self.problems.append(said)
        for path in listing.odd:
            self.problems.append(odd_file_message(path))

    # ----------------------------------------------------------------- index internals

    def _read_index(self, reader: Callable[[IndexReads], T | None]) -> T:
        """A lock-free index read; a damaged or missing file is rebuilt once, then read again.

        When the rebuild cannot be written (a full or read-only disk) the answer comes from an
        index built in memory from the call files: slower, but nothing stored goes missing.
        """
        with self._mutex:
            try:
                if self._index_unchecked:
                    value = reader(self._index_in_memory())
                    if value is not None:
                        return value
                try:
                    value = reader(self._index)
                    if value is not None:
                        return value
                except DamagedData:
                    pass
                except OSError as exc:  # e.g. a file `sudo callmate` left: not ours to read
                    self.problems.append(
                        f"Could not read the list of calls in {self.index_path} "
                        f"({os_reason(exc)}{f': {exc.filename}' if exc.filename else ''}); "
                        "the list was made from the call "
                        "files instead. `callmate doctor` says what to do."
                    )
                    self._index_unchecked = True
                    value = reader(self._index_in_memory())
                    if value is not None:
                        return value
                try:
                    self._repair(reader)
                except StoreWriteError as exc:
                    self._note_unwritable(exc.reason)
                    value = reader(self._index_in_memory())
                else:
                    value = reader(self._index)
            except (DamagedData, OSError) as exc:
                reason = exc.reason if isinstance(exc, DamagedData) else os_reason(exc)
                raise StoreError(
                    f"Could not read the list of calls in {self.index_path} ({reason}).",
                    self.index_path,
                ) from exc
            if value is None:
                raise StoreError(
                    f"The list of calls in {self.index_path} could not be rebuilt.",
                    self.index_path,
                )
            return value

    def _repair(self, reader: Callable[[IndexReads], object]) -> None:
        """Under the lock, check again (another window may have fixed it) and rebuild if not."""
        try:
            with self._index.locked():
                self._index.ensure()
                try:
                    if reader(self._index) is not None:
                        return
                    why = "was incomplete (a file was missing)"
                except DamagedData as exc:
                    why = f"was damaged ({exc.reason})"
                self._rebuild_locked(scan(self.calls_dir), set(), why=why)
        except OSError as exc:
            raise StoreWriteError(self.index_path, os_reason(exc)) from exc

    def _index_in_memory(self) -> MemoryIndex:
        """Every summary, from readable index files where they can be trusted, else from the
        call files (the same choice reconcile() makes), without writing anything."""
        existing: dict[str, Entry] = {}
        with contextlib.suppress(OSError):
            for name in self._index.shard_names():
                with contextlib.suppress(DamagedData, OSError):
                    existing.update(self._index.read_shard(name))
        entries: dict[str, Entry] = {}
        listing = scan(self.calls_dir)
        # A pending marker says the call was saved after its summary was written (the index
        # could not be updated then): its summary is read again from the file.
        pending = {marker.target for marker in listing.pending}
        for session_id in listing.ids:
            old = existing.get(session_id)
            if old is not None and old.get("status") != "in_progress" and session_id not in pending:
                entries[session_id] = old
            elif (entry := self._entry_from_file(session_id)) is not None:
                entries[session_id] = entry
        return MemoryIndex(entries)

    def _note_root_open(self, mode: int | None) -> None:
        """Say at every start that the data folder can be written by others (it is left as it
        is: callmate may not have made it, and a shared folder's mode is not callmate's to
        change); `callmate doctor --repair` makes it private."""
        if mode is None or not mode & 0o022:
            return  # only readable by others: its files and calls/ are private all the same
        self.problems.append(
            f"The data folder {self.root} {open_to_others(mode)} (mode {mode:o}), so someone "
            "else could change the calls in it. callmate leaves its permissions as they are; "
            "`callmate doctor --repair` makes it private (700) and checks the files in it."
        )

    def _note_was_open(self, folder: Path, mode: int | None) -> None:
        """Say once that a folder others could write to was made private just now: what is
        in it may have been changed by someone else."""
        if mode is None or not mode & 0o022:
            return  # only readable by others (a folder made with the usual umask): no news
        self.problems.append(
            f"{folder} {open_to_others(mode)} (mode {mode:o}); callmate made it private "
            "(700). Files in it may have been changed by someone else: run `callmate doctor` "
            "to check them."
        )

    def _index_lags(self, exc: StoreWriteError) -> None:
        """Say once that calls are saved but the list of calls cannot be updated (and why),
        and make lists from the call files from now on."""
        self._index_unchecked = True
        if self._said_index_lags:
            return
        self._said_index_lags = True
        self.problems.append(
            f"Calls are saved, but the list of calls in {self.index_path} cannot be updated: "
            f"{exc.reason}. Lists are made from the call files until then; "
            "`callmate doctor --repair` moves it aside."
        )

    def _note_unwritable(self, reason: str | None, where: object = None) -> None:
        """Say once that the folder (or the one file or folder ``where`` in it) cannot be
        written, and what callmate does about it."""
        if reason is None or self.unwritable is not None:
            return
        self.unwritable = reason
        what = f"The data folder {self.root}"
        named = str(where) if isinstance(where, str | Path) else None
        if named is not None and os.path.abspath(named) != os.path.abspath(self.root):
            what = f"{named} in the data folder"  # the folder itself may be fine
        self.problems.append(
            f"{what} cannot be written to ({reason}). Stored calls can "
            "still be read; a call goes on in memory with a warning on screen and is saved as "
            "soon as space is freed or the folder can be written again."
        )

    def _indexed_entry(self, session_id: str) -> Entry | None:
        """The summary the index holds now (None if unknown or unreadable: write it again)."""
        current = signature(self.shard_path(session_id))
        known = self._known.get(session_id)
        if known is not None and current is not None and known[1] == current:
            return known[0]
        try:
            entry = self._index.read_shard(shard_name(session_id)).get(session_id)
        except (OSError, DamagedData):
            return None
        if entry is not None:
            self._remember(entry, current)
        return entry

    def _remember(self, entry: Entry, shard_signature: Signature) -> None:
        self._known.pop(entry["id"], None)
        self._known[entry["id"]] = (entry, shard_signature)
        while len(self._known) > KNOWN_LIMIT:
            del self._known[next(iter(self._known))]

    def _write_entries(
        self, entries: list[Entry], remember: bool, touched: Mapping[str, Revision]
    ) -> None:
        """Put summaries in the index under the lock; rebuild it if a file turns out damaged."""
        try:
            with self._index.locked():
                self._index.ensure()
                txn = self._index.txn(tolerant=False)
                try:
                    for entry in entries:
                        txn.put(entry)
                    txn.commit()
                    self._note_written(touched, _unfinished(txn))
                except IndexDamaged:
                    ids = {entry["id"] for entry in entries}
                    self._rebuild_locked(
                        scan(self.calls_dir),
                        ids,
                        why="was incomplete (a file was missing)",
                        damaged=txn.damaged,
                    )
                if remember:
                    for entry in entries:
                        self._remember(entry, signature(self.shard_path(entry["id"])))
        except OSError as exc:
            raise StoreWriteError(self.index_path, os_reason(exc)) from exc

    def _note_written(self, touched: Mapping[str, Revision], unfinished: list[str] | None) -> None:
        """Record the index files as this transaction left them (index.lock held).

        If that fails the next start finds them changed and rebuilds: slower, never wrong.
        """
        with contextlib.suppress(OSError):
            record_written(self._index.dir, touched, unfinished)

    def _forget(self, session_id: str, unusable: bool = False) -> None:
        """Drop a call whose file is gone (or was moved to quarantine) from the index.

        ``unusable``: its file stays in calls/ but holds no usable record (found by a read
        after start-up, e.g. edited in place): it is dropped too, and named in the manifest so
        every later start says it again while it stays (see ``still_skipped``).
        """
        self._known.pop(session_id, None)
        try:
            listed = self._index.read_shard(shard_name(session_id))
            opened = self._index.read_open() or {}
        except DamagedData:
            return  # the next list read rebuilds the index, without this call
        if session_id not in listed and session_id not in opened and not unusable:
            return
        with self._index.locked():
            if unusable:
                if not self.still_skipped(f"{session_id}.json"):
                    return  # saved again meanwhile: the index is right
                note_skipped(self._index.dir, f"{session_id}.json")
                if session_id not in listed and session_id not in opened:
                    return
            elif self.call_path(session_id).exists():
                return  # saved again meanwhile: the index is right
            txn = self._index.txn(tolerant=False)
            try:
                txn.drop(session_id)
                txn.commit()
                self._note_written({}, _unfinished(txn))
            except IndexDamaged:
                self._rebuild_locked(scan(self.calls_dir), set(), why=None, damaged=txn.damaged)

    def _rebuild_locked(
        self,
        listing: CallsListing,
        reread: set[str],
        why: str | None,
        damaged: Sequence[Damage] = (),
        seeds: Mapping[str, Entry] | None = None,
    ) -> ReconcileResult:
        """Reconcile every index file with ``listing`` (index.lock held) and say why it ran.

        Never from a calls/ that is a link: nothing in it was listed, and every call would be
        dropped from the list (OSError ELOOP instead, as for any link in the data folder)."""
        if listing.linked:
            raise OSError(errno.ELOOP, "is a symbolic link", str(self.calls_dir))
        txn = self._index.txn(tolerant=True)
        result = reconcile(txn, listing.ids, reread, self._entry_from_file, seeds)
        txn.commit()
        self._note_written({}, _unfinished(txn))
        with contextlib.suppress(OSError):  # unrecorded: the next start lists calls/ again
            set_skipped(self._index.dir, self._skipped_names(listing))
        self._index_unchecked = False
        found = [*damaged, *txn.damaged]
        for damage in found:
            kept = f" Its contents were kept in {damage.moved_to}." if damage.moved_to else ""
            self.problems.append(
                f"The list of calls file {damage.path} was damaged ({damage.reason}); it was "
                f"rebuilt from the call files.{kept}"
            )
        if why and not found:
            self.problems.append(
                f"The list of calls in {self.index_path} {why}; it was rebuilt from the call files."
            )
        return result

    # ----------------------------------------------------------------- start-up

    def _recover(self) -> None:
        """Clean up after a crash and make sure the index matches calls/ (see module doc).

        When the manifest shows the index files and calls/ exactly as callmate left them, a
        few ``stat`` calls are the whole check; otherwise calls/ is listed and compared.
        """
        listing: CallsListing | None = None
        try:
            with self._index.locked():
                self._index.ensure()
                # Index files are derived data: unfinished copies go without a report.
                for folder in (self.root, self._index.dir, self._index.months_dir):
                    remove_dead_temps(folder)
                manifest = read_manifest(self._index.dir)
                if self._unchanged_since(manifest):
                    return
                listing = scan(self.calls_dir)
                if listing.linked:
                    # The calls were most likely moved away and linked back: the list is kept
                    # as it was (every call would look gone), and checked once it is a folder.
                    self._report_odd(listing)
                    return
                if self._recover_call_temps(listing):
                    listing = scan(self.calls_dir)  # a recovered save may have added a call
                markers = dead(listing.pending)
                saving = in_flight(listing, markers)
                checked = dir_sig(self.calls_dir)
                found = self._check_index(listing, {m.target for m in markers}, saving, manifest)
                for marker in markers:
                    remove_quietly(marker.path)
                revisions = found.revisions
                if self.left_damaged:
                    # A damaged call that could not be moved aside stays in calls/: no quick
                    # start next time, so every start finds it again and says so.
                    checked = None
                    revisions = {k: v for k, v in revisions.items() if k not in self.left_damaged}
                skipped = self._skipped_names(listing)
                with contextlib.suppress(OSError):  # unrecorded: the next start checks again
                    self._note_checked(listing, checked, manifest, revisions, saving, skipped)
        except (OSError, StoreWriteError) as exc:
            self._index_unchecked = True
            reason = exc.reason if isinstance(exc, StoreWriteError) else os_reason(exc)
            where = exc.path if isinstance(exc, StoreWriteError) else exc.filename
            if isinstance(exc, NotADirectoryError) and where:
                self.problems.append(
                    f"{where} is not a folder, so the list of calls in {self.index_path} "
                    "cannot be used; lists are made from the call files instead (slower). "
                    "`callmate doctor --repair` moves it aside and rebuilds the list."
                )
            elif refused(exc):
                self._note_unwritable(reason, where)
            elif isinstance(exc, OSError) and (
                exc.errno == errno.ELOOP or isinstance(exc, HardLinked | NotRegularFile)
            ):
                # A link (or FIFO, or second name) planted where a file of ours should be:
                # waiting for the folder to be writable would never fix it.
                self.problems.append(
                    f"Could not check the list of calls in {self.root}: {reason}. Lists are "
                    "made from the call files until then."
                )
            elif self.unwritable is None:
                self.problems.append(
                    f"Could not check the list of calls in {self.root} ({reason}); "
                    "lists may be incomplete until that folder can be written to again."
                )
            return
        self._report_odd(listing)
        if found.line is not None:
            self.problems.append(found.line)
        elif found.result is not None:
            self._report_result(found.result, saving)

    def _unchanged_since(self, manifest: Manifest | None) -> bool:
        """The quick check: index files and calls/ as the manifest says callmate left them.

        True if nothing else is needed (the index lock is held).
        """
        if manifest is None or (self.root / LEGACY_INDEX).exists():
            return False
        calls = dir_sig(self.calls_dir)
        if calls is None or calls != manifest.calls_dir:
            return False
        if manifest.changed_files(index_file_sigs(self._index.dir)):
            return False
        unfinished = manifest.unfinished
        if unfinished is None:
            try:
                opened = self._index.read_open()
            except DamagedData:
                return False
            if opened is None:
                return False
            unfinished = [sid for sid, e in opened.items() if e.get("status") == "in_progress"]
        # Unfinished calls were always re-read at start-up; now a stat says whether one was
        # written in place since calls/ was checked (our own saves rename, changing calls/).
        folder = os.fspath(self.calls_dir)
        for session_id in unfinished:
            rev = revision(f"{folder}/{session_id}.json")
            if rev is None or rev[0] > calls[1]:
                return False
        # What the last full check skipped is looked at again (a few files at most), so each
        # command says it while it stays; one now readable (fixed in place) needs a full check.
        for name in manifest.skipped:
            if not self.still_skipped(name):
                return False
        self._calls_seen = self._calls_recorded = calls
        return True

    def _check_index(
        self,
        listing: CallsListing,
        reread: set[str],
        saving: set[str],
        manifest: Manifest | None,
    ) -> IndexCheck:
        """The start-up check after a listing; a full reconcile only when it finds something off.

        Besides the names, it compares each call's revision with the one its summary was taken
        from, and the index files with what callmate last wrote (see manifest.py).
        """
        legacy = self.root / LEGACY_INDEX
        revisions = call_revisions(self.calls_dir, listing.ids)
        if legacy.exists():
            return IndexCheck(self._migrate(legacy, listing, reread), revisions)
        known = read_revisions(self._index.dir)
        if manifest is not None and known is not None:
            known.update(manifest.touched)
        edited: set[str] = set()
        if known is not None:
            edited = {
                sid
                for sid, rev in revisions.items()
                if (old := known.get(sid)) is not None and old != rev and sid not in saving
            }
        changed_files: list[str] = []
        if manifest is not None and not reread:  # a crash explains a half-written index
            changed_files = manifest.changed_files(index_file_sigs(self._index.dir))
        health = index_health(self._index, listing, saving, self._in_progress_changed)
        if not (health.needs_rebuild or reread or edited or changed_files):
            return IndexCheck(None, revisions)
        if not (edited or changed_files) or health.why:
            result = self._rebuild_locked(listing, reread | health.stale | edited, why=health.why)
            return IndexCheck(result, revisions)
        # Summaries in a month file changed by something else cannot be trusted: re-read that
        # month's calls (a few hundred at most), and every call whose revision changed.
        months = {name.removeprefix("months/").removesuffix(".json") for name in changed_files}
        months.discard("open")
        months.discard("prospects")
        reread |= {sid for sid in listing.ids if shard_name(sid) in months}
        result = self._rebuild_locked(listing, reread | health.stale | edited, why=None)
        line = _one_line(self.index_path, result, changed_files, edited, saving)
        return IndexCheck(result, revisions, line)

    def _note_checked(
        self,
        listing: CallsListing,
        checked: DirSig | None,
        manifest: Manifest | None,
        revisions: dict[str, Revision],
        saving: set[str],
        skipped: list[str],
    ) -> None:
        """After a full check: keep each call's revision, and calls/ as it was checked, so the
        next start can skip the listing (only if calls/ did not change meanwhile)."""
        if saving:
            return  # another window is between writes: let the next start look again
        known = read_revisions(self._index.dir)
        if known != revisions:
            write_revisions(self._index.dir, revisions)
        current = dir_sig(self.calls_dir)
        after = read_manifest(self._index.dir) or Manifest()
        after.files = index_file_sigs(self._index.dir)
        after.touched = {}
        after.skipped = skipped
        after.calls_dir = current if current == checked and settled(current) else None
        if after != manifest:
            write_manifest(self._index.dir, after)
        if current == checked:
            self._calls_seen = current  # checkpoint() records it once it has settled
        self._calls_recorded = after.calls_dir
        del listing  # only its ids were needed, through ``revisions``

    def _skipped_names(self, listing: CallsListing) -> list[str]:
        """Names in calls/ that the check just made left out and said why (see manifest)."""
        names = {path.name for path in listing.odd}
        names |= {f"{sid}.json" for sid in self.unusable | self.unreadable if sid in listing.ids}
        return sorted(names)

    def _in_progress_changed(self, session_id: str, entry: Entry) -> bool:
        return self._entry_from_file(session_id) != entry

    def _migrate(self, legacy: Path, listing: CallsListing, reread: set[str]) -> ReconcileResult:
        """Move from the single index.json to the index folder, then delete index.json."""
        damaged: list[Damage] = []
        seeds: dict[str, Entry] = {}
        try:
            seeds = read_table(legacy, "sessions", "id") or {}
        except DamagedData as exc:
            damaged.append(Damage(legacy, exc.reason, quarantine(legacy, self.quarantine_dir)))
        result = self._rebuild_locked(listing, reread, why=None, damaged=damaged, seeds=seeds)
        remove_quietly(legacy)  # only now: the new index is complete
        return result

    def _report_result(self, result: ReconcileResult, saving: set[str]) -> None:
        # Calls another window is saving right now are not "missing", just in flight.
        added = [session_id for session_id in result.added if session_id not in saving]
        if added:
            self.problems.append(
                f"{counted(len(added), 'call')} {were(len(added))} missing from the list of calls "
                f"and {were(len(added))} "
                f"added back: {_some(added)}."
            )
        if result.dropped:
            self.problems.append(
                f"{counted(len(result.dropped), 'call')} in the list had no file in "
                f"{self.calls_dir} "
                f"any more and {were(len(result.dropped))} removed from the list: "
                f"{_some(result.dropped)}."
            )


_OPEN_STORES: weakref.WeakSet[Store] = weakref.WeakSet()


@atexit.register
def _checkpoint_open_stores() -> None:
    """At a clean exit, let the next start skip listing calls/ (see Store.checkpoint)."""
    for store in list(_OPEN_STORES):
        with contextlib.suppress(Exception):
            store.checkpoint()


def _planted(exc: BaseException | None) -> bool:
    """True for what stands where a file of the index should be and that no retry removes:
    a link, a folder or FIFO (NotRegularFile), a file with another name (HardLinked)."""
    return isinstance(exc, OSError) and (
        exc.errno == errno.ELOOP or isinstance(exc, HardLinked | NotRegularFile)
    )
