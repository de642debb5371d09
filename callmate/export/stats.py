"""`callmate stats`: how the rep's calls are going, from the stored records.

The shares measure the habits the playbooks teach (agree an agenda, ask for commitment, find the
decision maker) and whether agreed next steps happen. Practice calls are left out: they would
flatter the numbers.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from callmate.core.call_record import CallRecord, StoredStep
from callmate.core.counts import counted
from callmate.core.judgement import Verdict, pain, stored_step_kind
from callmate.core.playbook import Playbook, SectionKind
from callmate.core.session import UNCONNECTED
from callmate.export.reading import answer_kind, answers_of

FindPlaybook = Callable[[CallRecord], Playbook | None]
HABITS = (
    ("agenda_set", SectionKind.AGENDA, "agenda set"),
    ("commitment_asked", SectionKind.COMMITMENT, "commitment asked"),
    ("decision_maker_known", SectionKind.DECISION_MAKER, "decision maker known"),
)
BAR_WIDTH = 30
#: Next steps kept, split by how deep the call that agreed them went: does silence follow
#: shallow discovery in the rep's own data? (key, label)
DEPTHS = (
    ("pain_agreed", "after an agreed pain"),
    ("no_pain_agreed", "without an agreed pain"),
    ("after_advance", "after an advance"),
    ("after_continuation", "after a continuation"),
)


def week_of(day: date) -> str:
    """ISO week label, e.g. '2026-W48' (weeks start on Monday; week 1 holds 4 January)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _weeks(counts: Counter[str], conversations: Counter[str], days: list[date]) -> list[Any]:
    """Every week from the first call to the last, including quiet weeks, oldest first: its
    calls, and of those the conversations (as the top-level `conversations` counts them)."""
    if not days:
        return []
    weeks: list[dict[str, Any]] = []
    monday = min(days) - timedelta(days=min(days).weekday())
    while monday <= max(days):
        label = week_of(monday)
        weeks.append({"week": label, "calls": counts[label], "conversations": conversations[label]})
        monday += timedelta(days=7)
    return weeks


def _share(count: int, total: int) -> dict[str, Any]:
    return {"count": count, "of": total, "share": round(count / total, 3) if total else None}


def kept_share(kept: int, settled: int) -> float | None:
    """Kept steps among those that were kept or missed (3 decimals), None before any was.

    A rescheduled step is still open: it neither counts for nor against the rep until it
    happens. `callmate stats` and `callmate team stats` both say it this way.
    """
    return round(kept / settled, 3) if settled else None


def _original_due(step: StoredStep) -> datetime:
    """The date agreed on the call, before any reschedule."""
    return datetime.fromisoformat(step.history[0].due if step.history else step.due)


def call_stats(
    records: Iterable[CallRecord], find_playbook: FindPlaybook, since: date | None = None
) -> dict[str, Any]:
    """The numbers `callmate stats --json` prints (see docs/json-format.md)."""
    counts: Counter[str] = Counter()
    conversation_weeks: Counter[str] = Counter()
    days: list[date] = []
    habits: Counter[str] = Counter()
    gaps: list[float] = []
    outcomes: Counter[str] = Counter()
    unconnected: Counter[str] = Counter()
    step_kinds: Counter[str] = Counter()
    depth_marked: Counter[str] = Counter()
    depth_kept: Counter[str] = Counter()
    # Conversations: completed calls that connected (one definition, in total and per week).
    conversations = 0
    for record in records:
        if record.mode == "practice":
            continue
        started = datetime.fromisoformat(record.started)
        if record.status == "discarded":
            continue  # started by mistake and set aside
        if since is not None and started.date() < since:
            continue
        days.append(started.date())
        counts[week_of(started.date())] += 1
        if record.status != "completed":
            continue
        outcome = record.outcome
        if outcome in UNCONNECTED:
            unconnected[outcome] += 1
            continue  # no conversation: counted apart from the habits
        conversations += 1
        conversation_weeks[week_of(started.date())] += 1
        step_kinds[stored_step_kind(record.next_step) or "none"] += 1
        playbook = find_playbook(record)
        kinds = {answer_kind(q, v, playbook) for q, v in answers_of(record).items()}
        for key, kind, _label in HABITS:
            habits[key] += kind in kinds
        step = record.next_step
        if step is not None:
            if record.ended is not None:
                ended = datetime.fromisoformat(record.ended)
                gaps.append((_original_due(step) - ended).total_seconds() / 86400)
            if step.outcome is not None:
                outcomes[step.outcome] += 1
            if step.outcome in ("kept", "missed"):
                for depth in _depths(record, playbook, step):
                    depth_marked[depth] += 1
                    depth_kept[depth] += step.outcome == "kept"
    marked = sum(outcomes.values())
    settled = outcomes["kept"] + outcomes["missed"]
    return {
        "since": since.isoformat() if since else None,
        "calls": len(days),
        "conversations": conversations,
        "advance": _share(step_kinds["advance"], conversations),
        "continuations": step_kinds["continuation"],
        "not_connected": {key: unconnected[key] for key in UNCONNECTED},
        "weeks": _weeks(counts, conversation_weeks, days),
        "habits": {key: _share(habits[key], conversations) for key, _kind, _label in HABITS},
        "median_days_to_next_step": round(statistics.median(gaps), 1) if gaps else None,
        "next_steps": {
            "marked": marked,
            "kept": outcomes["kept"],
            "missed": outcomes["missed"],
            "rescheduled": outcomes["rescheduled"],
            "kept_share": kept_share(outcomes["kept"], settled),
        },
        "kept_by_depth": {
            key: {
                "marked": depth_marked[key],
                "kept": depth_kept[key],
                "kept_share": (
                    round(depth_kept[key] / depth_marked[key], 3) if depth_marked[key] else None
                ),
            }
            for key, _label in DEPTHS
        },
    }


