"""A new date for an open next step, from the home screen: the gate's date rules and read-back.

The date is read as it is typed (when_preview, the gate's own line), refused dates are said in
the dialog with the typed text kept, and a time few prospects agree to (at night, on a Sunday)
needs a second Enter, as a "3am" typed for "3pm" would otherwise be booked unseen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input

from callmate.core.call_record import CallRecord
from callmate.core.dates import DateParseError, read_back, unusual_time
from callmate.core.followthrough import whose_step
from callmate.core.next_step import resolve_due
from callmate.core.playbook import NextStepPolicy
from callmate.tui.screens.when_preview import show_when, show_when_error
from callmate.tui.text import Plain, line
from callmate.tui.widgets.key_order import HoldsKeysUntilReady
from callmate.tui.widgets.ordered_input import OrderedInput


class RescheduleDialog(HoldsKeysUntilReady, ModalScreen[datetime | None]):
    """Enter books the date read back under the field; Escape leaves the step as it was."""

    CSS_PATH = "reschedule.tcss"
    AUTO_FOCUS = ""  # on_mount focuses the field, then hands the waiting keys on
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, record: CallRecord, policy: NextStepPolicy, clock: Callable[[], datetime]
    ) -> None:
        super().__init__()
        self.record = record
        self.policy = policy
        self.clock = clock
        #: The text whose unusual time was pointed out: Enter on it again books it.
        self.remarked: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="reschedule-box"):
            yield Plain(line((f"New date for the next step with {self.record.prospect}", "bold")))
            yield Plain(whose_step(self.record, self.clock()), id="reschedule-step")
            yield OrderedInput(placeholder="e.g. thu 3pm, in 2 days", id="reschedule-when")
            yield Plain("", id="reschedule-preview", classes="field-message")
            yield Plain(
                "Enter books the new date · Escape keeps the step as it is", classes="label"
            )

    def on_mount(self) -> None:
        self.query_one("#reschedule-when", Input).focus()
        self.keys_ready()

    @on(Input.Changed, "#reschedule-when")
    def typed(self, event: Input.Changed) -> None:
        self.remarked = None
        show_when(self.preview, event.value, self.clock(), self.policy)

    @property
    def preview(self) -> Plain:
        return self.query_one("#reschedule-preview", Plain)

    @on(Input.Submitted, "#reschedule-when")
    def submitted(self, event: Input.Submitted) -> None:
        typed = event.value
        if not typed.strip():
            show_when_error(self.preview, "Type the new date, or Escape to keep the step as it is.")
            return
        now = self.clock()
        try:
            due = resolve_due(typed, now, self.policy)
        except DateParseError as exc:
            show_when_error(self.preview, str(exc))  # the text stays, to be corrected
            return
        remark = unusual_time(due, now)
        if remark and self.remarked != typed:
            self.remarked = typed
            self.preview.set_class(False, "error")
            self.preview.update(
                line(
                    ("→ ", "bold"),
                    f"{read_back(due, now)} ",
                    ("Enter again books it; or correct the date.", "bold $warning"),
                )
            )
            return
        self.dismiss(due)

    def action_cancel(self) -> None:
        self.dismiss(None)
