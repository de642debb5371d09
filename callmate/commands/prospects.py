"""`callmate prospects`: everyone the rep has called, and `merge` for two spellings of one person.

A merge rewrites each stray call on its own (claim, reload, save), so a call open in another
window is left alone and reported, and a merge cut short can simply be run again.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from callmate.commands.calls import open_store
from callmate.commands.output import BAD_INPUT, OK, fail, print_json, printable, problem_words
from callmate.core.counts import counted, were
from callmate.core.ended_call import renamed
from callmate.core.prospects import (
    MergePlan,
    Prospect,
    Spelling,
    UnknownProspect,
    list_prospects,
    merge_plan,
)
from callmate.store import Store, StoreError

#: Keys longer than this do not widen the key column further.
KEY_COLUMN = 44


def _spelled(spelling: Spelling) -> str:
    prospect, company = spelling
    return f"{prospect} ({company})" if company else prospect


def render_prospects(prospects: Sequence[Prospect]) -> str:
    """One line per prospect: the key to type, call count, last call, spellings seen."""
    width = min(KEY_COLUMN, max(len(p.key) for p in prospects))
    lines = []
    for p in prospects:
        calls = counted(p.calls, "call")
        spellings = "; ".join(_spelled(s) for s in p.spellings)
        lines.append(f"{p.key:<{width}}  {calls:>8}  last {p.last_started[:10]}  as {spellings}")
    return printable("\n".join(lines))


def _as_json(p: Prospect) -> dict[str, object]:
    return {
        "key": p.key,
        "prospect": p.prospect,
        "company": p.company,
        "calls": p.calls,
        "last_started": p.last_started,
        "spellings": [{"prospect": s[0], "company": s[1]} for s in p.spellings],
    }


def cmd_prospects(args: argparse.Namespace) -> int:
    store = open_store()
    if store is None:
        return BAD_INPUT
    prospects = list_prospects(store.summaries())
    if args.json:
        print_json([_as_json(p) for p in prospects])
    elif prospects:
        print(printable(render_prospects(prospects)))
    else:
        print("no prospects yet: every live call you start adds one (practice calls do not)")
    return OK


def _rewrite(store: Store, session_id: str, plan: MergePlan) -> str | None:
    """Rename one call under its claim; the reason it was left alone, if it was."""
    try:
        with store.claim(session_id):
            record = store.load(session_id)
            if record.prospect_key != plan.from_key:
                return f"the call {session_id} changed prospect meanwhile; it was left as it is"
            store.save(renamed(record, plan))
    except StoreError as exc:
        return problem_words(exc)
    return None


def cmd_merge(args: argparse.Namespace) -> int:
    store = open_store()
    if store is None:
        return BAD_INPUT
    summaries = store.summaries()
    try:
        plan = merge_plan(summaries, args.from_key, args.into_key)
    except UnknownProspect as exc:
        fail(printable(exc))
        prospects = list_prospects(summaries)
        if prospects:
            print("known prospects:", file=sys.stderr)
            print(printable(render_prospects(prospects)), file=sys.stderr)
        return BAD_INPUT
    except ValueError as exc:
        return fail(printable(exc))
    into = _spelled(plan.into)
    verb = "would become" if args.dry_run else "->"
    failed = 0
    for rename in plan.renames:
        problem = None if args.dry_run else _rewrite(store, rename.session_id, plan)
        if problem is not None:
            failed += 1
            fail(printable(problem))
            continue
        print(printable(f"{rename.session_id}  {_spelled(rename.before)}  {verb}  {into}"))
    done = len(plan.renames) - failed
    summary = f"'{plan.from_key}' into '{plan.into_key}', spelled {into}"
    if args.dry_run:
        print(printable(f"dry run: {counted(done, 'call')} would be merged from {summary}"))
        return OK
    print(printable(f"merged {counted(done, 'call')} from {summary}"))
    if failed:
        return fail(
            f"{counted(failed, 'call')} {were(failed)} not merged; "
            "run the same merge again to retry"
        )
    return OK


def register(sub: argparse._SubParsersAction) -> None:
    prospects = sub.add_parser(
        "prospects",
        help="list prospects, or merge two spellings of one",
        description="Prospects are told apart by name and company, in any case and spacing. "
        "Practice calls are left out. The key in the first column is what `prospects merge` "
        "takes.",
    )
    prospects.add_argument("--json", action="store_true", help="print the prospects as JSON")
    prospects.set_defaults(func=cmd_prospects)
    actions = prospects.add_subparsers(title="actions", metavar="[ACTION]")
    merge = actions.add_parser(
        "merge",
        help="move every call of one prospect onto another's spelling",
        description="Rewrites the prospect, company and key of every call of FROM_KEY to the "
        "newest spelling of INTO_KEY. Keys as listed by `callmate prospects`, e.g. "
        "'pat quil|hollow pines'.",
    )
    merge.add_argument("from_key", metavar="FROM_KEY", help="the prospect to merge away")
    merge.add_argument("into_key", metavar="INTO_KEY", help="the prospect to keep")
    merge.add_argument(
        "--dry-run", action="store_true", help="show what would change without saving"
    )
    merge.set_defaults(func=cmd_merge)
