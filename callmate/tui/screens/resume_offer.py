"""Asked before a live call starts with a prospect who already has an unfinished call."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from callmate.core.counts import counted
from callmate.tui.text import Plain, line, text
from callmate.tui.widgets.footer import WrappingFooter
from callmate.tui.widgets.key_order import HoldsKeysUntilReady
from callmate.tui.widgets.ordered_option_list import OrderedOptionList
from callmate.usecases.calls import UnfinishedCall

#: What the dialog gives back: resume that call, start a new one anyway (None: neither).
RESUME, NEW = "resume", "new"


class ResumeOffer(HoldsKeysUntilReady, ModalScreen[str | None]):
    """A rep whose terminal closed mid-call runs `callmate call` again from the shell history:
    the call they were on is offered first (Enter resumes it), so nothing said is split over
    two calls. Starting a new one anyway stays one arrow away."""

    CSS_PATH = "resume_offer.tcss"
    BINDINGS = [Binding("escape", "cancel", "Start nothing")]

    def __init__(self, call: UnfinishedCall) -> None:
        super().__init__()
        self.call = call

    def compose(self) -> ComposeResult:
        with Vertical(id="resume-box"):
            yield Plain(line((f"An unfinished call with {self.call.prospect}", "bold $warning")))
            yield Plain(f"You have a call that did not end: {self.call.words()}.")
            if self.call.others:
                yield Plain(
                    f"(and {counted(self.call.others, 'older unfinished call')} with them: "
                    "see the home screen)"
                )
            yield OrderedOptionList(
                Option(text("Resume that call where it stopped"), id=RESUME),
                Option(text("Start a new call with them anyway"), id=NEW),
                id="resume-choice",
                markup=False,
            )
            yield Plain(
                "Enter chooses · Escape starts nothing (the unfinished call stays listed)",
                classes="label",
            )
        yield WrappingFooter()

    def on_mount(self) -> None:
        choice = self.query_one("#resume-choice", OptionList)
        choice.highlighted = 0
        choice.focus()
        self.keys_ready()

    @on(OptionList.OptionSelected, "#resume-choice")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
