"""Saving a live call after every change, and never letting a refused write lose the call.

When the disk is full or the folder read-only the session stays in memory, the screen shows a
warning that does not go away, and every later change (and a timer) tries the write again. That
holds from the first second: a call started on a full disk starts anyway, unsaved and
unclaimed, and takes its claim with the first write the disk accepts.
"""

from __future__ import annotations

import contextlib
import copy
import time
from pathlib import Path
from typing import Protocol

from callmate.core.call_record import CallRecord
from callmate.store import CallClaim, CallOpenElsewhere, Store, StoreError, StoreWriteError
from callmate.store.emergency import write_emergency


class Keeper(Protocol):
    """What the call screen needs from whatever keeps its session (the store, or nothing)."""

    error: StoreError | None

    @property
    def unsaved(self) -> bool: ...

    def save(self, record: CallRecord) -> bool: ...

    def retry(self) -> bool: ...


class SessionKeeper:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.error: StoreError | None = None
        self.claim: CallClaim | None = None
        self._pending: CallRecord | None = None
        self._unclaimed: str | None = None  # a call to claim once the folder can be written
        self._kept: tuple[CallRecord, Path] | None = None  # the last emergency copy

    @property
    def unsaved(self) -> bool:
        return self._pending is not None

    def open(self, session_id: str) -> str | None:
        """Claim the call for this window; what was found and recovered on the way, if anything.

        Raises CallOpenElsewhere when a usable window has it. When the folder cannot be written
        the call goes on unclaimed and the claim is taken before the first write that succeeds.
        """
        self.release()
        self._unclaimed = session_id
        return self._take_claim()

    def release(self) -> None:
        if self.claim is not None:
            self.claim.release()
            self.claim = None
        self._unclaimed = None

    def _take_claim(self) -> str | None:
        if self._unclaimed is None:
            return None
        try:
            self.claim = self.store.claim(self._unclaimed)
        except StoreWriteError as exc:
            self.error = exc
            return None
        self._unclaimed = None
        return self.claim.recovered

    def save(self, record: CallRecord, *, index_later: bool = False) -> bool:
        """Write the record now; True once it is on disk. ``index_later``: the index update
        waits for ``write_deferred_index`` (see Store.save); the call file does not."""
        try:
            self._take_claim()
        except CallOpenElsewhere as exc:  # opened elsewhere while unclaimed: never overwrite
            self.error = exc
        if self._unclaimed is not None:
            self._pending = record
            return False
        try:
            self.store.save(record, index_later=index_later)
        except StoreWriteError as exc:
            self.error = exc
            self._pending = record
            return False
        self.error = None
        self._pending = None
        return True

    def write_deferred_index(self) -> None:
        """The index update a save put off; safe from another thread (the store locks). A refusal
        leaves it to the call's next save, which then says so like any refused save."""
        with contextlib.suppress(StoreError):
            self.store.write_deferred_index()

    def retry(self) -> bool:
        """Try the last refused write again; True when nothing is left unsaved."""
        if self._pending is None:
            return True
        return self.save(self._pending)

    def keep_safe(self, tries: int = 3, pause_s: float = 0.1) -> Path | None:
        """Stopping with a save still refused: retry briefly, then write an emergency copy
        outside the data folder (see callmate.store.emergency). Where it went, or None when
        everything is saved after all (or no fallback place took it: self.unsaved stays)."""
        for _ in range(tries):
            if self.retry():
                return None
            time.sleep(pause_s)
        if self._pending is None:
            return None
        if self._kept is not None and self._kept[0] == self._pending:
            return self._kept[1]  # the watchdog's last try: this very record is already kept
        where = write_emergency(self.store.root, self._pending, str(self.error))
        if where is not None:
            if self._kept is not None:  # the call changed since: the newer copy replaces it
                with contextlib.suppress(OSError):
                    self._kept[1].unlink()
            self._kept = (copy.deepcopy(self._pending), where)
        return where
