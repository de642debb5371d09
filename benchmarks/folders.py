"""Keeping a benchmark data folder identical between runs.

Every measured `callmate call` saves a new in-progress call (and a killed one stays behind), so
without a reset the 5th run would see four more unfinished calls than the 1st. A snapshot keeps
the names in calls/ and the bytes of index.json; restoring removes whatever appeared since and
puts the index back, so every run starts from the same history.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FolderSnapshot:
    root: Path
    call_names: frozenset[str]
    index_bytes: bytes | None

    @classmethod
    def take(cls, root: Path) -> FolderSnapshot:
        index = root / "index.json"
        return cls(
            root=root,
            call_names=frozenset(os.listdir(root / "calls")),
            index_bytes=index.read_bytes() if index.exists() else None,
        )

    def restore(self) -> int:
        """Put the folder back as it was; returns how many new files were removed."""
        calls = self.root / "calls"
        removed = 0
        for name in os.listdir(calls):
            if name not in self.call_names:
                os.unlink(calls / name)
                removed += 1
        index = self.root / "index.json"
        current = index.read_bytes() if index.exists() else None
        if current != self.index_bytes:
            if self.index_bytes is None:
                index.unlink()
            else:
                temp = index.with_name(".index.json.bench.tmp")
                temp.write_bytes(self.index_bytes)
                os.chmod(temp, 0o600)
                os.replace(temp, index)
        return removed
