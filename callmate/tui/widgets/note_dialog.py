"""Add a note to the call: Enter saves it; a paste of several lines is saved whole at once."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input

from callmate.tui.text import Plain, line
from callmate.tui.widgets.key_order import HoldsKeysUntilReady
from callmate.tui.widgets.ordered_input import OrderedInput


class NoteDialog(HoldsKeysUntilReady, ModalScreen[str | None]):
    """A note's text (lines kept), or None when the rep pressed Escape."""

    CSS_PATH = "note_dialog.tcss"
    AUTO_FOCUS = ""  # none: keys typed right after ctrl+o wait for the note field (on_mount)
    BINDINGS = [Binding("escape", "dismiss_none", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Plain(line(("Add a note", "bold"), "  (Enter saves, Escape cancels)"))
            yield OrderedInput(
                placeholder="anything worth keeping from this call",
                id="text",
                on_lines=self.pasted,
                keep_tab=True,
            )

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()
        self.keys_ready()  # keys typed right after ctrl+o waited for the field

    def typed(self) -> str:
        """What is in the field now (kept as a note if the call is cut off meanwhile)."""
        return self.query_one("#text", Input).value

    def pasted(self, lines: list[str]) -> None:
        self.dismiss("\n".join(lines))

    @on(Input.Submitted, "#text")
    def written(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
