"""The kill -9 torture: a process saving in a loop is killed mid-save, over and over.

The trials are benchmarks/kill_trials.py, which the store's process tests run too, so both
torture the store the same way. Here each kill is followed by an audit that counts what was
lost or damaged (the tests assert instead).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from benchmarks.kill_trials import KillReport, run_kill_trials
from callmate.core.call_record import encode_record
from callmate.store import CorruptFile, SessionNotFound, Store, StoreError, default_summary


@dataclass
class TortureResult:
    kills: int
    acknowledged: int  # saves the worker reported done before it was killed
    lost: int  # acknowledged saves the folder no longer holds
    corrupt: int  # damaged or quarantined files, and index entries that disagree with calls
    failure: str = ""  # the first failed check, if any


def audit(root: Path, acknowledged: dict[str, int]) -> tuple[int, int]:
    """(lost, corrupt) for the folder as a freshly started callmate would find it."""
    store = Store(root)
    corrupt = sum("damaged" in p or "Could not" in p for p in store.problems)
    quarantine = root / "quarantine"
    corrupt += len(list(quarantine.iterdir())) if quarantine.is_dir() else 0
    lost = 0
    for session_id, revision in acknowledged.items():
        try:
            record = store.load(session_id)
        except (SessionNotFound, CorruptFile, StoreError):
            lost += 1
            continue
        if record.revision < revision:
            lost += 1
    index = {entry["id"]: entry for entry in store.summaries()}
    for stored in store.iter_records():
        expected = {
            **default_summary(encode_record(stored)),
            "id": stored.id,
            "status": stored.status,
        }
        if index.get(stored.id) != expected:
            corrupt += 1
    return lost, corrupt


def torture(root: Path, kills: int, seed: int = 0) -> TortureResult:
    worst = {"lost": 0, "corrupt": 0}
    failure = ""

    def count(folder: Path, acknowledged: dict[str, int]) -> None:
        nonlocal failure
        lost, corrupt = audit(folder, acknowledged)
        if (lost or corrupt) and not failure:
            failure = f"after kill {len(seen) + 1}: {lost} lost, {corrupt} damaged"
        seen.append(1)
        worst["lost"] = max(worst["lost"], lost)
        worst["corrupt"] = max(worst["corrupt"], corrupt)

    seen: list[int] = []
    report = KillReport()
    try:
        report = run_kill_trials(root, kills, seed=seed, check=count)
    except (OSError, RuntimeError, StoreError) as exc:
        failure = failure or f"the trials stopped: {exc}"
        worst["corrupt"] = max(worst["corrupt"], 1)  # never report a broken run as clean
    return TortureResult(len(seen), report.saves, worst["lost"], worst["corrupt"], failure)
