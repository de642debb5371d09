"""The Store: one small TinyDB file per call plus a summary index, safe against kills and
against two callmate windows sharing the folder.

Recording an answer rewrites only that call's file (~0.5 ms whatever the number of calls);
index.json is rewritten only when the call's summary changes (start, end, next step...).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from tinydb.table import Table

from callmate.store.atomic import TEMP_RE, DamagedData, open_private
from callmate.store.callfile import read_call, write_call
from callmate.store.errors import (
    CorruptFile,
    SessionNotFound,
    StoreError,
    StoreWriteError,
)
from callmate.store.index import Entry, Index, drop_entry, put_entries, put_entry, reconcile
from callmate.store.locks import CallClaim, claim_call, pid_alive
from callmate.store.paths import check_session_id, ensure_private_dir
from callmate.store.quarantine import quarantine
from callmate.store.recovery import (
    dead,
    pending_marker,
    recover_call_temp,
    remove_quietly,
    scan,
)
from callmate.store.summary import Summarize, default_summary, index_entry


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _some(ids: list[str], shown: int = 5) -> str:
    """A readable list of ids that stays short when thousands are involved."""
    text = ", ".join(ids[:shown])
    return f"{text} and {len(ids) - shown} more" if len(ids) > shown else text


class Store:
    """Call records on disk under ``root``; see the package docstring for the layout.

    Opening the store repairs what a crash left behind and lists what it did in ``problems``.
    Methods are safe to call from several threads of one process.
    """

    def __init__(self, root: Path, summarize: Summarize = default_summary) -> None:
        self.root = Path(root)
        self.calls_dir = self.root / "calls"
        self.quarantine_dir = self.root / "quarantine"
        self.summarize = summarize
        self.problems: list[str] = []
        self._mutex = threading.RLock()
        try:
            for folder in (self.root, self.calls_dir, self.quarantine_dir):
                ensure_private_dir(folder)
        except OSError as exc:
            raise StoreWriteError(self.root, _reason(exc)) from exc
        self._index = Index(self.root / "index.json", self.root / "index.lock", self.quarantine_dir)
        with self._mutex:
            self._recover()

    @property
    def index_path(self) -> Path:
        return self._index.path

    def call_path(self, session_id: str) -> Path:
        return self.calls_dir / f"{check_session_id(session_id)}.json"

    # ----------------------------------------------------------------- writing

    def save(self, record: Mapping[str, Any]) -> None:
        """Durably store ``record`` (replacing the call's previous version).

        Raises StoreWriteError if the disk refuses; nothing is lost on disk and the same save can
        simply be tried again later.
        """
        session_id = check_session_id(record.get("id"))
        entry = index_entry(record, self.summarize)
        path = self.call_path(session_id)
        with self._mutex:
            index_stale = self._indexed_entry(session_id) != entry
            marker = pending_marker(self.calls_dir, session_id)
            try:
                ensure_private_dir(self.calls_dir)
                if index_stale:
                    os.close(open_private(marker, os.O_WRONLY))
                write_call(path, record, lambda exc: self._move_aside(path, exc))
            except OSError as exc:
                raise StoreWriteError(path, _reason(exc)) from exc
            if index_stale:
                try:
                    with self._index_txn() as table:
                        put_entry(table, entry)
                except OSError as exc:
                    raise StoreWriteError(self.index_path, _reason(exc)) from exc
                remove_quietly(marker)

    def save_many(self, records: Sequence[Mapping[str, Any]]) -> dict[str, str]:
        """Store many records with one index write (imports): the cost stays linear.

        Returns the ids that could not be stored, with the reason (e.g. a value JSON cannot
        hold); StoreWriteError if the disk refuses, after which the same call can be retried.
        """
        failed: dict[str, str] = {}
        entries: list[dict[str, Any]] = []
        markers: list[Path] = []
        with self._mutex:
            for record in records:
                session_id = check_session_id(record.get("id"))
                path = self.call_path(session_id)
                marker = pending_marker(self.calls_dir, session_id)
                try:
                    os.close(open_private(marker, os.O_WRONLY))
                    markers.append(marker)
                    write_call(path, record, lambda exc, p=path: self._move_aside(p, exc))
                except OSError as exc:
                    raise StoreWriteError(path, _reason(exc)) from exc
                except (RecursionError, TypeError, ValueError) as exc:
                    failed[session_id] = str(exc)
                    continue
                entries.append(index_entry(record, self.summarize))
            if entries:
                try:
                    with self._index_txn() as table:
                        put_entries(table, entries)
                except OSError as exc:
                    raise StoreWriteError(self.index_path, _reason(exc)) from exc
            for marker in markers:
                remove_quietly(marker)
        return failed

    def claim(self, session_id: str) -> CallClaim:
        """Mark the call as open in this process; CallOpenElsewhere if another one has it."""
        path = self.calls_dir / f"{check_session_id(session_id)}.lock"
        try:
            return claim_call(session_id, path)
        except OSError as exc:
            raise StoreWriteError(path, _reason(exc)) from exc

    # ----------------------------------------------------------------- reading

    def load(self, session_id: str) -> dict[str, Any]:
        """The stored record. SessionNotFound, or CorruptFile after moving the file aside."""
        check_session_id(session_id)
        with self._mutex:
            try:
                return self._read_record(session_id)
            except CorruptFile:
                with contextlib.suppress(OSError), self._index_txn() as table:
                    drop_entry(table, session_id)
                raise
            except OSError as exc:
                path = self.call_path(session_id)
                raise StoreError(f"Could not read {path} ({_reason(exc)}).", path) from exc

    def summaries(self) -> list[dict[str, Any]]:
        """Index entries, newest call first; reads index.json only, never the call files."""
        with self._mutex:
            try:
                current = self._current_entries()
            except OSError as exc:
                raise StoreError(
                    f"Could not read the list of calls {self.index_path} ({_reason(exc)}).",
                    self.index_path,
                ) from exc
            # Deep copies, so a caller editing a summary cannot alter what save() compares
            # against; a pickle round trip of our own in-memory data is the fastest way.
            entries: list[dict[str, Any]] = pickle.loads(
                pickle.dumps(list(current.values()), pickle.HIGHEST_PROTOCOL)
            )
        entries.sort(key=lambda e: (str(e.get("started") or ""), e["id"]), reverse=True)
        return entries

    def in_progress(self) -> list[dict[str, Any]]:
        """Summaries of calls that were never completed (e.g. to offer resuming them)."""
        return [entry for entry in self.summaries() if entry.get("status") == "in_progress"]

    def iter_records(self) -> Iterator[dict[str, Any]]:
        """Every readable record, by id (reads each call file; for exports)."""
        for session_id in sorted(scan(self.calls_dir).ids):
            with contextlib.suppress(SessionNotFound, CorruptFile):
                yield self.load(session_id)

    # ----------------------------------------------------------------- internals

    def _read_record(self, session_id: str) -> dict[str, Any]:
        path = self.call_path(session_id)
        for _attempt in range(3):
            try:
                record = read_call(path, session_id)
            except DamagedData as exc:
                try:
                    moved = quarantine(path, self.quarantine_dir, exc.raw)
                except OSError:
                    raise CorruptFile(path, None, exc.reason) from None
                if moved is None:
                    continue  # replaced meanwhile (or gone): read it again
                self._report_corrupt(path, moved, exc.reason)
                raise CorruptFile(path, moved, exc.reason) from None
            if record is None:
                raise SessionNotFound(session_id, path)
            return record
        raise CorruptFile(path, None, "it kept changing while being read")

    def _move_aside(self, path: Path, exc: DamagedData) -> None:
        """Before a save replaces a damaged call file, keep its bytes in quarantine."""
        moved = quarantine(path, self.quarantine_dir, exc.raw)
        if moved is not None:
            self._report_corrupt(path, moved, exc.reason)

    def _report_corrupt(self, path: Path, moved: Path, reason: str) -> None:
        self.problems.append(
            f"The call file {path} was damaged ({reason}). It was moved to {moved} "
            "so nothing in it is lost; callmate carries on without it."
        )

    def _entry_from_file(self, session_id: str) -> Entry | None:
        """The index entry for a call file, or None to leave it out of the list."""
        try:
            return index_entry(self._read_record(session_id), self.summarize)
        except (SessionNotFound, CorruptFile):
            return None
        except OSError as exc:
            path = self.calls_dir / f"{session_id}.json"
            self.problems.append(
                f"Could not read {path} ({_reason(exc)}); it is left out of the list of calls "
                "for now. The file itself was not changed."
            )
            return None

    def _indexed_entry(self, session_id: str) -> Entry | None:
        try:
            return self._current_entries().get(session_id)
        except OSError:
            return None  # unknown: the save will try to update the index

    def _current_entries(self) -> dict[str, Entry]:
        try:
            return self._index.entries()
        except DamagedData:
            with self._index_txn():
                pass  # the transaction moves the damaged file aside and rebuilds
            return self._index.entries()

    @contextlib.contextmanager
    def _index_txn(self) -> Iterator[Table]:
        """An index transaction that first rebuilds the index from calls/ if it was damaged."""
        with self._index.transaction() as txn:
            if txn.damage is not None:
                kept = f" Its contents were kept in {txn.moved_to}." if txn.moved_to else ""
                self.problems.append(
                    f"The list of calls ({self.index_path}) was damaged ({txn.damage}); it was "
                    f"rebuilt from the call files.{kept}"
                )
                reconcile(txn.table, scan(self.calls_dir).ids, set(), self._entry_from_file)
            yield txn.table

    def _recover(self) -> None:
        """Clean up after a crash and bring the index in line with calls/ (under the lock)."""
        try:
            with self._index_txn() as table:
                self._recover_temps()
                listing = scan(self.calls_dir)
                markers = dead(listing.pending)
                # Calls another window is saving right now are not "missing", just in flight.
                in_flight = {m.target for m in listing.pending} - {m.target for m in markers}
                result = reconcile(
                    table, listing.ids, {m.target for m in markers}, self._entry_from_file
                )
            for marker in markers:
                remove_quietly(marker.path)
        except OSError as exc:
            self.problems.append(
                f"Could not check the list of calls in {self.root} ({_reason(exc)}); "
                "lists may be incomplete until that folder can be written to again."
            )
            return
        added = [session_id for session_id in result.added if session_id not in in_flight]
        if added:
            self.problems.append(
                f"{len(added)} call(s) were missing from the list of calls and were "
                f"added back: {_some(added)}."
            )
        if result.dropped:
            self.problems.append(
                f"{len(result.dropped)} call(s) in the list had no file in {self.calls_dir} "
                f"any more and were removed from the list: {_some(result.dropped)}."
            )

    def _recover_temps(self) -> None:
        for temp in dead(scan(self.calls_dir).temps):
            try:
                self.problems.append(
                    recover_call_temp(temp, self._file_readable, self._quarantine_call)
                )
            except OSError as exc:
                self.problems.append(
                    f"Could not clean up {temp.path} ({_reason(exc)}); it was left in place."
                )
        # index.json is derived data: its unfinished copies are removed without a report.
        with os.scandir(self.root) as entries:
            for item in entries:
                match = TEMP_RE.fullmatch(item.name)
                if match and not pid_alive(int(match["pid"])):
                    remove_quietly(Path(item.path))

    def _file_readable(self, path: Path, session_id: str) -> bool:
        try:
            return read_call(path, session_id) is not None
        except DamagedData:
            return False

    def _quarantine_call(self, path: Path) -> None:
        moved = quarantine(path, self.quarantine_dir)
        if moved is not None:
            self._report_corrupt(path, moved, "it could not be read")
