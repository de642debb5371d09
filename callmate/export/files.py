"""Writing export files: private (0600) like everything callmate writes, and never clobbering.

An export may hold every customer conversation, so an existing file is only replaced when the
rep says so (--force); the no-overwrite check and the creation are one atomic open.

Even with --force only a regular file is replaced. Whatever else holds the name (a device such
as /dev/full, a FIFO, a socket, a folder) is refused with OutputNotFile: renaming over it would
put a plain file in its place. A symbolic link is refused too, naming what it points to: a
rename would replace the link and leave the file it names as it was, and writing through it
would let a planted link decide where customer data goes. Give the file's own path instead.

Nothing is ever written inside callmate's own data folder (OutputInDataFolder), --force or not:
a file there could replace a call, an index or a lock, and the call would be lost. The check
compares resolved paths, so a link to the folder, or a data folder reached through a link, is
caught too. A caller that writes into one part of it on purpose (`callmate new` into the
playbooks folder) names that part.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from callmate.locations import data_dir
from callmate.store.atomic import atomic_write_bytes
from callmate.store.paths import FILE_MODE


class OutputExists(FileExistsError):
    """The target file is already there and --force was not given."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists; use --force to replace it")
        self.path = path


class OutputNotFile(OSError):
    """The target name holds something that is not a regular file: never replaced."""

    def __init__(self, path: Path, what: str) -> None:
        if what.startswith("a symbolic link"):
            why = (
                f"it is {what}, not a regular file; callmate never writes through a link, "
                "even with --force: give the path of the file itself"
            )
        else:
            why = (
                f"it is {what}, not a regular file; callmate only ever replaces a regular "
                "file, even with --force"
            )
        super().__init__(errno.EINVAL, why, str(path))


class OutputInDataFolder(OSError):
    """The target is inside callmate's data folder: never written, even with --force."""

    def __init__(self, path: Path, folder: Path) -> None:
        super().__init__(
            errno.EPERM,
            f"it is inside callmate's data folder {folder}, where it could replace a call; "
            "choose a path outside that folder, --force does not change this",
            str(path),
        )


def check_outside_data(path: Path, allowed: Path | None = None) -> None:
    """OutputInDataFolder when ``path``, links resolved, is in the data folder (and not under
    ``allowed``, a part of it the caller writes to on purpose)."""
    folder = Path(os.path.realpath(data_dir()))
    where = Path(os.path.realpath(path))
    if not where.is_relative_to(folder):
        return
    if allowed is not None and where.is_relative_to(os.path.realpath(allowed)):
        return
    raise OutputInDataFolder(path, folder)


def _kind(path: Path, info: os.stat_result) -> str | None:
    """What a name holds, in words, when it is not a regular file (None when it is one)."""
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return f"a symbolic link (to {target})"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "something other than a file"


def check_target(path: Path) -> os.stat_result | None:
    """What is at ``path`` now if it is a regular file, None if nothing is; OutputNotFile for
    anything else (looked at with lstat: a link is not followed)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    what = _kind(path, info)
    if what is not None:
        raise OutputNotFile(path, what)
    return info


def write_private(
    path: Path, data: bytes, *, force: bool = False, allowed: Path | None = None
) -> None:
    """Create ``path`` with ``data`` (mode 0600); OutputExists unless ``force``; OutputNotFile
    when the name holds anything but a regular file; OutputInDataFolder when it is inside the
    data folder (but not under ``allowed``); OSError when the write fails."""
    check_outside_data(path, allowed)
    before = check_target(path)
    if before is not None:
        if not force:
            raise OutputExists(path)

        def still_that_file() -> None:
            # Between the check and the rename something else may have taken the name.
            now = check_target(path)
            if now is not None and (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino):
                raise OSError(errno.EAGAIN, "it changed while the export was written", str(path))

        atomic_write_bytes(path, data, still_that_file)  # a 0600 temp file renamed over the old
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
    except FileExistsError:
        check_target(path)  # something that is not a file appeared meanwhile: say what
        raise OutputExists(path) from None
    try:
        os.fchmod(fd, FILE_MODE)  # the umask may have removed owner bits
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)  # no half-written export left behind
        raise
    os.close(fd)
