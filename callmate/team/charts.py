"""Team stats as bar charts per rep, one chart per habit: what the team screen shows.

Plain text (no Textual), so the screen stays thin and the charts can be checked on their own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from callmate.core.counts import counted
from callmate.export.stats import bar, not_connected_words

NAME_WIDTH = 16
BAR_WIDTH = 30

Row = Mapping[str, Any]


def _share_of(path: tuple[str, ...]) -> Callable[[Row], tuple[float | None, str]]:
    def pick(row: Row) -> tuple[float | None, str]:
        value: Any = row
        for key in path:
            value = value[key]
        share = value["share"]
        if share is None:
            return None, "-"
        return share, f"{round(share * 100)}%  ({value['count']} of {value['of']})"

    return pick


def _kept(row: Row) -> tuple[float | None, str]:
    steps = row["next_steps"]
    share = steps["kept_share"]
    if share is None:
        return None, "- (none kept or missed yet)"
    settled = steps["kept"] + steps["missed"]  # a rescheduled step is still open
    return share, f"{round(share * 100)}%  ({steps['kept']} of {settled} kept or missed)"


def _per_week(row: Row) -> tuple[float | None, str]:
    value = row["calls_per_week"]
    return value, "-" if value is None else f"{value}  ({counted(row['calls'], 'call')})"


def _not_connected(row: Row) -> tuple[float | None, str]:
    """Calls that did not connect, counted apart from the rates as `team stats` counts them."""
    counts = row["not_connected"]
    return float(sum(counts.values())), not_connected_words(counts)


def _days(row: Row) -> tuple[float | None, str]:
    value = row["median_days_to_next_step"]
    return value, "-" if value is None else f"{value} days"


#: (title, value of a row, whether the values are shares of 1)
CHARTS: tuple[tuple[str, Callable[[Row], tuple[float | None, str]], bool], ...] = (
    ("Calls per week", _per_week, False),
    ("Did not connect (left out of the rates below)", _not_connected, False),
    ("Calls ending in an advance", _share_of(("advance",)), True),
    ("Agenda set", _share_of(("habits", "agenda_set")), True),
    ("Commitment asked", _share_of(("habits", "commitment_asked")), True),
    ("Decision maker known", _share_of(("habits", "decision_maker_known")), True),
    ("Next steps kept", _kept, True),
    ("Median days to the next step", _days, False),
)


def rep_charts(stats: Mapping[str, Any], width: int = BAR_WIDTH) -> str:
    """One block per habit, one bar per rep plus the team's, all on the same scale; the calls
    that did not connect only when there are any."""
    if not stats.get("team"):
        return "No completed live calls on the team database for this period yet.\n"
    rows: list[tuple[str, Row]] = [(r["name"], r) for r in stats["reps"]]
    if len(rows) > 1:
        rows.append(("TEAM", stats["team"]))
    lines: list[str] = []
    for title, pick, is_share in CHARTS:
        values = [pick(row) for _name, row in rows]
        if pick is _not_connected and not any(value for value, _label in values):
            continue  # every call connected: nothing to count apart (as the text says it)
        lines.append(title)
        top = 1.0 if is_share else max((v for v, _t in values if v is not None), default=0.0)
        for (name, _row), (value, label) in zip(rows, values, strict=True):
            drawn = bar(value or 0.0, top, width)
            lines.append(f"  {name[:NAME_WIDTH]:<{NAME_WIDTH}} {drawn:<{width}}  {label}")
        lines.append("")
    return "\n".join(line.rstrip() for line in lines)
