"""`callmate doctor [--repair]`: check the data folder and say plainly what is wrong.

Without --repair nothing is changed (read-only, like `git fsck`). With --repair, links are
removed (never their targets), permissions tightened, damaged call files moved to quarantine and
the index rebuilt from the call files; what only a person can fix is listed with where it is.
Exit status 0 when nothing is left to fix, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import stat
from pathlib import Path

from callmate.commands.output import BAD_INPUT, OK, printable
from callmate.core.counts import counted
from callmate.locations import data_dir
from callmate.store.doctor import Finding


def cmd_doctor(args: argparse.Namespace) -> int:
    from callmate.store import Store, StoreError
    from callmate.store.doctor import examine, quarantined

    root = data_dir()

    def rebuild() -> str:
        store = Store(root)
        result = store.rebuild_index()
        return (
            f"rebuilt the list of calls from the call files ({len(result.added)} added, "
            f"{len(result.dropped)} removed, {len(result.refreshed)} refreshed)"
        )

    def merge(copy: Path) -> str:
        """Put one emergency copy back; StoreError (the repair failed) while it is still kept."""
        store = Store(root)  # opening the store merges emergency copies back (emergency.py)
        said = " ".join(p for p in store.problems if str(copy) in p)
        if os.path.lexists(copy):
            if store.unwritable:
                why = f"the data folder cannot be written to ({store.unwritable})"
            else:
                why = said or "callmate did not take it back"
            raise StoreError(
                f"the copy could not be put back: {why}. It is kept where it is, and callmate "
                "tries again at every start"
            )
        return said or f"{copy} was put back"

    findings = examine(root, rebuild, merge)
    findings += _nurture(root)
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
    left = 0
    for finding in findings:
        if finding.repaired:
            print(printable(f"repaired: {finding.problem}: {finding.repaired}"))
        else:
            left += 1
            hint = " [--repair fixes this]" if finding.repair and not args.repair else ""
            print(printable(f"problem: {finding.problem}{hint}"))
    kept = quarantined(root)
    if kept:
        print(
            printable(
                f"note: {counted(len(kept), 'damaged file')} "
                f"{'is' if len(kept) == 1 else 'are'} kept in {root / 'quarantine'}"
            )
        )
    if not findings:
        print(printable(f"no problems found in {root}"))
    elif left:
        print(f"{counted(len(findings), 'problem')}, {left} left to fix")
    else:
        print(f"{counted(len(findings), 'problem')}, all repaired")
    return BAD_INPUT if left else OK


def _nurture(root: Path) -> list[Finding]:
    """The nurture list (nurture.json), read as every `callmate nurture` command reads it: one
    that cannot be read stops them all. A repair moves it to quarantine with its bytes kept.
    A link or anything but a regular file there is said by the walk of the folder, and never
    opened here (a FIFO would wait forever)."""
    from callmate.nurture import NURTURE_FILE, NurtureError, read_nurture
    from callmate.store.atomic import read_nofollow
    from callmate.store.quarantine import quarantine

    path = root / NURTURE_FILE
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return []
        raw = read_nofollow(path)
        read_nurture(root)
    except OSError:
        return []  # gone meanwhile, or unreadable: said by the walk of the folder
    except NurtureError as exc:

        def move() -> str:
            moved = quarantine(path, root / "quarantine", raw)
            if moved is None:
                return f"{path} changed meanwhile; left as it is"
            return (
                f"moved it to {moved}; the nurture list starts empty: add the prospects back "
                "with `callmate nurture add`, using that copy"
            )

        return [
            Finding(
                f"the nurture list cannot be read: {exc}. Every `callmate nurture` command "
                "stops on it until it is fixed by hand or moved aside",
                move,
            )
        ]
    return []


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
