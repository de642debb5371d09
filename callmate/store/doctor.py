"""`callmate doctor`: check the data folder as `git fsck` checks a repository, and repair what
can be put right without losing anything.

Checked: the data folder's own permissions and owner and whether it can be written, links
(never followed; a repair removes the link, not its target, except a calls/ or quarantine/
linked to a folder holding something: only the user can move it back, and is told how), hard
links (a file with another name is never written or chmod-ed; a repair gives the name a private
file of its own), permissions by their mode bits (folders 0700, files 0600; root opens a 000
file, so whether it opens says nothing), files and folders that belong to another user or
cannot be read (what `sudo callmate` leaves), temp files and pending markers left by a process
that is gone, things in calls/ that are not regular files (moved to quarantine/ as the index's
are), names in calls/ that are no call's (a note: never touched), damaged call files (a repair
moves them to quarantine/), call records of a shape no reader expects (reported: only a person
can fix them), and whether the index lists exactly the calls on disk with their current
summaries (a repair rebuilds it from the call files). Nothing is read or changed through a link.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from callmate.core.call_record import RecordDecodeError, decode_record, encode_record
from callmate.core.counts import counted
from callmate.locations import OWN_FOLDERS, OWN_NAMES, open_to_others, user_name
from callmate.store.atomic import (
    TEMP_RE,
    DamagedData,
    atomic_write_bytes,
    read_nofollow,
)
from callmate.store.callfile import read_call
from callmate.store.emergency import copies_for, distrusted
from callmate.store.errors import DataFolderUnusable
from callmate.store.index import IndexFolder, MemoryIndex
from callmate.store.layout import is_open
from callmate.store.locks import open_lock
from callmate.store.paths import (
    DIR_MODE,
    FILE_MODE,
    HARD_LINKED,
    HardLinked,
    NotCallmateFolder,
    NotRegularFile,
    calls_link_words,
    ensure_private_dir,
    kind_of,
    linked_folder,
    not_a_folder,
    os_reason,
    put_back_words,
    refuse_foreign,
    refuse_not_a_folder,
    unwritable_reason,
)
from callmate.store.quarantine import quarantine
from callmate.store.quiet import quiet_of_entries
from callmate.store.recovery import CALL_FILE_RE, PENDING_RE, left_by_dead_writer
from callmate.store.sidefile import side_paths
from callmate.store.summary import default_summary, index_entry


@dataclass
class Finding:
    """Something doctor found, and what --repair does about it (None: only a person can)."""

    problem: str
    #: What --repair does about it, or None when only a person can (the reason is in problem).
    repair: Callable[[], str] | None = None
    repaired: str | None = None
    #: What must run once after every repair is done (the index rebuild after something odd
    #: was moved out of the index: it can only succeed once nothing odd is left in it).
    then: Callable[[], str] | None = None
    #: Only said, never counted as a problem: something of the user's callmate leaves alone.
    note: bool = False


def owner(uid: int) -> str:
    """A user's name and uid, as `ls -l` would name the owner (locations.user_name's name)."""
    name = user_name(uid)
    return f"uid {uid}" if name == str(uid) else f"{name} (uid {uid})"


def _belongs(path: Path, info: os.stat_result, root: Path) -> str:
    me = os.geteuid()
    return (
        f"{path} belongs to {owner(info.st_uid)}, not to you ({owner(me)}), so callmate may "
        "not be able to read or change it; `sudo callmate` is the usual cause: give it back "
        f"with `sudo chown -R {user_name(me)} {root}`"
    )


def _chmod_nofollow(path: Path, mode: int, follow: bool = False) -> str:
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | (0 if follow else os.O_NOFOLLOW))
    try:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and info.st_nlink > 1:
            raise HardLinked(path)  # the other name may be outside: never chmod-ed
        os.fchmod(fd, mode)
    finally:
        os.close(fd)
    return f"made {path} private ({mode:o})"


def _loose(path: Path, mode: int) -> str:
    """What a file or folder open to others is, with its mode (`read and written` if so)."""
    return f"{path} {open_to_others(stat.S_IMODE(mode))} (mode {stat.S_IMODE(mode):o})"


def _unlink(path: Path) -> str:
    os.unlink(path)
    return f"removed the link {path} (what it pointed to was not touched)"


def _unshare(path: Path) -> str:
    """Give a hard-linked name a private file of its own; the other name is left as it was."""
    if path.name.endswith(".lock"):
        fd, locked = open_lock(path, wait=False)  # replaces the name once the lock is ours
        os.close(fd)
        if not locked:
            raise OSError(f"{path} is in use by a running callmate; run this again after it")
        return f"made {path} a private lock file of its own (the other name was not touched)"
    before = os.lstat(path)

    def still_the_same_file() -> None:
        now = os.lstat(path)
        if (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino):
            raise OSError(f"{path} changed meanwhile; left as it is")

    atomic_write_bytes(path, read_nofollow(path), still_the_same_file)
    return (
        f"gave {path} a private file of its own with the same contents (the other name was "
        "not touched)"
    )


def _remove(path: Path) -> str:
    os.unlink(path)
    return f"removed {path}"


def _keep_aside(path: Path, quarantine_dir: Path) -> str:
    moved = quarantine(path, quarantine_dir)
    return f"moved {path} to {moved}" if moved else f"{path} was gone meanwhile"


def _leftover(path: Path, quarantine_dir: Path) -> Finding | None:
    """A temp file or pending marker whose writer is gone (or whose pid is now another
    program's), with its repair: a call's temp file is kept in quarantine (it may hold the
    newest notes), anything else is removed."""
    name = path.name
    if match := TEMP_RE.fullmatch(name):
        what = "an unfinished save"
    elif path.parent.name == "calls" and (match := PENDING_RE.fullmatch(name)):
        what = "a pending marker (its call's summary may be out of date)"
    else:
        return None
    pid = int(match["pid"])
    if not left_by_dead_writer(path, pid):
        return None
    problem = f"{path} is {what} left by process {pid}, which no longer runs callmate"
    if path.parent.name == "calls" and name.startswith("."):
        return Finding(problem, partial(_keep_aside, path, path.parent.parent / "quarantine"))
    return Finding(problem, partial(_remove, path))


def _old_pickle(root: Path, path: Path) -> Finding | None:
    """A pickle an earlier callmate kept in the data folder's cache/ (the checked playbooks,
    Textual's parsed CSS). None is read now: a pickle runs code when loaded, and a data folder
    may come from a backup or a sync that is not only the user's. --repair removes it."""
    parts = path.relative_to(root).parts
    if not path.name.endswith(".pickle") or parts[0] != "cache":
        return None
    if len(parts) != 2 and parts[:2] != ("cache", "playbooks"):
        return None
    return Finding(
        f"{path} is a cache file an earlier callmate kept in the data folder; callmate never "
        "reads it now (its caches are in the user's cache folder)",
        partial(_remove, path),
    )


def _root(root: Path) -> list[Finding]:
    """The data folder itself (it may be a link the user made, so it is followed)."""
    try:
        info = os.stat(root)
    except OSError as exc:
        return [Finding(f"the data folder {root} cannot be looked at ({os_reason(exc)})")]
    found: list[Finding] = []
    if info.st_uid != os.geteuid():
        found.append(Finding(_belongs(root, info, root)))
    if stat.S_ISDIR(info.st_mode) and stat.S_IMODE(info.st_mode) & 0o077:
        found.append(
            Finding(
                f"the data folder {root} {open_to_others(stat.S_IMODE(info.st_mode))} "
                f"(mode {stat.S_IMODE(info.st_mode):o})",
                partial(_chmod_nofollow, root, DIR_MODE, True),
            )
        )
    return found


def _walk(root: Path, rebuild: Callable[[], str] | None = None) -> list[Finding]:
    """Links, hard links, loose permissions, other owners, unreadable folders, leftovers and
    odd file types in callmate's own folders and files under ``root`` (no link followed)."""
    findings: list[Finding] = []

    def unreadable(exc: OSError) -> None:
        if isinstance(exc, FileNotFoundError):
            return  # gone while the walk went by (a temp file renamed by a save): not a problem
        path = Path(exc.filename or root)
        with contextlib.suppress(OSError):
            info = os.lstat(path)
            if info.st_uid != os.geteuid():
                return  # said as belonging to someone else
        findings.append(Finding(f"{path} cannot be read ({os_reason(exc)})"))

    sides = set(side_paths(root))
    quarantine_dir = root / "quarantine"
    try:
        owners = {os.path.realpath(root): os.stat(root).st_uid}
    except OSError:
        owners = {}  # said by _root
    for folder, dirs, files in os.walk(root, followlinks=False, onerror=unreadable):
        if folder == str(root):
            # Only callmate's own names: whatever else someone keeps beside them (a script, a
            # link to their files) is theirs, never looked into, chmod-ed or removed.
            dirs[:] = [name for name in dirs if name in OWN_FOLDERS]
            files = [name for name in files if name in OWN_NAMES]
        elif folder == str(root / "calls"):
            # Likewise in calls/: a name callmate never makes there is named by _calls, and
            # never looked into, chmod-ed or moved.
            dirs[:] = [name for name in dirs if _call_name(name) or _callmates_name(name)]
            files = [name for name in files if _call_name(name) or _callmates_name(name)]
        parent_owner = owners.get(os.path.realpath(folder), os.geteuid())
        for name in [*dirs, *files]:
            path = Path(folder) / name
            try:
                info = os.lstat(path)
            except FileNotFoundError:
                continue  # gone since the folder was listed: a save's temp file, a marker
            except OSError as exc:
                findings.append(Finding(f"{path} cannot be looked at ({os_reason(exc)})"))
                continue
            mode = info.st_mode
            owners[os.path.realpath(path)] = info.st_uid
            if info.st_uid != os.geteuid() and info.st_uid != parent_owner:
                findings.append(Finding(_belongs(path, info, root)))
            side = path in sides  # moved aside, not removed: it may be all there is of it
            if stat.S_ISREG(mode) and (old := _old_pickle(root, path)) is not None:
                findings.append(old)  # removed whole: its mode or links need no repair first
                continue
            if Path(folder) == quarantine_dir and not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                continue  # a link or FIFO a repair moved aside: never opened, kept as it is
            if stat.S_ISLNK(mode):
                try:
                    target = os.readlink(path)
                except FileNotFoundError:
                    continue  # gone meanwhile
                if (held := _holding_link(root, path)) is not None:
                    findings.append(held)
                    continue
                findings.append(
                    Finding(
                        f"{path} is a symbolic link (to {target}); callmate never follows "
                        "links inside its data folder",
                        partial(_keep_aside, path, quarantine_dir)
                        if side
                        else partial(_unlink, path),
                    )
                )
            elif stat.S_ISREG(mode) and info.st_nlink > 1:
                findings.append(
                    Finding(
                        f"{path} {HARD_LINKED} ({info.st_nlink} names)", partial(_unshare, path)
                    )
                )
            elif stat.S_ISDIR(mode) and should_be_file(root, path):
                pass  # said by _folders_for_files, whose repair moves it aside
            elif stat.S_ISDIR(mode) and stat.S_IMODE(mode) & 0o077:
                findings.append(
                    Finding(
                        _loose(path, mode),
                        partial(_chmod_nofollow, path, DIR_MODE),
                    )
                )
            elif stat.S_ISREG(mode) and stat.S_IMODE(mode) & 0o077:
                findings.append(
                    Finding(
                        _loose(path, mode),
                        partial(_chmod_nofollow, path, FILE_MODE),
                    )
                )
            elif (
                stat.S_ISREG(mode)
                and stat.S_IMODE(mode) & FILE_MODE != FILE_MODE
                and not (Path(folder) == root / "calls" and _call_name(name))
            ):
                # By the mode bits, not by whether it could be opened: root opens a 000 file.
                # (A call file's is said by _calls, with the list of calls taken care of.)
                findings.append(
                    Finding(
                        f"{path} has mode {stat.S_IMODE(mode):03o}, not {FILE_MODE:o}: "
                        f"{_owner_cannot(mode)}",
                        partial(_readable_again, path),
                    )
                )
            elif not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)) and should_be_file(root, path):
                # A FIFO or device where callmate keeps a lock or an index file: every save of
                # the list fails on it. Moved aside as a folder there would be; the index, a
                # cache, is rebuilt once everything odd is out of it.
                in_index = path.relative_to(root).parts[0] == "index"
                if in_index:
                    why = "the list of calls cannot be read or updated while it is there"
                elif _call_name(name):
                    why = "callmate never opens it and lists no call under that name"
                else:
                    why = "callmate never opens it, and nothing that needs it can run"
                findings.append(
                    Finding(
                        f"{path} is {kind_of(mode)}, not the file callmate keeps there: {why}",
                        partial(_keep_aside, path, quarantine_dir),
                        then=rebuild if in_index else None,
                    )
                )
            elif not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                if side:
                    findings.append(
                        Finding(
                            f"{path} is {kind_of(mode)}, not a file; callmate never opens it",
                            partial(_keep_aside, path, quarantine_dir),
                        )
                    )
                else:
                    findings.append(Finding(f"{path} is not a file or a folder; move it out"))
            if stat.S_ISREG(mode) and (left := _leftover(path, quarantine_dir)) is not None:
                findings.append(left)
        # A folder where a file belongs is moved aside whole: what is in it is not looked at.
        dirs[:] = [name for name in dirs if not should_be_file(root, Path(folder) / name)]
    return findings


