"""Store exceptions.

Each message is written for the salesperson who will read it in the UI or the terminal: what
happened, which file, and what to do. ``path`` lets the UI show or copy the location.
"""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base class: something went wrong with the call data on disk."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message


class StoreWriteError(StoreError):
    """A save did not reach the disk; the caller still holds the data and should retry."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"Could not save to {path} ({reason}). Your notes are still open in callmate; "
            "free some disk space or check that the folder can be written to, and it will "
            "save again.",
            path,
        )
        self.reason = reason


class SavedInPart(StoreWriteError):
    """A batch save (an import) stopped when the disk refused one call: ``saved`` are stored
    (each call file complete), the rest are not; nothing half-written is left behind."""

    def __init__(self, path: Path, reason: str, saved: list[str]) -> None:
        super().__init__(path, reason)
        self.saved = saved


class CorruptFile(StoreError):
    """A file could not be understood; its bytes were moved to the quarantine folder."""

    def __init__(self, path: Path, quarantined_to: Path | None, reason: str) -> None:
        where = f" Its contents were kept in {quarantined_to}." if quarantined_to else ""
        super().__init__(
            f"The file {path} is damaged and could not be read ({reason}).{where}", path
        )
        self.quarantined_to = quarantined_to
        self.reason = reason


class SessionNotFound(StoreError):
    """No saved call has this id."""

    def __init__(self, session_id: str, path: Path | None) -> None:
        super().__init__(f"No saved call with id '{session_id}' (looked for {path}).", path)
        self.session_id = session_id


class InvalidSessionId(StoreError, ValueError):
    """The id cannot be used as a file name (letters, digits, '-' and '_' only, up to 64)."""

    def __init__(self, session_id: object) -> None:
        super().__init__(
            f"'{session_id}' is not a valid call id: use only letters, digits, '-' and '_' "
            "(at most 64 characters).",
            None,
        )
        self.session_id = session_id


class CallOpenElsewhere(StoreError):
    """Another live process holds the claim on this call."""

    def __init__(self, session_id: str, path: Path, pid: int | None) -> None:
        who = f" (process {pid})" if pid else ""
        super().__init__(
            f"The call '{session_id}' is already open in another callmate window{who}. "
            "Close it there first, so that no notes are overwritten.",
            path,
        )
        self.session_id = session_id
        self.pid = pid


class DataFolderUnusable(StoreError):
    """The data folder is no folder (a file, a device, a link that loops or leads nowhere, or
    a path through a file): nothing can be read or saved, so every command stops with this."""

    def __init__(self, root: Path, why: str) -> None:
        super().__init__(
            f"The data folder {root} cannot be used: {why}. callmate keeps its calls in a "
            "folder: move that out of the way, or set CALLMATE_DATA_DIR to a folder. Nothing "
            "was read or changed.",
            root,
        )


class CallsNotAFolder(StoreError):
    """calls/ is a file (or a FIFO, a device...): no call can be listed, read or saved."""

    def __init__(self, calls: Path, what: str) -> None:
        super().__init__(
            f"{calls} is {what}, not the folder callmate keeps its calls in: no call can be "
            f"listed, read or saved. Look at what it is, move it away (`mv {calls} "
            f"{calls}.moved`), then run `callmate doctor`.",
            calls,
        )


class CallsLinked(StoreError):
    """calls/ is a symbolic link: no call is read through it, and none is dropped from the
    list of calls for it (paths.calls_link_words says what to do)."""


class FolderUnreadable(StoreError):
    """A folder of the store cannot be read by this user (another user's, or mode 000):
    nothing can be listed or saved, so callmate stops with this message instead of guessing."""

    def __init__(self, path: Path, root: Path, owner: str, mine: bool, mode: int, me: str) -> None:
        if mine:
            fix = f"make it readable again with `chmod 700 {path}`"
        else:
            fix = (
                f"a folder made by `sudo callmate` is the usual cause; give it back with "
                f"`sudo chown -R {me} {root}`"
            )
        super().__init__(
            f"callmate cannot read {path}: it belongs to {owner}, mode {mode:o}, and callmate "
            f"runs as {me}. Nothing was read or changed; {fix}. `callmate doctor` lists "
            "everything else it finds.",
            path,
        )
