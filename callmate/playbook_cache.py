"""The checked playbook, kept by content hash in callmate's cache folder, so a start skips YAML
and checks.

Reading and checking a playbook (YAML with line numbers, every rule, methodology warnings) is a
good part of callmate's own start; its result only depends on the file's bytes and on the
checking code. So the result of a check is kept in ``<cache folder>/playbooks/`` (the user's
cache folder, locations.cache_dir: ~/.cache/callmate) under a key made of the sha256 of the
playbook's bytes and a fingerprint of the code that checks it (callmate's version and the size
and modification time of every module in ``callmate/core``): an edited playbook or an updated
callmate never gets an old answer, and a cached result is exactly what a fresh check returns (a
test compares them).

The value is a pickle, and loading a pickle runs code. So it is never kept in the data folder,
which is copied, synced and restored from backups that may be someone else's (a pickle planted
in its cache/ ran code at the next start), but in the user's own cache folder, written
atomically and 0600 in 0700 folders, and only read if it belongs to this user, nobody else can
write it, and no folder on the way is a link. Any trouble with the cache (unreadable, damaged, a
full disk, no home folder) just means a fresh check.

The kept editions of playbooks (below) stay in the data folder: plain YAML, checked again when
used, so reading them runs nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from callmate import __version__

if TYPE_CHECKING:
    from callmate.core.playbook import Playbook
    from callmate.core.problems import Problem

Checked = tuple["Playbook | None", "list[Problem]"]
FORMAT = 1
CORE = Path(__file__).resolve().parent / "core"


def code_fingerprint() -> str:
    """What the result of a check depends on besides the playbook: callmate's checking code."""
    digest = hashlib.sha256(f"{FORMAT}:{__version__}".encode())
    with contextlib.suppress(OSError), os.scandir(CORE) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.endswith(".py"):
                info = entry.stat()
                digest.update(f"{entry.name}:{info.st_size}:{info.st_mtime_ns};".encode())
    return digest.hexdigest()


def cache_path(cache: Path, playbook: Path, content: bytes) -> Path:
    """Where the check of these bytes at this path (the result records both) is kept, in the
    cache folder ``cache``."""
    digest = hashlib.sha256(content)
    digest.update(f"\0{playbook.resolve()}\0{code_fingerprint()}".encode())
    key = digest.hexdigest()
    return cache / "playbooks" / f"{key}.pickle"


def trusted(path: Path, root: Path | None = None) -> bool:
    """A regular file of this user's that nobody else can write (so its pickle may be read),
    reached without a link: none of the folders between ``root`` (the cache or data folder;
    without it, the file's own folder only) and the file is a symbolic link."""
    if not real_folders(root if root is not None else path.parent.parent, path.parent):
        return False
    try:
        info = path.lstat()
    except OSError:
        return False
    return (
        stat.S_ISREG(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def real_folders(root: Path, folder: Path) -> bool:
    """Every folder from below ``root`` down to ``folder`` is a folder, none a symbolic link
    (``root`` itself, the data folder, may be a link the user made). False when one is
    missing, or ``folder`` is not inside ``root``."""
    try:
        parts = folder.relative_to(root).parts
    except ValueError:
        return False
    current = root
    for part in parts:
        current = current / part
        try:
            if not stat.S_ISDIR(os.lstat(current).st_mode):
                return False
        except OSError:
            return False
    return True


def private_folders(root: Path, folder: Path) -> None:
    """Make the folders from below ``root`` down to ``folder`` (0700), one at a time from the
    top, so a link planted at any of them (cache/ pointing at /tmp/out) is refused (OSError)
    before anything is made or written through it."""
    from callmate.store.paths import ensure_private_dir

    if not os.path.lexists(root):
        os.makedirs(root.parent, mode=0o700, exist_ok=True)  # ~/.cache on a new account
        ensure_private_dir(root)
    current = root
    for part in folder.relative_to(root).parts:
        current = current / part
        ensure_private_dir(current)  # refuses a link at ``current``; its parent is checked


def _read_trusted(path: Path, root: Path) -> bytes | None:
    """The bytes of a trusted file, read without following a link; None for anything else."""
    from callmate.store.atomic import read_nofollow

    if not trusted(path, root):
        return None
    try:
        return read_nofollow(path)
    except OSError:
        return None


def _read(path: Path, root: Path) -> Checked | None:
    raw = _read_trusted(path, root)
    if raw is None:
        return None
    try:
        value = pickle.loads(raw)
    except Exception:  # a damaged entry of any kind: check afresh and write it again
        return None
    if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], list)):
        return None
    return value  # type: ignore[return-value]


