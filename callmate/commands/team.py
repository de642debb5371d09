"""`callmate team ...`: connect to the team's PostgreSQL database, push calls, stats, playbooks.

Everything team-related is imported inside the command functions, and psycopg only when a
command actually talks to the server, so other commands and the app's start-up never pay for it.
Every expected failure is one plain line on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callmate.commands.output import BAD_INPUT, OK, fail, print_json, printable, warn
from callmate.core.counts import counted
from callmate.locations import data_dir

if TYPE_CHECKING:
    from callmate.team.config import TeamConfig


#: PostgreSQL's SQLSTATE for a privilege the role does not have (a rep publishing a playbook).
INSUFFICIENT_PRIVILEGE = "42501"


def _guarded(action: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn the team package's errors (and the driver's) into one line and exit code 1."""

    def run(args: argparse.Namespace) -> int:
        from callmate.team.config import TeamConfigError
        from callmate.team.db import TeamError, first_line

        try:
            return action(args)
        except (TeamError, TeamConfigError) as exc:
            return fail(str(exc))
        except OSError as exc:  # the data folder refused a write (disk full, read-only)
            where = f" {exc.filename}" if exc.filename else ""
            return fail(f"could not write{where} ({exc.strerror or exc})")
        except Exception as exc:
            if type(exc).__module__.startswith("psycopg"):
                return fail(f"the team database said: {first_line(exc)}")
            raise

    return run


def _config() -> TeamConfig:
    from callmate.team.config import load_config
    from callmate.team.db import TeamError

    config = load_config(data_dir())
    if config is None:
        raise TeamError(
            "not connected to a team database: run `callmate team connect URL --name NAME "
            "--email EMAIL` first"
        )
    return config


def _server(target: str) -> Any:
    """A connection whose schema this callmate can use (TeamError otherwise)."""
    from callmate.team.db import connect
    from callmate.team.migrations import require_current

    conn = connect(target)
    try:
        require_current(conn)
    except BaseException:
        conn.close()
        raise
    return conn


# ------------------------------------------------------------------------------- commands


def cmd_connect(args: argparse.Namespace) -> int:
    from callmate.team.config import TeamConfig, save_config
    from callmate.team.db import check_no_password, safe_target, scalar
    from callmate.team.push import register_rep

    name, email = args.name.strip(), args.email.strip()
    if not name or "@" not in email:
        return fail("--name needs your name and --email your email address")
    check_no_password(args.url)
    config = TeamConfig(args.url.strip(), name, email, not args.no_auto_push, args.practice)
    with _server(config.url) as conn:
        register_rep(conn, config)
        role = scalar(conn, "SELECT current_user::text")
    path = save_config(data_dir(), config)
    print(f"connected to {printable(safe_target(config.url))} as role {printable(role)}")
    print(
        printable(
            f"settings saved in {path} (no password: libpq finds it in ~/.pgpass or PGPASSWORD)"
        )
    )
    auto = "on" if config.auto_push else "off"
    print(f"auto-push after each call: {auto}; push what you have now with `callmate team push`")
    return OK


def cmd_status(args: argparse.Namespace) -> int:
    from callmate.commands.calls import open_store
    from callmate.team.db import TeamError, connect, safe_target, scalar
    from callmate.team.ledger import Ledger
    from callmate.team.migrations import LATEST, schema_version

    config = _config()
    store = open_store()
    if store is None:
        return BAD_INPUT
    ledger = Ledger(data_dir())
    waiting = ledger.waiting(store.summaries(), config.practice)
    report: dict[str, Any] = {
        "target": safe_target(config.url),
        "name": config.name,
        "email": config.email,
        "auto_push": config.auto_push,
        "practice": config.practice,
        "waiting": len(waiting),
        "outbox": len(ledger.outbox()),
        "last_push": ledger.last_result(),
        "server": None,
    }
    try:
        with connect(config.url, timeout_s=5) as conn:
            role = scalar(conn, "SELECT current_user::text")
            report["server"] = {"role": role, "schema": schema_version(conn), "client": LATEST}
    except TeamError as exc:
        report["server_error"] = str(exc)
    if args.json:
        print_json(report)
        return OK
    print(f"team database: {printable(report['target'])}")
    print(f"you:           {printable(config.name)} <{printable(config.email)}>")
    server = report["server"]
    if server:
        print(f"connected as:  role {printable(server['role'])}, schema {server['schema']}")
    else:
        print(f"server:        unreachable ({printable(report['server_error'])})")
    print(
        f"waiting:       {counted(len(waiting), 'call')} to push"
        + (" (incl. practice)" if config.practice else "")
    )
    print(f"auto-push:     {'on' if config.auto_push else 'off'}")
    last = report["last_push"]
    if last:
        state = "ok" if last.get("ok") else "failed"
        print(
            f"last push:     {printable(last.get('at'))} {state}: {printable(last.get('message'))}"
        )
    return OK


def cmd_push(args: argparse.Namespace) -> int:
    from callmate.team.push import push

    config = _config()
    if args.background:
        try:
            push(data_dir(), config, progress=False)
        except Exception:  # noted in last_push.json by push(); nobody reads this stderr
            return BAD_INPUT
        return OK
    result = push(data_dir(), config, practice=True if args.practice else None)
    for session_id, why in result.skipped:
        warn(f"call {session_id} was not pushed: {why}")
    if result.waiting == 0:
        print("nothing to push: the team database has every finished call")
    else:
        print(f"pushed {counted(result.pushed, 'call')}")
    return OK


def _since(text: str | None) -> date | None:
    from callmate.team.db import TeamError

    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise TeamError(f"--since needs a date like 2026-11-01, not '{text}'") from None


