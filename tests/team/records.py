"""Call records for the team tests, played through the real CallSession (benchmarks/history.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from benchmarks.history import synthetic_records
from callmate.team.ledger import wanted

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def calls(count: int, seed: int = 0) -> list[dict[str, Any]]:
    return synthetic_records(count, seed=seed, now=NOW)


def team_ids(records: list[dict[str, Any]]) -> set[str]:
    """The ids a push sends: finished live calls."""
    return {r["id"] for r in records if wanted(r, practice=False)}
