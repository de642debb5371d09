"""index.json: one small summary document per call, for fast lists.

The index is derived data: it can always be rebuilt from calls/. Every change is a
read-modify-write done under an exclusive flock with a fresh TinyDB instance, because a TinyDB
Table caches its next document id and would hand out an id another process already used.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Table

from callmate.store.atomic import AtomicJSONStorage, BufferedStorage, DamagedData
from callmate.store.locks import exclusive_lock
from callmate.store.quarantine import quarantine

INDEX_TABLE = "sessions"

Entry = dict[str, Any]
Signature = tuple[int, int, int] | None


def _signature(path: Path) -> Signature:
    """Identity of the file's current version; every atomic replace changes the inode."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def _entries_of(table: Table) -> dict[str, Entry]:
    return {doc["id"]: dict(doc) for doc in table.all() if isinstance(doc.get("id"), str)}


@dataclass
class IndexTxn:
    """An open index transaction: change ``table``; it is written once when the block ends."""

    table: Table
    damage: str | None = None  # why index.json could not be read, if it could not
    moved_to: Path | None = None  # where its bytes were kept


class Index:
    """Lock-free cached reads of index.json, and locked transactions to change it."""

    def __init__(self, path: Path, lock_path: Path, quarantine_dir: Path) -> None:
        self.path = path
        self.lock_path = lock_path
        self.quarantine_dir = quarantine_dir
        self._signature: Signature = None
        self._entries: dict[str, Entry] | None = None

    def entries(self) -> dict[str, Entry]:
        """Entries by call id; index.json is parsed again only when it changed on disk.

        Reading needs no lock: the file is only ever replaced whole. Raises DamagedData.
        """
        signature = _signature(self.path)
        if self._entries is None or signature != self._signature:
            storage = AtomicJSONStorage(self.path)
            self._entries = _entries_of(TinyDB(storage=lambda: storage).table(INDEX_TABLE))
            self._signature = signature
        return self._entries

    @contextlib.contextmanager
    def transaction(self) -> Iterator[IndexTxn]:
        """Lock, read index.json fresh, let the caller change it, write it once if changed.

        A damaged index.json is moved to quarantine and the transaction starts empty; the caller
        sees ``txn.damage`` and must rebuild. Nothing is written if the block raises.
        """
        with exclusive_lock(self.lock_path):
            buffer = BufferedStorage(AtomicJSONStorage(self.path))
            txn = IndexTxn(TinyDB(storage=lambda: buffer).table(INDEX_TABLE))
            try:
                buffer.read()
            except DamagedData as exc:
                txn.damage = exc.reason
                txn.moved_to = quarantine(self.path, self.quarantine_dir, exc.raw)
                buffer.start_empty()
            yield txn
            buffer.commit()
            self._entries = _entries_of(txn.table)
            self._signature = _signature(self.path)


def _replacer(new: Entry) -> Callable[[MutableMapping[str, Any]], None]:
    def replace(doc: MutableMapping[str, Any]) -> None:
        doc.clear()
        doc.update(new)

    return replace


def put_entry(table: Table, entry: Entry) -> None:
    """Insert or replace the entry for ``entry['id']`` (whole document, no stale keys)."""
    session_id = entry["id"]
    if not table.update(_replacer(entry), cond=lambda doc: doc.get("id") == session_id):
        table.insert(entry)


def put_entries(table: Table, entries: list[Entry]) -> None:
    """Insert or replace many entries in one pass over the table (bulk imports)."""
    wanted = {entry["id"]: entry for entry in entries}
    present = {doc.get("id"): doc.doc_id for doc in table.all()}
    for session_id, doc_id in present.items():
        if session_id in wanted:
            table.update(_replacer(wanted.pop(session_id)), doc_ids=[doc_id])
    table.insert_multiple(wanted.values())


def drop_entry(table: Table, session_id: str) -> None:
    table.remove(cond=lambda doc: doc.get("id") == session_id)


@dataclass
class ReconcileResult:
    added: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)


def reconcile(
    table: Table,
    call_ids: set[str],
    reread: set[str],
    entry_for: Callable[[str], Entry | None],
) -> ReconcileResult:
    """Make the index agree with the calls folder, reading as few call files as possible.

    Read again: ids with no entry, entries still in progress (a kill between the call write and
    the index write leaves them stale) and ``reread`` (saves that were cut short). Entries whose
    file is gone are dropped. ``entry_for`` returns None for a file that turned out unreadable.
    All changes are applied in three table operations, not one per call.
    """
    result = ReconcileResult()
    kept: dict[str, Any] = {}
    drop_ids: list[int] = []
    for doc in table.all():
        session_id = doc.get("id")
        if not isinstance(session_id, str) or session_id not in call_ids or session_id in kept:
            drop_ids.append(doc.doc_id)
            if isinstance(session_id, str) and session_id not in call_ids:
                result.dropped.append(session_id)
            continue
        kept[session_id] = doc
    in_progress = {sid for sid, doc in kept.items() if doc.get("status") == "in_progress"}
    wanted = (call_ids - kept.keys()) | in_progress | (reread & call_ids)
    replacements: dict[str, Entry] = {}
    additions: list[Entry] = []
    for session_id in sorted(wanted):
        entry = entry_for(session_id)
        doc = kept.get(session_id)
        if entry is None:
            if doc is not None:
                drop_ids.append(doc.doc_id)
            continue
        if doc is None:
            additions.append(entry)
            result.added.append(session_id)
        elif dict(doc) != entry:
            replacements[session_id] = entry
            result.refreshed.append(session_id)
    if drop_ids:
        table.remove(doc_ids=drop_ids)
    if replacements:
        table.update(
            lambda doc: _replacer(replacements[doc["id"]])(doc),
            doc_ids=[kept[sid].doc_id for sid in replacements],
        )
    if additions:
        table.insert_multiple(additions)
    return result
