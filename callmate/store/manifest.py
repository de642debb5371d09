"""What callmate last wrote into the index, so start-up can trust it after a few ``stat`` calls.

The index is a cache of the call files. Checking it by reading them would cost seconds at
100,000 calls, so two small records say what the index was made from:

    index/manifest.json   the (inode, mtime_ns, size) of every index file as callmate wrote it,
                          and the (inode, mtime_ns) of calls/ when the index last matched it
    index/revisions.json  each call file's (mtime_ns, size) when its summary was last taken

Start-up compares the first with ``stat`` of the index files and of calls/ (no listing, no call
file). Any index file that differs was changed by something else (an editor, a restored backup,
a crash half-way through a write): the index is rebuilt. When calls/ itself changed (a call
added, removed or replaced, a crash, another window), start-up lists calls/ once and compares
every call's revision with revisions.json, re-reading only the calls whose revision changed.

A calls/ signature is only recorded when it is old enough that a later change must alter it
(file times have a coarse clock), and only by a process that knows every change since was its
own (see ``Store``): anything else leaves the next start to list calls/ again, the safe side.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from callmate.store.atomic import atomic_write_bytes, read_nofollow
from callmate.store.layout import PROSPECT_FILE_RE, SHARD_FILE_RE

MANIFEST = "manifest.json"
REVISIONS = "revisions.json"
FORMAT = 1
# The manifest of an index without quiet.json and the prospect files (format 1) is not trusted:
# the next start lists calls/, finds quiet.json missing and rebuilds (recovery.index_health).
MANIFEST_FORMAT = 3
# A calls/ time this recent may not change again when something else writes in the same tick.
SETTLED_NS = 20_000_000
# Revisions of calls saved since revisions.json was written ride in the manifest up to this
# many; beyond that they are folded into revisions.json, keeping the manifest small.
TOUCHED_LIMIT = 2000

CALL_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
CALL_NAME_RE = re.compile(r"[A-Za-z0-9_-]{1,64}\.json")

FileSig = tuple[int, int, int]  # inode, mtime_ns, size
DirSig = tuple[int, int]  # inode, mtime_ns
Revision = tuple[int, int]  # mtime_ns, size of a call file


def file_sig(path: Path) -> FileSig | None:
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def dir_sig(path: Path) -> DirSig | None:
    """calls/ as it is now: every file created, renamed or removed in it changes this.

    None for a symbolic link, as for a missing folder: nothing is trusted through it, so every
    start lists (and says) it.
    """
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if stat.S_ISLNK(info.st_mode):
        return None
    return (info.st_ino, info.st_mtime_ns)


def settled(sig: DirSig | None) -> bool:
    """True if a change made from now on is sure to give calls/ a different time."""
    return sig is not None and time.time_ns() - sig[1] > SETTLED_NS


def revision(path: Path | str) -> Revision | None:
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (info.st_mtime_ns, info.st_size)


def index_file_sigs(index_dir: Path) -> dict[str, FileSig]:
    """Every index file by its name under index/ (a listing of months/ and a stat each)."""
    sigs: dict[str, FileSig] = {}
    for name in ("open.json", "prospects.json", "quiet.json"):
        if (sig := file_sig(index_dir / name)) is not None:
            sigs[name] = sig
    for folder, pattern in (("prospects", PROSPECT_FILE_RE), ("months", SHARD_FILE_RE)):
        with (
            contextlib.suppress(FileNotFoundError, NotADirectoryError),
            os.scandir(index_dir / folder) as found,
        ):
            for item in found:
                if pattern.match(item.name):
                    info = item.stat(follow_symlinks=False)
                    sigs[f"{folder}/{item.name}"] = (info.st_ino, info.st_mtime_ns, info.st_size)
    return sigs


@dataclass
class Manifest:
    """How callmate left the index: its files' signatures, so a start can tell they changed."""

    files: dict[str, FileSig] = field(default_factory=dict)
    calls_dir: DirSig | None = None
    touched: dict[str, Revision] = field(default_factory=dict)
    #: Ids of the unfinished calls open.json lists (None: read open.json to know).
    unfinished: list[str] | None = None
    #: Names in calls/ the last full check skipped (not a regular file, or a record no reader
    #: can use): a quick start looks at each again, so every command says so while they stay.
    skipped: list[str] = field(default_factory=list)

    def changed_files(self, now: Mapping[str, FileSig]) -> list[str]:
        """Index files that are not as callmate left them (changed, added or removed)."""
        if self.files == now:  # the usual answer, at C speed for hundreds of month files
            return []
        return sorted(name for name in {*self.files, *now} if self.files.get(name) != now.get(name))


def _pairs(value: object, size: int) -> dict[str, tuple[int, ...]]:
    if not isinstance(value, dict):
        raise ValueError("not a mapping")
    found: dict[str, tuple[int, ...]] = {}
    for key, item in value.items():
        if not (isinstance(item, list) and len(item) == size):
            raise ValueError(f"{key}: not a list of {size} numbers")
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in item):
            raise ValueError(f"{key}: not a list of {size} numbers")
        found[key] = tuple(item)
    return found


