"""Writing export files: private (0600) like everything callmate writes, and never clobbering.

An export may hold every customer conversation, so an existing file is only replaced when the
rep says so (--force); the no-overwrite check and the creation are one atomic open.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from callmate.store.atomic import atomic_write_bytes
from callmate.store.paths import FILE_MODE


class OutputExists(FileExistsError):
    """The target file is already there and --force was not given."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists; use --force to replace it")
        self.path = path


def write_private(path: Path, data: bytes, *, force: bool = False) -> None:
    """Create ``path`` with ``data`` (mode 0600); OutputExists unless ``force``; OSError else."""
    if force:
        atomic_write_bytes(path, data)  # writes a 0600 temp file, then renames it over the old
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
    except FileExistsError:
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
