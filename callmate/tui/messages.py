"""What a screen asks of the app: start, resume or end a call, go home.

Screens post these instead of calling app methods by name, so the app's interface is typed and
a screen works with any app that handles them (the preview app ends a walk its own way).
"""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from callmate.core.session import CallSession


class StartCall(Message):
    """Start a live call with this playbook file; ``follows`` is the call whose step it keeps."""

    def __init__(
        self, path: Path, prospect: str, company: str = "", follows: str | None = None
    ) -> None:
        super().__init__()
        self.path = path
        self.prospect = prospect
        self.company = company
        self.follows = follows


class ResumeCall(Message):
    """Carry on with an unfinished call."""

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id


class ShowHome(Message):
    """Show the home screen afresh (its lists read again)."""


class CallEnded(Message):
    """The gate let this call end (completed, not connected, or discarded)."""

    def __init__(self, session: CallSession) -> None:
        super().__init__()
        self.session = session


class QuitCalledOff(Message):
    """The rep went back to the call from the quit path's next-step dialog."""
