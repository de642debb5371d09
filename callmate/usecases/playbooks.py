"""Finding the playbook a stored call used, if it can still be loaded.

A record names its playbook by file path and by name. Files move and get edited, so the path is
tried first, then the name through the usual search folders; when neither loads, callers work
from the record alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from callmate.core.call_record import CallRecord
from callmate.core.catalog import PlaybookNotFound, resolve_playbook
from callmate.core.playbook import Playbook
from callmate.core.playbook_loader import check_playbook
from callmate.core.problems import Problem

Check = Callable[[Path], "tuple[Playbook | None, list[Problem]]"]


@dataclass(frozen=True)
class FoundPlaybook:
    """The playbook a call used as it is now, or why it cannot be had, in the rep's words."""

    playbook: Playbook | None
    path: Path | None = None
    problem: str = ""
    #: The file changed since the call started (the call carries on with today's edition).
    changed: bool = False


def _checked(path: Path, check: Check) -> FoundPlaybook:
    try:
        playbook, _problems = check(path)
    except OSError as exc:  # removed or unreadable between finding it and reading it
        return FoundPlaybook(None, path, f"the playbook {path} cannot be read ({exc})")
    if playbook is None:
        return FoundPlaybook(None, path, f"the playbook {path} has errors now")
    return FoundPlaybook(playbook, path)


def locate_playbook(record: CallRecord, check: Check = check_playbook) -> FoundPlaybook:
    """The call's playbook from its stored path, else by its name through the search folders.

    ``check`` reads and checks a file (the app passes the cached check of playbook_cache.py).
    """
    path_text, name = record.playbook.path, record.playbook.name
    found = FoundPlaybook(None, problem=f"playbook '{name}' not found")
    if path_text and Path(path_text).is_file():
        found = _checked(Path(path_text), check)
    if found.playbook is None and name:
        try:
            by_name = resolve_playbook(name)
        except (PlaybookNotFound, OSError) as exc:
            return found if found.path else FoundPlaybook(None, problem=str(exc))
        if by_name != found.path:
            found = _checked(by_name, check)
    if found.playbook is None:
        return found
    stored = record.playbook.sha256
    return replace(found, changed=bool(stored) and found.playbook.sha256 != stored)


def find_playbook(record: CallRecord) -> Playbook | None:
    """The call's playbook, or None when it can no longer be loaded (readers then work from the
    record alone)."""
    return locate_playbook(record).playbook


class PlaybookCache:
    """locate_playbook once per distinct playbook reference, for commands that read many calls."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, str, str], FoundPlaybook] = {}

    def locate(self, record: CallRecord) -> FoundPlaybook:
        ref = record.playbook
        key = (ref.path, ref.name, ref.sha256)
        if key not in self._found:
            self._found[key] = locate_playbook(record)
        return self._found[key]

    def __call__(self, record: CallRecord) -> Playbook | None:
        return self.locate(record).playbook
