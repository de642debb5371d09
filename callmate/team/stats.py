"""`callmate team stats`: the team's habits, computed by the server across reps.

The rep's side pushed per-call facts (habits, next-step kind and gap, follow-up outcome), so the
server only filters, counts and averages, and row-level security decides whose calls are in it:
a rep sees their own, a manager the team's. Completed live calls count; the advance share, the
habits, the days to the next step and the kept share are of the connected ones (a voicemail has
no agenda to set and its retry is no advance), exactly as `callmate stats` counts them; the
calls that did not connect are counted apart, by outcome, as it counts them too.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from callmate.core.counts import counted
from callmate.core.session import UNCONNECTED
from callmate.export.stats import bar, kept_share, not_connected_words
from callmate.team.db import scalar

# No join before grouping: a rep given by name is turned into its role first, and names are
# joined to the ~200 grouped rows afterwards. Every column read is in a covering index.
FILTER = """
  FROM callmate.calls c
  WHERE c.status = 'completed' AND c.mode = 'live'
    AND (%(since)s::date IS NULL OR c.started_day >= %(since)s::date)
    AND (%(rep)s::text IS NULL OR c.rep = %(rep)s::text
         OR c.rep IN (SELECT r.role FROM callmate.reps r WHERE r.name = %(rep)s::text))
"""

PER_REP = (
    """
WITH per AS (
  SELECT c.rep, GROUPING(c.rep) AS whole_team,
    count(*) AS calls,
    count(*) FILTER (WHERE c.outcome = 'connected' AND c.next_step_kind = 'advance') AS advances,
    count(*) FILTER (WHERE c.outcome = 'connected') AS judged,
    count(*) FILTER (WHERE c.outcome = 'connected') AS connected,
    count(*) FILTER (WHERE c.outcome = 'connected' AND c.agenda_set) AS agenda,
    count(*) FILTER (WHERE c.outcome = 'connected' AND c.commitment_asked) AS commit,
    count(*) FILTER (WHERE c.outcome = 'connected' AND c.decision_maker_known) AS dm,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY c.days_to_next_step)
      FILTER (WHERE c.outcome = 'connected') AS median_days,
    count(*) FILTER (WHERE c.outcome = 'connected' AND c.next_step_outcome IS NOT NULL)
      AS marked,
    count(*) FILTER (WHERE c.outcome = 'connected' AND c.next_step_outcome = 'kept') AS kept,
    count(*) FILTER (WHERE c.outcome = 'connected' AND c.next_step_outcome = 'missed') AS missed,
    count(*) FILTER (WHERE c.outcome = 'connected' AND c.next_step_outcome = 'rescheduled')
      AS rescheduled,
    min(c.started_day) AS first_day, max(c.started_day) AS last_day"""
    # One count per way of not connecting (constant keys, never user text).
    + "".join(
        f",\n    count(*) FILTER (WHERE c.outcome = '{key}') AS nc_{key}" for key in UNCONNECTED
    )
    + "\n"
    + FILTER
    + """  GROUP BY GROUPING SETS ((c.rep), ())
)
SELECT per.rep::text, coalesce(r.name, per.rep::text), calls, advances, judged, connected,
  agenda, commit, dm, median_days, marked, kept, missed, rescheduled, first_day, last_day"""
    + "".join(f", nc_{key}" for key in UNCONNECTED)
    + """
