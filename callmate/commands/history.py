"""`callmate history`: every stored session, newest first, as a table or stable JSON."""

from __future__ import annotations

import argparse

from callmate.commands.calls import open_store
from callmate.commands.output import BAD_INPUT, OK, print_json
from callmate.core.records import public_view


def cmd_history(args: argparse.Namespace) -> int:
    store = open_store()
    if store is None:
        return BAD_INPUT
    if args.json:
        records = sorted(store.iter_records(), key=lambda r: r.get("started", ""), reverse=True)
        print_json([public_view(r) for r in records])
        return OK
    rows = sorted(store.summaries(), key=lambda s: s.get("started", ""), reverse=True)
    if not rows:
        print(
            "no calls yet: start one with `callmate` or "
            "`callmate call --playbook NAME --prospect NAME`"
        )
        return OK
    for row in rows:
        step = row.get("next_step") or {}
        playbook = (row.get("playbook") or {}).get("name", "?")
        print(
            f"{row.get('id')}  {str(row.get('started', ''))[:16]:<16}  "
            f"{row.get('status'):<11}  {row.get('mode', 'live'):<8}  {playbook:<16}  "
            f"{row.get('prospect')} ({row.get('company') or '-'})  "
            f"next: {str(step.get('due', '-'))[:16]}"
        )
    return OK


def register(sub: argparse._SubParsersAction) -> None:
    history = sub.add_parser("history", help="list stored call sessions")
    history.add_argument("--json", action="store_true", help="print every session as JSON")
    history.set_defaults(func=cmd_history)
