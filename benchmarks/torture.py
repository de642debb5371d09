"""The kill -9 torture: a process saving in a loop is killed mid-save, over and over.

The trials themselves are `run_kill_trials` from the store's process tests, imported so the
benchmark and the test suite torture the store the same way. That function stops at the first
check that fails; the benchmark wants counts instead, so on a failure it takes the trial's
report from the failing frame and audits the folder itself to count what was lost or damaged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from callmate.store import CorruptFile, SessionNotFound, Store, StoreError, default_summary
from tests.unit.test_store_processes import KillReport, run_kill_trials


@dataclass
class TortureResult:
    kills: int
    acknowledged: int  # saves the worker reported done before it was killed
    lost: int  # acknowledged saves the folder no longer holds
    corrupt: int  # damaged or quarantined files, and index entries that disagree with calls
    failure: str = ""  # the first failed check, if any


def _report_from(tb: TracebackType | None) -> tuple[KillReport | None, int]:
    """The report and trial number of the run_kill_trials frame a failure went through."""
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code is run_kill_trials.__code__:
            report = frame.f_locals.get("report")
            trial = frame.f_locals.get("trial", 0)
            return (report if isinstance(report, KillReport) else None), int(trial)
        tb = tb.tb_next
    return None, 0


def audit(root: Path, acknowledged: dict[str, int]) -> tuple[int, int]:
    """(lost, corrupt) for the folder as a freshly started callmate would find it."""
    store = Store(root)
    corrupt = sum("damaged" in p or "Could not" in p for p in store.problems)
    quarantine = root / "quarantine"
    corrupt += len(list(quarantine.iterdir())) if quarantine.is_dir() else 0
    lost = 0
    for session_id, revision in acknowledged.items():
        try:
            record: dict[str, Any] = store.load(session_id)
        except (SessionNotFound, CorruptFile, StoreError):
            lost += 1
            continue
        if not isinstance(record.get("rev"), int) or record["rev"] < revision:
            lost += 1
    index = {entry["id"]: entry for entry in store.summaries()}
    for record in store.iter_records():
        expected = {**default_summary(record), "id": record["id"], "status": record["status"]}
        if index.get(record["id"]) != expected:
            corrupt += 1
    return lost, corrupt


def torture(root: Path, kills: int, seed: int = 0) -> TortureResult:
    failure = ""
    try:
        report = run_kill_trials(root, kills, seed=seed)
        done = report.kills
    except AssertionError as exc:
        found, trial = _report_from(exc.__traceback__)
        report = found or KillReport()
        done = trial + 1  # the failing trial's kill did happen
        failure = f"trial {trial + 1}: {exc}".strip()
    lost, corrupt = 0, 0
    try:
        lost, corrupt = audit(root, report.acknowledged)
    except (OSError, StoreError) as exc:
        failure = failure or f"the folder could not be audited: {exc}"
    if failure and lost == 0 and corrupt == 0:
        corrupt = 1  # a check failed that the audit cannot see again: never report it as clean
    return TortureResult(done, report.saves, lost, corrupt, failure)
