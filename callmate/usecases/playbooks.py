"""Finding the playbook a stored call used, without trusting what the record says about files.

A record names its playbook by name, by the sha256 of the file's bytes when the call started,
and by the path it was read from. Only the name and the sha256 are trusted: the name is looked
up in the search folders (never taken as a path), and the stored path is read only when it is
a playbook file whose bytes still have that sha256. Files move, get edited, get broken and get
removed while a call is unfinished: today's edition is used when it checks clean, else the
copy of the edition the call started on, kept by sha256 in the data folder (playbook_cache.py).
When none can be had, callers work from the record alone.
"""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from callmate.core.call_record import CallRecord, PlaybookRef
from callmate.core.catalog import SUFFIXES, PlaybookNotFound, is_plain_name, playbook_named
from callmate.core.immutable import immutable
from callmate.core.playbook import Playbook
from callmate.core.playbook_loader import check_playbook
from callmate.core.problems import Problem
from callmate.locations import data_dir

Check = Callable[[Path], "tuple[Playbook | None, list[Problem]]"]
#: Larger than any playbook: a stored path naming something bigger is not read to be hashed.
MAX_PLAYBOOK_BYTES = 4 * 1024 * 1024


@immutable
class FoundPlaybook:
    """The playbook a call runs on, and what happened to its file, in the rep's words."""

    playbook: Playbook | None
    path: Path | None = None
    #: Why today's file cannot be used (broken: its first error, file:line:col; gone).
    problem: str = ""
    #: Today's edition differs from the one the call started on (the call uses today's).
    changed: bool = False
    #: The playbook is the kept copy of the edition the call started on (today's file is
    #: broken or gone: `problem` says which).
    kept: bool = False


def _checked(path: Path, check: Check) -> tuple[Playbook | None, str]:
    """The checked playbook at path, or None and why, with its first error located."""
    try:
        playbook, problems = check(path)
    except OSError as exc:  # removed or unreadable between finding it and reading it
        return None, f"the playbook {path.name} cannot be read ({exc.strerror or exc})"
    if playbook is not None:
        return playbook, ""
    first = next((p for p in problems if p.severity == "error"), None)
    if first is None:
        return None, f"the playbook {path.name} has errors now"
    # The file's name with its line and column, then its folder on a line of its own: a
    # notice is narrow, and a whole path before the message breaks it anywhere.
    where = f"{Path(first.file).name}:{first.line}:{first.col}: {first.message}"
    return None, f"the playbook {path.name} has errors now:\n{where}\n(in {path.parent})"


def _sha_of(path: Path) -> str | None:
    """The sha256 of a regular, playbook-sized file's bytes; None for anything else."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_PLAYBOOK_BYTES:
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _playbook_file(ref: PlaybookRef) -> Path | None:
    """The stored path when it could be a playbook file at all (absolute, a playbook suffix)."""
    if not ref.path or not ref.sha256:
        return None
    path = Path(ref.path)
    return path if path.is_absolute() and path.suffix in SUFFIXES else None


def _stored_path(ref: PlaybookRef) -> Path | None:
    """The stored path, only while it is a playbook file holding exactly the stored edition:
    a record (an import, a hand edit) cannot make callmate read any other file."""
    path = _playbook_file(ref)
    return path if path is not None and _sha_of(path) == ref.sha256 else None


def locate_playbook(
    record: CallRecord, check: Check = check_playbook, folder: Path | None = None
) -> FoundPlaybook:
    """The playbook to use for a stored call, and what became of its file.

    In order: the stored path while its bytes are the call's edition; the playbook of that
    name in the search folders (today's edition, `changed` when it differs); the kept copy of
    the call's edition in ``folder`` (the data folder) when today's is broken or gone.
    ``check`` reads and checks a file (the app passes the cached check of playbook_cache.py).
    """
    ref = record.playbook
    exact = _stored_path(ref)
    if exact is not None:
        playbook, _why = _checked(exact, check)
        if playbook is not None and playbook.sha256 == ref.sha256:
            return FoundPlaybook(playbook, exact)
    if not is_plain_name(ref.name):
        problem = f"the call names its playbook oddly ({ref.name!r}): it is not looked up"
        path: Path | None = None
    else:
        try:
            path = playbook_named(ref.name)
        except (PlaybookNotFound, OSError):
            path = None
            problem = f"no playbook named '{ref.name}' in the playbook folders (gone)"
            outside = _playbook_file(ref)
            if outside is not None and _sha_of(outside) is not None:
                # Started from a file outside the folders (`call --playbook ./x.yaml`), edited
                # since: only the folders' playbooks are taken at their word.
                problem = (
                    f"the playbook file {outside.name} changed since the call started and is "
                    "not in the playbook folders, so it is not used"
                )
        else:
            playbook, problem = _checked(path, check)
            if playbook is not None:
                changed = bool(ref.sha256) and playbook.sha256 != ref.sha256
                return FoundPlaybook(playbook, path, changed=changed)
    kept = _kept_edition(ref, check, folder if folder is not None else data_dir())
    if kept is not None:
        return replace(kept, problem=problem)
    return FoundPlaybook(None, path, problem)


def _kept_edition(ref: PlaybookRef, check: Check, folder: Path) -> FoundPlaybook | None:
    from callmate.playbook_cache import kept_edition

    path = kept_edition(folder, ref.sha256)
    if path is None:
        return None
    playbook, _why = _checked(path, check)
    if playbook is None or playbook.sha256 != ref.sha256:
        return None
    return FoundPlaybook(playbook, path, kept=True)


def started_on(
    record: CallRecord, check: Check = check_playbook, folder: Path | None = None
) -> Playbook | None:
    """The edition the call started on, when it can still be had exactly (the stored file
    unchanged, or its kept copy): what a gone question was called."""
    ref = record.playbook
    from callmate.playbook_cache import kept_edition

    for path in (_stored_path(ref), kept_edition(folder or data_dir(), ref.sha256)):
        if path is None:
            continue
        playbook, _why = _checked(path, check)
        if playbook is not None and playbook.sha256 == ref.sha256:
            return playbook
    return None


def find_playbook(record: CallRecord) -> Playbook | None:
    """The call's playbook, or None when it can no longer be loaded (readers then work from the
    record alone)."""
    return locate_playbook(record).playbook


def stand_in(record: CallRecord) -> Playbook:
    """A playbook with no questions, named as the call's was: when no edition of the call's
    playbook can be found, the call still opens on it, keeps every answer and note (shown as
    answers to questions no longer in the playbook), takes notes and reaches the gate."""
    ref = record.playbook
    return Playbook(
        name=ref.name or "unknown",
        title=ref.title or ref.name or "unknown playbook",
        objective=record.objective,
        sections=(),
        version=ref.version or "1",
        sha256=ref.sha256,
    )


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
