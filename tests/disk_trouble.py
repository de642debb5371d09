"""A data folder whose disk refuses writes, for tests: really full, or really read-only.

Where the tests may mount (root, as here), the folder lives on a small tmpfs of its own that is
filled up with a filler file (ENOSPC) or remounted read-only (EROFS). Where they may not, the
refusal is simulated: a non-root user's folder is made read-only with its mode bits (EACCES);
root, whom mode bits do not stop, gets a file put where the calls folder should be, which
every save into it trips over. ``kind`` says which one ran.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

SIZE = "2m"


class TroubledDisk:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.kind = "simulated"
        self._filler = root / "filler"
        self._moved = root.parent / f"{root.name}-calls-away"

    def mount(self) -> bool:
        self.root.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={SIZE},mode=0700", "tmpfs", str(self.root)],
            capture_output=True,
        )
        if done.returncode == 0:
            self.kind = "tmpfs"
        return done.returncode == 0

    def unmount(self) -> None:
        if self.kind == "tmpfs":
            subprocess.run(["umount", "-l", str(self.root)], capture_output=True)

    def fill(self) -> None:
        """Refuse writes: the disk is full (or the simulated equivalent)."""
        if self.kind == "tmpfs":
            fd = os.open(self._filler, os.O_WRONLY | os.O_CREAT, 0o600)
            try:
                with contextlib.suppress(OSError):
                    while os.write(fd, b"\0" * 65536):
                        pass
            finally:
                os.close(fd)
            assert os.statvfs(self.root).f_bavail == 0
            return
        self._refuse_simulated()

    def free(self) -> None:
        if self.kind == "tmpfs":
            self._filler.unlink()
            return
        self._allow_simulated()

    def read_only(self) -> None:
        if self.kind == "tmpfs":
            subprocess.run(["mount", "-o", "remount,ro", str(self.root)], check=True)
            return
        self._refuse_simulated()

    def writable(self) -> None:
        if self.kind == "tmpfs":
            subprocess.run(["mount", "-o", "remount,rw", str(self.root)], check=True)
            return
        self._allow_simulated()

    def _refuse_simulated(self) -> None:
        calls = self.data / "calls"
        if os.geteuid() != 0:
            for folder in (self.data, *[p for p in self.data.rglob("*") if p.is_dir()]):
                folder.chmod(0o500)
            return
        calls.mkdir(parents=True, exist_ok=True)
        calls.rename(self._moved)
        calls.write_text("not a folder: saves into it fail")

    def _allow_simulated(self) -> None:
        calls = self.data / "calls"
        if os.geteuid() != 0:
            for folder in (self.data, *[p for p in self.data.rglob("*") if p.is_dir()]):
                folder.chmod(0o700)
            return
        calls.unlink()
        self._moved.rename(calls)


@pytest.fixture
def troubled_disk(tmp_path: Path) -> Iterator[TroubledDisk]:
    disk = TroubledDisk(tmp_path / "disk")
    if not disk.mount():
        disk.root.mkdir(parents=True, exist_ok=True)
    try:
        yield disk
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            if disk.kind == "tmpfs":
                subprocess.run(["mount", "-o", "remount,rw", str(disk.root)], check=False)
        disk.unmount()
        if disk._moved.exists():
            shutil.rmtree(disk._moved, ignore_errors=True)
