"""Crash-safe file writes and the TinyDB storages built on them.

TinyDB's own JSONStorage truncates the file and writes it again in place, so a kill in between
leaves a half-written database. Here every write goes to a private temp file in the same folder,
is fsynced, and then replaces the target in one rename: a reader (or a restart after kill -9)
sees either the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from tinydb import Storage

from callmate.store.paths import FILE_MODE, HardLinked, NotRegularFile

TinyData = dict[str, dict[str, Any]]

# ".<target name>.<pid>.<token>.tmp": the pid lets start-up recovery leave a live process's
# in-flight temp file alone and clean only those left by processes that died.
TEMP_RE = re.compile(r"^\.(?P<target>.+)\.(?P<pid>\d+)\.(?P<token>[0-9a-f]{8})\.tmp$")


class DamagedData(ValueError):
    """A file's bytes are not a TinyDB database we can trust; ``raw`` keeps them for quarantine."""

    def __init__(self, reason: str, raw: bytes) -> None:
        super().__init__(reason)
        self.reason = reason
        self.raw = raw


def temp_path_for(target: Path) -> Path:
    """A fresh, hidden temp name next to ``target`` (same folder, so the rename is atomic).

    The random part is os.urandom's, as secrets.token_hex gives it, without loading hashlib
    and hmac on every start."""
    return target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries, so a rename or new file survives a power cut."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def open_regular(path: Path, flags: int) -> tuple[int, os.stat_result]:
    """Open (creating if needed) a regular file without following a link, changing nothing;
    the descriptor and what ``fstat`` says of it."""
    # O_NOFOLLOW: a link planted in the data folder must not make us truncate or chmod its
    # target; the open fails with ELOOP instead.
    # O_NONBLOCK: a FIFO planted under the name (index.lock, a marker) must not wait forever
    # for a reader; it is refused (NotRegularFile) before anything is changed.
    try:
        fd = os.open(
            path, flags | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK, FILE_MODE
        )
    except IsADirectoryError:
        # A folder under the name (index.lock made with mkdir): said as what it is, naming
        # it, not as "Is a directory" of whatever folder the caller was writing to.
        raise NotRegularFile(path) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path)
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def make_private(path: Path, fd: int, info: os.stat_result) -> None:
    """Owner-only permissions for an opened file (never one with another name: HardLinked)."""
    if info.st_nlink > 1:
        raise HardLinked(path)
    if stat.S_IMODE(info.st_mode) != FILE_MODE:
        os.fchmod(fd, FILE_MODE)


def open_private(path: Path, flags: int) -> int:
    """Open (creating if needed) a file that only its owner may read, whatever the umask.

    A file with another name (a hard link: O_NOFOLLOW cannot see one) is refused with
    HardLinked before anything is written, truncated or chmod-ed: the other name may be a
    file outside the data folder. Nothing here opens with O_TRUNC.
    """
    fd, info = open_regular(path, flags)
    try:
        make_private(path, fd, info)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_nofollow(
    path: Path, check: Callable[[os.stat_result], None] | None = None, limit: int | None = None
) -> bytes:
    """A file's bytes, refusing (ELOOP) to read through a symbolic link, and refusing
    (NotRegularFile) anything but a regular file.

    O_NONBLOCK: opening a FIFO planted under a file's name would otherwise wait forever for a
    writer; the type is then checked on the open descriptor, so nothing can swap it in between.
    ``check`` sees that descriptor's stat before anything is read and raises to refuse the
    file (an owner or size rule); with ``limit``, at most ``limit`` + 1 bytes are read (a file
    that grew past it while being read shows as too long to its reader).
    """
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path)
        if check is not None:
            check(info)
        with os.fdopen(fd, "rb", closefd=False) as file:
            return file.read(-1 if limit is None else limit + 1)
    finally:
        os.close(fd)