#: callmate's folders that hold what only the user has (the calls, the damaged files kept).
HOLDING_FOLDERS = ("calls", "quarantine")


def _holding_link(root: Path, path: Path) -> Finding | None:
    """A link standing for calls/ or quarantine/ that leads to a folder with something in it
    (calls moved to a bigger disk and linked back): never repaired by removing the link, which
    would hide every call; only the user can move the folder back, and doctor says how. None
    for any other link (and one that leads nowhere or to an empty folder: removing it loses
    nothing)."""
    if path.parent != root or path.name not in HOLDING_FOLDERS:
        return None
    found = linked_folder(path)
    if found is None or not found[1]:
        return None
    target, held = found
    if path.name == "calls":
        return Finding(calls_link_words(path) or str(path))
    return Finding(
        f"{path} is a symbolic link (to {target}, a folder holding "
        f"{counted(held, 'thing')}), which callmate never follows inside its data folder: no "
        f"damaged file can be kept aside in it. To fix it, {put_back_words(path, target)}"
    )


def _calls(
    root: Path, rebuild: Callable[[], str] | None = None
) -> tuple[list[Finding], dict[str, dict[str, object]], set[str]]:
    """Damaged or unusable call files, the index entry of every good one by id, and the ids
    of the files that cannot be read (what the index should say of them is unknown)."""
    calls, quarantine_dir = root / "calls", root / "quarantine"
    findings: list[Finding] = []
    entries: dict[str, dict[str, object]] = {}
    unknown: set[str] = set()
    try:
        listing = list(os.scandir(calls))
    except FileNotFoundError:
        return findings, entries, unknown
    except OSError:
        return findings, entries, unknown  # said by _walk (cannot be read, or someone else's)
    for item in sorted(listing, key=lambda entry: entry.name):
        match = CALL_FILE_RE.fullmatch(item.name)
        if match is None:
            if not _callmates_name(item.name):
                findings.append(
                    Finding(
                        f"{Path(item.path)} is not a call file (a call's file is named "
                        "ID.json, as `callmate history` lists it), so callmate never lists or "
                        "reads it; it is left as it is: move it out of the calls folder if it "
                        "does not belong there",
                        note=True,
                    )
                )
            continue
        path = Path(item.path)
        if not item.is_file(follow_symlinks=False):
            continue  # a link, a folder, a FIFO: said by the walk, whose repair moves it aside
        try:
            record = read_call(path, match["id"])
        except DamagedData as exc:

            def move(p: Path = path, raw: bytes = exc.raw) -> str:
                moved = quarantine(p, quarantine_dir, raw)
                return f"moved {p} to {moved}" if moved else f"{p} changed meanwhile; left"

            findings.append(Finding(f"{path} is damaged ({exc.reason})", move))
            continue
        except FileNotFoundError:
            continue  # removed since the folder was listed
        except OSError as exc:
            unknown.add(match["id"])
            findings.append(_unreadable_call(path, exc, rebuild))
            continue
        if record is None:
            continue
        with contextlib.suppress(OSError):  # read, yet its mode may say otherwise (root)
            if (loose := _mode_of_call(path, item.stat(follow_symlinks=False))) is not None:
                findings.append(loose)
        try:
            record = encode_record(decode_record(record))
        except RecordDecodeError as exc:
            findings.append(
                Finding(
                    f"{path} cannot be used ({'; '.join(exc.problems[:5])}); fix it by "
                    "hand (callmate skips it until then)"
                )
            )
            continue
        entries[match["id"]] = index_entry(record, default_summary)
    return findings, entries, unknown


