"""Asked before a next step whose date has not come is marked kept or missed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen

from callmate.tui.text import Plain, line
from callmate.tui.widgets.footer import WrappingFooter
from callmate.tui.widgets.key_order import HoldsKeysUntilReady

#: Why a rep would mark the step before its date, by outcome.
EARLY_WORDS = {"kept": "it took place early", "missed": "it is off already"}


class EarlyMark(HoldsKeysUntilReady, ModalScreen[bool]):
    """One stray ctrl+k (also "delete to the end" in a text field) must not close tomorrow's
    meeting: the core's "still ahead" reason is shown and the rep says yes or no."""

    CSS_PATH = "early_mark.tcss"
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes, mark it now"),
        Binding("n,escape", "answer(False)", "No, keep it open"),
    ]

    def __init__(self, reason: str, outcome: str) -> None:
        super().__init__()
        self.reason = reason
        self.outcome = outcome

    def compose(self) -> ComposeResult:
        with Vertical(id="early-box"):
            yield Plain(line((f"Mark it {self.outcome} already?", "bold $warning")))
            yield Plain(self.reason)
            already = EARLY_WORDS.get(self.outcome, "it is settled already")
            yield Plain(
                f"y or Enter: {already}, mark it {self.outcome} · n or Escape: keep it open",
                classes="label",
            )
        yield WrappingFooter()

    def on_mount(self) -> None:
        self.keys_ready()

    def action_answer(self, confirmed: bool) -> None:
        self.dismiss(confirmed)
