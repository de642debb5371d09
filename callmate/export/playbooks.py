"""Finding the playbook a stored call used, if it can still be loaded.

A record names its playbook by file path and by name. Files move and get edited, so the path is
tried first, then the name through the usual search folders; when neither loads, callers work
from the record alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from callmate.core.catalog import PlaybookNotFound, resolve_playbook
from callmate.core.playbook import Playbook
from callmate.core.playbook_loader import check_playbook


def _load(path: Path) -> Playbook | None:
    try:
        playbook, _problems = check_playbook(path)
    except OSError:
        return None  # removed or unreadable between finding it and reading it
    return playbook


def _ref(record: Mapping[str, Any]) -> tuple[str, str]:
    ref = record.get("playbook")
    if not isinstance(ref, Mapping):
        return "", ""
    path, name = ref.get("path"), ref.get("name")
    return (path if isinstance(path, str) else ""), (name if isinstance(name, str) else "")


def find_playbook(record: Mapping[str, Any]) -> Playbook | None:
    """The call's playbook from its stored path, else by its name; None if neither loads."""
    path, name = _ref(record)
    if path:
        playbook = _load(Path(path))
        if playbook is not None:
            return playbook
    if name:
        try:
            found = resolve_playbook(name)
        except (PlaybookNotFound, OSError):
            return None
        return _load(found)
    return None


class PlaybookCache:
    """find_playbook once per distinct playbook reference, for commands that read many calls."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, str], Playbook | None] = {}

    def __call__(self, record: Mapping[str, Any]) -> Playbook | None:
        key = _ref(record)
        if key not in self._found:
            self._found[key] = find_playbook(record)
        return self._found[key]