def _callmates_name(name: str) -> bool:
    """A name callmate makes in calls/ besides call files: a call's lock, an unfinished save,
    a pending marker (the walk says the ones left behind)."""
    return bool(
        LOCK_NAME_RE.fullmatch(name) or TEMP_RE.fullmatch(name) or PENDING_RE.fullmatch(name)
    )


LOCK_NAME_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}\.lock$")


def _owner_cannot(mode: int) -> str:
    """What a file's owner cannot do with it, by its mode bits."""
    cannot = [
        what for bit, what in ((stat.S_IRUSR, "read"), (stat.S_IWUSR, "write")) if not mode & bit
    ]
    return f"its owner may not {' or '.join(cannot)} it (only root can, by overriding the mode)"


def _mode_of_call(path: Path, info: os.stat_result) -> Finding | None:
    """A call file of the user's own that could be read (as root) though its mode bits do not
    let its owner read and write it (``chmod 000``): said by the bits, since the README
    promises 0600 and every process without root's override is refused. A repair makes it
    0600 again."""
    mode = stat.S_IMODE(info.st_mode)
    if info.st_uid != os.geteuid() or mode & FILE_MODE == FILE_MODE:
        return None
    return Finding(
        f"{path} has mode {mode:03o}, not {FILE_MODE:o}: {_owner_cannot(mode)}",
        partial(_readable_again, path),
    )


