"""Add a note to the call: Enter saves it. A paste of several lines goes into the field with ⏎
between its lines, to read and add to before Enter saves it (it was saved at once, the dialog
closed, and what the rep typed next went into the answer field)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input

from callmate.core.session import field_form, note_text
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
            yield Plain(
                line(("Add a note", "bold"), "  (Enter saves, Escape cancels)"), id="note-heading"
            )
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
        """What is in the field now, as a note keeps it (kept if the call is cut off)."""
        return note_text(self.query_one("#text", Input).value)

    def pasted(self, lines: list[str]) -> None:
        """The lines (the text around the cursor already joined to the first and last) in the
        field, ⏎ between them, the cursor after them; the heading says how many."""
        field = self.query_one("#text", OrderedInput)
        field.fill(field_form("\n".join(lines)))
        self.query_one("#note-heading", Plain).update(
            line(
                ("Add a note", "bold"),
                f"  ({len(lines)} pasted lines, ⏎ between them: Enter saves)",
            )
        )

    @on(Input.Submitted, "#text")
    def written(self, event: Input.Submitted) -> None:
        self.dismiss(note_text(event.value))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
