"""The index folder: small summary files so lists never open the call files.

    index/open.json          summaries of calls still "open" (unfinished, or a next step to do)
    index/months/<YYYY-MM>.json  every summary, one file per month of the call's id
    index/prospects/<xx>.json  prospect key -> the ids of that prospect's calls, one file per
                             64th of the keys (by a hash of the key, see layout.prospect_shard)
    index/quiet.json         one entry per prospect who went quiet (see quiet.py)

The index is derived data: it can always be rebuilt from calls/. open.json, the prospect files
and quiet.json are derived from the month shards. Changes are made under index.lock with fresh
TinyDB instances (see tables.py); each file is replaced atomically, and a transaction writes
the shards, then open.json, the prospect files and quiet.json. Together the prospect files list
every indexed id, the cheap answer to "which calls does the index know?" that start-up compares
with the calls folder. (An index made before them had one prospects.json: a rebuild removes it.)
"""

from __future__ import annotations

import bisect
import contextlib
import os
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Protocol

from callmate.core.immutable import immutable
from callmate.store.atomic import DamagedData, fsync_dir
from callmate.store.errors import StoreWriteError
from callmate.store.layout import (
    PROSPECT_FILE_RE,
    SHARD_FILE_RE,
    is_open,
    prospect_of,
    prospect_shard,
    shard_name,
)
from callmate.store.locks import exclusive_lock
from callmate.store.paths import ensure_private_dir, os_reason
from callmate.store.quarantine import quarantine
from callmate.store.quiet import (
    QUIET_KEY,
    QUIET_TABLE,
    Made,
    Make,
    QuietEntry,
    QuietIndex,
    check_quiet,
    counts,
    may_start_silence,
    quiet_doc,
    quiet_of_entries,
    read_quiet_made,
    silences_made,
)
from callmate.store.tables import Doc, SingleDocFile, TableFile, read_single, read_table

SUMMARY_TABLE = "sessions"
PROSPECT_TABLE = "prospects"

Entry = Doc


class IndexDamaged(Exception):
    """A transaction found an index file damaged (now in quarantine) or missing: rebuild."""


@immutable
class Damage:
    """An index file that did not decode, and where it was moved."""

    path: Path
    reason: str
    moved_to: Path | None


def check_prospects(doc: Doc, name: str, raw: bytes = b"") -> dict[str, list[str]]:
    """One prospect file's map, if every value is a list and every key belongs in file ``name``
    (the ids in it are checked where used)."""
    for key, ids in doc.items():
        if not isinstance(ids, list):
            raise DamagedData(f"the prospect {key!r} has no list of call ids", raw)
        if prospect_shard(key) != name:
            raise DamagedData(f"the prospect {key!r} is listed in the wrong file", raw)
    return doc


class IndexFolder:
    """Paths and lock-free reads of the index files; transactions are made with ``txn()``."""

    def __init__(self, root: Path, quarantine_dir: Path) -> None:
        self.dir = root / "index"
        self.months_dir = self.dir / "months"
        self.open_path = self.dir / "open.json"
        self.prospects_dir = self.dir / "prospects"
        self.legacy_prospects_path = self.dir / "prospects.json"
        self.quiet_path = self.dir / "quiet.json"
        self.lock_path = root / "index.lock"
        self.quarantine_dir = quarantine_dir

    def shard_path(self, name: str) -> Path:
        return self.months_dir / f"{name}.json"

    def prospect_path(self, name: str) -> Path:
        return self.prospects_dir / f"{name}.json"

    def ensure(self) -> None:
        for folder in (self.dir, self.months_dir, self.prospects_dir):
            ensure_private_dir(folder)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        with exclusive_lock(self.lock_path):
            yield

    # ------------------------------------------------------------- lock-free reads

    def shard_names(self) -> list[str]:
        """Names of the month shards on disk (a directory listing, no file is read)."""
        try:
            with os.scandir(self.months_dir) as entries:
                return sorted(
                    match["name"] for item in entries if (match := SHARD_FILE_RE.match(item.name))
                )
        except FileNotFoundError:
            return []

    def read_open(self) -> dict[str, Entry] | None:
        """open.json by id; None if missing, DamagedData if damaged."""
        return read_table(self.open_path, SUMMARY_TABLE, "id")

    def read_shard(self, name: str) -> dict[str, Entry]:
        """One month's summaries by id ({} for a month without calls); DamagedData if damaged."""
        return read_table(self.shard_path(name), SUMMARY_TABLE, "id") or {}

    def prospect_names(self) -> list[str] | None:
        """Names of the prospect files on disk; None without the prospects folder."""
        try:
            with os.scandir(self.prospects_dir) as entries:
                return sorted(
                    match["name"]
                    for item in entries
                    if (match := PROSPECT_FILE_RE.match(item.name))
                )
        except (FileNotFoundError, NotADirectoryError):
            return None

    def read_prospects(self) -> dict[str, list[str]] | None:
        """Every prospect file as key -> ids; None if missing, DamagedData if damaged."""
        names = self.prospect_names()
        if names is None:
            return None
        members: dict[str, list[str]] = {}
        for name in names:
            members.update(self._read_prospect_file(name) or {})
        return members

    def _read_prospect_file(self, name: str) -> dict[str, list[str]] | None:
        doc = read_single(self.prospect_path(name), PROSPECT_TABLE)
        return None if doc is None else check_prospects(doc, name)

    def read_quiet(self) -> QuietIndex | None:
        """quiet.json by prospect key; None if missing, DamagedData if damaged."""
        found = self.read_quiet_made(QuietEntry)
        return None if found is None else QuietIndex(found)

    def read_quiet_made(self, make: Make[Made]) -> dict[str, Made] | None:
        """read_quiet, each checked entry given to ``make``."""
        return read_quiet_made(self.quiet_path, make)

    def read_members(self, key: str) -> list[str] | None:
        """One prospect's call ids, from the one small file that lists them.

        None if the prospects folder is missing (an index to rebuild); DamagedData if the file
        cannot be read.
        """
        if not self.prospects_dir.is_dir():
            return None
        doc = self._read_prospect_file(prospect_shard(key)) or {}
        ids = doc.get(key, [])
        if not all(isinstance(i, str) for i in ids):
            raise DamagedData("a prospect's list of call ids is damaged", b"")
        return list(ids)

    def txn(self, tolerant: bool) -> IndexTxn:
        """A transaction; the caller must hold ``locked()`` from its start to its commit."""
        return IndexTxn(self, tolerant)