def _unreadable_call(path: Path, exc: OSError, rebuild: Callable[[], str] | None) -> Finding:
    """A call file that cannot be read: the call is left out of every list. One of the user's
    own with no read permission for them (``chmod 000``) is said by its mode, and a repair
    makes it 0600 again (and the index takes it back); another user's is theirs to give back
    (said by the walk); anything else (an I/O error) is said as it is."""
    try:
        info = os.lstat(path)
    except OSError:
        info = None
    left_out = "the call is left out of every list until it can be read"
    if (
        info is not None
        and isinstance(exc, PermissionError)
        and stat.S_ISREG(info.st_mode)
        and info.st_uid == os.geteuid()
        and not info.st_mode & stat.S_IRUSR
    ):
        mode = stat.S_IMODE(info.st_mode)
        return Finding(
            f"{path} cannot be read: its mode is {mode:03o}, so not even you (its owner) may "
            f"read it; {left_out}",
            partial(_readable_again, path),
            then=rebuild,
        )
    return Finding(f"{path} cannot be read ({os_reason(exc)}); {left_out}")


def _readable_again(path: Path) -> str:
    """Make the user's own call file 0600, never through a link nor on a file with another
    name (opened as a path only: a file no one may read cannot be opened to fchmod it)."""
    fd = os.open(path, os.O_PATH | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path)
        if info.st_nlink > 1:
            raise HardLinked(path)
        os.chmod(f"/proc/self/fd/{fd}", FILE_MODE)
    finally:
        os.close(fd)
    return f"made it readable for you only again ({FILE_MODE:o})"


