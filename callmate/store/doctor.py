"""`callmate doctor`: check the data folder as `git fsck` checks a repository, and repair what
can be put right without losing anything.

Checked: links (never followed; a repair removes the link, not its target), permissions (folders
0700, files 0600), things in calls/ that are not regular files, damaged call files (a repair
moves them to quarantine/), call records of a shape no reader expects (reported: only a person
can fix them), and whether the index lists exactly the calls on disk with their current
summaries (a repair rebuilds it from the call files). Nothing is read or changed through a link.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from callmate.core.call_record import RecordDecodeError, decode_record, encode_record
from callmate.store.atomic import DamagedData
from callmate.store.callfile import read_call
from callmate.store.emergency import copies_for
from callmate.store.index import IndexFolder, MemoryIndex
from callmate.store.layout import is_open
from callmate.store.paths import DIR_MODE, FILE_MODE, os_reason
from callmate.store.quarantine import quarantine
from callmate.store.quiet import quiet_of_entries
from callmate.store.recovery import CALL_FILE_RE
from callmate.store.summary import default_summary, index_entry


@dataclass
class Finding:
    problem: str
    #: What --repair does about it, or None when only a person can (the reason is in problem).
    repair: Callable[[], str] | None = None
    repaired: str | None = None


def _chmod_nofollow(path: Path, mode: int) -> str:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        os.fchmod(fd, mode)
    finally:
        os.close(fd)
    return f"made {path} private ({mode:o})"


def _unlink(path: Path) -> str:
    os.unlink(path)
    return f"removed the link {path} (what it pointed to was not touched)"


def _walk(root: Path) -> list[Finding]:
    """Links, loose permissions and odd file types anywhere under ``root`` (no link followed)."""
    findings: list[Finding] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            info = os.lstat(path)
            mode = info.st_mode
            if stat.S_ISLNK(mode):
                target = os.readlink(path)
                findings.append(
                    Finding(
                        f"{path} is a symbolic link (to {target}); callmate never follows "
                        "links inside its data folder",
                        partial(_unlink, path),
                    )
                )
            elif stat.S_ISDIR(mode) and stat.S_IMODE(mode) & 0o077:
                findings.append(
                    Finding(
                        f"{path} can be read by other users (mode {stat.S_IMODE(mode):o})",
                        partial(_chmod_nofollow, path, DIR_MODE),
                    )
                )
            elif stat.S_ISREG(mode) and stat.S_IMODE(mode) & 0o077:
                findings.append(
                    Finding(
                        f"{path} can be read by other users (mode {stat.S_IMODE(mode):o})",
                        partial(_chmod_nofollow, path, FILE_MODE),
                    )
                )
            elif not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                findings.append(Finding(f"{path} is not a file or a folder; move it out"))
    return findings


def _calls(root: Path) -> tuple[list[Finding], dict[str, dict[str, object]]]:
    """Damaged or unusable call files, and the index entry of every good one by id."""
    calls, quarantine_dir = root / "calls", root / "quarantine"
    findings: list[Finding] = []
    entries: dict[str, dict[str, object]] = {}
    try:
        listing = list(os.scandir(calls))
    except FileNotFoundError:
        return findings, entries
    for item in sorted(listing, key=lambda entry: entry.name):
        match = CALL_FILE_RE.fullmatch(item.name)
        if match is None:
            continue
        path = Path(item.path)
        if item.is_symlink():
            continue  # said by _walk
        if not item.is_file(follow_symlinks=False):
            findings.append(
                Finding(f"{path} is not a regular file; callmate skips it. Move it out.")
            )
            continue
        try:
            record = read_call(path, match["id"])
        except DamagedData as exc:

            def move(p: Path = path, raw: bytes = exc.raw) -> str:
                moved = quarantine(p, quarantine_dir, raw)
                return f"moved {p} to {moved}" if moved else f"{p} changed meanwhile; left"

            findings.append(Finding(f"{path} is damaged ({exc.reason})", move))
            continue
        except OSError as exc:
            findings.append(Finding(f"{path} cannot be read ({os_reason(exc)})"))
            continue
        if record is None:
            continue
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
    return findings, entries


def _index(
    root: Path, entries: dict[str, dict[str, object]], rebuild: Callable[[], str]
) -> list[Finding]:
    """Whether the index holds exactly what a rebuild from ``entries`` would write, file by
    file (one finding, repaired by a rebuild). Unlike start-up, which trusts an index file
    whose size and time are as callmate left them, every file's contents are compared."""
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
    except DamagedData as exc:
        return [Finding(f"the list of calls in {index.dir} is damaged ({exc.reason})", rebuild)]
    except OSError as exc:
        return [Finding(f"the list of calls in {index.dir} cannot be read ({exc.strerror})")]
    if opened is None or members is None or quiet is None:
        why.append("a file is missing")
    missing = sorted(set(entries) - set(indexed))
    extra = sorted(set(indexed) - set(entries))
    stale = sorted(sid for sid in entries if sid in indexed and indexed[sid] != entries[sid])
    if missing:
        why.append(f"{len(missing)} call(s) missing from it ({', '.join(missing[:3])})")
    if extra:
        why.append(f"{len(extra)} listed call(s) with no usable file ({', '.join(extra[:3])})")
    if stale:
        why.append(f"{len(stale)} out-of-date summary(ies) ({', '.join(stale[:3])})")
    if opened is not None:
        # Contents, not just ids: an edit in place that keeps the size and time (which the
        # quick start-up check trusts) must still be found here.
        should_open = {sid: entry for sid, entry in entries.items() if is_open(entry)}
        if set(opened) != set(should_open):
            why.append("the open calls list (open.json) does not match the call files")
        elif (changed := sorted(s for s in opened if opened[s] != should_open[s])) != []:
            why.append(
                f"the open calls list (open.json) holds {len(changed)} summary(ies) that differ "
                f"from their call files ({', '.join(changed[:3])})"
            )
    if misplaced and not extra:
        why.append(f"{len(misplaced)} call(s) in the wrong month file ({', '.join(misplaced[:3])})")
    if members is not None:
        listed = {sid for ids in members.values() for sid in ids}
        if listed != set(indexed):
            why.append("the prospect files (prospects/) do not match the month files")
        elif _grouped(members) != _grouped(expected.read_prospects()):
            why.append("the prospect files (prospects/) group calls under the wrong prospect")
    if quiet is not None and {k: v.to_json() for k, v in quiet.items()} != quiet_of_entries(
        entries.values()
    ):
        why.append("the went-silent list (quiet.json) does not match the call files")
    if not why:
        return []
    return [Finding(f"the list of calls in {index.dir} is out of step: {'; '.join(why)}", rebuild)]


def _grouped(members: dict[str, list[str]]) -> dict[str, list[str]]:
    return {key: sorted(ids) for key, ids in members.items() if ids}


def _emergency(root: Path, merge: Callable[[], str]) -> list[Finding]:
    return [
        Finding(
            f"an emergency copy of call {record.get('id')} is waiting in {path} (a save failed "
            "when callmate was stopped)",
            merge,
        )
        for path, record in copies_for(root)
    ]


def examine(
    root: Path, rebuild: Callable[[], str], merge: Callable[[], str] | None = None
) -> list[Finding]:
    """Everything doctor finds in ``root``; ``rebuild`` is the index repair and ``merge`` puts
    emergency copies back (both need a Store, which the caller opens)."""
    if not os.path.lexists(root):
        return []
    findings = _emergency(root, merge) if merge is not None else []
    findings += _walk(root)
    found, entries = _calls(root)
    findings += found
    findings += _index(root, entries, rebuild)
    return findings


def quarantined(root: Path) -> list[Path]:
    folder = root / "quarantine"
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(folder.iterdir())
