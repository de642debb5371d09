"""After the call: `followups`, `show`, `export`, `import` and `stats`.

Thin wrappers over callmate.export: parse the arguments, open the store, print, and turn every
expected failure into one plain line on stderr with exit code 1 (2 for arguments that do not fit
together, as argparse does).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Protocol, TypeVar

from callmate.commands.calls import call_id, load_call, named_calls, open_store
from callmate.commands.output import (
    BAD_INPUT,
    OK,
    USAGE,
    fail,
    print_json,
    printable,
    problem_words,
    warn,
)
from callmate.core.call_record import CallRecord
from callmate.core.clock import now as clock_now
from callmate.core.counts import counted
from callmate.core.dates import DateParseError, read_back, unusual_time
from callmate.core.next_step import resolve_due
from callmate.core.playbook import NextStepPolicy
from callmate.export.bundle import (
    BadExportFile,
    ImportStopped,
    export_bytes,
    import_sessions,
    read_export,
    read_import_file,
)
from callmate.export.calendar import NoNextStep, next_step_ics
from callmate.export.email import follow_up_email, rep_name
from callmate.export.files import OutputExists, write_private
from callmate.export.followups import (
    FollowUp,
    json_row,
    open_followups,
    render_drops,
    render_followups,
    render_silent,
    split_drops,
    without_keys,
    without_silent,
)
from callmate.export.markdown import render_markdown
from callmate.export.stats import call_stats, render_stats
from callmate.export.summary import build_summary
from callmate.gc_pause import collector_paused
from callmate.locations import data_dir
from callmate.nurture import NurtureError, quiet_rows_of, quiet_view_of, retry_to_drop, why_quiet
from callmate.store import Store, StoreError
from callmate.usecases.followthrough import MarkFailed, StillAhead, mark_step
from callmate.usecases.playbooks import PlaybookCache, find_playbook

# Control characters (other than tab and newline) in stored text must not reach the terminal,
# where an escape sequence from an imported file could rewrite what the rep sees.


def _print_plain(text: str) -> None:
    sys.stdout.write(printable(text))
    if not text.endswith("\n"):
        sys.stdout.write("\n")


def _usage(message: str) -> int:
    print(f"callmate: error: {message}", file=sys.stderr)
    return USAGE


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _write(path: Path, data: bytes, force: bool) -> bool:
    try:
        write_private(path, data, force=force)
    except OutputExists as exc:
        fail(str(exc))
        return False
    except OSError as exc:
        fail(f"could not write {path} ({_reason(exc)})")
        return False
    return True


# ------------------------------------------------------------------------------- followups


def cmd_followups(args: argparse.Namespace) -> int:
    store = open_store()
    if store is None:
        return BAD_INPUT
    now = clock_now()
    try:
        opened = store.open_summaries()
    except StoreError as exc:  # e.g. a folder that stopped being readable after the start
        return fail(str(exc))
    found = open_followups(opened, now)
    for session_id in found.unreadable:
        warn(f"the next step of call {session_id} has no readable date; it is not listed")
    if args.json:
        return _followups_json(store, found.rows, args.overdue)
    quiet = _quiet(quiet_view_of, store)
    if quiet is None:
        return BAD_INPUT
    due, drops = split_drops(
        without_silent(found.rows, quiet.silent), {e.key for e in quiet.nurtured}
    )
    rows = [r for r in due if r.timing == "overdue"] if args.overdue else due
    silent = [] if args.overdue else quiet.silent
    drops = [] if args.overdue else drops
    if rows or silent or drops:
        _print_plain(
            render_followups(rows, now)
            + render_drops(drops, now)
            + render_silent(silent, quiet.pacing, now)
        )
    else:
        print("nothing overdue" if args.overdue else "no open next steps")
    return OK


def _followups_json(store: Store, found: list[FollowUp], overdue: bool) -> int:
    """The JSON list: rows built straight from the went-silent index (see quiet_rows_of)."""
    quiet = _quiet(quiet_rows_of, store)
    if quiet is None:
        return BAD_INPUT
    due, drops = split_drops(without_keys(found, quiet.keys), quiet.nurtured_keys)
    rows = [r for r in due if r.timing == "overdue"] if overdue else due
    listed = [json_row(row) for row in rows]
    if not overdue:
        listed += [json_row(row) for row in drops]
        listed += quiet.rows
    with collector_paused():  # thousands of rows at 100,000 calls: see gc_pause.py
        # Strings, whole numbers, booleans and None only: the fast writer gives the same bytes.
        print_json(listed, no_floats=True)
    return OK


class _SaysProblems(Protocol):
    @property
    def problems(self) -> Sequence[str]: ...


Quiet = TypeVar("Quiet", bound=_SaysProblems)


def _quiet(read: Callable[[Store], Quiet], store: Store) -> Quiet | None:
    """The went-silent index as `read` gives it, its problems said; None (said) if unreadable."""
    try:
        quiet = read(store)
    except StoreError as exc:
        fail(str(exc))
        return None
    for problem in quiet.problems:
        warn(problem)
    return quiet


def cmd_mark(args: argparse.Namespace) -> int:
    rescheduling = args.outcome == "rescheduled"
    if rescheduling and not args.to:
        return _usage("rescheduled needs the new date, e.g. --to 'thu 3pm'")
    if args.to and not rescheduling:
        return _usage("--to goes with rescheduled only")
    store = open_store()
    if store is None:
        return BAD_INPUT
    args.id = call_id(store, args.id)  # the whole id, from a start of one
    if args.id is None:
        return BAD_INPUT
    record = load_call(store, args.id)
    if record is None:
        return BAD_INPUT
    now = clock_now()
    new_due = None
    if rescheduling:
        playbook = find_playbook(record)
        policy = playbook.next_step if playbook is not None else NextStepPolicy()
        try:
            new_due = resolve_due(args.to, now, policy)
        except DateParseError as exc:
            return fail(f"cannot reschedule to '{args.to}': {exc}")
    try:
        mark_step(store, args.id, args.outcome, now, new_due, early=args.early)
    except StillAhead as exc:
        return fail(
            f"{exc} Mark it once it is past, or reschedule it; if it is settled already (it "
            f"took place early, or it is off), add --early to mark it {args.outcome} now."
        )
    except MarkFailed as exc:
        return fail(problem_words(exc))
    moved = f", now {read_back(new_due, now)}" if new_due is not None else ""
    _print_plain(f"{args.id}: next step with {record.prospect} marked {args.outcome}{moved}")
    remark = unusual_time(new_due, now) if new_due is not None else None
    if remark:
        warn(f"that is {remark}; if it was a slip, mark it rescheduled again with the right --to")
    return OK


# ------------------------------------------------------------------------------- show


def cmd_show(args: argparse.Namespace) -> int:
    store = open_store()
    if store is None:
        return BAD_INPUT
    record = load_call(store, args.id)
    if record is None:
        return BAD_INPUT
    summary = build_summary(record, find_playbook(record))
    quiet = _why_quiet(store, record)
    if args.format == "json":
        if quiet is not None:
            summary["why_quiet"] = quiet
        print_json(summary)
    else:
        markdown = render_markdown(summary)
        if quiet is not None:
            markdown = markdown.rstrip("\n") + "\n\n## Why they went quiet\n\n"
            markdown += "\n".join(quiet) + "\n"
        _print_plain(markdown)
    return OK


def _why_quiet(store: Store, record: CallRecord) -> list[str] | None:
    """The silence note for a live call's prospect; a store that cannot say leaves it out."""
    if record.mode != "live" or not record.prospect_key:
        return None
    try:
        return why_quiet(store, record.prospect_key)
    except StoreError:
        return None


