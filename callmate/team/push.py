"""`callmate team push`: send finished calls and later changes to them, idempotently.

Each batch is one transaction of upserts keyed by (rep, call id) that keep the highest revision,
and the ledger learns a batch only after its commit. A push cut off half-way (network gone,
server stopped) has lost nothing: committed batches are on the server and in the ledger, the rest
is still "waiting" and goes with the next push; a batch resent after a commit the client never
heard of changes nothing on the server.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from callmate.core.counts import counted
from callmate.store import Store, StoreError
from callmate.team.config import TeamConfig
from callmate.team.db import TeamError, connect, db_errors, first_line
from callmate.team.facts import COLUMNS, call_facts
from callmate.team.ledger import Ledger, fingerprint
from callmate.team.migrations import require_current
from callmate.usecases.playbooks import PlaybookCache

BATCH = 500
LARGE = 1000  # pushes at least this big show a progress bar even without a terminal

UPSERT = (
    f"INSERT INTO callmate.calls ({', '.join(COLUMNS)}) VALUES ("
    + ", ".join("%s::jsonb" if c == "record" else "%s" for c in COLUMNS)
    + ") ON CONFLICT (rep, call_id) DO UPDATE SET "
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS if c != "call_id")
    + ", pushed_at = now() WHERE callmate.calls.revision <= EXCLUDED.revision"
)
REGISTER_REP = (
    "INSERT INTO callmate.reps (name, email) VALUES (%s, %s) ON CONFLICT (role) DO UPDATE "
    "SET name = EXCLUDED.name, email = EXCLUDED.email, updated_at = now() "
    "WHERE (reps.name, reps.email) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.email)"
)


@dataclass
class PushResult:
    """What a push sent, what was waiting before it, and what can never be sent."""

    pushed: int = 0
    waiting: int = 0  # found waiting before the push
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (id, why) never sendable


def register_rep(conn: Any, config: TeamConfig) -> None:
    with conn.transaction():
        conn.execute(REGISTER_REP, (config.name, config.email))


def _batches(ids: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _progress(total: int, show: bool) -> AbstractContextManager[Any]:
    if not show:
        return nullcontext(None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(
        TextColumn("pushing calls"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=False,
    )


def waiting_ids(data_dir: Path, store: Store, practice: bool) -> list[str]:
    """What the next push would send (index only, no network)."""
    return Ledger(data_dir).waiting(store.summaries(), practice)


def push(
    data_dir: Path,
    config: TeamConfig,
    *,
    store: Store | None = None,
    practice: bool | None = None,
    progress: bool | None = None,
    batch_size: int = BATCH,
    after_batch: Callable[[int], None] | None = None,
) -> PushResult:
    """Push what waits; TeamError (after keeping what was sent) when the server is unreachable.

    ``progress`` None shows a bar on a terminal, or for a large push; ``after_batch`` is told the
    number pushed so far after each committed batch.
    """
    ledger = Ledger(data_dir)
    with ledger.locked():
        try:
            store = store or Store(data_dir)
            summaries = {str(s.get("id")): s for s in store.summaries()}
        except StoreError as exc:
            raise TeamError(str(exc)) from exc
        include_practice = config.practice if practice is None else practice
        ids = ledger.waiting(summaries.values(), include_practice)
        result = PushResult(waiting=len(ids))
        ledger.unqueue(set(ledger.outbox()) - set(ids))  # already pushed, or not for the team
        if not ids:
            return result
        errors = db_errors()
        try:
            conn = connect(config.url)
        except TeamError as exc:
            ledger.note_result(False, str(exc), 0)
            raise
        show = progress if progress is not None else (sys.stderr.isatty() or len(ids) >= LARGE)
        finder = PlaybookCache()
        try:
            with conn, _progress(len(ids), show) as bar:
                task = bar.add_task("push", total=len(ids)) if bar is not None else None
                require_current(conn)
                register_rep(conn, config)
                for batch in _batches(ids, batch_size):
                    rows, prints = _rows(store, batch, summaries, finder, result)
                    with conn.transaction(), conn.cursor() as cur:
                        cur.executemany(UPSERT, rows)
                    ledger.record(prints)
                    result.pushed += len(rows)
                    if bar is not None:
                        bar.update(task, completed=result.pushed + len(result.skipped))
                    if after_batch is not None:
                        after_batch(result.pushed)
        except errors as exc:
            message = (
                f"pushed {result.pushed} of {counted(len(ids), 'call')}, then lost the team "
                f"database ({first_line(exc)}); the rest wait for the next push"
            )
            ledger.note_result(False, message, result.pushed)
            raise TeamError(message) from exc
        except TeamError as exc:
            ledger.note_result(False, str(exc), result.pushed)
            raise
        ledger.note_result(True, f"pushed {counted(result.pushed, 'call')}", result.pushed)
        return result


def _rows(
    store: Store,
    batch: Sequence[str],
    summaries: dict[str, Any],
    finder: PlaybookCache,
    result: PushResult,
) -> tuple[list[tuple[Any, ...]], dict[str, str]]:
    rows: list[tuple[Any, ...]] = []
    prints: dict[str, str] = {}
    for session_id in batch:
        try:
            facts = call_facts(store.load(session_id), finder)
        except (StoreError, ValueError) as exc:
            result.skipped.append((session_id, str(exc)))
            continue
        rows.append(tuple(facts[c] for c in COLUMNS))
        prints[session_id] = fingerprint(summaries[session_id])
    return rows, prints
