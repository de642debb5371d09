"""The last resort when a stop signal comes while the data folder refuses writes.

The call screen keeps an unsaved call in memory and retries; a SIGTERM or a closed terminal ends
the process before the disk comes back. Then the record (with the half-typed answer) is written
to a private fallback folder on another path than the data folder, the rep is told where, and
the next start of callmate on that data folder merges it back and says so.

Fallback folders, first one that takes the file: $CALLMATE_EMERGENCY_DIR, the user's cache
folder, $XDG_RUNTIME_DIR, the temp folder. Each is made 0700, must belong to this user and is
never followed through a link; the file is 0600.
"""

from __future__ import annotations

import contextlib
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
from callmate.store.atomic import read_nofollow
from callmate.store.errors import StoreError
from callmate.store.paths import FILE_MODE, check_session_id, ensure_private_dir

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


def copies_for(root: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Emergency copies written for the data folder ``root``, oldest first."""
    real, identity = os.path.realpath(root), _identity(root)
    for folder in fallback_dirs():
        try:
            info = os.lstat(folder)
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
                continue
            names = sorted(n for n in os.listdir(folder) if NAME_RE.fullmatch(n))
        except OSError:
            continue
        for name in names:
            path = folder / name
            try:
                data = json.loads(read_nofollow(path))  # never a link, never blocks on a FIFO
            except (OSError, ValueError):
                continue
            if (
                isinstance(data, dict)
                and data.get("format") == FORMAT
                and isinstance(data.get("record"), dict)
                and _for_folder(data, root, real, identity)
            ):
                yield path, data["record"]


def waiting(root: Path, reason: str) -> list[str]:
    """What to say of emergency copies that cannot be put back while the folder refuses writes."""
    return [
        f"An unsaved copy of call {record.get('id')} is kept in {path}; it could not be put "
        f"back yet ({reason}). callmate tries again at the next start."
        for path, record in copies_for(root)
    ]


def merge_back(store: Store) -> list[str]:
    """Put emergency copies for this store back into it; one plain message per copy handled."""
    said: list[str] = []
    for path, raw in copies_for(store.root):
        try:
            session_id = check_session_id(raw.get("id"))
        except StoreError:
            continue
        try:  # it comes from outside the data folder: checked like any record entering it
            record = decode_record(raw)
        except RecordDecodeError as exc:
            said.append(
                f"An emergency copy of call {session_id} ({path}) cannot be read back "
                f"({'; '.join(exc.problems[:3])}); it is left where it is."
            )
            continue
        try:
            with store.claim(session_id):
                try:
                    current = store.load(session_id)
                except StoreError:
                    current = None
                newer = current is None or record.revision >= current.revision
                if newer:
                    store.save(record)
        except StoreError as exc:
            said.append(
                f"An unsaved copy of call {session_id} is kept in {path}; it could not be put "
                f"back yet ({exc}). callmate tries again at the next start."
            )
            continue
        with contextlib.suppress(OSError):
            os.unlink(path)
        if newer:
            said.append(
                f"Call {session_id} could not be saved when callmate was last stopped; its "
                f"emergency copy ({path}) was merged back into your calls."
            )
        else:
            said.append(
                f"An emergency copy of call {session_id} ({path}) was older than the saved "
                "call and was removed."
            )
    return said
