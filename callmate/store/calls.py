"""The calls folder: reading call files, moving damaged ones aside, finishing cut-short saves.

The Store builds its index on top of this; everything here works on one call file at a time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from callmate.store.atomic import DamagedData
from callmate.store.callfile import read_call
from callmate.store.errors import CorruptFile, SessionNotFound
from callmate.store.paths import check_session_id
from callmate.store.quarantine import quarantine
from callmate.store.recovery import CallsListing, dead, recover_call_temp
from callmate.store.summary import Summarize, index_entry

Entry = dict[str, Any]


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


class CallFolder:
    """calls/ and quarantine/ under ``root``; what was repaired is said in ``problems``."""

    def __init__(self, root: Path, summarize: Summarize) -> None:
        self.root = Path(root)
        self.calls_dir = self.root / "calls"
        self.quarantine_dir = self.root / "quarantine"
        self.summarize = summarize
        self.problems: list[str] = []

    def call_path(self, session_id: str) -> Path:
        return self.calls_dir / f"{check_session_id(session_id)}.json"

    def _read_record(self, session_id: str) -> dict[str, Any]:
        path = self.call_path(session_id)
        for _attempt in range(3):
            try:
                record = read_call(path, session_id)
            except DamagedData as exc:
                try:
                    moved = quarantine(path, self.quarantine_dir, exc.raw)
                except OSError:
                    raise CorruptFile(path, None, exc.reason) from None
                if moved is None:
                    continue  # replaced meanwhile (or gone): read it again
                self._report_corrupt(path, moved, exc.reason)
                raise CorruptFile(path, moved, exc.reason) from None
            if record is None:
                raise SessionNotFound(session_id, path)
            return record
        raise CorruptFile(path, None, "it kept changing while being read")

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

    def _entry_from_file(self, session_id: str) -> Entry | None:
        """The index entry for a call file, or None to leave it out of the list."""
        try:
            return index_entry(self._read_record(session_id), self.summarize)
        except (SessionNotFound, CorruptFile):
            return None
        except OSError as exc:
            path = self.calls_dir / f"{session_id}.json"
            self.problems.append(
                f"Could not read {path} ({_reason(exc)}); it is left out of the list of calls "
                "for now. The file itself was not changed."
            )
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
                    f"Could not clean up {temp.path} ({_reason(exc)}); it was left in place."
                )
        return bool(temps)
