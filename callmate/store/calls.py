"""The calls folder: reading call files, moving damaged ones aside, finishing cut-short saves.

The Store builds its index on top of this; everything here works on one call file at a time.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from callmate.core.call_record import (
    SESSION_ID_RE,
    CallRecord,
    RecordDecodeError,
    decode_record,
    encode_record,
)
from callmate.store.atomic import DamagedData
from callmate.store.callfile import read_call
from callmate.store.errors import CorruptFile, SessionNotFound, StoreError
from callmate.store.paths import NotRegularFile, check_session_id, odd_file_message, os_reason
from callmate.store.quarantine import quarantine
from callmate.store.recovery import CallsListing, dead, recover_call_temp, refuse_link
from callmate.store.summary import Summarize, index_entry

Entry = dict[str, Any]


class ProblemLog(list[str]):
    """What the store found and put right, in words; each message is kept (and said) once.

    ``report`` (e.g. a command's stderr warning) hears every new message as it is found, so a
    call skipped in the middle of ``history --json`` or ``stats`` is said, not silently left out.
    """

    def __init__(self) -> None:
        super().__init__()
        self.report: Callable[[str], None] | None = None

    def append(self, message: str) -> None:
        if message in self:
            return
        super().append(message)
        if self.report is not None:
            self.report(message)


class QuarantinedCall(SessionNotFound):
    """The call's file was found damaged earlier and moved to quarantine: say so, and where."""

    def __init__(self, session_id: str, path: Path, moved: Path) -> None:
        super().__init__(session_id, path)
        self.moved = moved
        self.message = (
            f"The call '{session_id}' was damaged and was moved to quarantine: its bytes are "
            f"kept in {moved}. Run `callmate doctor` for what can be done."
        )


class OddCallFile(StoreError):
    """The call's name in calls/ is a FIFO, socket, device or folder: skipped, never read."""

    def __init__(self, path: Path) -> None:
        super().__init__(odd_file_message(path), path)


class CallUnreadable(StoreError):
    """The call's file is there but cannot be read (permission denied, an I/O error): what it
    holds is unknown, so it is neither compared with, nor replaced by, anything."""

    def __init__(self, session_id: str, path: Path, reason: str) -> None:
        super().__init__(
            f"The stored call {session_id} ({path}) could not be read ({reason}); it was left "
            "as it is. `callmate doctor` says why.",
            path,
        )
        self.session_id = session_id
        self.reason = reason


class UnusableRecord(CorruptFile):
    """The call file parses, but its record has a shape no reader expects; it stays in place."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        super().__init__(path, None, "; ".join(problems[:5]))
        self.message = (
            f"The call file {path} cannot be used ({self.reason}); it is skipped and left "
            "where it is. Fix it by hand or run `callmate doctor`."
        )


class CallFolder:
    """calls/ and quarantine/ under ``root``; what was repaired is said in ``problems``."""

    def __init__(self, root: Path, summarize: Summarize) -> None:
        self.root = Path(root)
        self.calls_dir = self.root / "calls"
        self.quarantine_dir = self.root / "quarantine"
        self.summarize = summarize
        self.problems: ProblemLog = ProblemLog()
        #: Calls whose damaged file could not be moved to quarantine: it stays in calls/.
        self.left_damaged: set[str] = set()
        #: Calls whose file parses but holds no usable record (UnusableRecord): left in calls/.
        self.unusable: set[str] = set()
        #: Calls whose file cannot be read (mode 000, another user's): left out and said.
        self.unreadable: set[str] = set()

    def call_path(self, session_id: str) -> Path:
        return self.calls_dir / f"{check_session_id(session_id)}.json"

    def _read_record(self, session_id: str) -> CallRecord:
        path = self.call_path(session_id)
        refuse_link(self.calls_dir)  # O_NOFOLLOW guards the file's own name only
        for _attempt in range(3):
            try:
                record = read_call(path, session_id)
            except NotRegularFile:
                raise OddCallFile(path) from None
            except DamagedData as exc:
                try:
                    moved = quarantine(path, self.quarantine_dir, exc.raw)
                except OSError as err:
                    self.left_damaged.add(session_id)
                    self.problems.append(
                        f"The call file {path} is damaged ({exc.reason}). It could not be moved "
                        f"to {self.quarantine_dir} ({os_reason(err)}), so it stays where it is and "
                        "callmate carries on without it; `callmate doctor` lists it."
                    )
                    raise CorruptFile(path, None, exc.reason) from None
                if moved is None:
                    continue  # replaced meanwhile (or gone): read it again
                self._report_corrupt(path, moved, exc.reason)
                raise CorruptFile(path, moved, exc.reason) from None
            if record is None:
                moved = self.quarantined(session_id)
                if moved is not None:
                    raise QuarantinedCall(session_id, path, moved)
                raise SessionNotFound(session_id, path)
            # Every call file goes through the one decoder, which checks and cleans every field.
            try:
                decoded = decode_record(record)
            except RecordDecodeError as exc:
                error = UnusableRecord(path, exc.problems)
                self.unusable.add(session_id)
                self.problems.append(error.message)
                raise error from None
            self.unusable.discard(session_id)
            self.unreadable.discard(session_id)
            return decoded
        raise CorruptFile(path, None, "it kept changing while being read")

    def quarantined(self, session_id: str) -> Path | None:
        """Where the newest quarantined copy of this call is, if it was ever moved there."""
        prefix = f"{session_id}.json."
        try:
            names = [n for n in os.listdir(self.quarantine_dir) if n.startswith(prefix)]
        except OSError:
            return None
        names = [n for n in names if n.endswith(".corrupt")]
        return self.quarantine_dir / max(names) if names else None

    def quarantined_calls(self) -> set[str]:
        """The ids of calls whose damaged file was moved to quarantine (however long ago)."""
        try:
            names = os.listdir(self.quarantine_dir)
        except OSError:
            return set()
        found = set()
        for name in names:
            session_id, dot_json, rest = name.partition(".json.")
            if dot_json and rest.endswith(".corrupt") and SESSION_ID_RE.fullmatch(session_id):
                found.add(session_id)
        return found

    def _move_aside(self, path: Path, exc: DamagedData) -> None:
        """Before a save replaces a damaged call file, keep its bytes in quarantine."""
        moved = quarantine(path, self.quarantine_dir, exc.raw)
        if moved is not None:
            self._report_corrupt(path, moved, exc.reason)

    def _report_corrupt(self, path: Path, moved: Path, reason: str) -> None:
        self.problems.append(
            f"The call file {path} was damaged ({reason}). It was moved to {moved} "
            "so nothing in it is lost; callmate carries on without it."
        )

    def still_skipped(self, name: str) -> bool:
        """Whether calls/<name>, skipped by the last full check, is still unusable; if so its
        reason is said again (in ``problems``). False when it may now be read: check again."""
        path = self.calls_dir / name
        try:
            info = os.lstat(path)
        except OSError:
            return False
        if not stat.S_ISREG(info.st_mode):
            self.problems.append(odd_file_message(path))
            return True
        session_id = name.removesuffix(".json")
        try:
            self._read_record(session_id)
        except UnusableRecord:
            return True
        except (StoreError, FileNotFoundError):
            return False
        except OSError as exc:
            self._say_unreadable(session_id, exc)  # still unreadable: said at every start
            return True
        return False

    def _say_unreadable(self, session_id: str, exc: OSError) -> None:
        """Note and say a call file that cannot be read: it is left out of every list until it
        can be (the manifest names it, so every start looks at it again)."""
        self.unreadable.add(session_id)
        path = self.calls_dir / f"{session_id}.json"
        self.problems.append(
            f"Could not read {path} ({os_reason(exc)}); the call is left out of the list of "
            "calls until it can be read. The file itself was not changed; `callmate doctor` "
            "says why."
        )

    def _entry_from_file(self, session_id: str) -> Entry | None:
        """The index entry for a call file, or None to leave it out of the list."""
        try:
            return index_entry(encode_record(self._read_record(session_id)), self.summarize)
        except (SessionNotFound, CorruptFile):
            return None
        except OddCallFile as exc:
            self.problems.append(exc.message)
            return None
        except FileNotFoundError:
            return None
        except OSError as exc:
            self._say_unreadable(session_id, exc)
            return None

    def _file_readable(self, path: Path, session_id: str) -> bool:
        try:
            return read_call(path, session_id) is not None
        except DamagedData:
            return False

    def _quarantine_call(self, path: Path) -> None:
        moved = quarantine(path, self.quarantine_dir)
        if moved is not None:
            self._report_corrupt(path, moved, "it could not be read")

    def _recover_call_temps(self, listing: CallsListing) -> bool:
        """Finish or drop interrupted call saves of dead processes; True if there were any."""
        temps = dead(listing.temps)
        for temp in temps:
            try:
                self.problems.append(
                    recover_call_temp(temp, self._file_readable, self._quarantine_call)
                )
            except OSError as exc:
                self.problems.append(
                    f"Could not clean up {temp.path} ({os_reason(exc)}); it was left in place."
                )
        return bool(temps)
