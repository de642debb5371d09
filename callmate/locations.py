"""Where callmate keeps the rep's data: one answer for the store, the playbook catalog and tools.

It sits outside both `core` and `store` so the domain core can find the rep's own playbook folder
without depending on the store.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from callmate.core.counts import counted

DATA_DIR_ENV = "CALLMATE_DATA_DIR"

#: Folders callmate keeps directly in its data folder: the only ones doctor looks into.
OWN_FOLDERS = ("calls", "index", "quarantine", "cache", "conflicts", "playbooks", "team", "briefs")
#: Files callmate keeps directly in its data folder (locks, side files, the first index format).
OWN_FILES = ("index.lock", "import.lock", "nurture.json", "pacing.json", "index.json")
#: Every name callmate may make directly in its data folder; anything else is not its own.
OWN_NAMES = frozenset((*OWN_FOLDERS, *OWN_FILES))
#: Names only callmate's store makes: one of them says a folder is a callmate data folder even
#: when other things were put beside them (a README, a backup of a call).
STORE_SIGNS = frozenset(("calls", "index", "quarantine", "index.lock"))
#: Where an unsaved call is written when the data folder refuses it (store/emergency.py).
EMERGENCY_DIR_ENV = "CALLMATE_EMERGENCY_DIR"
#: Folders of playbooks searched before the rep's own (a team's shared checkout), by os.pathsep.
PLAYBOOKS_ENV = "CALLMATE_PLAYBOOKS"


class DataDirNotAbsolute(SystemExit):
    """The data folder would depend on where callmate was started (`CALLMATE_DATA_DIR=data`,
    or a `~` with no home to expand it to): callmate stops, saying so in one line, exit 1.

    A SystemExit, so that every command, the home screen and any tool that asks where the data
    is stop the same way, from this one place, before anything is read, made or changed; and no
    ``except Exception`` on the way turns it into a quiet fallback to a folder of the moment.
    """

    def __init__(self, given: str, source: str, what: str = "the data folder") -> None:
        name = source if source.isupper() else DATA_DIR_ENV
        example = {EMERGENCY_DIR_ENV: "callmate-emergency", PLAYBOOKS_ENV: "team-playbooks"}.get(
            name, "callmate-data"
        )
        self.message = (
            f"callmate: error: {source} is {given!r}, which is not a full path: {what} "
            "would depend on the folder callmate is started in. Set it to a full path "
            f"(for example {name}=$HOME/{example}). Nothing was read or changed."
        )
        super().__init__(self.message)


def data_dir() -> Path:
    """$CALLMATE_DATA_DIR when set (tests, portable use), else the OS default.

    Set but empty (`CALLMATE_DATA_DIR=` or a variable that expanded to nothing) is refused
    (DataDirEmpty): quietly using the default folder would put calls where the rep did not
    mean them. A relative $CALLMATE_EMERGENCY_DIR is refused here too, at every start, before
    a save could need it: a copy written there would be found only from the same folder.

    A leading ``~`` is expanded (a quoted `CALLMATE_DATA_DIR='~/callmate-data'` reaches us as
    it was typed); a path that is still not absolute is refused (DataDirNotAbsolute), never
    taken relative to the current folder.
    """
    _refuse_relative_emergency_dir()
    playbook_dirs()  # a relative one is refused at every start, as the data folder is
    override = os.environ.get(DATA_DIR_ENV)
    if override is not None and not override.strip():
        raise DataDirEmpty(override)
    if override:
        return _callmates(_absolute(os.path.expanduser(override), override, DATA_DIR_ENV))
    if sys.platform.startswith("linux"):
        # platformdirs' rule for Linux, without importing it: every start pays that import.
        # A relative XDG_DATA_HOME is ignored, as the XDG base directory spec says.
        base = os.environ.get("XDG_DATA_HOME", "").strip()
        if not os.path.isabs(base):
            base = os.path.expanduser("~/.local/share")
        path = os.path.join(base, "callmate")
        default = _absolute(path, path, "the default data folder (no home folder to expand ~ to)")
        return _callmates(default)
    import platformdirs

    return _callmates(Path(platformdirs.user_data_dir("callmate")))


class NotCallmatesFolder(SystemExit):
    """The data folder is someone else's (see foreign_reason): every command, the home screen
    and doctor stop with one line, exit 1, before anything is made, read or chmod-ed there."""

    def __init__(self, root: Path, why: str) -> None:
        self.message = f"callmate: error: {not_callmates_words(root, why)}"
        super().__init__(self.message)


def cache_dir() -> Path | None:
    """Where callmate keeps what it can always rebuild: the checked playbooks and Textual's
    parsed CSS, as pickles (loading one runs code). Never the data folder: that is copied,
    synced and restored from other people's backups, and a pickle planted in its cache/ ran
    code at the next start. $XDG_CACHE_HOME/callmate (an absolute XDG_CACHE_HOME), else
    ~/.cache/callmate; None with no home folder (then nothing is cached)."""
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        if not os.path.isabs(base):
            base = os.path.expanduser("~/.cache")
        return Path(base, "callmate") if os.path.isabs(base) else None
    import platformdirs

    return Path(platformdirs.user_cache_dir("callmate"))


def not_callmates_words(root: Path, why: str) -> str:
    """What is said of a folder callmate will not use, by data_dir() and by the store."""
    return (
        f"callmate will not use {root} as its data folder: {why}. Nothing was made, read or "
        f"changed there. Set {DATA_DIR_ENV} to a new or empty folder of your own (for example "
        f"$HOME/callmate-data), or to the callmate data folder you meant."
    )


def _callmates(root: Path) -> Path:
    if (why := foreign_reason(root)) is not None:
        raise NotCallmatesFolder(root, why)
    return root


def foreign_reason(root: Path) -> str | None:
    """Why ``root`` is not a folder callmate may use as its data folder, or None when it is
    missing, empty or already callmate's.

    A folder holding names callmate never makes and none of the names only its store makes
    (calls/, index/...) is somebody else's (a home folder, /tmp, /etc, /proc/self); a folder
    inside another data folder (``…/calls``) would be a second store in the first; another
    user's folder anyone can write to (a shared 1777 folder) would let them change or remove
    the calls. One ``stat`` and one listing of a small folder.
    """
    for parent in root.parents:
        top = root.relative_to(parent).parts[0]
        if top in OWN_FOLDERS and _is_store(parent):
            return (
                f"it is inside the data folder {parent} (in its {top}/ folder), so it would "
                "make a second store inside the first"
            )
    try:
        info = os.stat(root)  # the data folder itself may be a link the user made
    except OSError:
        return None  # missing (made at the first save), or said by the store's own checks
    if not stat.S_ISDIR(info.st_mode):
        return None  # a file, a device: said by the store (DataFolderUnusable)
    mode = stat.S_IMODE(info.st_mode)
    if info.st_uid != os.geteuid() and mode & 0o022:
        return (
            f"it belongs to {user_name(info.st_uid)} (uid {info.st_uid}) and "
            f"{open_to_others(mode)} (mode {mode:o}), so others could change, replace or "
            "remove your calls in it"
        )
    try:
        names = set(os.listdir(root))
    except OSError:
        return None  # cannot be listed: said by the store (FolderUnreadable)
    strangers = sorted(names - OWN_NAMES)
    if not strangers or names & STORE_SIGNS:
        return None
    shown = ", ".join(repr(n) for n in strangers[:3]) + (" ..." if len(strangers) > 3 else "")
    return (
        f"it already holds {counted(len(strangers), 'thing')} callmate did not make ({shown}) "
        "and no calls/ or index/ folder, so it is not a callmate data folder"
    )


def _is_store(folder: Path) -> bool:
    """True when ``folder`` holds callmate's calls/ folder and its index (folder or lock)."""
    return os.path.isdir(folder / "calls") and (
        os.path.isdir(folder / "index") or os.path.lexists(folder / "index.lock")
    )


