"""Which playbooks can be offered, with their titles, and the first error of those that cannot.

`callmate playbooks` and the home screen's picker both list playbooks; a broken file should be
shown with what is wrong instead of being offered and failing when a rep picks it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from callmate.core.catalog import PlaybookEntry, list_playbooks
from callmate.core.clean import one_line
from callmate.core.immutable import immutable
from callmate.core.playbook import Playbook
from callmate.core.playbook_loader import check_playbook
from callmate.core.problems import Problem
from callmate.core.yaml_source import SourceError, load_yaml_file

#: How a playbook file is checked: afresh, or through the app's cache of checked playbooks.
Check = Callable[[Path], tuple[Playbook | None, list[Problem]]]


@immutable
class PlaybookStatus:
    """A playbook file as `callmate playbooks` lists it: loads, or its first error."""

    entry: PlaybookEntry
    #: The playbook's title, or the raw `title:` of a broken file when it has one.
    title: str | None
    #: The first error (by line), or None when the playbook loads.
    first_error: Problem | None

    @property
    def usable(self) -> bool:
        return self.first_error is None


def status_of(entry: PlaybookEntry, check: Check = check_playbook) -> PlaybookStatus:
    playbook, problems = check(entry.path)
    if playbook is not None:
        return PlaybookStatus(entry, playbook.title, None)
    errors = [p for p in problems if p.severity == "error"]
    return PlaybookStatus(entry, _raw_title(entry), errors[0] if errors else None)


def statuses(check: Check = check_playbook) -> list[PlaybookStatus]:
    """Every playbook name once (as `list_playbooks` finds them), checked by `check`."""
    return [status_of(entry, check) for entry in list_playbooks()]


def _raw_title(entry: PlaybookEntry) -> str | None:
    try:
        title = load_yaml_file(entry.path).data.get("title")
    except SourceError:
        return None
    # Read from a file that did not load: made one clean line (no escape or direction override
    # reaches a list), as every command prints titles.
    return one_line(title) or None if isinstance(title, str) else None
