"""`python benchmarks/run.py --team [--quick] [--calls N]`: the team database at scale.

Two figures, each with the server's own account of the query:
  - pushing 10,000 calls (--calls; a real data folder from history.py, through team.push);
  - team stats over 1,000,000 synthetic calls from 200 reps, generated in SQL with
    generate_series, read as a manager (every row) and as one rep (row-level security), each
    with the EXPLAIN (ANALYZE) summary: the scans used, rows, and the server's own time.

The server is started in a temp folder with initdb + pg_ctl (benchmarks/pgserver.py) and removed
afterwards; without PostgreSQL server binaries every figure is reported as an error. The
generated rows are vacuumed and analysed once, as autovacuum would, so index-only scans apply.
With --quick: 100,000 synthetic calls and the usual --calls (1,000) pushed.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.report import Figure

REPS = 200
STAT_RUNS = 3

GENERATE = """
INSERT INTO callmate.reps (role, name, email)
  SELECT 'rep_' || r, 'Rep ' || r, 'rep' || r || '@example.com'
  FROM generate_series(0, %(reps)s - 1) r;
INSERT INTO callmate.calls (rep, call_id, revision, mode, status, outcome, prospect, company,
    started, started_day, ended, playbook_name, playbook_version, playbook_sha256, next_step_kind,
    next_step_due, days_to_next_step, next_step_outcome, agenda_set, commitment_asked,
    decision_maker_known, pain_agreed, record)
SELECT 'rep_' || (i %% %(reps)s),
       to_char(s, 'YYYYMMDD-HH24MISS') || '-' || lpad(to_hex(i), 6, '0'),
       1 + k %% 90,
       CASE WHEN k %% 10 = 0 THEN 'practice' ELSE 'live' END,
       CASE WHEN k %% 97 = 0 THEN 'discarded' ELSE 'completed' END,
       (ARRAY['connected','connected','connected','connected','connected','connected',
              'voicemail','no_answer','wrong_contact','rescheduled'])[1 + k %% 10],
       'Prospect ' || (i %% 5000), 'Company ' || (i %% 900),
       s, s::date, s + interval '25 minutes',
       'first-discovery', '1', md5('v' || (k %% 3)),
       CASE WHEN k %% 3 = 0 THEN 'continuation' ELSE 'advance' END,
       s + (1 + k %% 9) * interval '1 day', 1 + (k %% 9) + 0.5,
       (ARRAY[NULL, 'kept', 'kept', 'missed', 'rescheduled'])[1 + k %% 5],
       k %% 4 <> 0, k %% 5 <> 0, k %% 3 <> 0, k %% 2 = 0,
       jsonb_build_object('id', i, 'status', 'completed')
FROM generate_series(1, %(calls)s) AS i,
     -- k: the call's number within its rep, shifted per rep, so every rep gets a mix
     LATERAL (SELECT i / %(reps)s + (i %% %(reps)s) * 7 AS k,
                     %(end)s::timestamptz - (i * interval '1 minute' * %(spread)s) AS s) t;