def atomic_write_bytes(
    target: Path, data: bytes, before_replace: Callable[[], object] | None = None
) -> None:
    """Replace ``target`` with ``data``: temp file, write, fsync, rename, fsync of the folder.

    ``before_replace`` runs just before the rename; raising there leaves ``target`` as it was
    (doctor checks that the name still holds the file it read)."""
    tmp = temp_path_for(target)
    fd = open_private(tmp, os.O_WRONLY | os.O_EXCL)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if before_replace is not None:
            before_replace()
        try:
            os.replace(tmp, target)
        except IsADirectoryError:
            raise NotRegularFile(target) from None  # a folder made under the file's name
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(target.parent)


def loads(raw: bytes) -> Any:
    """json.loads, read by orjson when it can (twice as fast on the large index files).

    Whatever orjson refuses goes to json, which decides as it always did: a lone surrogate
    escape (how a store writes undecodable input), a huge number, NaN, a byte order mark,
    UTF-16. A byte that is not valid in the file's encoding (a hand edit in Latin-1) becomes
    U+FFFD, as undecodable typing does, instead of costing the whole file.
    """
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        try:
            return json.loads(raw)
        except UnicodeDecodeError:
            return json.loads(raw.decode(json.detect_encoding(raw), errors="replace"))


def parse_tinydb(raw: bytes) -> TinyData:
    """Decode a TinyDB file's bytes, refusing anything that is not {table: {doc_id: {...}}}."""
    if not raw:
        raise DamagedData("the file is empty", raw)
    try:
        data = loads(raw)
    except (ValueError, RecursionError) as exc:
        raise DamagedData(f"not valid JSON: {exc}", raw) from exc
    if not isinstance(data, dict):
        raise DamagedData("not a TinyDB database", raw)
    for table in data.values():
        if not isinstance(table, dict):
            raise DamagedData("a table is not a mapping", raw)
        for doc_id, doc in table.items():
            if not doc_id.isdigit() or not isinstance(doc, dict):
                raise DamagedData("a document is malformed", raw)
    return data


class AtomicJSONStorage(Storage):
    """TinyDB storage whose writes are atomic replacements; a missing file reads as empty.

    ``last_raw`` keeps the bytes of the last read so a damaged file can be quarantined as is.
    """

    def __init__(self, path: str | Path, **dump_kwargs: Any) -> None:
        self.path = Path(path)
        self.dump_kwargs = dump_kwargs
        self.missing = False
        self.last_raw = b""

    def read(self) -> TinyData | None:
        try:
            raw = read_nofollow(self.path)
        except FileNotFoundError:
            self.missing = True
            return None
        self.missing = False
        self.last_raw = raw
        return parse_tinydb(raw)

    def write(self, data: TinyData) -> None:
        try:
            payload = json.dumps(data, ensure_ascii=False, **self.dump_kwargs).encode("utf-8")
        except UnicodeEncodeError:
            # Lone surrogates (undecodable terminal input) cannot be UTF-8; as \u escapes
            # they still round-trip exactly.
            payload = json.dumps(data, ensure_ascii=True, **self.dump_kwargs).encode("ascii")
        atomic_write_bytes(self.path, payload)

    def close(self) -> None:
        """Nothing stays open between operations."""


class BufferedStorage(Storage):
    """Reads the wrapped storage once and holds writes until ``commit()``.

    Used only for the span of one operation (while an exclusive lock is held for shared files),
    so the in-memory copy cannot go stale, and several TinyDB table operations cost one read and
    one atomic write.
    """

    def __init__(self, inner: AtomicJSONStorage) -> None:
        self.inner = inner
        self._data: TinyData | None = None
        self._loaded = False
        self._dirty = False

    def read(self) -> TinyData | None:
        if not self._loaded:
            self._data = self.inner.read()
            self._loaded = True
        return self._data

    def start_empty(self) -> None:
        """Forget what is on disk (it was damaged and moved aside) and start from nothing."""
        self._data = None
        self._loaded = True

    def write(self, data: TinyData) -> None:
        self._data = data
        self._loaded = True
        self._dirty = True

    def commit(self) -> None:
        """Write the buffered state to disk if any operation changed it."""
        if self._dirty and self._data is not None:
            self.inner.write(self._data)
        self._dirty = False

    def close(self) -> None:
        """Nothing to release: uncommitted writes are dropped on purpose."""