def _index(
    root: Path,
    entries: dict[str, dict[str, object]],
    rebuild: Callable[[], str],
    unknown: Collection[str] = (),
) -> list[Finding]:
    """Whether the index holds exactly what a rebuild from ``entries`` would write, file by
    file (one finding, repaired by a rebuild). Unlike start-up, which trusts an index file
    whose size and time are as callmate left them, every file's contents are compared.

    Calls whose file cannot be read (``unknown``, said on their own) are left out of the
    comparison: whether the index lists them or not, it cannot be said to be wrong about them.
    """
    index = IndexFolder(root, root / "quarantine")
    expected = MemoryIndex(entries)
    why: list[str] = []
    try:
        indexed: dict[str, dict[str, object]] = {}
        misplaced: list[str] = []
        for name in sorted({*index.shard_names(), *expected.shard_names()}):
            shard = index.read_shard(name)
            indexed.update(shard)
            misplaced += [sid for sid in shard if sid not in expected.read_shard(name)]
        opened = index.read_open()
        members = index.read_prospects()
        quiet = index.read_quiet()
        if unknown:
            indexed = {sid: e for sid, e in indexed.items() if sid not in unknown}
            misplaced = [sid for sid in misplaced if sid not in unknown]
            if opened is not None:
                opened = {sid: e for sid, e in opened.items() if sid not in unknown}
            if members is not None:
                members = {k: [i for i in ids if i not in unknown] for k, ids in members.items()}
    except DamagedData as exc:
        return [Finding(f"the list of calls in {index.dir} is damaged ({exc.reason})", rebuild)]
    except OSError as exc:
        problem = f"the list of calls in {index.dir} cannot be read ({os_reason(exc)})"
        if isinstance(exc, NotRegularFile) and should_be_file(root, Path(exc.filename or root)):
            return []  # a FIFO where an index file goes: said by the walk, which rebuilds
        if exc.errno == errno.ELOOP or isinstance(exc, NotRegularFile):
            # A link (removed by its own repair, which runs first) or a FIFO in the index:
            # the index is a cache, rebuilt from the call files in the same run.
            return [Finding(problem, rebuild)]
        return [Finding(problem)]
    if opened is None or members is None or quiet is None:
        why.append("a file is missing")
    missing = sorted(set(entries) - set(indexed))
    extra = sorted(set(indexed) - set(entries))
    stale = sorted(sid for sid in entries if sid in indexed and indexed[sid] != entries[sid])
    if missing:
        why.append(f"{counted(len(missing), 'call')} missing from it ({', '.join(missing[:3])})")
    if extra:
        why.append(
            f"{counted(len(extra), 'listed call')} with no usable file ({', '.join(extra[:3])})"
        )
    if stale:
        why.append(
            f"{counted(len(stale), 'out-of-date summary', 'out-of-date summaries')} "
            f"({', '.join(stale[:3])})"
        )
    if opened is not None:
        # Contents, not just ids: an edit in place that keeps the size and time (which the
        # quick start-up check trusts) must still be found here.
        should_open = {sid: entry for sid, entry in entries.items() if is_open(entry)}
        if set(opened) != set(should_open):
            why.append("the open calls list (open.json) does not match the call files")
        elif (changed := sorted(s for s in opened if opened[s] != should_open[s])) != []:
            one = len(changed) == 1
            differ = "differs from its call file" if one else "differ from their call files"
            why.append(
                f"the open calls list (open.json) holds "
                f"{counted(len(changed), 'summary', 'summaries')} that {differ} "
                f"({', '.join(changed[:3])})"
            )
    if misplaced and not extra:
        why.append(
            f"{counted(len(misplaced), 'call')} in the wrong month file "
            f"({', '.join(misplaced[:3])})"
        )
    if members is not None:
        listed = {sid for ids in members.values() for sid in ids}
        if listed != set(indexed):
            why.append("the prospect files (prospects/) do not match the month files")
        elif _grouped(members) != _grouped(expected.read_prospects()):
            why.append("the prospect files (prospects/) group calls under the wrong prospect")
    if (
        quiet is not None
        and not unknown
        and {k: v.to_json() for k, v in quiet.items()} != quiet_of_entries(entries.values())
    ):
        why.append("the went-silent list (quiet.json) does not match the call files")
    if not why:
        return []
    return [Finding(f"the list of calls in {index.dir} is out of step: {'; '.join(why)}", rebuild)]