class IndexReads(Protocol):
    """What list reads need from an index: the folder on disk, or one built in memory."""

    def shard_names(self) -> list[str]: ...

    def read_open(self) -> dict[str, Entry] | None: ...

    def read_shard(self, name: str) -> dict[str, Entry]: ...

    def read_prospects(self) -> dict[str, list[str]] | None: ...

    def read_members(self, key: str) -> list[str] | None: ...

    def read_quiet_made(self, make: Make[Made]) -> dict[str, Made] | None: ...


class MemoryIndex:
    """The index of ``entries`` held in memory, for a folder where it cannot be written."""

    def __init__(self, entries: Mapping[str, Entry]) -> None:
        self._shards: dict[str, dict[str, Entry]] = {}
        self._members: dict[str, list[str]] = {}
        for session_id in sorted(entries):
            entry = entries[session_id]
            self._shards.setdefault(shard_name(session_id), {})[session_id] = entry
            self._members.setdefault(prospect_of(entry), []).append(session_id)

    def shard_names(self) -> list[str]:
        return sorted(self._shards)

    def read_open(self) -> dict[str, Entry]:
        return {
            session_id: entry
            for shard in self._shards.values()
            for session_id, entry in shard.items()
            if is_open(entry)
        }

    def read_shard(self, name: str) -> dict[str, Entry]:
        return self._shards.get(name, {})

    def read_prospects(self) -> dict[str, list[str]]:
        return self._members

    def read_members(self, key: str) -> list[str]:
        return self._members.get(key, [])

    def read_quiet_made(self, make: Make[Made]) -> dict[str, Made]:
        entries = (entry for shard in self._shards.values() for entry in shard.values())
        return silences_made(entries, make)


class Prospects:
    """The prospect files inside a transaction: key -> sorted call ids, read file by file."""

    def __init__(self, txn: IndexTxn) -> None:
        self.txn = txn
        self.files: dict[str, SingleDocFile] = {}

    def file(self, name: str) -> SingleDocFile:
        if name not in self.files:
            path = self.txn.folder.prospect_path(name)
            file = SingleDocFile(path, PROSPECT_TABLE)
            self.txn._load(
                file, required=False, check=lambda: check_prospects(file.doc, name, file.raw)
            )
            self.files[name] = file
        return self.files[name]

    def members(self, key: str) -> list[str]:
        """The ids listed for ``key`` (edited in place, written at commit)."""
        return list(self.file(prospect_shard(key)).doc.get(key, []))

    def add(self, session_id: str, key: str) -> None:
        file = self.file(prospect_shard(key))
        ids = file.doc.setdefault(key, [])
        if session_id not in ids:
            bisect.insort(ids, session_id)
            file.dirty = True

    def discard(self, session_id: str, key: str) -> None:
        file = self.file(prospect_shard(key))
        ids = file.doc.get(key)
        if ids is not None and session_id in ids:
            ids.remove(session_id)
            if not ids:
                del file.doc[key]
            file.dirty = True

    def discard_everywhere(self, session_id: str) -> None:
        for name in sorted({*(self.txn.folder.prospect_names() or []), *self.files}):
            doc = self.file(name).doc
            for key in [key for key, ids in doc.items() if session_id in ids]:
                self.discard(session_id, key)

    def replace_all(self, members: Mapping[str, list[str]]) -> None:
        groups: dict[str, dict[str, list[str]]] = {}
        for key, ids in members.items():
            if ids:
                groups.setdefault(prospect_shard(key), {})[key] = sorted(ids)
        for name in sorted({*(self.txn.folder.prospect_names() or []), *self.files, *groups}):
            file = self.file(name)
            wanted = groups.get(name, {})
            if wanted != file.doc:
                file.doc.clear()
                file.doc.update(wanted)
                file.dirty = True


