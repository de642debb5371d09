"""`callmate history`: stored sessions, newest first, as a table or JSON, optionally narrowed.

Filters on the index fields never open a call file; only --search (and --json, which prints the
whole call) reads the calls that are left.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from callmate.commands.calls import open_store
from callmate.commands.output import BAD_INPUT, OK, fail, print_json, printable
from callmate.core.call_record import CallRecord
from callmate.core.history_filter import MODES, STATUSES, HistoryFilter
from callmate.export.summary import build_summary, kind_mark, listing_view
from callmate.store import Store, StoreError
from callmate.usecases.playbooks import PlaybookCache

# Stored text may come from an imported file: escape sequences must not reach the terminal.


def _day(value: str | None, option: str) -> date | None:
    """ValueError naming the option when the value is not YYYY-MM-DD."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{option} needs a date like 2026-11-01, not '{value}'") from None


def history_filter(args: argparse.Namespace) -> HistoryFilter:
    """The filter the options ask for; ValueError with a message for the user."""
    since, until = _day(args.since, "--since"), _day(args.until, "--until")
    if since and until and since > until:
        raise ValueError(f"--since {since} is after --until {until}: nothing could match")
    return HistoryFilter(
        prospect=args.prospect or "",
        company=args.company or "",
        playbook=args.playbook or "",
        mode=args.mode,
        status=args.status,
        since=since,
        until=until,
        text=args.search or "",
    )


def _records(
    store: Store, rows: list[dict[str, Any]], wanted: HistoryFilter
) -> Iterator[tuple[dict[str, Any], CallRecord]]:
    """(summary, record) for each row whose call file reads and passes the text search."""
    for row in rows:
        try:
            record = store.load(str(row["id"]))
        except StoreError as exc:
            store.note_skipped(exc)  # said on stderr; the other calls are still listed
            continue
        if wanted.matches_record(record):
            yield row, record


def _table_line(row: Mapping[str, Any]) -> str:
    step = row.get("next_step") or {}
    playbook = (row.get("playbook") or {}).get("name", "?")
    return printable(
        f"{row.get('id')}  {str(row.get('started', ''))[:16]:<16}  "
        f"{row.get('status'):<11}  {row.get('mode', 'live'):<8}  {playbook:<16}  "
        f"{row.get('prospect')} ({row.get('company') or '-'})  "
        f"next: {str(step.get('due', '-'))[:16]}{kind_mark(step)}"
    )


def cmd_history(args: argparse.Namespace) -> int:
    try:
        wanted = history_filter(args)
    except ValueError as exc:
        return fail(str(exc))
    store = open_store()
    if store is None:
        return BAD_INPUT
    try:
        stored = store.summaries()
    except StoreError as exc:  # e.g. a folder that stopped being readable after the start
        return fail(str(exc))
    rows = [row for row in stored if wanted.matches_summary(row)]
    if args.json:
        playbooks = PlaybookCache()
        print_json(
            [
                listing_view(build_summary(record, playbooks(record)))
                for _row, record in _records(store, rows, wanted)
            ]
        )
        return OK
    if wanted.needs_record:
        rows = [row for row, _record in _records(store, rows, wanted)]
    if not stored:
        print(
            "no calls yet: start one with `callmate` or "
            "`callmate call --playbook NAME --prospect NAME`"
        )
        return OK
    if not rows:
        print(f"no calls match (of {len(stored)} stored)")
        return OK
    for row in rows:
        print(printable(_table_line(row)))
    return OK


def register(sub: argparse._SubParsersAction) -> None:
    history = sub.add_parser(
        "history",
        help="list stored call sessions",
        description="Stored calls, newest first. Every filter narrows the list; text matches "
        "any part of a name, in any case.",
    )
    history.add_argument(
        "--json", action="store_true", help="print the matching sessions in full, as JSON"
    )
    history.add_argument("--prospect", metavar="NAME", help="calls with this prospect")
    history.add_argument("--company", metavar="NAME", help="calls with this company")
    history.add_argument("--playbook", metavar="NAME", help="calls on this playbook (its name)")
    history.add_argument("--mode", choices=MODES, help="live calls or practice only")
    history.add_argument(
        "--status",
        choices=STATUSES,
        help="unfinished, completed or discarded calls (discarded are hidden unless asked for)",
    )
    history.add_argument("--since", metavar="DATE", help="calls started on or after YYYY-MM-DD")
    history.add_argument("--until", metavar="DATE", help="calls started on or before YYYY-MM-DD")
    history.add_argument(
        "--search",
        metavar="TEXT",
        help="calls whose answers, notes or next step mention TEXT (opens each call: slower)",
    )
    history.set_defaults(func=cmd_history)
