"""Where call data lives, and the rules for names and permissions inside that folder."""

from __future__ import annotations

import contextlib
import errno
import os
import shlex
import stat
from pathlib import Path

from callmate.core.call_record import SESSION_ID_RE
from callmate.locations import foreign_reason, not_callmates_words, user_name
from callmate.store.errors import DataFolderUnusable, FolderUnreadable, InvalidSessionId, StoreError

DIR_MODE = 0o700
FILE_MODE = 0o600

#: Below this much free space even a small call file is unlikely to fit.
LOW_SPACE_BYTES = 64 * 1024
#: Errors that mean "the disk refuses writes now", not "something is broken".
REFUSALS = {errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EACCES, errno.EPERM}

# Ids become file names, so only characters that are safe on every filesystem are allowed.


#: What a name that should hold a file holds instead, in every message that says so.
NOT_A_FILE = "is not a regular file (a folder, a link, a FIFO or a device)"


#: What a file with more than one name is, in every message that says so.
HARD_LINKED = (
    "has another name (a hard link), possibly outside the data folder, so callmate never "
    "writes, truncates or changes the permissions of it"
)


class HardLinked(OSError):
    """A file in the data folder that is also reachable under another name: a hard link made
    to a file elsewhere would let a write, truncate or chmod here change that file."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(errno.EMLINK, f"it {HARD_LINKED}", str(path))


class NotRegularFile(OSError):
    """A name that should hold a file holds a FIFO, socket, device or folder: never read it."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(errno.EINVAL, f"it {NOT_A_FILE}", str(path))


def odd_file_message(path: Path | str) -> str:
    """What every command says about a call name that is not a regular file (the same words
    whether a listing found it or a command was asked for that call)."""
    return (
        f"{path} {NOT_A_FILE}; callmate skips it and never follows it. `callmate doctor "
        "--repair` moves it to quarantine/ (a link is removed; what it points to is not touched)."
    )


def check_session_id(session_id: object) -> str:
    """Return the id if it is safe to use as a file name; raise InvalidSessionId otherwise."""
    if not isinstance(session_id, str) or not SESSION_ID_RE.fullmatch(session_id):
        raise InvalidSessionId(session_id)
    return session_id


def ensure_private_dir(path: Path, follow_link: bool = False, tighten: bool = True) -> int | None:
    """Create ``path`` (and missing parents) as 0700, and tighten it if it is group/world readable
    (unless not ``tighten``: the data folder itself, which callmate may not have made, is never
    chmod-ed at start; `callmate doctor --repair` tightens it).

    Call notes are private customer data, so no folder we create may be readable by others;
    parents are created 0700 too because ``os.makedirs`` would apply the umask to them.
    A symbolic link is refused (OSError ELOOP) unless ``follow_link`` (the data folder itself
    may be a link the user made; nothing inside it is followed).

    Returns the mode an existing folder had when it was tightened (so a caller can say that a
    folder others could write to was open), else None.
    """
    missing: list[Path] = []
    current = path
    while not os.path.lexists(current):
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, DIR_MODE)
        os.chmod(folder, DIR_MODE)  # mkdir applies the umask, which may remove owner bits
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode) and follow_link:
        info = os.stat(path)
    if stat.S_ISLNK(info.st_mode):
        # A link inside the data folder could point anywhere: never chmod (or write) through it.
        raise OSError(errno.ELOOP, "is a symbolic link, which callmate does not follow", str(path))
    if not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(errno.ENOTDIR, "Not a folder", str(path))
    if stat.S_IMODE(info.st_mode) & 0o077:
        if tighten:
            os.chmod(path, DIR_MODE)
        return None if missing else stat.S_IMODE(info.st_mode)
    return None


def unwritable_reason(folder: Path) -> str | None:
    """Why nothing can be written in ``folder`` now (read-only, full), or None if it can.

    One statvfs: cheap enough for every start, so even read-only commands can say it once.
    """
    try:
        info = os.statvfs(folder)
    except OSError:
        return None  # a missing folder is created by the first save
    if info.f_flag & os.ST_RDONLY:
        return "the file system is read-only"
    if not os.access(folder, os.W_OK):
        return "permission denied"
    free = info.f_bavail * info.f_frsize
    if free < LOW_SPACE_BYTES:
        return f"the disk is full: {free // 1024} kB free"
    return None


def refused(exc: BaseException | None) -> bool:
    """True if ``exc`` (or what caused it) is the disk refusing writes (full, read-only...)."""
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno in REFUSALS:
            return True
        exc = exc.__cause__
    return False


def os_reason(exc: OSError) -> str:
    """Why an operation on the data folder failed, in words: a link names itself."""
    if exc.errno == errno.ELOOP:
        what = exc.filename or "it"  # the link itself, not the folder it was found in
        return (
            f"{what} is a symbolic link, which callmate never follows inside its data folder; "
            "`callmate doctor --repair` removes it"
        )
    if isinstance(exc, NotRegularFile):
        return f"{exc.filename} {NOT_A_FILE}: callmate never reads or writes it"
    if isinstance(exc, HardLinked):
        fix = "`callmate doctor --repair` gives it a file of its own"
        return f"{exc.filename} {HARD_LINKED}; {fix}"
    return exc.strerror or str(exc)


def kind_of(mode: int) -> str:
    """What a name holds, in words, for a message about something that should be a folder."""
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a folder"