def _write_file(file: TableFile | SingleDocFile) -> None:
    file.write(force=not file.existed)  # a missing file is written even when empty


class IndexTxn:
    """Changes to the index made under index.lock; every touched file is written once.

    Strict transactions (saves) raise IndexDamaged when a file they need is damaged or missing;
    tolerant ones (rebuilds) move damaged files aside, note them in ``damaged`` and carry on.
    """

    def __init__(self, folder: IndexFolder, tolerant: bool) -> None:
        self.folder = folder
        self.tolerant = tolerant
        self.damaged: list[Damage] = []
        self.missing: list[Path] = []
        self._shards: dict[str, TableFile] = {}
        self._open: TableFile | None = None
        self._prospects: Prospects | None = None
        self._quiet: TableFile | None = None

    def _load(
        self,
        file: TableFile | SingleDocFile,
        required: bool,
        check: Callable[[], object] | None = None,
    ) -> None:
        path = file.path
        try:
            try:
                file.load()
                if check is not None:
                    check()
            except DamagedData as exc:
                moved = quarantine(path, self.folder.quarantine_dir, exc.raw)
                self.damaged.append(Damage(path, exc.reason, moved))
                if not self.tolerant:
                    raise IndexDamaged(str(path)) from None
                file.start_empty()
        except OSError as exc:
            raise StoreWriteError(path, os_reason(exc)) from exc
        if required and not file.existed:
            self.missing.append(path)
            if not self.tolerant:
                raise IndexDamaged(str(path))

    def shard(self, name: str) -> TableFile:
        if name not in self._shards:
            file = TableFile(self.folder.shard_path(name), SUMMARY_TABLE, "id")
            self._load(file, required=False)
            self._shards[name] = file
        return self._shards[name]

    @property
    def open(self) -> TableFile:
        if self._open is None:
            file = TableFile(self.folder.open_path, SUMMARY_TABLE, "id")
            self._load(file, required=True)
            self._open = file
        return self._open

    @property
    def prospects(self) -> Prospects:
        if self._prospects is None:
            if not self.folder.prospects_dir.is_dir():
                self.missing.append(self.folder.prospects_dir)
                if not self.tolerant:
                    raise IndexDamaged(str(self.folder.prospects_dir))
            self._prospects = Prospects(self)
        return self._prospects

    @property
    def quiet(self) -> TableFile:
        if self._quiet is None:
            file = TableFile(self.folder.quiet_path, QUIET_TABLE, QUIET_KEY)
            self._load(file, required=True, check=lambda: check_quiet(file.docs, file.raw))
            self._quiet = file
        return self._quiet

    # ------------------------------------------------------------- changes

    def put(self, entry: Entry) -> None:
        """Store one summary in its shard, open.json, its prospect file as needed."""
        session_id = entry["id"]
        shard = self.shard(shard_name(session_id))
        old = shard.docs.get(session_id)
        shard.put(session_id, entry)
        if is_open(entry):
            self.open.put(session_id, entry)
        else:
            self.open.drop(session_id)
        key = prospect_of(entry)
        if old is not None and prospect_of(old) != key:
            self.prospects.discard(session_id, prospect_of(old))
        if old is None or prospect_of(old) != key:
            # A new call only needs adding: a stale listing elsewhere can only come from a
            # cut-short save, and its pending marker makes the next start reconcile.
            self.prospects.add(session_id, key)
        self._requiet(old, entry)

    def drop(self, session_id: str) -> None:
        shard = self.shard(shard_name(session_id))
        old = shard.docs.get(session_id)
        shard.drop(session_id)
        self.open.drop(session_id)
        self.prospects.discard_everywhere(session_id)
        self._requiet(old, None)

    def _requiet(self, old: Entry | None, new: Entry | None) -> None:
        """Work out again the quiet entry of each prospect whose silence this change may alter.

        Most changes cannot alter one: an unfinished call or a practice call, or a new call
        without an unanswered attempt for a prospect who is not quiet (a conversation only
        ends a silence). Everything else re-reads that prospect's summaries.
        """
        if old == new:
            return
        was = old is not None and counts(old)
        now = new is not None and counts(new)
        keys: set[str] = set()
        if was and old is not None:
            keys.add(old["prospect_key"])
        if now and new is not None:
            key = new["prospect_key"]
            if was or key in self.quiet.docs or may_start_silence(new):
                keys.add(key)
        for key in sorted(keys):
            self._recount(key)

    def _recount(self, key: str) -> None:
        """The quiet entry of one prospect from their summaries (the shards listing them)."""
        group: list[Entry] = []
        for session_id in self.prospects.members(key):
            doc = self.shard(shard_name(session_id)).docs.get(session_id)
            if doc is not None:
                group.append(doc)
        doc = quiet_doc(key, group)
        if doc is None:
            self.quiet.drop(key)
        else:
            self.quiet.put(key, doc)

    def existing_entries(self) -> dict[str, Entry]:
        """Every summary in every shard on disk (a summary in the wrong shard counts too)."""
        entries: dict[str, Entry] = {}
        for name in self.folder.shard_names():
            for session_id, entry in self.shard(name).docs.items():
                if session_id not in entries or shard_name(session_id) == name:
                    entries[session_id] = entry
        return entries

    def replace_all(self, entries: Mapping[str, Entry]) -> None:
        """Make the whole index hold exactly ``entries`` (a rebuild), staging only differences."""
        groups: dict[str, dict[str, Entry]] = {}
        members: dict[str, list[str]] = {}
        for session_id, entry in entries.items():
            groups.setdefault(shard_name(session_id), {})[session_id] = entry
            members.setdefault(prospect_of(entry), []).append(session_id)
        for name in sorted({*self.folder.shard_names(), *self._shards, *groups}):
            self.shard(name).replace_all(groups.get(name, {}))
        self.open.replace_all({sid: entry for sid, entry in entries.items() if is_open(entry)})
        self.prospects.replace_all(members)
        self.quiet.replace_all(quiet_of_entries(entries.values()))

    # ------------------------------------------------------------- writing

    def commit(self) -> None:
        """Write every changed file; StoreWriteError names the file the disk refused.

        A strict transaction writes shards, open.json, prospect files, quiet.json (only those
        it read). A tolerant one (which may
        change many files) first removes open.json and writes it last: a kill half-way leaves
        the index visibly incomplete, so the next start rebuilds it again.
        """
        shards = [self._shards[name] for name in sorted(self._shards)]
        order: list[TableFile | SingleDocFile]
        if self.tolerant:
            opened, quiet = self.open, self.quiet
            prospects = [self.prospects.files[name] for name in sorted(self.prospects.files)]
            legacy = self.folder.legacy_prospects_path
            complete = opened.existed and quiet.existed and not os.path.lexists(legacy)
            touched: list[TableFile | SingleDocFile] = [*shards, *prospects, opened, quiet]
            if complete and not any(f.dirty for f in touched):
                return
            self._write(self._unlink_open)
            opened.existed = False
            order = [*shards, *prospects, quiet, opened]
        else:  # only the files the transaction read: a save reads one prospect file at most
            files = self._prospects.files if self._prospects else {}
            # A prospect file read only to look (and missing) is not created for nothing.
            looked = [files[name] for name in sorted(files) if files[name].dirty]
            read = (self._open, *looked, self._quiet)
            order = [*shards, *(file for file in read if file is not None)]
        self._write(self.folder.ensure)
        for file in order:
            if isinstance(file, TableFile) and file in shards and not file.docs:
                if file.existed or file.dirty:
                    self._write(file.remove_file, file.path)
                continue
            self._write(partial(_write_file, file), file.path)
        if self.tolerant:
            self._write(self._unlink_legacy, self.folder.legacy_prospects_path)

    def _unlink_legacy(self) -> None:
        """The single prospects.json of an older index, now in the prospect files."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.folder.legacy_prospects_path)
            fsync_dir(self.folder.dir)

    def _unlink_open(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.folder.open_path)
            fsync_dir(self.folder.dir)

    def _write(self, action: Callable[[], object], path: Path | None = None) -> None:
        try:
            action()
        except OSError as exc:
            raise StoreWriteError(path or self.folder.dir, os_reason(exc)) from exc
