"""Keeping a benchmark data folder identical between runs.

Every measured `callmate call` saves a new in-progress call (and a killed one stays behind), so
without a reset the 5th run would see four more unfinished calls than the 1st. A snapshot keeps
the names in calls/ and the bytes of every index file (index/ and a legacy index.json); restoring
removes whatever appeared since and puts the index back, so every run starts from the same history
(and, like a clean exit, leaves it checked: see callmate/store/manifest.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from callmate.store import Store
from callmate.store.manifest import record_written


def settle(root: Path) -> None:
    """Leave the folder as a clean exit would: the restored index files recorded as callmate's
    own, calls/ checked once, so the next measured start takes the usual quick path."""
    if (root / "index").is_dir():
        record_written(root / "index", {})
    Store(root).checkpoint()


def _index_files(root: Path) -> dict[Path, bytes]:
    """Every index file: the index/ folder, and index.json if an older store left one."""
    found = {path: path.read_bytes() for path in (root / "index").rglob("*.json")}
    legacy = root / "index.json"
    if legacy.exists():
        found[legacy] = legacy.read_bytes()
    return found


@dataclass(frozen=True)
class FolderSnapshot:
    root: Path
    call_names: frozenset[str]
    index_files: dict[Path, bytes]

    @classmethod
    def take(cls, root: Path) -> FolderSnapshot:
        return cls(
            root=root,
            call_names=frozenset(os.listdir(root / "calls")),
            index_files=_index_files(root),
        )

    def restore(self) -> int:
        """Put the folder back as it was; returns how many new files were removed."""
        calls = self.root / "calls"
        removed = 0
        for name in os.listdir(calls):
            if name not in self.call_names:
                os.unlink(calls / name)
                removed += 1
        current = _index_files(self.root)
        for path in current.keys() - self.index_files.keys():
            path.unlink()
        changed = bool(current.keys() - self.index_files.keys())
        for path, data in self.index_files.items():
            if current.get(path) != data:
                changed = True
                temp = path.with_name(f".{path.name}.bench.tmp")
                temp.write_bytes(data)
                os.chmod(temp, 0o600)
                os.replace(temp, path)
        if removed or changed:
            settle(self.root)
        return removed
