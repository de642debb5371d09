"""What was pushed already, and what waits: the push ledger, the outbox, the last result.

The ledger maps a call id to the fingerprint of its index summary at the time it was pushed.
A completed call whose summary changed since (a follow-up marked kept or rescheduled, a call
discarded) is pushed again; the server keeps the highest revision, so sending twice is harmless.
Finding what waits reads only the index summaries, never a call file and never the network.

The outbox holds one empty file per call that auto-push was asked to send: it survives a quit
or a dead network, and the next push (or the next start) sends it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from callmate.core.call_record import SESSION_ID_RE
from callmate.store.locks import exclusive_lock
from callmate.store.paths import ensure_private_dir
from callmate.store.sidefile import (
    LAST_PUSH_FILE,
    LEDGER_FILE,
    SideFileProblem,
    load_side_json,
    write_side_bytes,
)
from callmate.team.config import team_dir

LAST_FILE = LAST_PUSH_FILE
LOCK_FILE = "push.lock"
OUTBOX = "outbox"
PUSHED_STATUSES = ("completed", "discarded")
PUSHED_MODES = ("live",)


def fingerprint(summary: Mapping[str, Any]) -> str:
    """A short hash of an index summary: changes whenever a pushed fact can change."""
    text = json.dumps(summary, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def wanted(summary: Mapping[str, Any], practice: bool) -> bool:
    """Calls the team sees: finished live calls, practice ones only when asked."""
    modes = (*PUSHED_MODES, "practice") if practice else PUSHED_MODES
    return summary.get("status") in PUSHED_STATUSES and summary.get("mode", "live") in modes


class Ledger:
    """The files under team/ that push reads and writes; safe between processes via push.lock."""

    def __init__(self, data_dir: Path) -> None:
        self.dir = team_dir(data_dir)
        self.path = self.dir / LEDGER_FILE
        self.last_path = self.dir / LAST_FILE
        self.outbox_dir = self.dir / OUTBOX

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """One push at a time per data folder (an auto-push and a `team push` wait in turn)."""
        ensure_private_dir(self.dir)
        with exclusive_lock(self.dir / LOCK_FILE):
            yield

    def pushed(self) -> dict[str, str]:
        """id -> fingerprint of what the server has; {} when nothing was pushed or unreadable."""
        try:
            loaded = load_side_json(self.path)
        except SideFileProblem:
            return {}  # a lost ledger only means sending again: the server ignores repeats
        doc = loaded[0] if loaded is not None else None
        if not isinstance(doc, dict):
            return {}
        return {str(k): str(v) for k, v in doc.items()}

    def record(self, done: Mapping[str, str]) -> None:
        """Add ids the server acknowledged (after their transaction committed)."""
        if not done:
            return
        current = self.pushed()
        current.update(done)
        # Not written (a full disk, a link planted at pushed.json, which doctor names) only
        # means these calls are sent again: the server ignores repeats.
        with contextlib.suppress(OSError):
            ensure_private_dir(self.dir)
            write_side_bytes(self.path, json.dumps(current, sort_keys=True).encode())
        self.unqueue(done)

    def unqueue(self, ids: Iterable[str]) -> None:
        for session_id in ids:
            with contextlib.suppress(OSError):
                os.unlink(self.outbox_dir / session_id)

    def waiting(self, summaries: Iterable[Mapping[str, Any]], practice: bool) -> list[str]:
        """Ids of calls to push (changed since pushed, or queued in the outbox), oldest first."""
        pushed = self.pushed()
        queued = set(self.outbox())
        ids: list[str] = []
        for summary in summaries:
            session_id = str(summary.get("id"))
            if not wanted(summary, practice):
                continue  # an outbox entry for it is dropped by the next push
            if summary.get("status") == "discarded" and session_id not in pushed:
                continue  # thrown away before the team ever saw it
            if session_id in queued or pushed.get(session_id) != fingerprint(summary):
                ids.append(session_id)
        return sorted(ids)

    # ------------------------------------------------------------------ outbox

    def enqueue(self, session_id: str) -> None:
        if not SESSION_ID_RE.fullmatch(session_id):
            return
        ensure_private_dir(self.outbox_dir)
        # Never through a link planted under the name, never waiting on a FIFO there.
        flags = os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK
        fd = os.open(self.outbox_dir / session_id, flags, 0o600)
        os.close(fd)

    def outbox(self) -> list[str]:
        try:
            with os.scandir(self.outbox_dir) as entries:
                return sorted(e.name for e in entries if SESSION_ID_RE.fullmatch(e.name))
        except OSError:
            return []

    # ------------------------------------------------------------------ last result

    def note_result(self, ok: bool, message: str, pushed: int) -> None:
        doc = {
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "ok": ok,
            "message": message,
            "pushed": pushed,
        }
        with contextlib.suppress(OSError):
            ensure_private_dir(self.dir)
            write_side_bytes(self.last_path, json.dumps(doc).encode())

    def last_result(self) -> dict[str, Any] | None:
        try:
            loaded = load_side_json(self.last_path)
        except SideFileProblem:
            return None
        doc = loaded[0] if loaded is not None else None
        return doc if isinstance(doc, dict) else None