def _grouped(members: dict[str, list[str]]) -> dict[str, list[str]]:
    return {key: sorted(ids) for key, ids in members.items() if ids}


def _emergency(root: Path, merge: Callable[[Path], str]) -> list[Finding]:
    return [
        Finding(
            f"an emergency copy of call {record.get('id')} is waiting in {path} (a save failed "
            "when callmate was stopped)",
            partial(merge, path),
        )
        for path, record in copies_for(root)
    ] + [Finding(line) for line in distrusted(root)]  # never merged: only a person can judge


def examine(
    root: Path, rebuild: Callable[[], str], merge: Callable[[Path], str] | None = None
) -> list[Finding]:
    """Everything doctor finds in ``root``; ``rebuild`` is the index repair and ``merge`` puts
    one emergency copy back (both need a Store, which the caller opens)."""
    try:
        refuse_not_a_folder(root)
        refuse_foreign(root)  # someone else's folder: not one file in it is callmate's
    except (DataFolderUnusable, NotCallmateFolder) as exc:
        return [Finding(str(exc))]  # nothing else can be looked at
    try:
        os.lstat(root)
    except FileNotFoundError:
        return []
    except OSError as exc:
        return [Finding(f"the data folder {root} cannot be looked at ({os_reason(exc)})")]
    findings = _emergency(root, merge) if merge is not None else []
    findings += _root(root)
    if (refusal := unwritable_reason(root)) is not None:
        # What every other command says at start; nothing found below can be repaired then.
        findings.append(
            Finding(
                f"the data folder {root} cannot be written to ({refusal}): no call can be "
                "saved (a call runs in memory, NOT SAVED on screen) and nothing can be "
                "repaired until it can be"
            )
        )
    findings += _walk(root, rebuild)
    layout = _layout(root, rebuild)
    findings += layout
    if any(f.problem.startswith(f"{root / 'calls'} ") for f in layout) or os.path.islink(
        root / "calls"
    ):
        return findings  # no call can be read: what the index should list is unknown
    found, entries, unknown = _calls(root, rebuild)
    findings += found
    if not layout:  # else its repair rebuilds the index
        findings += _index(root, entries, rebuild, unknown)
    return findings