def not_a_folder(path: Path) -> str | None:
    """What ``path`` holds when it should be a folder and is something else (a file, a FIFO,
    a device); None when it is a folder, a link (refused where it is used) or missing."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if stat.S_ISDIR(info.st_mode) or stat.S_ISLNK(info.st_mode):
        return None
    return kind_of(info.st_mode)


def refuse_not_a_folder(root: Path) -> None:
    """DataFolderUnusable when the data folder is not a folder and cannot become one: a file
    or device there (``CALLMATE_DATA_DIR=/dev/null``), a link that loops or leads nowhere, or
    a path through a file (``/tmp/file/sub``). A missing folder is fine: it is created."""
    try:
        info = os.stat(root)  # the data folder itself may be a link the user made
    except FileNotFoundError:
        if os.path.islink(root):
            raise DataFolderUnusable(
                root, f"it is a symbolic link to {os.readlink(root)}, which does not exist"
            ) from None
        _refuse_file_above(root)
        return
    except NotADirectoryError:
        _refuse_file_above(root)
        return
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DataFolderUnusable(
                root, "it is a symbolic link that leads round in a loop"
            ) from None
        return  # e.g. permission denied: said by refuse_unreadable and the first write
    if not stat.S_ISDIR(info.st_mode):
        raise DataFolderUnusable(root, f"it is {kind_of(info.st_mode)}, not a folder")


def _refuse_file_above(root: Path) -> None:
    """DataFolderUnusable naming the first parent of ``root`` that is not a folder, if any."""
    for parent in reversed(root.parents):
        try:
            info = os.stat(parent)
        except OSError:
            return  # missing (created with the folder) or not ours to look at
        if not stat.S_ISDIR(info.st_mode):
            raise DataFolderUnusable(
                root, f"{parent} is {kind_of(info.st_mode)}, so no folder can be made inside it"
            )


class NotCallmateFolder(StoreError):
    """The data folder is a folder callmate must not use (see locations.foreign_reason):
    nothing is made, read or chmod-ed in it."""

    def __init__(self, root: Path, why: str) -> None:
        super().__init__(not_callmates_words(root, why), root)


def refuse_foreign(root: Path) -> None:
    """NotCallmateFolder unless ``root`` is missing, empty, or already callmate's; checked
    before anything is made in it (data_dir() checks the same, for commands without a store)."""
    if (why := foreign_reason(root)) is not None:
        raise NotCallmateFolder(root, why)


def refuse_unreadable(root: Path, folders: tuple[Path, ...]) -> None:
    """FolderUnreadable for the first of ``folders`` (missing ones are fine) that this user
    cannot list or enter, e.g. made by `sudo callmate`: every list would be empty or wrong."""
    for folder in folders:
        try:
            info = os.stat(folder)  # the data folder itself may be a link the user made
        except FileNotFoundError:
            continue
        except PermissionError:
            break  # its parent is the unreadable one, said on its own turn
        if stat.S_ISDIR(info.st_mode) and not os.access(folder, os.R_OK | os.X_OK):
            me = os.geteuid()
            raise FolderUnreadable(
                folder,
                root,
                f"{user_name(info.st_uid)} (uid {info.st_uid})",
                info.st_uid == me,
                stat.S_IMODE(info.st_mode),
                user_name(me),
            )


def linked_folder(path: Path) -> tuple[str, int] | None:
    """Where a link standing for one of callmate's folders (calls/, quarantine/...) points, as
    a full path, and how many names the folder there holds (0: empty, or no folder there);
    None when ``path`` is no link. The link is read, its target only listed, never changed."""
    try:
        target = os.readlink(path)
    except OSError:
        return None
    where = os.path.normpath(os.path.join(os.path.dirname(path), target))
    try:
        held = len(os.listdir(where))
    except OSError:
        held = 0
    return where, held


#: How to keep a data folder elsewhere, said with put_back_words for a folder inside it.
ELSEWHERE = (
    " (to keep the data on another disk, move the whole data folder there and point "
    "CALLMATE_DATA_DIR at it, or link the data folder itself)"
)


def put_back_words(path: Path, target: str, elsewhere: str = ELSEWHERE) -> str:
    """How to put a folder that was moved away and linked back in place of its link: the
    link is removed and the folder moved back (a data folder on another disk is linked
    whole: only that link is followed)."""
    here, there = shlex.quote(str(path)), shlex.quote(target)
    return f"put the folder back in place of the link: `rm {here} && mv {there} {here}`{elsewhere}"


def calls_link_words(calls: Path) -> str | None:
    """What every command says of a calls/ that is a symbolic link (None: it is not one).

    Nothing in it is read or written and the list of calls is kept as it was: the calls were
    most likely moved to another disk and linked back, and removing the link or dropping them
    from the list would hide the whole history."""
    found = linked_folder(calls)
    if found is None:
        return None
    target, held = found
    fix = (
        put_back_words(calls, target)
        if held
        else f"remove the link (`rm {shlex.quote(str(calls))}`); callmate makes the folder again"
    )
    return (
        f"{calls} is a symbolic link (to {target}), which callmate never follows inside its "
        "data folder: no call in it is read or written, nothing can be saved, and the list "
        f"of calls is kept as it was until it is a folder again. To fix it, {fix}"
    )
