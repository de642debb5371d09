"""Where callmate keeps the rep's data: one answer for the store, the playbook catalog and tools.

It sits outside both `core` and `store` so the domain core can find the rep's own playbook folder
without depending on the store.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_DIR_ENV = "CALLMATE_DATA_DIR"
#: Where an unsaved call is written when the data folder refuses it (store/emergency.py).
EMERGENCY_DIR_ENV = "CALLMATE_EMERGENCY_DIR"


class DataDirNotAbsolute(SystemExit):
    """The data folder would depend on where callmate was started (`CALLMATE_DATA_DIR=data`,
    or a `~` with no home to expand it to): callmate stops, saying so in one line, exit 1.

    A SystemExit, so that every command, the home screen and any tool that asks where the data
    is stop the same way, from this one place, before anything is read, made or changed; and no
    ``except Exception`` on the way turns it into a quiet fallback to a folder of the moment.
    """

    def __init__(self, given: str, source: str, what: str = "the data folder") -> None:
        name = source if source.isupper() else DATA_DIR_ENV
        example = "callmate-emergency" if name == EMERGENCY_DIR_ENV else "callmate-data"
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
    override = os.environ.get(DATA_DIR_ENV)
    if override is not None and not override.strip():
        raise DataDirEmpty(override)
    if override:
        return _absolute(os.path.expanduser(override), override, DATA_DIR_ENV)
    if sys.platform.startswith("linux"):
        # platformdirs' rule for Linux, without importing it: every start pays that import.
        # A relative XDG_DATA_HOME is ignored, as the XDG base directory spec says.
        base = os.environ.get("XDG_DATA_HOME", "").strip()
        if not os.path.isabs(base):
            base = os.path.expanduser("~/.local/share")
        path = os.path.join(base, "callmate")
        return _absolute(path, path, "the default data folder (no home folder to expand ~ to)")
    import platformdirs

    return Path(platformdirs.user_data_dir("callmate"))


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


def _absolute(path: str, given: str, source: str) -> Path:
    if not os.path.isabs(path):
        raise DataDirNotAbsolute(given, source)
    return Path(path)