def _write(path: Path, value: Checked, root: Path) -> None:
    from callmate.store.atomic import atomic_write_bytes

    with contextlib.suppress(OSError, pickle.PicklingError, RecursionError, TypeError):
        private_folders(root, path.parent)
        atomic_write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def check_cached(path: Path, folder: Path, cache: Path | None = None) -> Checked:
    """``check_playbook(path)``, from the cache folder (``cache``, else the user's:
    locations.cache_dir) when this exact file was checked before by this exact code. The
    edition is kept in the data folder ``folder``."""
    if cache is None:
        from callmate.locations import cache_dir

        cache = cache_dir()
    try:
        content = path.read_bytes()
    except OSError:
        content = None
    where = cache_path(cache, path, content) if content is not None and cache else None
    if where is not None and cache is not None:
        cached = _read(where, cache)
        if cached is not None:
            if cached[0] is not None:  # a cache from before editions were kept: one stat
                keep_edition(folder, path.name, content)  # type: ignore[arg-type]
            return cached
    from callmate.core.playbook_loader import check_playbook

    checked = check_playbook(path)
    if checked[0] is not None and checked[0].sha256 == _sha(content):
        if where is not None and cache is not None:
            _write(where, checked, cache)
        keep_edition(folder, path.name, content)  # type: ignore[arg-type]
    return checked


# -- editions --------------------------------------------------------------------------------
# A call names the edition it started on by the sha256 of the playbook's bytes. The trainer may
# edit, break or remove the file while a call is unfinished; so a copy of the bytes of every
# edition that checked clean is kept here, by that sha256, and a resume can still run the call
# on the edition it started with. Plain YAML, not a pickle: it is checked again when used, so
# it does not depend on the checking code, and reading it runs nothing.

#: A sha256 as a record stores it: 64 lowercase hex digits (anything else is never a file name).
SHA_DIGITS = frozenset("0123456789abcdef")


def editions_dir(folder: Path) -> Path:
    return folder / "cache" / "playbooks" / "editions"


def keep_edition(folder: Path, file_name: str, content: bytes) -> None:
    """Keep these bytes (a playbook that checked clean) as ``editions/<sha256>/<file name>``,
    once; any trouble just means no copy. Already kept (every start but the first after an
    edit): one hash of a small file and one stat."""
    where = editions_dir(folder) / hashlib.sha256(content).hexdigest() / Path(file_name).name
    if where.suffix not in (".yaml", ".yml"):
        return
    if real_folders(folder, where.parent) and os.path.lexists(where):
        return
    from callmate.store.atomic import atomic_write_bytes

    with contextlib.suppress(OSError):
        private_folders(folder, where.parent)  # never through a link (cache/ -> /tmp/out)
        atomic_write_bytes(where, content)


def kept_edition(folder: Path, sha256: str) -> Path | None:
    """The kept copy of the playbook edition with this sha256 (its bytes checked against it),
    or None when there is none."""
    if len(sha256) != 64 or not set(sha256) <= SHA_DIGITS:
        return None
    place = editions_dir(folder) / sha256
    if not real_folders(folder, place):
        return None  # missing, or reached through a link: never read
    try:
        candidates = sorted(place.iterdir())
    except OSError:
        return None
    for path in candidates:
        if path.suffix not in (".yaml", ".yml"):
            continue
        content = _read_trusted(path, folder)
        if content is not None and _sha(content) == sha256:
            return path
    return None


def _sha(content: bytes | None) -> str | None:
    return hashlib.sha256(content).hexdigest() if content is not None else None