# ------------------------------------------------------------------------------- export


def _export_problem(args: argparse.Namespace) -> str | None:
    """Why the export options do not fit together, if they do not."""
    chosen = [args.ics is not None, args.email, args.json is not None]
    if sum(chosen) != 1:
        return "say what to export: --ics FILE, --email, or --json FILE"
    if args.all and args.id:
        return "give one call id or --all, not both"
    if args.all and args.json is None:
        return "--all exports every call as JSON: use --all --json FILE"
    if not args.all and not args.id:
        return "which call? give its id (see `callmate history`), or --all with --json FILE"
    if args.output is not None and not args.email:
        return "--output is for --email; --ics and --json take the file name themselves"
    if args.takeaway and not args.email:
        return "--takeaway is a kind of email draft: use --email --takeaway"
    return None


def cmd_export(args: argparse.Namespace) -> int:
    problem = _export_problem(args)
    if problem:
        return _usage(problem)
    # What a backup of every call should hold, named before the store opens (a damaged call
    # found then is moved to quarantine, and is still missing from the backup).
    expected = named_calls(data_dir() / "calls") if args.all else set()
    store = open_store()
    if store is None:
        return BAD_INPUT
    if args.json is not None:
        # A call skipped on the way is said as it is found (open_store set problems.report).
        missing: list[str] = []
        aside: list[str] = []
        if args.all:
            try:
                records = list(store.iter_records())
            except StoreError as exc:
                return fail(str(exc))
            exported = {record.id for record in records}
            missing = sorted(expected - exported)
            # Found damaged by an earlier command and moved aside: said once then, by whatever
            # ran (a cron job's pipe), so a nightly backup went on exiting 0 without them.
            aside = sorted(store.quarantined_calls() - exported - set(missing))
        else:
            one = load_call(store, args.id)
            if one is None:
                return BAD_INPUT
            records = [one]
        if not _write(args.json, export_bytes(records), args.force):
            return BAD_INPUT
        print(printable(f"exported {counted(len(records), 'call')} to {args.json}"))
        if missing:
            return fail(
                f"the backup is incomplete: {counted(len(missing), 'call')} could not be read "
                f"and {'is' if len(missing) == 1 else 'are'} not in it: {', '.join(missing)} "
                "(said above; `callmate doctor` shows what can be done)"
            )
        if aside:
            return fail(
                f"the backup is incomplete: {counted(len(aside), 'call')} found damaged earlier "
                f"{'is' if len(aside) == 1 else 'are'} kept in {store.quarantine_dir} and not "
                f"in it: {', '.join(aside)} (`callmate show ID` says where; once restored or "
                "deleted, the backup is whole again)"
            )
        return OK
    record = load_call(store, args.id)
    if record is None:
        return BAD_INPUT
    now = clock_now()
    if args.takeaway:
        return _takeaway(store, record, args, now)
    if args.ics:
        try:
            drop = retry_to_drop(store, record)
        except (StoreError, NurtureError) as exc:
            return fail(str(exc))
        if drop is not None:
            return fail(
                f"no calendar entry for the retry with {record.prospect}: it is one to drop "
                f"({drop}), not a call to make"
            )
    try:
        sender = rep_name(store.root)
        data = (
            next_step_ics(record, now)
            if args.ics
            else follow_up_email(record, now, sender).encode()
        )
    except NoNextStep as exc:
        return fail(str(exc))
    target: Path | None = args.ics or args.output
    if target is None:
        _print_plain(data.decode())
        return OK
    if not _write(target, data, args.force):
        return BAD_INPUT
    print(printable(f"wrote {target}"))
    return OK


