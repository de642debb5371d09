"""What a kill -9 can leave behind, and the cheap checks start-up makes to put it right.

A save is: (maybe) a "pending" marker, the call file's temp file, its rename, then the index
update and the marker's removal. A kill at any point leaves either a temp file (the rename did
not happen) or a marker (the index may be stale for that call). Both carry the writer's pid, so
a process that is still alive is never disturbed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from callmate.store.atomic import TEMP_RE, DamagedData, fsync_dir
from callmate.store.holders import writer_running
from callmate.store.index import Entry, IndexFolder
from callmate.store.layout import shard_name

Signature = tuple[int, int, int] | None

CALL_FILE_RE = re.compile(r"^(?P<id>[A-Za-z0-9_-]{1,64})\.json$")
PENDING_RE = re.compile(r"^(?P<id>[A-Za-z0-9_-]{1,64})\.(?P<pid>\d+)\.pending$")


@dataclass
class Leftover:
    """A temp file or marker left by a process that stopped, and what it was for."""

    path: Path
    target: str  # file name the temp file was meant to become, or the marker's call id
    pid: int


@dataclass
class CallsListing:
    """What is in calls/: call ids, leftovers and names that are not regular files."""

    ids: set[str] = field(default_factory=set)
    temps: list[Leftover] = field(default_factory=list)
    pending: list[Leftover] = field(default_factory=list)
    odd: list[Path] = field(default_factory=list)  # call names that are not regular files
    linked: bool = False  # the folder itself is a symbolic link: nothing in it was listed


def pending_marker(calls_dir: Path, session_id: str) -> Path:
    """The marker a save leaves while the index may not yet match the call file."""
    return calls_dir / f"{session_id}.{os.getpid()}.pending"


def scan(folder: Path) -> CallsListing:
    """One directory listing: call ids, temp files and pending markers (no file is opened).

    A calls/ that is a symbolic link lists no call (``linked`` says so): calls listed through
    it would be read, and written, outside the data folder.
    """
    listing = CallsListing()
    try:
        if stat.S_ISLNK(os.lstat(folder).st_mode):
            listing.linked = True
            return listing
        with os.scandir(folder) as found:
            entries = list(found)
    except FileNotFoundError:
        return listing  # the folder is recreated by the next save
    for entry in entries:
        name = entry.name
        if name.endswith(".json") and not name.startswith("."):
            if match := CALL_FILE_RE.fullmatch(name):
                # d_type from the listing itself: a folder or a link named like a call is
                # never opened (nor followed), only reported.
                if entry.is_file(follow_symlinks=False):
                    listing.ids.add(match["id"])
                else:
                    listing.odd.append(folder / name)
        elif match := TEMP_RE.fullmatch(name):
            listing.temps.append(Leftover(folder / name, match["target"], int(match["pid"])))
        elif match := PENDING_RE.fullmatch(name):
            listing.pending.append(Leftover(folder / name, match["id"], int(match["pid"])))
    return listing


def refuse_link(folder: Path) -> None:
    """OSError ELOOP if ``folder`` is a symbolic link (one ``lstat``); nothing is followed."""
    if stat.S_ISLNK(os.lstat(folder).st_mode):
        raise OSError(errno.ELOOP, "is a symbolic link, which callmate never follows", str(folder))


def _made_at(path: Path) -> float | None:
    try:
        return os.lstat(path).st_mtime
    except OSError:
        return None


def left_by_dead_writer(path: Path, pid: int) -> bool:
    """True if the process named in a temp file's or marker's name no longer writes it: gone,
    or the pid now belongs to another program, or to a process started after the file."""
    return not writer_running(pid, _made_at(path))


def dead(leftovers: list[Leftover]) -> list[Leftover]:
    """Only what belongs to processes that no longer exist (see ``left_by_dead_writer``)."""
    return [item for item in leftovers if left_by_dead_writer(item.path, item.pid)]


def in_flight(listing: CallsListing, gone: list[Leftover]) -> set[str]:
    """Ids that another live window is saving right now (its marker is not in ``gone``)."""
    return {m.target for m in listing.pending} - {m.target for m in gone}


def remove_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def remove_dead_temps(folder: Path) -> None:
    """Delete unfinished copies of index files left by processes that died."""
    try:
        entries = os.scandir(folder)
    except FileNotFoundError:
        return
    with entries:
        for item in entries:
            match = TEMP_RE.fullmatch(item.name)
            if match and left_by_dead_writer(Path(item.path), int(match["pid"])):
                remove_quietly(Path(item.path))


def signature(path: Path) -> Signature:
    """Identity of a file's current version; every atomic replace changes the inode."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


