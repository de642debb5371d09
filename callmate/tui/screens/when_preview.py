"""The date a rep is typing, read back under the field: the next-step gate and the "did not
connect" dialog show it the same way, from the core's own reading (next_step.resolve_due), so
what the line says is what a save would book or refuse."""

from __future__ import annotations

from datetime import datetime

from callmate.core.dates import DateParseError, read_back
from callmate.core.next_step import resolve_due
from callmate.core.playbook import NextStepPolicy
from callmate.tui.text import Plain, line


def show_when(target: Plain, text: str, now: datetime, policy: NextStepPolicy) -> None:
    """`text` read as a due time into `target`: '→ Thu 3 Dec, 15:00 (in 3 days)', or why it
    cannot be one (with the "error" class), or nothing while the field is empty. A time at
    night or on a weekend gets a remark (a "3am" typed for "3pm" is caught before saving)."""
    if not text.strip():
        target.set_class(False, "error")
        target.update("")
        return
    try:
        due = resolve_due(text, now, policy)
    except DateParseError as exc:
        show_when_error(target, str(exc))
        return
    target.set_class(False, "error")
    target.update(line(("→ ", "bold"), read_back(due, now)))


def show_when_error(target: Plain, message: str) -> None:
    """A refused date (a save's own answer) in the same place as the preview."""
    target.set_class(True, "error")
    target.update(message)