def _layout(root: Path, rebuild: Callable[[], str]) -> list[Finding]:
    """The folders callmate keeps: one that is a file (or a FIFO...) is said for what it is.

    calls/ holds the calls: only a person can say what the file in its place is. The index is
    a cache: whatever is in its place goes to quarantine and the index is rebuilt. A file in
    quarantine's place is kept inside a new quarantine folder.
    """
    findings: list[Finding] = []
    calls = root / "calls"
    if (what := not_a_folder(calls)) is not None:
        findings.append(
            Finding(
                f"{calls} is {what}, not the folder callmate keeps its calls in: no call can be "
                f"listed, read or saved until it is. Look at what it is, move it away (`mv "
                f"{calls} {calls}.moved`), then run `callmate doctor` again"
            )
        )
    quarantine_dir = root / "quarantine"
    if (what := not_a_folder(quarantine_dir)) is not None:
        findings.append(
            Finding(
                f"{quarantine_dir} is {what}, not a folder: damaged files cannot be moved "
                "aside into it",
                partial(_make_quarantine, quarantine_dir),
            )
        )
    for folder in (root / "index", root / "index" / "months", root / "index" / "prospects"):
        if (what := not_a_folder(folder)) is not None:
            findings.append(
                Finding(
                    f"{folder} is {what}, not a folder of the list of calls (a cache, "
                    "rebuilt from the call files)",
                    partial(_index_aside, folder, quarantine_dir, rebuild),
                )
            )
            break  # what is inside a moved folder goes with it
    else:
        findings += _folders_for_files(root, rebuild)
    return findings


