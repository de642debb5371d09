"""Figures, their targets, and the two ways of showing them (a table for people, JSON for CI)."""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Figure:
    """One measured number and the limit it must stay within (``at_most``; None = no target).

    ``value`` is None when it could not be measured (e.g. a command that does not exist yet);
    such a figure is reported as missing, neither passed nor failed.
    """

    name: str
    value: float | None
    at_most: float | None = None
    unit: str = ""
    note: str = ""
    error: str = ""  # why it could not be measured when something broke (counts as a miss)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool | None:
        if self.error:
            return False
        if self.value is None or self.at_most is None:
            return None
        return self.value <= self.at_most

    @property
    def verdict(self) -> str:
        if self.error:
            return "ERROR"
        if self.value is None:
            return "MISSING"
        return {True: "pass", False: "FAIL", None: "-"}[self.passed]

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "target_at_most": self.at_most,
            "unit": self.unit,
            "pass": self.passed,
            "note": self.note,
            "error": self.error,
            **({"detail": self.extra} if self.extra else {}),
        }


def median(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("no samples")
    return float(statistics.median(values))


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 200 samples is the 190th smallest)."""
    if not values:
        raise ValueError("no samples")
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return float(ordered[rank - 1])


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit in ("", "x") and float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.2f}" if abs(value) < 100 else f"{value:.0f}"


def table(figures: Sequence[Figure]) -> str:
    rows = [("figure", "value", "target", "result", "note")]
    for f in figures:
        target = "-" if f.at_most is None else f"<= {_number(f.at_most, f.unit)}"
        unit = f" {f.unit}" if f.unit and f.value is not None else ""
        note = f"{f.note}; {f.error}" if f.note and f.error else f.note or f.error
        rows.append((f.name, _number(f.value, f.unit) + unit, target, f.verdict, note))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for number, row in enumerate(rows):
        cells = [row[i].ljust(widths[i]) for i in range(4)]
        lines.append("  ".join([*cells, row[4]]).rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def as_json(figures: Sequence[Figure], meta: dict[str, Any]) -> str:
    payload = {"figures": {f.name: f.to_json() for f in figures}, **meta}
    return json.dumps(payload, indent=2, sort_keys=False)


def missed(figures: Sequence[Figure]) -> list[Figure]:
    return [f for f in figures if f.passed is False]
