"""`callmate doctor [--repair]`: check the data folder and say plainly what is wrong.

Without --repair nothing is changed (read-only, like `git fsck`). With --repair, links are
removed (never their targets), permissions tightened, damaged call files moved to quarantine and
the index rebuilt from the call files; what only a person can fix is listed with where it is.
Exit status 0 when nothing is left to fix, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import stat
import sys
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from callmate.commands.output import BAD_INPUT, OK, printable_line
from callmate.core.counts import counted
from callmate.core.immutable import immutable
from callmate.locations import data_dir
from callmate.store.doctor import Finding
from callmate.store.locks import open_lock
from callmate.store.paths import refuse_foreign
from callmate.store.sidefile import (
    IMPORT_LOCK_FILE,
    LAST_PUSH_FILE,
    LEDGER_FILE,
    NURTURE_FILE,
    PACING_FILE,
    TEAM_CONFIG_FILE,
    TEAM_DIR,
    SideFileProblem,
    load_side_json,
)


def cmd_doctor(args: argparse.Namespace) -> int:
    from callmate.store import Store, StoreError
    from callmate.store.doctor import examine, quarantined

    root = data_dir()
    try:
        refuse_foreign(root)  # before import.lock is made: nothing made or changed there
    except StoreError as exc:
        print(printable_line(f"problem: {exc}"))
        return BAD_INPUT

    def rebuild() -> str:
        store = Store(root)  # opening it already drops what it can tell is gone
        result = store.rebuild_index()
        listed = counted(len(store.summaries()), "call")
        changed = [
            f"{len(ids)} {what}"
            for ids, what in (
                (result.added, "added"),
                (result.dropped, "removed"),
                (result.refreshed, "refreshed"),
            )
            if ids
        ]
        # "0 added, 0 removed" after naming the call it dropped read as nothing done.
        return f"rebuilt the list of calls from the call files: it lists {listed}" + (
            f" ({', '.join(changed)})" if changed else ""
        )

    def merge(copy: Path) -> str:
        """Put one emergency copy back; StoreError (the repair failed) while it is still kept."""
        store = Store(root)  # opening the store merges emergency copies back (emergency.py)
        said = " ".join(p for p in store.problems if str(copy) in p)
        if os.path.lexists(copy):
            if said:  # the start's own words say why, and that the copy is kept
                raise StoreError(said.rstrip("."))
            why = (
                f"the data folder cannot be written to ({store.unwritable})"
                if store.unwritable
                else "it was not taken back"
            )
            raise StoreError(
                f"the copy could not be put back ({why}); it is kept where it is, and callmate "
                "tries again at every start"
            )
        return said or f"{copy} was put back"

    with _no_import_meanwhile(root, args.repair):
        findings = examine(root, rebuild, merge)
        findings += _side_files(root)
        if args.repair:
            # The index last: repairing links and damaged files changes what it must list.
            findings.sort(key=lambda f: f.repair is rebuild)
            for finding in findings:
                if finding.repair is None:
                    continue
                try:
                    finding.repaired = finding.repair()
                except (OSError, StoreError) as exc:
                    finding.problem += f" (repair failed: {exc})"
            _then(findings)
    notes = [finding for finding in findings if finding.note]
    findings = [finding for finding in findings if not finding.note]
    left = 0
    for finding in notes:
        print(printable_line(f"note: {finding.problem}"))
    for finding in findings:
        if finding.repaired:
            print(printable_line(f"repaired: {finding.problem}: {finding.repaired}"))
        else:
            left += 1
            hint = " [--repair fixes this]" if finding.repair and not args.repair else ""
            print(printable_line(f"problem: {finding.problem}{hint}"))
    kept = quarantined(root)
    if kept:
        print(
            printable_line(
                f"note: {counted(len(kept), 'damaged file')} "
                f"{'is' if len(kept) == 1 else 'are'} kept in {root / 'quarantine'}"
            )
        )
    if not findings:
        print(printable_line(f"no problems found in {root}"))
    elif left:
        print(f"{counted(len(findings), 'problem')}, {left} left to fix")
    else:
        print(f"{counted(len(findings), 'problem')}, all repaired")
    return BAD_INPUT if left else OK


def _then(findings: list[Finding]) -> None:
    """Run each follow-up of the repairs once, after all of them (the index rebuild after odd
    files were moved out of the index), and say its result with the last repair that needs it;
    a follow-up that fails leaves that finding to fix."""
    from callmate.store import StoreError

    last: dict[Callable[[], str], Finding] = {}
    for finding in findings:
        if finding.repaired and finding.then is not None:
            last[finding.then] = finding
    for then, finding in last.items():
        try:
            finding.repaired = f"{finding.repaired}; {then()}"
        except (OSError, StoreError) as exc:
            finding.problem += f" (moved aside, but then: {exc})"
            finding.repaired = None


@contextlib.contextmanager
def _no_import_meanwhile(root: Path, repair: bool) -> Iterator[None]:
    """Hold the lock `callmate import` holds for its whole run (import.lock) while the folder
    is checked and repaired: an import half done looks like damage (its temp files, an index
    that lists only some of its calls), and a rebuild of the index while it writes the index
    would race it. A running import is waited for, saying so. A check alone shares the lock
    (two checks run at once) and makes no lock file; a lock that cannot be had at all (a link
    or folder in its place, said in the findings) is not waited for."""
    path = root / IMPORT_LOCK_FILE
    try:
        if repair and os.path.isdir(root):
            fd, locked = open_lock(path, wait=False)
            if not locked:
                os.close(fd)
                _say_waiting(root)
                fd, locked = open_lock(path, wait=True)
        else:
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK)
            if not _try_flock(fd, fcntl.LOCK_SH):
                _say_waiting(root)
                fcntl.flock(fd, fcntl.LOCK_SH)
    except OSError:
        yield  # none (no import ever ran), or not a file: nothing to wait for
        return
    try:
        yield
    finally:
        os.close(fd)


def _say_waiting(root: Path) -> None:
    print(
        printable_line(
            f"callmate: another callmate is importing calls into {root}; waiting for it to "
            "finish before checking (ctrl+c to stop)"
        ),
        file=sys.stderr,
        flush=True,
    )


def _try_flock(fd: int, kind: int) -> bool:
    try:
        fcntl.flock(fd, kind | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@immutable
class _Side:
    """A side file callmate keeps beside the calls, for doctor: what it is, what a damaged one
    costs, what is left once a repair moved it to quarantine, and the check of its contents
    (the readers' own, so doctor finds exactly what stops them)."""

    name: str
    what: str
    costs: str
    after: str
    problem: Callable[[Any], str | None]


def _sides() -> list[_Side]:
    from callmate.nurture import nurture_problem, pacing_of
    from callmate.team.config import config_of

    def config_problem(doc: Any) -> str | None:
        try:
            config_of(doc)
        except (ValueError, TypeError, KeyError) as exc:
            return str(exc)
        return None

    def an_object(doc: Any) -> str | None:
        return None if isinstance(doc, dict) else "not a JSON object"

    return [
        _Side(
            NURTURE_FILE,
            "the nurture list",
            "Every `callmate nurture` command stops on it until it is fixed by hand or moved aside",
            "the nurture list starts empty: add the prospects back with `callmate nurture add`, "
            "using that copy",
            nurture_problem,
        ),
        _Side(
            PACING_FILE,
            "the pacing setting",
            "callmate uses the default pacing until it is fixed",
            "callmate uses the default pacing; write pacing.json again to change it",
            lambda doc: pacing_of(doc)[1],
        ),
        _Side(
            f"{TEAM_DIR}/{TEAM_CONFIG_FILE}",
            "the team settings",
            "Auto-push and every `callmate team` command stop on them",
            "run `callmate team connect` again",
            config_problem,
        ),
        _Side(
            f"{TEAM_DIR}/{LEDGER_FILE}",
            "the list of calls pushed to the team",
            "Every finished call is pushed again (the server ignores repeats)",
            "the next push sends every call again (the server ignores repeats)",
            an_object,
        ),
        _Side(
            f"{TEAM_DIR}/{LAST_PUSH_FILE}",
            "the result of the last push",
            "`callmate team status` cannot say how the last push went",
            "the next push writes it again",
            an_object,
        ),
    ]


def _side_files(root: Path) -> list[Finding]:
    """The side files (nurture.json, pacing.json, the team's), read as callmate reads them: a
    file that does not decode (nested brackets a thousand deep), holds what callmate could not
    have written, or a folder under the name is found; a repair moves it to quarantine with its
    bytes kept. A link, a FIFO or a device there is said by the walk of the folder (whose
    repair moves it aside too) and never opened here."""
    findings: list[Finding] = []
    for side in _sides():
        path = root / side.name
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            continue  # none (the usual case), or unreadable: said by the walk of the folder
        if stat.S_ISDIR(mode):
            problem = f"{path} is a folder, not the file of {side.what}. {side.costs}"
            findings.append(Finding(problem, partial(_move_side, path, root, None, side.after)))
            continue
        if not stat.S_ISREG(mode):
            continue  # a link, a FIFO, a device: said by the walk
        try:
            loaded = load_side_json(path)
        except SideFileProblem as exc:
            if not exc.damaged:
                continue  # unreadable (another user's, mode 000) or gone: said by the walk
            why, raw = str(exc), exc.raw
        else:
            if loaded is None:
                continue  # gone meanwhile
            data, raw = loaded
            if (wrong := side.problem(data)) is None:
                continue
            why = f"{path} is damaged ({wrong})"
        findings.append(
            Finding(
                f"{side.what} cannot be read: {why}. {side.costs}",
                partial(_move_side, path, root, raw, side.after),
            )
        )
    return findings


def _move_side(path: Path, root: Path, raw: bytes | None, after: str) -> str:
    """Move a side file (or the folder under its name) to quarantine; with ``raw``, only while
    it still holds exactly the bytes judged damaged."""
    from callmate.store.quarantine import quarantine

    moved = quarantine(path, root / "quarantine", raw)
    if moved is None:
        return f"{path} changed meanwhile; left as it is"
    return f"moved it to {moved}; {after}"


def register(sub: argparse._SubParsersAction) -> None:
    doctor = sub.add_parser(
        "doctor",
        help="check the data folder (links, permissions, damaged files, the list of calls)",
        description="Check the data folder without changing anything; with --repair, fix what "
        "can be fixed safely (nothing is deleted: damaged files go to quarantine).",
    )
    doctor.add_argument(
        "--repair", action="store_true", help="fix what can be fixed safely, and say what was done"
    )
    doctor.set_defaults(func=cmd_doctor)