def _is_id(value: object) -> bool:
    return isinstance(value, str) and CALL_ID_RE.fullmatch(value) is not None


def _is_call_name(value: object) -> bool:
    return isinstance(value, str) and CALL_NAME_RE.fullmatch(value) is not None


def _load(path: Path) -> object | None:
    """Parsed JSON, or None when the file is missing, a link, or does not decode."""
    try:
        value: object = json.loads(read_nofollow(path))
    except (OSError, ValueError, RecursionError):
        return None
    return value


def read_manifest(index_dir: Path) -> Manifest | None:
    """The manifest, or None when it is missing or does not decode (start-up then lists)."""
    data = _load(index_dir / MANIFEST)
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        return None
    try:
        files = _pairs(data.get("files"), 3)
        touched = _pairs(data.get("touched", {}), 2)
        calls = data.get("calls_dir")
        calls_dir = tuple(_pairs({"calls": calls}, 2)["calls"]) if calls is not None else None
    except ValueError:
        return None
    unfinished = data.get("unfinished")
    if not (isinstance(unfinished, list) and all(_is_id(i) for i in unfinished)):
        unfinished = None
    skipped = data.get("skipped", [])
    if not (isinstance(skipped, list) and all(_is_call_name(n) for n in skipped)):
        return None  # not as callmate wrote it: list calls/ and look again
    return Manifest(
        files={k: (v[0], v[1], v[2]) for k, v in files.items()},
        calls_dir=(calls_dir[0], calls_dir[1]) if calls_dir else None,
        touched={k: (v[0], v[1]) for k, v in touched.items()},
        unfinished=unfinished,
        skipped=skipped,
    )


def write_manifest(index_dir: Path, manifest: Manifest) -> None:
    payload = {
        "format": MANIFEST_FORMAT,
        "calls_dir": list(manifest.calls_dir) if manifest.calls_dir else None,
        "files": {name: list(sig) for name, sig in sorted(manifest.files.items())},
        "touched": {sid: list(rev) for sid, rev in sorted(manifest.touched.items())},
        "unfinished": manifest.unfinished,
        "skipped": manifest.skipped,
    }
    atomic_write_bytes(index_dir / MANIFEST, json.dumps(payload, separators=(",", ":")).encode())


def read_revisions(index_dir: Path) -> dict[str, Revision] | None:
    """Call id -> revision when the summaries were last checked; None if missing or damaged."""
    data = _load(index_dir / REVISIONS)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    try:
        calls = _pairs(data.get("calls"), 2)
    except ValueError:
        return None
    return {k: (v[0], v[1]) for k, v in calls.items()}


def write_revisions(index_dir: Path, revisions: Mapping[str, Revision]) -> None:
    calls = {sid: list(rev) for sid, rev in sorted(revisions.items())}
    payload = json.dumps({"format": FORMAT, "calls": calls}, separators=(",", ":"))
    atomic_write_bytes(index_dir / REVISIONS, payload.encode())


def call_revisions(calls_dir: Path, ids: set[str]) -> dict[str, Revision]:
    """The revision of each listed call (one ``lstat`` each: only when calls/ changed)."""
    found: dict[str, Revision] = {}
    folder = os.fspath(calls_dir)
    for session_id in ids:
        if (rev := revision(f"{folder}/{session_id}.json")) is not None:
            found[session_id] = rev
    return found


def note_skipped(index_dir: Path, name: str) -> None:
    """Add a call file found unusable after start-up to the names every start looks at again
    (index.lock held); without a manifest the next start lists calls/ and finds it anyway."""
    manifest = read_manifest(index_dir)
    if manifest is None or name in manifest.skipped:
        return
    manifest.skipped = sorted([*manifest.skipped, name])
    write_manifest(index_dir, manifest)


def set_skipped(index_dir: Path, names: list[str]) -> None:
    """After a rebuild (index.lock held): the names in calls/ it left out, so every start looks
    at each again (says it while it stays, takes the call back once it can be read). Without a
    manifest the next start lists calls/ and finds them anyway."""
    manifest = read_manifest(index_dir)
    if manifest is None or manifest.skipped == names:
        return
    manifest.skipped = names
    write_manifest(index_dir, manifest)


def record_written(
    index_dir: Path, touched: Mapping[str, Revision], unfinished: list[str] | None = None
) -> None:
    """After an index transaction (index.lock held): note the files as written, the revisions
    of the calls whose summaries it took and (when known) the unfinished calls in open.json."""
    manifest = read_manifest(index_dir) or Manifest()
    files = index_file_sigs(index_dir)
    same_touched = all(manifest.touched.get(k) == v for k, v in touched.items())
    if manifest.files == files and same_touched and unfinished in (None, manifest.unfinished):
        return
    manifest.files = files
    manifest.touched.update(touched)
    if unfinished is not None:
        manifest.unfinished = unfinished
    if len(manifest.touched) > TOUCHED_LIMIT:
        revisions = read_revisions(index_dir) or {}
        revisions.update(manifest.touched)
        write_revisions(index_dir, revisions)
        manifest.touched = {}
    write_manifest(index_dir, manifest)
