"""The cost of recording one answer: Store.save of a call whose summary did not change.

This is what happens after every Enter during a call. Saves into the big store and the empty one
alternate, so both see the same disk and cache conditions; each store gets its own open call.
"""

from __future__ import annotations

import copy
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.folders import FolderSnapshot
from benchmarks.history import paragraph, synthetic_records
from callmate.core.call_record import Answer, CallRecord, decode_record
from callmate.store import Store


@dataclass
class SaveTimes:
    big_ms: list[float] = field(default_factory=list)
    empty_ms: list[float] = field(default_factory=list)


def open_call(seed: int) -> CallRecord:
    """A realistic call in progress (about half the playbook answered), with a fresh id."""
    record = copy.deepcopy(synthetic_records(1, seed=seed)[0])
    record.update(status="in_progress", ended=None, next_step=None, cursor=None)
    record["id"] = f"{record['id'][:-6]}bench{seed % 10}"
    return decode_record(record)


def _changed(record: CallRecord, rng: random.Random, number: int) -> None:
    """Edit one answer the way a rep re-recording it would; the index summary stays the same."""
    answers = record.answers
    texts = [qid for qid, entry in answers.items() if isinstance(entry.value, str)]
    qid = texts[number % len(texts)] if texts else "bench_note"
    answers[qid] = Answer(paragraph(rng, 2, 6), record.started)
    record.revision += 1


def time_saves(big: Path, empty: Path, saves: int, seed: int = 0) -> SaveTimes:
    """Median-ready samples of Store.save on both folders (each folder is restored after)."""
    rng = random.Random(seed)
    snapshots = [FolderSnapshot.take(big), FolderSnapshot.take(empty)]
    stores = [Store(big), Store(empty)]
    records = [open_call(seed), open_call(seed + 1)]
    records[1].started = records[0].started
    for store, record in zip(stores, records, strict=True):
        store.save(record)  # first save puts the call in the index; later ones must not
    times = SaveTimes()
    try:
        for number in range(saves):
            for store, record, bucket in zip(
                stores, records, (times.big_ms, times.empty_ms), strict=True
            ):
                _changed(record, rng, number)
                shard = store.shard_path(record.id)
                before = shard.stat().st_ino
                started = time.perf_counter()
                store.save(record)
                bucket.append((time.perf_counter() - started) * 1000)
                if shard.stat().st_ino != before:
                    raise RuntimeError("an answer with an unchanged summary rewrote the index")
    finally:
        for snapshot in snapshots:
            snapshot.restore()
    return times
