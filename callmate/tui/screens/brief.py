"""The pre-call brief, shown over the call screen when the prospect has history."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from callmate.core.brief import BriefCall
from callmate.tui.text import Plain, line
from callmate.tui.widgets.footer import WrappingFooter


class BriefScreen(ModalScreen[None]):
    CSS_PATH = "brief.tcss"
    BINDINGS = [Binding("enter,escape", "close", "Start the call")]

    def __init__(
        self, prospect: str, calls: list[BriefCall], quiet: Sequence[str] | None = None
    ) -> None:
        super().__init__()
        self.prospect = prospect
        self.calls = calls
        #: Why a silent prospect went quiet (callmate.nurture.why_quiet), shown first.
        self.quiet = list(quiet or ())

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="brief"):
            yield Plain(line(("Before you talk to ", "bold"), (self.prospect, "bold $accent")))
            if self.quiet:
                yield Plain(
                    line(("\nThey went quiet\n", "bold $warning"), "\n".join(self.quiet)),
                    id="brief-quiet",
                )
            for call in self.calls:
                parts: list[str | tuple[str, str]] = [
                    (f"\n{call.started}  {call.playbook}\n", "bold"),
                    ("Objective: ", "dim"),
                    call.objective + "\n",
                ]
                if call.hot_buttons:
                    parts += [
                        ("★ Hot button: ", "bold $warning"),
                        "; ".join(call.hot_buttons),
                        "\n",
                    ]
                for tag, text in call.powns:
                    parts += [(f"  {tag}: ", "dim"), text + "\n"]
                parts += [("Next step agreed: ", "dim"), call.next_step + "\n"]
                if call.their_commitment:  # a call that did not connect: nobody committed
                    parts += [("They committed to: ", "dim"), call.their_commitment + "\n"]
                if call.our_commitment:
                    parts += [(f"{call.our_part}: ", "dim"), call.our_commitment + "\n"]
                if call.lacked:  # what to pick up this time
                    parts += [("It lacked: ", "bold $warning"), "; ".join(call.lacked) + "\n"]
                kept = call.outcome == "kept"
                parts += [("Kept? ", "dim"), (call.outcome, "$success" if kept else "$warning")]
                yield Plain(line(*parts), classes="call")
        yield WrappingFooter()

    def action_close(self) -> None:
        self.dismiss(None)
