"""Moving damaged files aside instead of deleting or overwriting them.

A damaged call file may still hold notes someone can rescue by hand, so its bytes are kept
under quarantine/<name>.<timestamp>.corrupt and callmate carries on without it.
"""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

from callmate.store.atomic import fsync_dir, read_nofollow
from callmate.store.paths import DIR_MODE, FILE_MODE, NotRegularFile, ensure_private_dir


def quarantine(path: Path, folder: Path, expected: bytes | None = None) -> Path | None:
    """Move ``path`` into ``folder`` with its bytes intact and return where it went.

    With ``expected``, the move happens only if the file still holds exactly those bytes, so a
    file that another process has just replaced with a good version is left alone. Returns None
    when the file is gone or changed.
    """
    ensure_private_dir(folder)
    if expected is not None:
        try:
            if read_nofollow(path) != expected:
                return None
        except (FileNotFoundError, IsADirectoryError, NotRegularFile):
            return None  # not the file that was judged damaged: leave it
        except OSError:  # a link: moved aside below as it is, never read through
            pass
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    dest = folder / f"{path.name}.{stamp}.corrupt"
    counter = 1
    while os.path.lexists(dest):
        dest = folder / f"{path.name}.{stamp}-{counter}.corrupt"
        counter += 1
    try:
        os.replace(path, dest)
    except FileNotFoundError:
        return None
    moved = os.lstat(dest)
    if stat.S_ISREG(moved.st_mode) and moved.st_nlink == 1:
        # Never through a link, nor on a file with another name (a hard link): either may
        # be a file outside our care.
        os.chmod(dest, FILE_MODE)
    elif stat.S_ISDIR(moved.st_mode) and stat.S_IMODE(moved.st_mode) & 0o077:
        # A folder made where a file should be (index.lock): private like the rest, opened
        # without following a link so nothing swapped in meanwhile is chmod-ed.
        fd = os.open(dest, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        try:
            os.fchmod(fd, DIR_MODE)
        finally:
            os.close(fd)
    fsync_dir(folder)
    fsync_dir(path.parent)
    return dest