FROM per LEFT JOIN callmate.reps r ON r.role = per.rep
ORDER BY per.whole_team, 2"""
)

# Count per day first (in index order, no sort), then label the few hundred days' weeks.
PER_WEEK = (
    "SELECT to_char(date_trunc('week', day), 'IYYY-\"W\"IW') AS week, sum(n)::bigint FROM ("
    "SELECT c.started_day AS day, count(*) AS n"
    + FILTER
    + " GROUP BY 1) days GROUP BY 1 ORDER BY 1"
)

# Which published version each call ran: its playbook's sha256 joined to the published ones.
PER_VERSION = (
    "WITH v AS (SELECT c.playbook_sha256, c.playbook_name, count(*) AS n"
    + FILTER
    + " GROUP BY 1, 2) "
    "SELECT coalesce(p.name, v.playbook_name), p.version, sum(v.n)::bigint "
    "FROM v LEFT JOIN callmate.playbooks p ON p.sha256 = v.playbook_sha256 "
    "GROUP BY 1, 2 ORDER BY 1, 2"
)

HABIT_LABELS = (
    ("agenda_set", "agenda set"),
    ("commitment_asked", "commitment asked"),
    ("decision_maker_known", "decision maker known"),
)


def _share(count: int, total: int) -> dict[str, Any]:
    return {"count": count, "of": total, "share": round(count / total, 3) if total else None}


def _weeks_between(first: date | None, last: date | None) -> int:
    if first is None or last is None:
        return 0
    monday = first.toordinal() - first.weekday()
    return (last.toordinal() - monday) // 7 + 1


def _row(row: tuple[Any, ...], weeks: int) -> dict[str, Any]:
    (rep, name, calls, advances, judged, connected, agenda, commit, dm, median) = row[:10]
    marked, kept, missed, rescheduled = row[10:14]
    return {
        "rep": rep,
        "name": name,
        "calls": calls,
        "calls_per_week": round(calls / weeks, 1) if weeks else None,
        "advance": _share(advances, judged),
        "connected": connected,
        "not_connected": dict(zip(UNCONNECTED, row[16 : 16 + len(UNCONNECTED)], strict=True)),
        "habits": {
            "agenda_set": _share(agenda, connected),
            "commitment_asked": _share(commit, connected),
            "decision_maker_known": _share(dm, connected),
        },
        "median_days_to_next_step": None if median is None else round(float(median), 1),
        "next_steps": {
            "marked": marked,
            "kept": kept,
            "missed": missed,
            "rescheduled": rescheduled,
            "kept_share": kept_share(kept, kept + missed),
        },
    }


def team_stats(conn: Any, since: date | None = None, rep: str | None = None) -> dict[str, Any]:
    """The numbers `callmate team stats --json` prints, read in one snapshot."""
    params = {"since": since, "rep": rep}
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        viewer = scalar(conn, "SELECT current_user::text")
        manager = scalar(conn, "SELECT pg_has_role(current_user, 'callmate_manager', 'USAGE')")
        rows = conn.execute(PER_REP, params).fetchall()
        weeks = conn.execute(PER_WEEK, params).fetchall()
        versions = conn.execute(PER_VERSION, params).fetchall()
    total = rows[-1] if rows else None
    span = _weeks_between(since or (total[14] if total else None), total[15] if total else None)
    return {
        "since": since.isoformat() if since else None,
        "rep": rep,
        "viewer": viewer,
        "sees": "team" if manager else "own calls",
        "reps": [_row(r, span) for r in rows[:-1]] if total and total[2] else [],
        "team": _row(total, span) if total and total[2] else None,
        "weeks": [{"week": w, "calls": n} for w, n in weeks],
        "playbooks": [{"name": n, "published_version": v, "calls": k} for n, v, k in versions],
    }


def _pct(share: Mapping[str, Any]) -> str:
    value = share["share"]
    return "   -" if value is None else f"{round(value * 100):3d}%"


def _days(value: float | None) -> str:
    return "-" if value is None else f"{value}"


COLUMNS_HEAD = "  {:<15} {:>6} {:>6} {:>8} {:>7} {:>7} {:>7} {:>7} {:>6}".format(
    "rep", "calls", "/week", "advance", "agenda", "commit", "dm", "days", "kept"
)


def _line(who: str, row: Mapping[str, Any]) -> str:
    habits = row["habits"]
    kept = row["next_steps"]
    per_week = "-" if row["calls_per_week"] is None else f"{row['calls_per_week']}"
    kept_text = "-" if kept["kept_share"] is None else f"{round(kept['kept_share'] * 100)}%"
    return "  {:<15} {:>6} {:>6} {:>8} {:>7} {:>7} {:>7} {:>7} {:>6}".format(
        who[:15],
        row["calls"],
        per_week,
        _pct(row["advance"]),
        _pct(habits["agenda_set"]),
        _pct(habits["commitment_asked"]),
        _pct(habits["decision_maker_known"]),
        _days(row["median_days_to_next_step"]),
        kept_text,
    )


def render_team_stats(stats: Mapping[str, Any]) -> str:
    """A table per rep, the team line, calls per week and the share ending in an advance."""
    since = f" since {stats['since']}" if stats["since"] else ""
    scope = "every rep's calls" if stats["sees"] == "team" else "only your own calls"
    scope = f"you, as {stats['viewer']}, see {scope}"
    if not stats["team"]:
        return f"no completed live calls on the team database{since} ({scope})\n"
    team = stats["team"]
    lines = [
        f"Team stats{since}: {counted(team['calls'], 'call')} "
        f"from {counted(len(stats['reps']), 'rep')} ({scope})",
        "",
        COLUMNS_HEAD,
    ]
    lines += [_line(row["name"], row) for row in stats["reps"]]
    lines += [_line("TEAM", team), ""]
    if sum(team["not_connected"].values()):
        lines.append("Did not connect (calls, but left out of the rates)")
        for who, row in [(r["name"], r) for r in stats["reps"]] + [("TEAM", team)]:
            lines.append(f"  {who[:15]:<15} {not_connected_words(row['not_connected'])}")
        lines.append("")
    lines.append("Calls ending in an advance")
    for row in stats["reps"]:
        share = row["advance"]
        lines.append(
            f"  {row['name'][:20]:<20} {_pct(share)}  {bar(share['count'], share['of'], 30):<30}"
        )
    lines += ["", "Calls per week"]
    top = max((w["calls"] for w in stats["weeks"]), default=0)
    lines += [f"  {w['week']}  {w['calls']:6d}  {bar(w['calls'], top)}" for w in stats["weeks"]]
    if stats["playbooks"]:
        lines += ["", "Playbooks run (published version)"]
        for p in stats["playbooks"]:
            version = p["published_version"] or "not a published version"
            lines.append(f"  {p['name'] or '-'}: {version}  {counted(p['calls'], 'call')}")
    lines += [
        "",
        "calls: completed live calls, connected or not; the rates are of connected ones",
        "advance: next step was an advance; agenda/commit/dm: share of connected calls",
        "days: median days from call end to next step; kept: share of follow-ups kept among",
        "those marked kept or missed (a rescheduled one is still open)",
    ]
    return "\n".join(line.rstrip() for line in lines) + "\n"
