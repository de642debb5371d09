"""The small JSON files callmate keeps beside the calls: read and written as warily as a call.

nurture.json, pacing.json and the team's files (config.json, the push ledger) are edited by hand,
synced and restored like any other file in the data folder, so nothing about them is trusted:
a link planted under the name is never read through or replaced (the next write would make a
private copy of a file outside the folder, or put a file where the link was without saying so),
a FIFO or device is never opened in a way that waits, a file of any size is not read whole, and
bytes that do not decode (not JSON, not UTF-8, brackets nested a thousand deep) are one plain
``SideFileProblem`` naming the file, never a traceback. What to do about one is the caller's:
the nurture commands stop, the pacing falls back to its defaults, `callmate doctor --repair`
moves the file to quarantine/.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

from callmate.store.atomic import atomic_write_bytes, loads, read_nofollow
from callmate.store.paths import NotRegularFile, os_reason

NURTURE_FILE = "nurture.json"
PACING_FILE = "pacing.json"
TEAM_DIR = "team"
TEAM_CONFIG_FILE = "config.json"
LEDGER_FILE = "pushed.json"
LAST_PUSH_FILE = "last_push.json"
#: Held by `callmate import` for its whole run, and by `callmate doctor` while it checks.
IMPORT_LOCK_FILE = "import.lock"

#: Every side file, relative to the data folder: doctor checks them, and moves whatever else
#: stands under one of these names (a link, a FIFO, a folder) to quarantine/.
SIDE_FILES = (
    NURTURE_FILE,
    PACING_FILE,
    f"{TEAM_DIR}/{TEAM_CONFIG_FILE}",
    f"{TEAM_DIR}/{LEDGER_FILE}",
    f"{TEAM_DIR}/{LAST_PUSH_FILE}",
)

#: Far above any real side file (a nurture list of 10,000 prospects is about 3 MB); a bigger
#: one is not read into memory.
MAX_SIDE_FILE_BYTES = 32 * 1024 * 1024


class SideFileProblem(Exception):
    """A side file that cannot be used, in plain words: ``str()`` names the file and says why.

    ``raw`` holds the bytes read (None when nothing could be read), so a repair moves aside
    exactly the file that was judged; ``damaged`` is True when the file was read and its
    contents are wrong (not when it could not be read at all).
    """

    def __init__(self, path: Path, why: str, raw: bytes | None = None, damaged: bool = False):
        super().__init__(f"{path} {why}")
        self.path = path
        self.why = why
        self.raw = raw
        self.damaged = damaged


def side_paths(root: Path) -> list[Path]:
    """The side files of the data folder ``root``."""
    return [root / name for name in SIDE_FILES]


def read_side_bytes(path: Path, limit: int = MAX_SIDE_FILE_BYTES) -> bytes | None:
    """The file's bytes, or None when there is no such file.

    Read by `read_nofollow` (a link refused, never read through; a FIFO never waited on; the
    type checked on the open descriptor), with this file's size limit. SideFileProblem for
    anything else: a file over the limit, or one that grew past it while read, is damaged.
    """

    def not_too_large(info: os.stat_result) -> None:
        if info.st_size > limit:
            raise SideFileProblem(path, _too_large(info.st_size, limit), damaged=True)

    try:
        raw = read_nofollow(path, not_too_large, limit)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    if len(raw) > limit:
        raise SideFileProblem(path, _too_large(len(raw), limit), damaged=True)
    return raw


def load_side_json(path: Path, limit: int = MAX_SIDE_FILE_BYTES) -> tuple[Any, bytes] | None:
    """The decoded contents and the bytes they came from; None when there is no such file.

    SideFileProblem (``damaged``) for bytes that are not JSON, not text, or nested too deeply
    for Python to decode (RecursionError): a damaged file, said as one.
    """
    raw = read_side_bytes(path, limit)
    if raw is None:
        return None
    try:
        return loads(raw), raw
    except RecursionError:
        why = "is damaged (its brackets are nested too deeply to be read)"
        raise SideFileProblem(path, why, raw, damaged=True) from None
    except (ValueError, UnicodeError) as exc:  # JSONDecodeError is a ValueError
        raise SideFileProblem(
            path, f"is damaged (not valid JSON: {exc})", raw, damaged=True
        ) from exc


def write_side_bytes(path: Path, data: bytes) -> None:
    """Replace the side file with ``data`` (temp file, fsync, rename), refusing a link or
    anything but a regular file under its name (OSError: os_reason says which), checked just
    before the rename so a link made meanwhile is not silently replaced either."""

    def still_a_file_or_nothing() -> None:
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return
        if stat.S_ISLNK(info.st_mode):
            raise OSError(errno.ELOOP, "is a symbolic link", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path)

    still_a_file_or_nothing()  # before any temp file is made
    atomic_write_bytes(path, data, still_a_file_or_nothing)


def _unreadable(path: Path, exc: OSError) -> SideFileProblem:
    if exc.errno == errno.ELOOP:
        return SideFileProblem(
            path,
            "is a symbolic link, which callmate never follows inside its data folder; "
            "`callmate doctor --repair` moves it aside",
        )
    if isinstance(exc, NotRegularFile):
        return SideFileProblem(
            path,
            "is not a regular file (a folder, a FIFO or a device): callmate never opens it; "
            "`callmate doctor --repair` moves it aside",
        )
    return SideFileProblem(path, f"cannot be read ({os_reason(exc)})")


def _too_large(size: int, limit: int) -> str:
    return (
        f"is damaged (it holds {size // (1024 * 1024)} MB, more than the "
        f"{limit // (1024 * 1024)} MB callmate reads)"
    )
