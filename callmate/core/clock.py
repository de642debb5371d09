"""One place that reads the wall clock, so tests and the UI agree on what 'now' is."""

from __future__ import annotations

from datetime import datetime


def now() -> datetime:
    """The local time, timezone-aware, to the second (what a rep sees on their own clock)."""
    return datetime.now().astimezone().replace(microsecond=0)
