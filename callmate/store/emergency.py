"""The last resort when a stop signal comes while the data folder refuses writes.

The call screen keeps an unsaved call in memory and retries; a SIGTERM or a closed terminal ends
the process before the disk comes back. Then the record (with the half-typed answer) is written
to a private fallback folder on another path than the data folder, the rep is told where, and
the next start of callmate on that data folder merges it back and says so.

Fallback folders, first one that takes the file: $CALLMATE_EMERGENCY_DIR, the user's cache
folder, $XDG_RUNTIME_DIR, the temp folder. Each is made 0700, must belong to this user and is
never followed through a link; the file is 0600.

Merging back trusts a copy only as a regular file of this user, in a folder of this user that
no one else can write to: anyone who can write there could put a call to be stored over a real
one. Other copies are left where they are and said, with why (`distrusted`, for doctor too).
A copy never replaces a call already ended; one that differs is kept in conflicts/ instead.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callmate.core.call_record import CallRecord, RecordDecodeError, decode_record, encode_record
from callmate.core.counts import counted, were
from callmate.locations import EMERGENCY_DIR_ENV
from callmate.store.atomic import read_nofollow
from callmate.store.errors import StoreError
from callmate.store.paths import (
    FILE_MODE,
    NotRegularFile,
    check_session_id,
    ensure_private_dir,
    linked_folder,
    os_reason,
    put_back_words,
)

if TYPE_CHECKING:
    from callmate.store.store import Store

FORMAT = "callmate-emergency"
NAME_RE = re.compile(r"^emergency-(?P<id>[A-Za-z0-9_-]{1,64})-\d{8}T\d{6}\d*Z\.json$")


def fallback_dirs() -> list[Path]:
    found: list[Path] = []
    override = os.environ.get("CALLMATE_EMERGENCY_DIR", "")
    if override:
        found.append(Path(override))
    cache = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
    found.append(Path(cache) / "callmate-emergency")
    runtime = os.environ.get("XDG_RUNTIME_DIR", "").strip()
    if runtime:
        found.append(Path(runtime) / "callmate-emergency")
    found.append(Path(tempfile.gettempdir()) / f"callmate-emergency-{os.getuid()}")
    return found


def _private(folder: Path) -> bool:
    """Make ``folder`` a 0700 folder of ours; False if it cannot be one."""
    try:
        ensure_private_dir(folder)
        info = os.lstat(folder)
    except OSError:
        return False
    return info.st_uid == os.getuid() and stat.S_ISDIR(info.st_mode)


def _key(root: Path) -> str:
    return str(Path(os.path.abspath(root)))


def _identity(root: Path | str) -> list[int] | None:
    """The data folder's identity (device, inode): the same whatever path or link reaches it."""
    try:
        info = os.stat(root)
    except (OSError, ValueError):
        return None
    return [info.st_dev, info.st_ino]


def _for_folder(data: dict[str, Any], root: Path, real: str, identity: list[int] | None) -> bool:
    """True if an emergency copy was written for the data folder ``root``, however it was
    reached (a link, a relative path, another mount of it). A copy names its folder's path,
    real path and identity; a copy from before they were kept names the path only."""
    named = data.get("data_dir")
    if not isinstance(named, str):
        return False
    if named == _key(root):
        return True
    recorded_real = data.get("data_real")
    if not isinstance(recorded_real, str):
        recorded_real = os.path.realpath(named)
    if recorded_real == real:
        return True
    # Moved or mounted elsewhere: the same folder if its identity matches, unless the path it
    # was written for is still another folder (an inode number reused after a delete).
    recorded = data.get("folder_id")
    if identity is None or recorded != identity:
        return False
    return _identity(recorded_real) in (None, identity)


def write_emergency(root: Path, call: CallRecord, reason: str) -> Path | None:
    """Write the unsaved call to the first fallback folder that takes it; where, or None."""
    session_id = check_session_id(call.id)
    record = encode_record(call)
    payload = json.dumps(
        {
            "format": FORMAT,
            "data_dir": _key(root),
            "data_real": os.path.realpath(root),
            "folder_id": _identity(root),
            "reason": reason,
            "record": record,
        },
        ensure_ascii=True,
        indent=1,
    ).encode("ascii")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    for folder in fallback_dirs():
        if not _private(folder):
            continue
        target = folder / f"emergency-{session_id}-{stamp}.json"
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
            fd = os.open(target, flags, FILE_MODE)
            try:
                view = memoryview(payload)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(target)
            continue
        return target
    return None


