"""Abandoning a practice without inventing a next step (practice only; live calls are gated).

A role-play that went nowhere should not force the rep to make up a next step just to leave. It
is set aside (status "discarded", kept on disk) and so never counts in `practice --stats`.
"""

from __future__ import annotations

from datetime import datetime

from callmate.core.session import CallSession

ABANDONED = "practice abandoned"


def abandon_practice(session: CallSession, now: datetime, reason: str = "") -> None:
    """End a practice with no next step. ValueError on a live call: those must pass the gate."""
    if session.record.mode != "practice":
        raise ValueError("only a practice can be abandoned; a real call needs its next step")
    session.discard(now, reason.strip() or ABANDONED, abandoned=True)