def user_name(uid: int) -> str:
    """A user's login name, or the uid when it has none."""
    import pwd

    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def open_to_others(mode: int) -> str:
    """What other users can do with a file or folder of this mode, in words."""
    if mode & 0o022 and mode & 0o044:
        return "can be read and written by other users"
    if mode & 0o022:
        return "can be written by other users"
    return "can be read by other users"


class DataDirEmpty(SystemExit):
    """CALLMATE_DATA_DIR is set to nothing: callmate stops, saying so, exit 1 (see data_dir)."""

    def __init__(self, given: str) -> None:
        self.message = (
            f"callmate: error: {DATA_DIR_ENV} is set but empty ({given!r}), so it names no "
            f"folder. Set it to a full path (for example {DATA_DIR_ENV}=$HOME/callmate-data), "
            f"or unset it (`unset {DATA_DIR_ENV}`) to use the usual folder. Nothing was read "
            "or changed."
        )
        super().__init__(self.message)


def _refuse_relative_emergency_dir() -> None:
    """DataDirNotAbsolute for a $CALLMATE_EMERGENCY_DIR that is not a full path (a `~` is
    not expanded where emergency copies are written, so it is refused as given)."""
    given = os.environ.get(EMERGENCY_DIR_ENV, "")
    if given and not os.path.isabs(given):
        raise DataDirNotAbsolute(given, EMERGENCY_DIR_ENV, "the emergency copies' folder")


def playbook_dirs() -> list[Path]:
    """The folders named by $CALLMATE_PLAYBOOKS, in order (empty parts skipped, a leading
    ``~`` expanded). One that is not a full path is refused (DataDirNotAbsolute), as a
    relative data folder is: which playbooks a call uses would depend on where callmate was
    started."""
    folders: list[Path] = []
    for part in os.environ.get(PLAYBOOKS_ENV, "").split(os.pathsep):
        if part.strip():
            given = part.strip()
            path = os.path.expanduser(given)
            if not os.path.isabs(path):
                raise DataDirNotAbsolute(given, PLAYBOOKS_ENV, "which playbooks are found")
            folders.append(Path(path))
    return folders


def _absolute(path: str, given: str, source: str) -> Path:
    if not os.path.isabs(path):
        raise DataDirNotAbsolute(given, source)
    return Path(path)
