"""Advisory locks between callmate processes sharing one data folder.

``flock`` locks belong to an open file and vanish when the process dies, even on kill -9, so a
crashed window never leaves a call or the index locked. Lock files are never deleted: removing
one while another process waits on it would let two processes hold "the" lock at once.

A claim file holds its holder's pid while claimed and is emptied on release, so a pid found by
the next claimer means that window ended without closing the call (a crash or a kill), which is
worth saying. A holder that is alive but has lost its terminal (an old window whose terminal was
closed) can never be used again; see holders.py for how it is stopped so it does not block.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from callmate.store.atomic import make_private, open_regular
from callmate.store.errors import CallOpenElsewhere
from callmate.store.holders import release_from_orphan
from callmate.store.paths import HardLinked

#: How often a lock file that was replaced under us is opened again before giving up.
REOPENS = 8


def _names_fd(path: Path, fd: int) -> bool:
    """True if ``path`` still names the open file (it was not replaced meanwhile)."""
    try:
        here, held = os.lstat(path), os.fstat(fd)
    except FileNotFoundError:
        return False
    return (here.st_dev, here.st_ino) == (held.st_dev, held.st_ino)


def open_lock(path: Path, wait: bool) -> tuple[int, bool]:
    """Open the lock file ``path`` and lock it: (descriptor, whether the lock was taken).

    Without ``wait`` a lock held elsewhere gives (descriptor, False), nothing changed. A lock
    file with another name (a hard link to a file elsewhere) is never written or chmod-ed:
    once its lock is ours (so no callmate process holds it), its name is removed, which
    leaves the other file as it was, and a fresh private lock file is made in its place.
    Whoever waited on the old file finds, once it gets it, that the name has moved on and
    opens the new one, so two processes never both hold "the" lock.
    """
    for _ in range(REOPENS):
        fd, _info = open_regular(path, os.O_RDWR)
        try:
            if wait:
                fcntl.flock(fd, fcntl.LOCK_EX)
            elif not try_lock(fd):
                if os.fstat(fd).st_nlink > 1:
                    os.close(fd)
                    raise HardLinked(path)  # held elsewhere: nothing to say of its contents
                return fd, False
            if not _names_fd(path, fd):
                os.close(fd)
                continue
            info = os.fstat(fd)
            if info.st_nlink > 1:
                os.unlink(path)
                os.close(fd)
                continue
            make_private(path, fd, info)
        except BaseException:
            with contextlib.suppress(OSError):
                os.close(fd)
            raise
        return fd, True
    raise OSError(errno.EAGAIN, "it kept being replaced while callmate opened it", str(path))


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` for the duration of the block (waits for it)."""
    fd, _locked = open_lock(path, wait=True)
    try:
        yield
    finally:
        os.close(fd)  # closing the file releases the lock


class CallClaim:
    """Proof that this process has a call open; other processes cannot claim it meanwhile.

    Use as a context manager or call ``release()`` when the call screen closes.
    """

    def __init__(self, session_id: str, path: Path, fd: int, recovered: str | None = None) -> None:
        self.session_id = session_id
        self.path = path
        self._fd: int | None = fd
        #: What was found and put right to get this claim, in words for the rep (or None).
        self.recovered = recovered

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Let other windows open this call again. Safe to call twice."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)  # a clean close leaves no pid behind
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> CallClaim:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def __del__(self) -> None:
        # A claim object that is dropped without release() must not keep the call locked
        # for the rest of the process's life.
        with contextlib.suppress(Exception):
            self.release()

    def __repr__(self) -> str:
        state = "held" if self.held else "released"
        return f"CallClaim({self.session_id!r}, {state})"


def try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def claim_call(session_id: str, path: Path) -> CallClaim:
    """Take the claim on a call; raise CallOpenElsewhere if a usable window holds it.

    Only a holder that lost its terminal is waited for (it is stopped first, see holders.py).
    """
    fd, locked = open_lock(path, wait=False)
    recovered: str | None = None
    try:
        if not locked:
            holder = _read_pid(fd)
            recovered = release_from_orphan(holder, lambda: try_lock(fd))
            if recovered is None:
                raise CallOpenElsewhere(session_id, path, holder)
            make_private(path, fd, os.fstat(fd))
        else:
            previous = _read_pid(fd)
            if previous is not None and previous != os.getpid():
                recovered = (
                    f"The call '{session_id}' was left open by callmate process {previous}, "
                    "which ended without closing it (the terminal was closed or the process "
                    "was killed). Everything it saved is here; the call carries on."
                )
    except BaseException:
        os.close(fd)
        raise
    # The pid is for the message the other window shows and for the note above; the lock is
    # what counts.
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return CallClaim(session_id, path, fd, recovered)


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
