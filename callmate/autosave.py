"""Saving a live call after every change, and never letting a refused write lose the call.

When the disk is full or the folder read-only the session stays in memory, the screen shows a
warning that does not go away, and every later change (and a timer) tries the write again.
"""

from __future__ import annotations

from typing import Any, Protocol

from callmate.store import Store, StoreWriteError


class Keeper(Protocol):
    """What the call screen needs from whatever keeps its session (the store, or nothing)."""

    error: StoreWriteError | None

    @property
    def unsaved(self) -> bool: ...

    def save(self, record: dict[str, Any]) -> bool: ...

    def retry(self) -> bool: ...


class SessionKeeper:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.error: StoreWriteError | None = None
        self._pending: dict[str, Any] | None = None

    @property
    def unsaved(self) -> bool:
        return self._pending is not None

    def save(self, record: dict[str, Any]) -> bool:
        """Write the record now; True once it is on disk."""
        try:
            self.store.save(record)
        except StoreWriteError as exc:
            self.error = exc
            self._pending = record
            return False
        self.error = None
        self._pending = None
        return True

    def retry(self) -> bool:
        """Try the last refused write again; True when nothing is left unsaved."""
        if self._pending is None:
            return True
        return self.save(self._pending)
