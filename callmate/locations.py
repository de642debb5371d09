"""Where callmate keeps the rep's data: one answer for the store, the playbook catalog and tools.

It sits outside both `core` and `store` so the domain core can find the rep's own playbook folder
without depending on the store.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_DIR_ENV = "CALLMATE_DATA_DIR"


def data_dir() -> Path:
    """$CALLMATE_DATA_DIR when set and not empty (tests, portable use), else the OS default."""
    override = os.environ.get(DATA_DIR_ENV, "")
    if override:
        return Path(override)
    if sys.platform.startswith("linux"):
        # platformdirs' rule for Linux, without importing it: every start pays that import.
        base = os.environ.get("XDG_DATA_HOME", "").strip() or os.path.expanduser("~/.local/share")
        return Path(base) / "callmate"
    import platformdirs

    return Path(platformdirs.user_data_dir("callmate"))