def _takeaway(store: Store, record: CallRecord, args: argparse.Namespace, now: datetime) -> int:
    """Draft the takeaway message (callmate/commands/takeaway.py says when, and counts it)."""
    from callmate.commands.takeaway import export_takeaway

    return export_takeaway(store, record, args.output, args.force, now, _write)


# ------------------------------------------------------------------------------- import


def cmd_import(args: argparse.Namespace) -> int:
    try:
        sessions = read_export(read_import_file(args.file))
    except OSError as exc:
        return fail(f"could not read {args.file} ({_reason(exc)})")
    except BadExportFile as exc:
        return fail(f"cannot import {args.file}: {exc}")
    store = open_store()
    if store is None:
        return BAD_INPUT
    try:
        report = import_sessions(store, sessions)
    except ImportStopped as exc:
        for rejection in exc.report.rejected:
            print(printable(f"callmate: rejected {rejection}"), file=sys.stderr)
        print(printable(exc.report.line()))
        return fail(str(exc))
    except StoreError as exc:
        return fail(problem_words(exc))
    for rejection in report.rejected:
        print(printable(f"callmate: rejected {rejection}"), file=sys.stderr)
    print(printable(report.line()))
    # The good records are in; a rejected or conflicting one still needs the rep: exit 1.
    return BAD_INPUT if report.rejected or report.conflicts else OK


