"""`callmate` (the home screen) and `callmate call`: everything that opens the live call TUI."""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from pathlib import Path

from callmate.commands.loading import checked_playbook
from callmate.commands.output import BAD_INPUT, USAGE, fail, printable, problem_words, warn
from callmate.core.call_record import CallRecord
from callmate.core.catalog import DEFAULT_PLAYBOOK
from callmate.core.wording import listing
from callmate.locations import data_dir
from callmate.startup_trace import mark
from callmate.store import Store, StoreError


def open_store() -> Store | None:
    """The user's store, with anything it had to repair said plainly on stderr."""
    try:
        store = Store(data_dir())
    except StoreError as exc:
        fail(problem_words(exc))
        return None
    for problem in store.problems:
        warn(problem)
    store.problems.report = warn  # what is found later (a call skipped by a list) is said too
    return store


def call_id(store: Store, given: str) -> str | None:
    """The full id for what was typed: an id, or the start of only one (None once said why).

    A start that no listed call has is looked for among the names the list leaves out too (a
    call file that is a link or no regular file, a call moved to quarantine), so that `show`
    of it says what became of that call instead of "No saved call". A start shared with
    discarded calls means the one kept (said on stderr)."""
    from callmate.core.id_prefix import AmbiguousId, passed_over, resolve_prefix

    try:
        summaries = store.summaries()
        listed = {str(s.get("id")) for s in summaries}
        discarded = {str(s.get("id")) for s in summaries if s.get("status") == "discarded"}
        found = resolve_prefix(given, listed, set_aside=discarded)
        if found in listed:
            others = passed_over(given, found, discarded)
            if others:
                calls = "call" if len(others) == 1 else "calls"
                warn(
                    f"'{given}' also starts the discarded {calls} {listing(others)}: "
                    f"taken as {found}"
                )
            return found
        return resolve_prefix(given, _left_out(store) - listed)
    except (AmbiguousId, StoreError) as exc:
        fail(str(exc))
        return None


def _left_out(store: Store) -> set[str]:
    """Ids with a name in calls/ or quarantine/ (only names are read, no link is followed)."""
    import re

    quarantined = re.compile(r"^(?P<id>[A-Za-z0-9_-]{1,64})\.json\..+\.corrupt$")
    return named_calls(store.calls_dir) | _ids_named(store.quarantine_dir, quarantined)


def named_calls(calls_dir: Path) -> set[str]:
    """Ids with a call file's name in ``calls_dir``, usable or not (names only, no link
    followed): what a backup of every call should hold."""
    from callmate.store.recovery import CALL_FILE_RE

    return _ids_named(calls_dir, CALL_FILE_RE)


def _ids_named(folder: Path, pattern: re.Pattern[str]) -> set[str]:
    import os

    try:
        names = os.listdir(folder)
    except OSError:
        return set()  # missing, not a folder or unreadable: said where it is read
    return {match["id"] for name in names if (match := pattern.fullmatch(name))}


def load_call(store: Store, session_id: str) -> CallRecord | None:
    """One stored call (by id or an unambiguous start of one), or None once the reason it cannot
    be read is said on stderr."""
    full = call_id(store, session_id)
    if full is None:
        return None
    try:
        return store.load(full)
    except StoreError as exc:
        if str(exc) not in store.problems:  # else it was said as it was found
            fail(str(exc))
        return None


def on_a_terminal() -> bool:
    """The app reads keys from stdin and draws on stdout: both must be a terminal (a pty is
    one). A pipe or a file would get escape codes, and the app would wait for keys forever."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # closed (`<&-`) or no stream at all
        return False


def refused_without_terminal(what: str) -> int:
    """One plain line instead of an app drawn into a pipe that blocks on an unfinished call."""
    with contextlib.suppress(OSError, AttributeError, ValueError):
        print(
            f"callmate: error: {what} needs a terminal; for scripts use `callmate history "
            "--json`, `callmate followups --json` or `callmate show ID`",
            file=sys.stderr,
        )
    return USAGE


def cmd_home(args: argparse.Namespace) -> int:
    store = open_store()
    if store is None:
        return BAD_INPUT
    if not on_a_terminal():
        return refused_without_terminal("callmate's home screen")
    from callmate.tui.app import CallmateApp, run_app

    return run_app(CallmateApp(store))


def cmd_call(args: argparse.Namespace) -> int:
    if not args.prospect.strip():
        return fail("--prospect needs the prospect's name")
    playbook = checked_playbook(args.playbook)
    mark("playbook")
    if isinstance(playbook, int):
        return playbook
    store = open_store()
    mark("store")
    if store is None:
        return BAD_INPUT
    if not on_a_terminal():
        return refused_without_terminal("callmate call")  # before any call is started
    from callmate.tui.app import CallmateApp, CallRequest, run_app

    mark("tui imported")

    request = CallRequest(playbook, args.prospect, args.company or "")
    app = CallmateApp(store, start=request)
    code = run_app(app)
    if app.farewell:
        print(printable(app.farewell))
    return code


def register(sub: argparse._SubParsersAction) -> None:
    call = sub.add_parser("call", help="start a live call straight away")
    call.add_argument(
        "--playbook",
        default=DEFAULT_PLAYBOOK,
        help=f"a playbook name or a path to a YAML file (default: {DEFAULT_PLAYBOOK})",
    )
    call.add_argument("--prospect", required=True, help="the prospect's name, e.g. 'Pat Quill'")
    call.add_argument("--company", default="", help="the prospect's company")
    call.set_defaults(func=cmd_call)