def _depths(record: CallRecord, playbook: Playbook | None, step: StoredStep) -> list[str]:
    """Which discovery-depth groups a marked step counts in, by the core judgement."""
    agreed = pain(record, playbook).verdict is Verdict.MET
    found = ["pain_agreed" if agreed else "no_pain_agreed"]
    kind = stored_step_kind(step)
    if kind == "advance":
        found.append("after_advance")
    elif kind == "continuation":
        found.append("after_continuation")
    return found


def not_connected_words(counts: Mapping[str, int]) -> str:
    """Completed calls that did not connect, by outcome ("3 (2 voicemail, 1 no answer)", or
    "0"): `callmate stats` and `callmate team stats` say it this one way."""
    total = sum(counts.values())
    parts = ", ".join(f"{n} {UNCONNECTED[key]}" for key, n in counts.items() if n)
    return f"{total} ({parts})" if total else "0"


def bar(value: float, top: float, width: int = BAR_WIDTH) -> str:
    """A bar of '█' proportional to value/top; any non-zero value shows at least one block."""
    if top <= 0 or value <= 0:
        return ""
    return "█" * max(1, round(width * value / top))


def _percent(share: float | None) -> str:
    return "  -" if share is None else f"{round(share * 100):3d}%"


def render_stats(stats: Mapping[str, Any]) -> str:
    """The text report: calls per week and the habit shares as bar charts."""
    since = f" since {stats['since']}" if stats["since"] else ""
    if not stats["calls"]:
        return f"no live calls{since} yet\n"
    lines = [
        f"Calls per week{since} ({counted(stats['calls'], 'call')}, "
        f"{counted(stats['conversations'], 'finished conversation')})"
    ]
    top = max(week["calls"] for week in stats["weeks"])
    lines += [f"  {w['week']}  {w['calls']:4d}  {bar(w['calls'], top)}" for w in stats["weeks"]]
    advance = stats["advance"]
    lines += [
        "",
        f"Calls ending in an advance: {_percent(advance['share']).strip()}  "
        f"({advance['count']} of {advance['of']} conversations; "
        f"{stats['continuations']} ended on a continuation)",
    ]
    if sum(stats["not_connected"].values()):
        lines.append(f"Did not connect: {not_connected_words(stats['not_connected'])}")
    lines += ["", f"Of {stats['conversations']} completed conversations:"]
    for key, _kind, label in HABITS:
        habit = stats["habits"][key]
        lines.append(
            f"  {label:<21} {_percent(habit['share'])}  {bar(habit['count'], habit['of'], 20):<20}"
            f"  ({habit['count']} of {habit['of']})"
        )
    median = stats["median_days_to_next_step"]
    lines += [
        "",
        "Median days from call end to next step: " + ("-" if median is None else f"{median}"),
    ]
    steps = stats["next_steps"]
    if steps["marked"]:
        settled = steps["kept"] + steps["missed"]
        moved = f"; {steps['rescheduled']} rescheduled, still open" if steps["rescheduled"] else ""
        lines.append(
            f"Next steps kept: {_percent(steps['kept_share']).strip()} "
            f"{bar(steps['kept'], settled, 20)}  ({steps['kept']} of {settled} kept or "
            f"missed{moved})"
        )
    else:
        lines.append("Next steps kept: - (none marked yet: `callmate followups mark ID kept`)")
    lines += depth_lines(stats)
    return "\n".join(line.rstrip() for line in lines) + "\n"


def depth_lines(stats: Mapping[str, Any]) -> list[str]:
    """Kept share by discovery depth (kept or missed steps only), for the text and the screen."""
    depth = stats.get("kept_by_depth") or {}
    if not any(group["marked"] for group in depth.values()):
        return []
    lines = ["", "Next steps kept, by how deep the call went (kept or missed ones):"]
    for key, label in DEPTHS:
        group = depth[key]
        lines.append(
            f"  {label:<24} {_percent(group['kept_share'])}  "
            f"{bar(group['kept'], group['marked'], 20):<20}  "
            f"({group['kept']} of {group['marked']})"
        )
    return lines