# ------------------------------------------------------------------------------- stats


def cmd_stats(args: argparse.Namespace) -> int:
    since: date | None = None
    if args.since is not None:
        try:
            since = date.fromisoformat(args.since)
        except ValueError:
            return fail(f"--since needs a date like 2026-11-01, not '{args.since}'")
    store = open_store()
    if store is None:
        return BAD_INPUT
    try:
        stats = call_stats(store.iter_records(), PlaybookCache(), since)
    except StoreError as exc:
        return fail(str(exc))
    if args.json:
        print_json(stats)
    else:
        _print_plain(render_stats(stats))
    return OK


# ------------------------------------------------------------------------------- parsers


def register(sub: argparse._SubParsersAction) -> None:
    followups = sub.add_parser("followups", help="open next steps, overdue first")
    followups.add_argument("--overdue", action="store_true", help="only those already overdue")
    followups.add_argument("--json", action="store_true", help="print them as JSON")
    followups.set_defaults(func=cmd_followups)
    actions = followups.add_subparsers(title="actions", metavar="[ACTION]")
    mark = actions.add_parser("mark", help="record how a next step went")
    mark.add_argument("id", help="the call id, or its start (see `callmate followups`)")
    mark.add_argument("outcome", choices=("kept", "missed", "rescheduled"))
    mark.add_argument("--to", metavar="WHEN", help="the new date, for rescheduled ('thu 3pm')")
    mark.add_argument(
        "--early",
        action="store_true",
        help="mark kept or missed before the step's date (refused without it: it is still ahead)",
    )
    mark.set_defaults(func=cmd_mark)

    show = sub.add_parser("show", help="a call's summary to paste into a CRM")
    show.add_argument("id", help="the call id, or its start (see `callmate history`)")
    show.add_argument("--format", choices=("md", "json"), default="md")
    show.set_defaults(func=cmd_show)

    export = sub.add_parser("export", help="a calendar entry, an email draft, or every call")
    export.add_argument("id", nargs="?", help="the call id, or its start (see `callmate history`)")
    export.add_argument("--ics", type=Path, metavar="FILE", help="the next step as .ics")
    export.add_argument("--email", action="store_true", help="a follow-up email draft")
    export.add_argument(
        "--takeaway",
        action="store_true",
        help="with --email: a short message that lets a silent prospect go (counts as an attempt)",
    )
    export.add_argument("--output", type=Path, metavar="FILE", help="write the draft to FILE")
    export.add_argument("--json", type=Path, metavar="FILE", help="calls as a JSON export file")
    export.add_argument("--all", action="store_true", help="every call (with --json)")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export.set_defaults(func=cmd_export)

    imports = sub.add_parser("import", help="add the calls from an export file")
    imports.add_argument("file", type=Path, metavar="FILE")
    imports.set_defaults(func=cmd_import)

    stats = sub.add_parser("stats", help="calls per week and how the habits are going")
    stats.add_argument("--since", metavar="DATE", help="only calls from DATE on (2026-11-01)")
    stats.add_argument("--json", action="store_true", help="print the numbers as JSON")
    stats.set_defaults(func=cmd_stats)