#: Files callmate keeps directly under the data folder and in index/, by their path there.
LOCK_FILES = ("index.lock", "import.lock", "team/push.lock")
INDEX_FILES = (
    "index/open.json",
    "index/quiet.json",
    "index/manifest.json",
    "index/revisions.json",
    "index/prospects.json",
)


def should_be_file(root: Path, path: Path) -> bool:
    """A name callmate keeps a file under: a lock, an index file, a call's lock (a folder
    there is never callmate's; one at index.lock stopped every save of the list)."""
    relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else ""
    if relative in LOCK_FILES or relative in INDEX_FILES:
        return True
    parent = path.parent.relative_to(root).as_posix() if path.parent.is_relative_to(root) else ""
    if parent in ("index/months", "index/prospects"):
        return path.suffix == ".json"
    return parent == "calls" and (path.suffix == ".lock" or _call_name(path.name))


def _call_name(name: str) -> bool:
    """A call file's name (ID.json): a folder or a FIFO under it is moved aside, as the
    index's are; callmate lists and reads only the regular file."""
    return CALL_FILE_RE.fullmatch(name) is not None


def _folders_for_files(root: Path, rebuild: Callable[[], str]) -> list[Finding]:
    """A folder made where callmate keeps a file: moved to quarantine; the list of calls is
    rebuilt after one in its place (index.lock, an index file)."""
    quarantine_dir = root / "quarantine"
    places = [root / name for name in (*LOCK_FILES, *INDEX_FILES)]
    for folder in (root / "index" / "months", root / "index" / "prospects", root / "calls"):
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            places += sorted(Path(e.path) for e in entries if e.is_dir(follow_symlinks=False))
    findings: list[Finding] = []
    for path in places:
        try:
            if not stat.S_ISDIR(os.lstat(path).st_mode) or not should_be_file(root, path):
                continue
        except OSError:
            continue  # none there (the usual case)
        relative = path.relative_to(root).as_posix()
        if relative == "index.lock":
            problem = (
                f"{path} is a folder, not the lock file of the list of calls: no call's summary "
                "can be added to the list while it is there (lists are made from the call "
                "files meanwhile)"
            )
            findings.append(Finding(problem, partial(_index_aside, path, quarantine_dir, rebuild)))
        elif relative.startswith("index"):
            problem = (
                f"{path} is a folder, not a file of the list of calls: the list cannot be "
                "updated while it is there (it is a cache, rebuilt from the call files)"
            )
            findings.append(Finding(problem, partial(_index_aside, path, quarantine_dir, rebuild)))
        elif _call_name(path.name):
            problem = (
                f"{path} is a folder, not a call file: callmate never opens it and lists no "
                "call under that name"
            )
            findings.append(Finding(problem, partial(_keep_aside, path, quarantine_dir)))
        else:
            problem = f"{path} is a folder, not the lock file callmate needs there"
            findings.append(Finding(problem, partial(_keep_aside, path, quarantine_dir)))
    return findings


def _make_quarantine(path: Path) -> str:
    """Put a quarantine folder where a file was, with that file kept inside it."""
    aside = path.with_name(f"{path.name}.was-not-a-folder")
    os.rename(path, aside)
    ensure_private_dir(path)
    moved = quarantine(aside, path)
    return f"made {path} a folder; what was there is kept in {moved}"


def _index_aside(folder: Path, quarantine_dir: Path, rebuild: Callable[[], str]) -> str:
    moved = quarantine(folder, quarantine_dir)
    return f"moved it to {moved}; {rebuild()}"


def quarantined(root: Path) -> list[Path]:
    folder = root / "quarantine"
    try:
        if not folder.is_dir() or folder.is_symlink():
            return []
        return sorted(folder.iterdir())
    except OSError:
        return []  # said by examine
