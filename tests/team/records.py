"""Call records for the team tests, played through the real CallSession (benchmarks/history.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from benchmarks.history import synthetic_records
from callmate.core.call_record import CallRecord, decode_record
from callmate.team.ledger import wanted

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def calls(count: int, seed: int = 0) -> list[CallRecord]:
    return [decode_record(r) for r in synthetic_records(count, seed=seed, now=NOW)]


def team_ids(records: list[CallRecord]) -> set[str]:
    """The ids a push sends: finished live calls."""
    return {r.id for r in records if wanted({"status": r.status, "mode": r.mode}, practice=False)}
