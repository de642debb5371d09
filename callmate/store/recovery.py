"""What a kill -9 can leave behind, and how start-up puts it right.

A save is: (maybe) a "pending" marker, the call file's temp file, its rename, then the index
update and the marker's removal. A kill at any point leaves either a temp file (the rename did
not happen) or a marker (the index may be stale for that call). Both carry the writer's pid, so
a process that is still alive is never disturbed.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from callmate.store.atomic import TEMP_RE, fsync_dir
from callmate.store.locks import pid_alive

CALL_FILE_RE = re.compile(r"^(?P<id>[A-Za-z0-9_-]{1,64})\.json$")
PENDING_RE = re.compile(r"^(?P<id>[A-Za-z0-9_-]{1,64})\.(?P<pid>\d+)\.pending$")


@dataclass
class Leftover:
    path: Path
    target: str  # file name the temp file was meant to become, or the marker's call id
    pid: int


@dataclass
class CallsListing:
    ids: set[str] = field(default_factory=set)
    temps: list[Leftover] = field(default_factory=list)
    pending: list[Leftover] = field(default_factory=list)


def pending_marker(calls_dir: Path, session_id: str) -> Path:
    """The marker a save leaves while the index may not yet match the call file."""
    return calls_dir / f"{session_id}.{os.getpid()}.pending"


def scan(folder: Path) -> CallsListing:
    """One directory listing: call ids, temp files and pending markers."""
    listing = CallsListing()
    try:
        entries = os.scandir(folder)
    except FileNotFoundError:
        return listing  # the folder is recreated by the next save
    with entries:
        for entry in entries:
            name = entry.name
            if match := CALL_FILE_RE.fullmatch(name):
                listing.ids.add(match["id"])
            elif match := TEMP_RE.fullmatch(name):
                listing.temps.append(Leftover(Path(entry.path), match["target"], int(match["pid"])))
            elif match := PENDING_RE.fullmatch(name):
                listing.pending.append(Leftover(Path(entry.path), match["id"], int(match["pid"])))
    return listing


def dead(leftovers: list[Leftover]) -> list[Leftover]:
    """Only what belongs to processes that no longer exist."""
    return [item for item in leftovers if not pid_alive(item.pid)]


def remove_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


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
