"""`callmate nurture add|list|remove|export`: silent prospects kept warm, not chased.

Thin wrappers over callmate.nurture: the list lives in the data folder beside the calls, and a
prospect who answers (a connected call after they were added) drops off it by itself.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from callmate.commands.calls import call_id, load_call, open_store
from callmate.commands.output import BAD_INPUT, OK, USAGE, fail, print_json, printable, warn
from callmate.core.clock import now as clock_now
from callmate.core.counts import counted
from callmate.core.silence import nurture_add_words
from callmate.export.email import their_words
from callmate.export.files import OutputExists, write_private
from callmate.export.followups import open_followups
from callmate.nurture import (
    DEFAULT_EVERY_DAYS,
    Nurtured,
    NurtureError,
    NurtureFile,
    add_entry,
    current_entries,
    every_problem,
    last_words,
    nurture_csv,
    read_nurture,
    summaries_of,
    topic_problem,
    touch_entries,
    write_nurture,
)
from callmate.store import Store, StoreError


def _say(text: str) -> None:
    sys.stdout.write(printable(text) + "\n")


def _usage(message: str) -> int:
    print(f"callmate: error: {message}", file=sys.stderr)
    return USAGE


def _entries(store: Store) -> list[Nurtured] | None:
    try:
        state = read_nurture(store.root)
        return current_entries(state, summaries_of(store, (e.key for e in state.entries)))
    except (NurtureError, StoreError) as exc:
        fail(str(exc))
        return None


def cmd_add(args: argparse.Namespace) -> int:
    problem = every_problem(args.every)
    if problem:
        return _usage(problem)
    store = open_store()
    if store is None:
        return BAD_INPUT
    record = load_call(store, args.id)
    if record is None:
        return BAD_INPUT
    key = record.prospect_key
    if record.mode != "live" or not key:
        return fail("only a real prospect goes on the nurture list, not a practice call")
    try:
        topic = args.topic if args.topic is not None else last_words(store, key)
        topic = topic or their_words(record)
        problem = topic_problem(topic)
        if problem and args.topic is None:
            # No hot button to take it from: say why, with the whole command to type.
            return fail(
                f"no hot button is known for {record.prospect} (never reached, or they named "
                "no problem), so say what the touches are about: "
                + nurture_add_words(args.id, reached=False).strip("`")
            )
        if problem:
            return fail(problem)
        entry = Nurtured(
            key=key,
            prospect=record.prospect,
            company=record.company,
            topic=topic.strip(),
            every_days=args.every,
            added=clock_now(),
        )
        state = read_nurture(store.root)
        listed = summaries_of(store, (e.key for e in state.entries))
        write_nurture(store.root, add_entry(state, entry, listed))
    except (NurtureError, StoreError) as exc:
        return fail(str(exc))
    _say(
        f"{entry.prospect} is on the nurture list: something useful on '{entry.topic}' "
        f"every {entry.every_days} days, first on {entry.next_touch():%a %d %b}"
    )
    booked = _retries_booked(store, key)
    if booked:
        _say(
            f"drop the {counted(booked, 'retry', 'retries')} still booked with them: "
            "`callmate followups` lists them under TO DROP"
        )
    return OK


def _retries_booked(store: Store, key: str) -> int:
    """How many open retries the prospect has (now ones to drop); 0 if that cannot be read."""
    try:
        rows = open_followups(store.summaries_for(key), clock_now()).rows
    except StoreError:
        return 0
    return sum(1 for row in rows if row.kind == "retry" and row.key == key)


def cmd_list(args: argparse.Namespace) -> int:
    store = open_store()
    if store is None:
        return BAD_INPUT
    entries = _entries(store)
    if entries is None:
        return BAD_INPUT
    now = clock_now()
    if args.json:
        print_json([{**e.to_json(), "due": e.due(now)} for e in entries])
        return OK
    if not entries:
        print("nobody on the nurture list")
        return OK
    for e in entries:
        flag = "DUE " if e.due(now) else "    "
        who = e.prospect + (f", {e.company}" if e.company else "")
        _say(f"{flag}{e.next_touch():%a %d %b}  {who}: {e.topic}  (every {e.every_days} days)")
    return OK


def _keys_for(store: Store, state: NurtureFile, who: str) -> set[str] | None:
    """The list keys `who` names: a listed name, else any call with them (None: said why)."""
    wanted = who.strip().casefold()
    keys = {e.key for e in state.entries if e.prospect.strip().casefold() == wanted}
    if keys:
        return keys
    full = call_id(store, who)  # says why on stderr if it is no call either
    if full is None:
        return None
    return {store.load(full).prospect_key}


def cmd_touched(args: argparse.Namespace) -> int:
    """A touch was sent: the next one is due an interval from now."""
    store = open_store()
    if store is None:
        return BAD_INPUT
    try:
        state = read_nurture(store.root)
        keys = _keys_for(store, state, args.who)
        if keys is None:
            return BAD_INPUT
        if not any(e.key in keys for e in state.entries):
            return fail(f"'{args.who}' is not on the nurture list (see `callmate nurture list`)")
        state = touch_entries(state, keys, clock_now())
        write_nurture(store.root, state)
    except (NurtureError, StoreError) as exc:
        return fail(str(exc))
    touched = next(e for e in state.entries if e.key in keys)
    _say(f"{touched.prospect}: touch recorded, next one {touched.next_touch():%a %d %b}")
    return OK


def cmd_remove(args: argparse.Namespace) -> int:
    store = open_store()
    if store is None:
        return BAD_INPUT
    try:
        state = read_nurture(store.root)
        keys = _keys_for(store, state, args.who)
        if keys is None:
            return BAD_INPUT
        kept = [e for e in state.entries if e.key not in keys]
        if len(kept) == len(state.entries):
            return fail(f"'{args.who}' is not on the nurture list (see `callmate nurture list`)")
        state.entries = kept
        write_nurture(store.root, state)
    except (NurtureError, StoreError) as exc:
        return fail(str(exc))
    _say(f"{args.who} is off the nurture list")
    return OK


def cmd_export(args: argparse.Namespace) -> int:
    store = open_store()
    if store is None:
        return BAD_INPUT
    entries = _entries(store)
    if entries is None:
        return BAD_INPUT
    try:
        write_private(args.csv, nurture_csv(entries), force=args.force)
    except OutputExists as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"could not write {args.csv} ({exc.strerror or exc})")
    if not entries:
        warn("nobody is on the nurture list: the file has the header row only")
    _say(f"wrote {counted(len(entries), 'prospect')} to {args.csv}")
    return OK


def _no_action(args: argparse.Namespace) -> int:
    return _usage(
        "say what to do: nurture add ID, list, touched WHO, remove WHO, or export --csv FILE"
    )


def register(sub: argparse._SubParsersAction) -> None:
    nurture = sub.add_parser(
        "nurture", help="keep silent prospects warm with useful touches instead of calls"
    )
    nurture.set_defaults(func=_no_action)
    actions = nurture.add_subparsers(title="actions", metavar="ACTION")
    add = actions.add_parser("add", help="put a call's prospect on the list")
    add.add_argument("id", help="any call with them, or its start (see `callmate history`)")
    add.add_argument(
        "--every",
        type=int,
        default=DEFAULT_EVERY_DAYS,
        metavar="DAYS",
        help=f"days between touches (default {DEFAULT_EVERY_DAYS})",
    )
    add.add_argument(
        "--topic", metavar="TEXT", help="what they cared about (default: their hot button)"
    )
    add.set_defaults(func=cmd_add)
    listing = actions.add_parser("list", help="who is on the list, due touches first")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    listing.set_defaults(func=cmd_list)
    touched = actions.add_parser("touched", help="a touch was sent: the next is due later")
    touched.add_argument("who", help="their name as listed, or a call id with them")
    touched.set_defaults(func=cmd_touched)
    remove = actions.add_parser("remove", help="take a prospect off the list")
    remove.add_argument("who", help="their name as listed, or a call id with them")
    remove.set_defaults(func=cmd_remove)
    export = actions.add_parser("export", help="the list as CSV for an email tool")
    export.add_argument("--csv", type=Path, metavar="FILE", required=True, help="the CSV file")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export.set_defaults(func=cmd_export)
