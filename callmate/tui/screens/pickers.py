"""Small keyboard pickers the call screen opens without losing the rep's place."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from callmate.core.session import CallSession
from callmate.tui.text import Plain, line


class SectionPicker(ModalScreen[str | None]):
    CSS_PATH = "pickers.tcss"
    BINDINGS = [Binding("escape", "dismiss_none", "Back to the call")]

    def __init__(self, session: CallSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker"):
            yield Plain(line(("Jump to a section", "bold")))
            options = [
                Option(Content(f"{s.title}  ({s.kind.value})"), id=s.id)
                for s in self.session.playbook.sections
            ]
            yield OptionList(*options, markup=False)

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class HotButtonPicker(ModalScreen[tuple[str, int] | None]):
    CSS_PATH = "pickers.tcss"
    BINDINGS = [Binding("escape", "dismiss_none", "Back to the call")]

    def __init__(self, session: CallSession) -> None:
        super().__init__()
        self.session = session
        self.items = session.powns()

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker"):
            yield Plain(line(("Star the hot button (Enter toggles)", "bold")))
            options = [
                Option(
                    Content(f"{'★' if item.get('hot') else ' '} {item['tag']}: {item['text']}"),
                    id=str(n),
                )
                for n, (_, _, item) in enumerate(self.items)
            ]
            yield OptionList(*options, markup=False)

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        question_id, index, _ = self.items[int(event.option.id or 0)]
        self.dismiss((question_id, index))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class NoteDialog(ModalScreen[str | None]):
    CSS_PATH = "pickers.tcss"
    BINDINGS = [Binding("escape", "dismiss_none", "Back to the call")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker"):
            yield Plain(line(("Add a note (Enter saves, Escape cancels)", "bold")))
            yield Input(placeholder="anything worth keeping from this call", id="note")

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    @on(Input.Submitted, "#note")
    def written(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
