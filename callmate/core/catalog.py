"""Where playbooks come from, in the order a rep would expect one name to win over another.

A path on the command line wins, then each folder in CALLMATE_PLAYBOOKS (a team's shared checkout),
then the user's own playbook folder, then the playbooks that ship with callmate.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

from callmate.locations import PLAYBOOKS_ENV, data_dir, playbook_dirs

SUFFIXES = (".yaml", ".yml")
#: The bundled playbook a call uses when none is named.
DEFAULT_PLAYBOOK = "first-discovery"


@dataclass
class PlaybookEntry:
    """A playbook name, the file that wins for it, and the files of that name it shadows."""

    name: str
    path: Path
    origin: str
    shadows: list[Path] = field(default_factory=list)


class PlaybookNotFound(LookupError):
    pass


def bundled_dir() -> Path:
    """The playbooks shipped in the package (the top-level playbooks/ folder of the source tree).

    The package's own folder, as the import system found it (an installed copy or the source
    tree's playbooks/): importlib.resources would give the same folder for a package on disk,
    after loading zipfile, on every start."""
    spec = find_spec("callmate.bundled")
    folders = spec.submodule_search_locations if spec else None
    if not folders:
        raise PlaybookNotFound("callmate's bundled playbooks are missing from this installation")
    return Path(next(iter(folders)))


def user_dir() -> Path:
    return data_dir() / "playbooks"


def search_dirs() -> list[tuple[str, Path]]:
    dirs: list[tuple[str, Path]] = [(PLAYBOOKS_ENV, folder) for folder in playbook_dirs()]
    dirs.append(("user", user_dir()))
    dirs.append(("bundled", bundled_dir()))
    return dirs


def list_playbooks() -> list[PlaybookEntry]:
    """Every playbook name once, from the folder that wins, with the files it shadows."""
    entries: dict[str, PlaybookEntry] = {}
    for origin, folder in search_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix not in SUFFIXES or not path.is_file():
                continue
            name = path.stem
            if name in entries:
                entries[name].shadows.append(path)
            else:
                entries[name] = PlaybookEntry(name, path, origin)
    return sorted(entries.values(), key=lambda e: e.name)


def left_out() -> list[str]:
    """One plain line for each thing in the playbook search that is passed over: a folder
    named by CALLMATE_PLAYBOOKS that is missing or no folder, and a name with a playbook's
    suffix that is no file (a FIFO, a folder, a link that leads nowhere). A link to a file is
    a playbook like any other."""
    said: list[str] = []
    for origin, folder in search_dirs():
        try:
            info = os.stat(folder)
        except FileNotFoundError:
            if origin == PLAYBOOKS_ENV:
                said.append(
                    f"{PLAYBOOKS_ENV} names {folder}, which does not exist: no playbook "
                    "is taken from it"
                )
            continue
        except OSError as exc:
            said.append(f"the playbook folder {folder} cannot be looked at ({exc.strerror})")
            continue
        if not stat.S_ISDIR(info.st_mode):
            if origin == PLAYBOOKS_ENV:
                said.append(
                    f"{PLAYBOOKS_ENV} names {folder}, which is not a folder: no playbook "
                    "is taken from it"
                )
            continue
        try:
            names = sorted(os.listdir(folder))
        except OSError as exc:
            said.append(f"the playbook folder {folder} cannot be listed ({exc.strerror})")
            continue
        for name in names:
            path = folder / name
            if path.suffix not in SUFFIXES or path.is_file():
                continue
            said.append(f"{path} is left out of the playbooks: {_what_it_is(path)}")
    return said


def _what_it_is(path: Path) -> str:
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return f"it cannot be looked at ({exc.strerror})"
    if stat.S_ISLNK(mode):
        return f"it is a symbolic link to {os.readlink(path)}, which is not a file"
    if stat.S_ISDIR(mode):
        return "it is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "it is a FIFO, not a file (reading it would wait for a writer)"
    return "it is not a regular file (a device or a socket)"


def resolve_playbook(name_or_path: str) -> Path:
    """A file path for a playbook name or path; PlaybookNotFound lists what is available."""
    candidate = Path(name_or_path).expanduser()
    looks_like_path = candidate.suffix in SUFFIXES or os.sep in name_or_path
    if looks_like_path:
        if candidate.is_file():
            return candidate
        raise PlaybookNotFound(f"no playbook file at {candidate}")
    for entry in list_playbooks():
        if entry.name == name_or_path:
            return entry.path
    names = ", ".join(e.name for e in list_playbooks()) or "none found"
    raise PlaybookNotFound(f"no playbook named '{name_or_path}'; available: {names}")


def is_plain_name(name: str) -> bool:
    """A playbook name as a call record stores it: a file name's stem, never a path (no folder
    separator, no suffix, not `.` or `..`), so a record cannot point the catalog at a file."""
    if not name or name in (".", "..") or "\0" in name:
        return False
    if "/" in name or "\\" in name or os.sep in name or (os.altsep and os.altsep in name):
        return False
    return Path(name).suffix.casefold() not in SUFFIXES


def playbook_named(name: str) -> Path:
    """The playbook file of this name in the search folders only (a name read from a stored
    call, which is never taken as a path); PlaybookNotFound otherwise."""
    if not is_plain_name(name):
        raise PlaybookNotFound(f"'{name}' is not a playbook name")
    for entry in list_playbooks():
        if entry.name == name:
            return entry.path
    raise PlaybookNotFound(f"no playbook named '{name}'")