@dataclass
class IndexHealth:
    """What the start-up check found; any finding leads to a full reconcile."""

    why: str | None = None  # a reason worth telling the user
    names_differ: bool = False  # calls/ and the index list different calls
    fresh: bool = False  # no index and nothing to index yet: create it quietly
    stale: set[str] = field(default_factory=set)  # unfinished calls whose summary changed
    #: An index made before quiet.json existed: it is completed without a word.
    older: bool = False

    @property
    def needs_rebuild(self) -> bool:
        return bool(self.why or self.names_differ or self.fresh or self.stale or self.older)


def index_health(
    index: IndexFolder,
    listing: CallsListing,
    saving: set[str],
    changed: Callable[[str, Entry], bool],
) -> IndexHealth:
    """Compare the index with calls/ by names only, and re-read the unfinished calls.

    Costs one small file (open.json), the prospect files (lists of ids), quiet.json and a
    listing of the month shards; no finished call's file and no shard is read. Calls in ``saving``
    (another live window is between its call write and its index write) are left out.
    """
    health = IndexHealth()
    try:
        opened = index.read_open()
        members = index.read_prospects()
        quiet = index.read_quiet()
    except DamagedData as exc:
        health.why = f"was damaged ({exc.reason})"
        return health
    if opened is None or members is None:
        if listing.ids or index.shard_names():
            health.why = "was incomplete (open.json or the prospects folder was missing)"
        else:
            health.fresh = True
        return health
    # quiet.json is checked at every start that lists calls/ (read, never re-derived here: a
    # changed one is caught by the manifest); missing beside the others means an older index.
    health.older = quiet is None
    indexed = {sid for ids in members.values() for sid in ids if isinstance(sid, str)}
    # Shard names come from an id's first 8 characters: check each day once, not each id.
    needed = {shard_name(day) for day in {sid[:8] for sid in indexed}}
    if not needed <= set(index.shard_names()):
        health.why = "was incomplete (a month file was missing)"
    on_disk = listing.ids | saving
    health.names_differ = indexed | saving != on_disk or not opened.keys() <= on_disk
    for session_id, entry in opened.items():
        unfinished = entry.get("status") == "in_progress" and session_id in listing.ids
        if unfinished and changed(session_id, entry):
            health.stale.add(session_id)
    return health


def recover_call_temp(
    temp: Leftover,
    is_readable: Callable[[Path, str], bool],
    move_aside: Callable[[Path], None],
) -> str:
    """Finish or discard one interrupted call save and say, in plain words, what was done.

    A complete temp file holds the newest notes (the save was killed just before its rename),
    so it replaces the call file unless that file was saved again later. A partial one is
    dropped: the call file still holds the last save that finished.
    """
    match = CALL_FILE_RE.fullmatch(temp.target)
    target = temp.path.with_name(temp.target)
    if match is None or not is_readable(temp.path, match["id"]):
        remove_quietly(temp.path)
        return (
            f"callmate was stopped while saving {target.name}; the unfinished copy was removed "
            "and the last completed save is kept."
        )
    session_id = match["id"]
    target_ok = is_readable(target, session_id)
    if target.exists() and not target_ok:
        move_aside(target)
    newer = not target_ok or temp.path.stat().st_mtime_ns >= target.stat().st_mtime_ns
    if not newer:
        remove_quietly(temp.path)
        return f"An old unfinished copy of call {session_id} was removed; a later save is kept."
    os.replace(temp.path, target)
    fsync_dir(target.parent)
    return f"callmate was stopped while saving call {session_id}; its newest notes were recovered."