def cmd_stats(args: argparse.Namespace) -> int:
    from callmate.team.stats import render_team_stats, team_stats

    since = _since(args.since)
    config = _config()
    with _server(config.url) as conn:
        stats = team_stats(conn, since, args.rep)
    if args.json:
        print_json(stats)
    else:
        print(printable(render_team_stats(stats)), end="")
    return OK


def cmd_publish(args: argparse.Namespace) -> int:
    from callmate.commands.loading import checked_playbook
    from callmate.core.catalog import resolve_playbook
    from callmate.team.playbooks import publish

    playbook = checked_playbook(args.file)  # validated first: problems printed, errors refuse
    if isinstance(playbook, int):
        return playbook
    config = _config()
    path = resolve_playbook(args.file)
    with _server(config.url) as conn:
        try:
            done = publish(conn, playbook, path, config.name)
        except Exception as exc:
            if getattr(exc, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
                return fail(
                    f"only a manager can publish playbooks, and {config.name} connects as a rep: "
                    f"ask a manager to run `callmate team publish {args.file}`"
                )
            raise
    if done.new:
        print(printable(f"published {done.name} version {done.version} ({done.sha256[:12]})"))
    else:
        print(
            printable(
                f"{done.name} version {done.version} ({done.sha256[:12]}) was already "
                f"published by {done.author} at {done.published_at}"
            )
        )
    return OK


def cmd_pull(args: argparse.Namespace) -> int:
    from callmate.core.catalog import PlaybookNotFound, resolve_playbook
    from callmate.team.playbooks import default_pull_dir, on_search_path, pull

    config = _config()
    folder = args.to or default_pull_dir()
    with _server(config.url) as conn:
        results = pull(conn, data_dir(), folder, force=args.force)
    if not results:
        print("the team has no published playbooks yet (`callmate team publish FILE`)")
    for item in results:
        if item.status == "kept":
            warn(
                f"{item.path} is not a team playbook: kept it (use --force to replace it with "
                f"the team's {item.name} version {item.version})"
            )
            continue
        print(printable(f"{item.name} version {item.version}: {item.status} {item.path}"))
        try:
            found = resolve_playbook(item.name)
        except PlaybookNotFound:
            continue  # not on the search path at all: said once below
        if found.resolve() != item.path.resolve():
            warn(
                f"{found} comes first on the playbook search path and hides the team's "
                f"{item.name}: `--playbook {item.name}` runs that file, not the one pulled"
            )
    if not on_search_path(folder):
        warn(f"{folder} is not on the playbook search path: add it to CALLMATE_PLAYBOOKS")
    return OK


def cmd_migrate(args: argparse.Namespace) -> int:
    from callmate.team.db import TeamError, check_no_password, connect
    from callmate.team.migrations import LATEST, migrate

    target = args.url
    if target is None:
        from callmate.team.config import load_config

        config = load_config(data_dir())
        if config is None:
            raise TeamError("give the database with --url URL (as its owner), or connect first")
        target = config.url
    else:
        check_no_password(target)
    with connect(target) as conn:
        before, applied = migrate(conn)
    if applied:
        print(f"migrated the team database from schema {before} to {applied[-1]}")
    else:
        print(f"the team database is already at schema {LATEST}")
    return OK


# ------------------------------------------------------------------------------- parsers


def register(sub: argparse._SubParsersAction) -> None:
    team = sub.add_parser(
        "team",
        help="share calls, stats and playbooks with the team (PostgreSQL)",
        description="The team side on PostgreSQL; see README, Team on PostgreSQL.",
    )
    team.set_defaults(func=lambda _args: (team.print_help(), OK)[1])
    actions = team.add_subparsers(title="actions", metavar="ACTION")

    connect = actions.add_parser("connect", help="set the team database and who you are")
    connect.add_argument("url", help="a libpq URL (postgresql://you@host/db) or a service name")
    connect.add_argument("--name", required=True, help="your name as the team sees it")
    connect.add_argument("--email", required=True, help="your email address")
    connect.add_argument("--no-auto-push", action="store_true", help="push only when asked")
    connect.add_argument("--practice", action="store_true", help="push practice calls too")
    connect.set_defaults(func=_guarded(cmd_connect))

    status = actions.add_parser("status", help="where you are connected and what waits")
    status.add_argument("--json", action="store_true", help="print it as JSON")
    status.set_defaults(func=_guarded(cmd_status))

    push = actions.add_parser("push", help="send finished calls and changes to them")
    push.add_argument("--practice", action="store_true", help="include practice calls")
    push.add_argument("--background", action="store_true", help=argparse.SUPPRESS)
    push.set_defaults(func=_guarded(cmd_push))

    stats = actions.add_parser("stats", help="the team's habits, per rep, computed in SQL")
    stats.add_argument("--since", metavar="DATE", help="only calls from this day on (2026-11-01)")
    stats.add_argument("--rep", metavar="NAME", help="one rep (role or name)")
    stats.add_argument("--json", action="store_true", help="print the numbers as JSON")
    stats.set_defaults(func=_guarded(cmd_stats))

    publish = actions.add_parser("publish", help="publish a playbook to the team (validated)")
    publish.add_argument("file", help="the playbook file (or name)")
    publish.set_defaults(func=_guarded(cmd_publish))

    pull = actions.add_parser("pull", help="write the team's current playbooks locally")
    pull.add_argument("--to", type=Path, metavar="DIR", help="folder (default: your playbooks)")
    pull.add_argument("--force", action="store_true", help="replace your own files of that name")
    pull.set_defaults(func=_guarded(cmd_pull))

    migrate = actions.add_parser("migrate", help="create or upgrade the team schema (owner)")
    migrate.add_argument("--url", help="the database as its owner (default: your connection)")
    migrate.set_defaults(func=_guarded(cmd_migrate))
