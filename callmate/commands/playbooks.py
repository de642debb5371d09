"""`callmate playbooks` and `callmate validate` (playbooks and personas): what can be used."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from callmate.commands.output import BAD_INPUT, OK, printable, printable_line
from callmate.core.clean import one_line
from callmate.core.counts import counted
from callmate.core.persona_loader import check_persona, is_persona_file
from callmate.core.playbook_loader import check_playbook


def cmd_playbooks(args: argparse.Namespace) -> int:
    """Each playbook with its title, or, for a broken one, that it is not offered and why."""
    from callmate.core.catalog import left_out
    from callmate.core.playbook_status import statuses

    for line in left_out():
        print(f"callmate: warning: {printable_line(line)}", file=sys.stderr)
    found = statuses()
    if not found:
        print("no playbooks found")
        return OK
    # A file name may hold a newline or a direction override: written out, one line each.
    width = max(len(printable_line(s.entry.name)) for s in found)
    for status in found:
        entry = status.entry
        name, path = printable_line(entry.name), printable_line(entry.path)
        print(f"{name:<{width}}  {entry.origin:<18}  {path}")
        if status.first_error is None:
            print(f"{'':<{width}}  {printable(one_line(status.title or ''))}")
        else:
            error = status.first_error
            print(
                printable(
                    f"{'':<{width}}  BROKEN, fix before use: line {error.line}, column "
                    f"{error.col}: {error.message} (callmate validate {path})"
                )
            )
        for shadowed in entry.shadows:
            print(f"{'':<{width}}  {'shadows':<18}  {printable_line(shadowed)}")
    return OK


def cmd_validate(args: argparse.Namespace) -> int:
    errors = warnings = 0
    files: list[Path] = args.files
    for path in files:
        checker = check_persona if is_persona_file(path) else check_playbook
        _, problems = checker(path, strict=args.strict)
        for problem in problems:
            print(printable(problem))
        errors += sum(1 for p in problems if p.severity == "error")
        warnings += sum(1 for p in problems if p.severity == "warning")
    bad_files = "" if not errors else " — fix the errors before reps use these files"
    print(
        f"{counted(len(files), 'file')} checked: "
        f"{counted(errors, 'error')}, "
        f"{counted(warnings, 'warning')}{bad_files}"
    )
    return BAD_INPUT if errors else OK


def register(sub: argparse._SubParsersAction) -> None:
    playbooks = sub.add_parser("playbooks", help="list the playbooks you can use and their files")
    playbooks.set_defaults(func=cmd_playbooks)
    validate = sub.add_parser(
        "validate",
        help="check playbook files; errors as FILE:LINE:COL",
        description="Check playbook and persona files. Every problem of every file comes in one "
        "run, as FILE:LINE:COL: error: or warning: with the fix in plain words. Exit 1 when "
        "there is an error, 0 otherwise. The format: `callmate docs`.",
    )
    validate.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="playbook or persona YAML files"
    )
    validate.add_argument(
        "--strict",
        action="store_true",
        help="treat methodology warnings as errors, and also refuse a weak next-step policy",
    )
    validate.set_defaults(func=cmd_validate)
    register_preview(sub)


def cmd_preview(args: argparse.Namespace) -> int:
    """Walk a playbook in the call screen without storing anything."""
    path: Path = args.file
    playbook, problems = check_playbook(path)
    if playbook is None and not args.watch:
        for problem in problems:
            print(printable(problem))
        return BAD_INPUT
    from callmate.tui.preview import run_preview

    return run_preview(path, watch=args.watch)


def register_preview(sub: argparse._SubParsersAction) -> None:
    preview = sub.add_parser(
        "preview", help="walk a playbook on the call screen as a rep would; nothing is stored"
    )
    preview.add_argument("file", type=Path, metavar="FILE")
    preview.add_argument(
        "--watch", action="store_true", help="reload when the file is saved; show errors in place"
    )
    preview.set_defaults(func=cmd_preview)