VACUUM ANALYZE callmate.calls;
VACUUM ANALYZE callmate.reps
"""


@dataclass
class TeamConfig:
    calls: int = 1_000_000
    push: int = 10_000
    reps: int = REPS
    seed: int = 0
    workdir: Path | None = None


def _plan_summary(plan: dict[str, Any]) -> dict[str, Any]:
    """What the server did, in a few words: scans (with index names), joins, workers, times."""
    nodes: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        kind = node["Node Type"]
        where = node.get("Index Name") or node.get("Relation Name")
        label = f"{kind} on {where}" if where else kind
        if node.get("Workers Launched"):
            label += f" ({node['Workers Launched']} workers)"
        if kind.endswith("Scan") or kind.startswith(("Hash", "Gather", "Merge", "Nested")):
            nodes.append(label)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan["Plan"])
    return {
        "execution_ms": round(plan["Execution Time"], 1),
        "planning_ms": round(plan["Planning Time"], 1),
        "top": plan["Plan"]["Node Type"],
        "rows_scanned": _scanned(plan["Plan"]),
        "nodes": nodes,
    }


def _scanned(node: dict[str, Any]) -> int:
    own = int(node.get("Actual Rows", 0) * node.get("Actual Loops", 1))
    if node["Node Type"].endswith("Scan"):
        return own
    return sum(_scanned(child) for child in node.get("Plans", []))


def _explain(conn: Any, sql: str, params: dict[str, Any]) -> dict[str, Any]:
    with conn.transaction():
        row = conn.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params).fetchone()
    plan = row[0] if isinstance(row[0], list) else json.loads(row[0])
    return _plan_summary(plan[0])


def _timed(action: Callable[[], object], runs: int = STAT_RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_push(server: Any, dbname: str, config: TeamConfig, log: Callable[[str], None]) -> Figure:
    from benchmarks.history import build_history
    from callmate.store import Store
    from callmate.team.config import TeamConfig as RepConfig
    from callmate.team.config import save_config
    from callmate.team.push import push

    root = Path(tempfile.mkdtemp(prefix="cm-team-push-", dir=config.workdir))
    try:
        folder = root / "data"
        build_history(folder, config.push, seed=config.seed, progress=log)
        rep = RepConfig(server.url("bench_rep", dbname), "Bench Rep", "rep@example.com")
        save_config(folder, rep)
        store = Store(folder)
        start = time.perf_counter()
        result = push(folder, rep, store=store, progress=False)
        seconds = time.perf_counter() - start
        again = time.perf_counter()
        repeat = push(folder, rep, store=store, progress=False)
        nothing_s = time.perf_counter() - again
        log(f"pushed {result.pushed} calls in {seconds:.1f} s")
        return Figure(
            "team_push_10k_s",
            round(seconds, 2),
            at_most=30.0,
            unit="s",
            note=f"{result.pushed} finished live calls of {config.push}, batches of 500",
            extra={
                "pushed": result.pushed,
                "calls_per_s": round(result.pushed / seconds, 1) if seconds else None,
                "second_push_s": round(nothing_s, 3),
                "second_push_sent": repeat.pushed,
            },
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)


def bench_stats(
    server: Any, dbname: str, config: TeamConfig, log: Callable[[str], None]
) -> list[Figure]:
    import psycopg

    from callmate.team.stats import PER_REP, team_stats

    end = date(2026, 11, 23)
    spread = max(1, (730 * 24 * 60) // config.calls)  # two years of calls
    start = time.perf_counter()
    with psycopg.connect(server.url(dbname=dbname), autocommit=True) as owner:
        owner.execute("DELETE FROM callmate.calls")
        owner.execute("DELETE FROM callmate.reps")
        params = {"reps": config.reps, "calls": config.calls, "end": end, "spread": spread}
        for statement in GENERATE.split(";"):
            if statement.strip():
                owner.execute(statement, params if "%(" in statement else None)
    generate_s = time.perf_counter() - start
    log(f"generated {config.calls} calls from {config.reps} reps in {generate_s:.1f} s")
    figures: list[Figure] = []
    since = end - timedelta(weeks=12)
    cases = (
        ("team_stats_1m_manager_ms", "bench_manager", None, 5000.0, "every rep, all time"),
        ("team_stats_1m_manager_12w_ms", "bench_manager", since, 1500.0, "every rep, 12 weeks"),
        ("team_stats_1m_rep_ms", "rep_7", None, 200.0, "one rep (row-level security)"),
    )
    for name, role, since_day, limit, note in cases:
        with psycopg.connect(server.url(role, dbname), autocommit=True) as conn:
            team_stats(conn, since_day)  # warm the cache once
            seconds = _timed(partial(team_stats, conn, since_day))
            plan = _explain(conn, PER_REP, {"since": since_day, "rep": None})
            stats = team_stats(conn, since_day)
        figures.append(
            Figure(
                name,
                round(seconds * 1000, 1),
                at_most=limit,
                unit="ms",
                note=f"{note}; median of {STAT_RUNS}, 3 queries",
                extra={
                    "calls_counted": stats["team"]["calls"] if stats["team"] else 0,
                    "reps": len(stats["reps"]),
                    "per_rep_query_plan": plan,
                    "generate_s": round(generate_s, 1),
                },
            )
        )
        log(f"{name}: {seconds * 1000:.0f} ms; plan {plan['nodes']}")
    return figures


BENCH_ROLES = (
    ("bench_rep", "callmate_rep"),
    ("rep_7", "callmate_rep"),
    ("bench_manager", "callmate_manager"),
)
FIGURES = (
    "team_push_10k_s",
    "team_stats_1m_manager_ms",
    "team_stats_1m_manager_12w_ms",
    "team_stats_1m_rep_ms",
)


def run(
    config: TeamConfig, log: Callable[[str], None], server: Any = None
) -> tuple[list[Figure], dict[str, Any]]:
    """Every team figure; on ``server`` if given (kept running), else on a throwaway one."""
    import os

    import psycopg

    from benchmarks.pgserver import ServerUnavailable, started_server
    from callmate.team.db import scalar
    from callmate.team.migrations import migrate

    own = server is None
    if own:
        try:
            server = started_server()
        except (ServerUnavailable, OSError) as exc:
            return [Figure(n, None, error=str(exc).splitlines()[0]) for n in FIGURES], {}
    meta: dict[str, Any] = {}
    dbname = f"bench_{os.getpid()}"
    try:
        with psycopg.connect(server.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {dbname}")
            meta["server"] = scalar(conn, "SHOW server_version")
        with psycopg.connect(server.url(dbname=dbname)) as conn:
            migrate(conn)
            for role, group in BENCH_ROLES:
                if not conn.execute(
                    "SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)
                ).fetchone():
                    conn.execute(f"CREATE ROLE {role} LOGIN IN ROLE {group}")
        figures = [bench_push(server, dbname, config, log)]
        figures += bench_stats(server, dbname, config, log)
        return figures, meta
    finally:
        if own:
            server.cleanup()
        else:
            with psycopg.connect(server.url(), autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {dbname}")


def main(args: Any) -> int:
    """Called by run.py --team with its parsed arguments."""
    from benchmarks.report import as_json, missed, table

    config = TeamConfig(
        calls=100_000 if args.quick else 1_000_000,
        push=args.calls,
        seed=args.seed,
        workdir=args.workdir,
    )

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    figures, meta = run(config, log)
    meta["elapsed_s"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(as_json(figures, meta))
        return 0
    print(table(figures))
    print()
    for figure in figures:
        plan = figure.extra.get("per_rep_query_plan")
        if plan:
            print(
                f"{figure.name}: server {plan['execution_ms']} ms, {plan['rows_scanned']} rows "
                f"scanned; {'; '.join(plan['nodes'])}"
            )
    print(f"elapsed: {meta['elapsed_s']} s")
    misses = missed(figures)
    print(
        "MISSED: " + ", ".join(f.name for f in misses)
        if misses
        else "every team figure met its target"
    )
    return 0