#: The largest file read as an emergency copy: far beyond any call (call_record caps a record at
#: a million characters, at most 12 bytes each as escaped JSON), and it keeps a planted file of
#: junk from eating the memory.
MAX_COPY_BYTES = 64 * 1024 * 1024


class Distrusted(Exception):
    """An emergency copy, or its folder, that someone else could have written: never merged."""


def _folder_trouble(folder: Path, info: os.stat_result) -> str | None:
    """Why copies in ``folder`` cannot be trusted (None: they can): it must be ours and no one
    else may write to it, or anyone could put a call there to be merged over a stored one."""
    if info.st_uid != os.getuid():
        return f"that folder belongs to another user (uid {info.st_uid}), not to you"
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o022:
        return f"other users can write to that folder (mode {mode:o})"
    return None


def _read_trusted(path: Path) -> bytes:
    """The bytes of a copy that only this user can have written; Distrusted says why not.

    Checked on the open descriptor (read_nofollow: never a link, never waiting on a FIFO), so
    the file read is the one checked."""
    try:
        return read_nofollow(path, _trusted_file, MAX_COPY_BYTES)
    except NotRegularFile:
        raise Distrusted("it is not a regular file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Distrusted("it is a symbolic link") from None
        raise


def _trusted_file(info: os.stat_result) -> None:
    """Distrusted unless the open copy is this user's, and no one else may write to it."""
    if info.st_uid != os.getuid():
        raise Distrusted(f"it belongs to another user (uid {info.st_uid}), not to you")
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o022:
        raise Distrusted(f"other users can write to it (mode {mode:o})")
    if info.st_size > MAX_COPY_BYTES:
        raise Distrusted("it is larger than any emergency copy callmate writes")


def _scan(root: Path) -> tuple[list[tuple[Path, dict[str, Any]]], list[str]]:
    """Emergency copies written for ``root`` that can be trusted (oldest first, per folder),
    and one plain line for each copy, or folder of copies, left alone because it cannot be."""
    real, identity = os.path.realpath(root), _identity(root)
    trusted: list[tuple[Path, dict[str, Any]]] = []
    said: list[str] = []
    for folder in fallback_dirs():
        try:
            info = os.lstat(folder)
            if stat.S_ISLNK(info.st_mode) and (linked := _linked_copies(folder)) is not None:
                said.append(linked)
                continue
            if not stat.S_ISDIR(info.st_mode):
                continue  # nothing callmate made (a link is not looked through)
            names = sorted(n for n in os.listdir(folder) if NAME_RE.fullmatch(n))
        except OSError:
            continue
        if not names:
            continue
        if (trouble := _folder_trouble(folder, info)) is not None:
            said.append(
                f"{counted(len(names), 'emergency copy', 'emergency copies')} in {folder} "
                f"{were(len(names))} not merged back: {trouble}, so a call there may not be "
                "yours. callmate takes copies only from a folder of yours that no one else can "
                f"write to (chmod 700 {folder}); until then they are left where they are."
            )
            continue
        for name in names:
            path = folder / name
            try:
                data = json.loads(_read_trusted(path))
            except Distrusted as exc:
                said.append(
                    f"The emergency copy {path} was not merged back: {exc}, so it may not be "
                    "yours. It is left where it is; delete it if you did not put it there."
                )
                continue
            except (ValueError, RecursionError) as exc:
                # Not JSON, or nested too deeply to decode: said (it may hold the only copy
                # of a call), never a traceback that stops every command and doctor.
                what = (
                    "its brackets are nested too deeply to be read"
                    if isinstance(exc, RecursionError)
                    else "it is not valid JSON"
                )
                said.append(
                    f"The emergency copy {path} cannot be read ({what}). It is left where it "
                    "is: look at it, and delete it once it is not needed."
                )
                continue
            except OSError:
                continue
            if (
                isinstance(data, dict)
                and data.get("format") == FORMAT
                and isinstance(data.get("record"), dict)
                and _for_folder(data, root, real, identity)
            ):
                if (why := unmergeable(data["record"])) is not None:
                    said.append(
                        f"The emergency copy {path} cannot be merged back: {why}. It is left "
                        "where it is: look at it, and delete it once it is not needed."
                    )
                    continue
                trusted.append((path, data["record"]))
    return trusted, said


def unmergeable(raw: dict[str, Any]) -> str | None:
    """Why a copy's record can never be merged back (the decoder's located reason, or an id
    that is no call's, which would name a file outside calls/), or None when it can be."""
    try:
        check_session_id(raw.get("id"))
    except StoreError:
        return f"id: {str(raw.get('id'))[:80]!r} is not a call id callmate makes"
    try:
        decode_record(raw, outside=True)
    except RecordDecodeError as exc:
        return "; ".join(exc.problems[:3])
    return None


def _linked_copies(folder: Path) -> str | None:
    """What to say of an emergency folder that is a link to a folder holding copies: none is
    ever read through a link, so they would wait there unsaid."""
    found = linked_folder(folder)
    if found is None:
        return None
    target, _ = found
    try:
        copies = [n for n in os.listdir(target) if NAME_RE.fullmatch(n)]
    except OSError:
        return None
    if not copies:
        return None
    return (
        f"{folder} is a symbolic link (to {target}), which callmate does not look through: "
        f"the {counted(len(copies), 'emergency copy', 'emergency copies')} there "
        f"{were(len(copies))} not merged back. To fix it, {put_back_words(folder, target, '')} "
        f"(or set {EMERGENCY_DIR_ENV} to {target})"
    )


def copies_for(root: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Emergency copies written for the data folder ``root`` that only this user can have
    written, oldest first (see :func:`distrusted` for the others)."""
    yield from _scan(root)[0]


def distrusted(root: Path) -> list[str]:
    """One plain line per emergency copy (or folder of them) that is never merged back because
    someone else could have written it: `doctor` reports these, and every start says them."""
    return _scan(root)[1]


def waiting(root: Path, reason: str) -> list[str]:
    """What to say of emergency copies that cannot be put back while the folder refuses writes."""
    copies, said = _scan(root)
    return [
        f"An unsaved copy of call {record.get('id')} is kept in {path}; it could not be put "
        f"back yet ({reason}). callmate tries again at the next start."
        for path, record in copies
    ] + said


def _ended(call: CallRecord) -> bool:
    """A call that was completed or set aside: an emergency copy never replaces it."""
    return call.status != "in_progress" or call.ended is not None


def merge_back(store: Store) -> list[str]:
    """Put emergency copies for this store back into it; one plain message per copy handled.

    A copy replaces an unfinished call it is not older than; a copy that differs from a call
    already ended is kept aside in conflicts/ (as an import conflict is), never stored over it.
    """
    copies, said = _scan(store.root)
    for path, raw in copies:
        # It comes from outside the data folder: checked like any record entering it (by
        # _scan, which said every copy that cannot be merged).
        try:
            session_id = check_session_id(raw.get("id"))
            record = decode_record(raw, outside=True)
        except (StoreError, RecordDecodeError):
            continue
        kept: Path | None = None
        try:
            with store.claim(session_id):
                try:
                    current = store.load(session_id)
                except StoreError:
                    current = None
                newer = current is None or record.revision >= current.revision
                if current is not None and _ended(current) and newer:
                    newer = False
                    if record != current:
                        kept = _keep_aside(store, record)
                elif newer:
                    store.save(record)
        except (StoreError, OSError) as exc:
            why = os_reason(exc) if isinstance(exc, OSError) else str(exc)
            said.append(
                f"An unsaved copy of call {session_id} is kept in {path}; it could not be put "
                f"back yet ({why}). callmate tries again at the next start."
            )
            continue
        with contextlib.suppress(OSError):
            os.unlink(path)
        if kept is not None:
            said.append(
                f"Call {session_id} was already ended, so its emergency copy ({path}), which "
                f"differs from it, was not merged: the call is left as it is and the copy was "
                f"kept in {kept}."
            )
        elif newer:
            said.append(
                f"Call {session_id} could not be saved when callmate was last stopped; its "
                f"emergency copy ({path}) was merged back into your calls."
            )
        elif current is not None and record == current:
            said.append(
                f"An emergency copy of call {session_id} ({path}) held the call as it is "
                "already saved and was removed."
            )
        else:
            said.append(
                f"An emergency copy of call {session_id} ({path}) was older than the saved "
                "call and was removed."
            )
    return said


def _keep_aside(store: Store, record: CallRecord) -> Path:
    """Keep ``record`` in conflicts/ as an export file, as `import` keeps a conflicting call.

    Imported here, not at the top: the store is opened by the export module's callers too."""
    from callmate.export.bundle import keep_aside

    return keep_aside(store, record)
