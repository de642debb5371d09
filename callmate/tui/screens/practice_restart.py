"""Asked before ctrl+r wipes a practice run: one stray key must not clear what was captured."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen

from callmate.core.counts import counted
from callmate.tui.text import Plain, line
from callmate.tui.widgets.footer import WrappingFooter
from callmate.tui.widgets.key_order import HoldsKeysUntilReady


class ConfirmRestart(HoldsKeysUntilReady, ModalScreen[bool]):
    """True to start the practice again from the top; False (n, Escape) leaves the run as it is.

    Enter does nothing here: the rep may have been about to record an answer.
    """

    CSS_PATH = "practice_restart.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes, start again"),
        Binding("n,escape", "answer(False)", "No, keep this run"),
    ]

    def __init__(self, answers: int, notes: int) -> None:
        super().__init__()
        self.answers = answers
        self.notes = notes

    def compose(self) -> ComposeResult:
        captured = counted(self.answers, "answer") + " and " + counted(self.notes, "note")
        with Vertical(id="restart-box"):
            yield Plain(line(("Start this practice again from the top?", "bold $warning")))
            yield Plain(
                f"Everything captured so far ({captured}) is cleared and the prospect starts "
                "over. y starts again; n or Escape keeps this run as it is."
            )
        yield WrappingFooter()

    def on_mount(self) -> None:
        self.keys_ready()  # y or n typed right after ctrl+r waited for this question

    def action_answer(self, restart: bool) -> None:
        self.dismiss(restart)
