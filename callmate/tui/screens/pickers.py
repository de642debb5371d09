"""Small keyboard pickers the call screen opens without losing the rep's place."""

from __future__ import annotations

from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from callmate.core.call_record import PownItem
from callmate.core.cards import find_cards
from callmate.core.session import CallSession
from callmate.tui.text import Plain, line, text
from callmate.tui.widgets.key_order import HoldsKeysUntilReady
from callmate.tui.widgets.ordered_input import OrderedInput
from callmate.tui.widgets.ordered_option_list import OrderedOptionList

ResultType = TypeVar("ResultType")


class Picker(HoldsKeysUntilReady, ModalScreen[ResultType]):
    """A dialog over the call. Keys typed right after the key that opened it wait until its
    field has the focus; Escape goes back to the call."""

    CSS_PATH = "pickers.tcss"
    AUTO_FOCUS = ""  # none yet: on_mount focuses `FIRST_FOCUS`, then hands the waiting keys on
    BINDINGS = [Binding("escape", "dismiss_none", "Back to the call")]
    FIRST_FOCUS = "OptionList"

    def on_mount(self) -> None:
        self.query_one(self.FIRST_FOCUS).focus()
        self.keys_ready()

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class SectionPicker(Picker[str | None]):
    def __init__(self, session: CallSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker"):
            yield Plain(line(("Jump to a section", "bold")))
            session = self.session
            path = session.path()
            options = []
            for section in session.playbook.sections:
                asked = [q for q in path if q.section_id == section.id]
                answered = sum(session.is_answered(q.id) for q in asked)
                options.append(
                    Option(
                        text(f"{section.title}  ({answered} of {len(asked)} answered)"),
                        id=section.id,
                    )
                )
            yield OrderedOptionList(*options, markup=False)

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class HotButtonPicker(Picker[tuple[str, int] | None]):
    def __init__(self, session: CallSession) -> None:
        super().__init__()
        self.session = session
        self.items = session.powns()

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker"):
            yield Plain(line(("Star the hot button (Enter toggles)", "bold")))
            options = [
                Option(
                    text(f"{'★' if item.hot else ' '} {item.tag}: {item.text}"),
                    id=str(n),
                )
                for n, (_, _, item) in enumerate(self.items)
            ]
            yield OrderedOptionList(*options, markup=False)

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        question_id, index, _ = self.items[int(event.option.id or 0)]
        self.dismiss((question_id, index))


class CapturedPicker(Picker[tuple[str, int, str, str] | None]):
    """Every captured list item and note, to pick one to correct or remove."""

    def __init__(self, session: CallSession) -> None:
        super().__init__()
        self.session = session
        self.targets: list[tuple[str, int, str, str]] = []
        for q in session.playbook.questions:
            value = session.value(q.id)
            if q.takes_many and isinstance(value, list):
                for i, item in enumerate(value):
                    said = item.text if isinstance(item, PownItem) else item
                    tag = f"{item.tag[0]}: " if isinstance(item, PownItem) else ""
                    self.targets.append(("item", i, q.id, f"{tag}{said}"))
        for i, note in enumerate(session.record.notes):
            self.targets.append(("note", i, "", note.text))

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker"):
            yield Plain(
                line(("Correct what was captured", "bold"), "  (Enter picks it, Escape goes back)")
            )
            if not self.targets:
                yield Plain("Nothing captured in a list or a note yet.")
            yield OrderedOptionList(
                *[
                    Option(text(f"{'note' if kind == 'note' else '•'} {said}"))
                    for kind, _, _, said in self.targets
                ],
                markup=False,
            )

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.targets[event.option_index])


class TextDialog(Picker[str | None]):
    """One line of text from the rep: a note, a new date. Enter saves, Escape cancels."""

    BINDINGS = [Binding("escape", "dismiss_none", "Cancel")]
    FIRST_FOCUS = "#text"

    def __init__(self, title: str, placeholder: str, value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker"):
            yield Plain(line((self.title_text, "bold"), "  (Enter saves, Escape cancels)"))
            yield OrderedInput(value=self.value, placeholder=self.placeholder, id="text")

    @on(Input.Submitted, "#text")
    def written(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class ObjectionPicker(Picker[tuple[str, str] | None]):
    """Type a few words of what the prospect said; Enter shows that card (or closes an open one)."""

    FIRST_FOCUS = "#query"
    BINDINGS = [
        Binding("escape", "dismiss_none", "Back to the call"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]

    def __init__(self, session: CallSession) -> None:
        super().__init__()
        self.session = session
        self.choices: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker"):
            yield Plain(line(("Objection cards", "bold"), "  type what they said, Enter picks"))
            yield OrderedInput(placeholder="e.g. send me info, too expensive, my boss", id="query")
            yield OrderedOptionList(id="cards", markup=False)

    def on_mount(self) -> None:  # before Picker.on_mount (Textual runs each class's, in MRO)
        self.fill("")

    @on(Input.Changed, "#query")
    def filter(self, event: Input.Changed) -> None:
        self.fill(event.value)

    def fill(self, query: str) -> None:
        options = self.query_one("#cards", OptionList)
        options.clear_options()
        self.choices = []
        for objection in self.session.open_objections():
            self.choices.append(("resolve", objection.card))
            options.add_option(Option(text(f"✓ worked through: {objection.title}")))
        say = self.session.say
        found = find_cards(self.session.playbook.cards, query)
        if found.closest is not None:
            self.choices.append(("raise", found.closest.id))
            options.add_option(
                Option(text(f"No card matches that. Closest: {say(found.closest.title)}"))
            )
        for card in found.matches:
            self.choices.append(("raise", card.id))
            phrases = f"  — “{say(card.says[0])}”" if card.says else ""
            options.add_option(Option(text(f"{say(card.title)}{phrases}")))
        if self.choices:
            options.highlighted = 0

    def action_move(self, step: int) -> None:
        options = self.query_one("#cards", OptionList)
        if self.choices:
            current = options.highlighted or 0
            options.highlighted = max(0, min(len(self.choices) - 1, current + step))

    @on(Input.Submitted, "#query")
    def pick_highlighted(self) -> None:
        highlighted = self.query_one("#cards", OptionList).highlighted
        if highlighted is not None and self.choices:
            self.dismiss(self.choices[highlighted])

    @on(OptionList.OptionSelected, "#cards")
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index])
