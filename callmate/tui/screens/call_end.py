"""The other ways a call ends: it never connected, or it was started by mistake.

Both stay behind the gate's rules: a call that did not connect still books a dated retry (the core
checks the date), and a discarded call is only set aside after the rep confirms it by typing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from callmate.autosave import Keeper
from callmate.core.session import UNCONNECTED, CallSession
from callmate.export.followups import FollowUp
from callmate.tui.text import Plain, line, text
from callmate.tui.widgets.footer import WrappingFooter
from callmate.tui.widgets.key_order import HoldsKeysUntilReady, key_order
from callmate.tui.widgets.ordered_input import OrderedInput
from callmate.tui.widgets.ordered_option_list import OrderedOptionList


class NotConnectedScreen(HoldsKeysUntilReady, ModalScreen[bool]):
    """Voicemail, no answer, wrong contact, rescheduled by them: only a dated retry is asked.

    Keys typed right after ctrl+o wait for the list's focus, and every key after them lands
    where it was typed (ordered_keys.py), as in the gate itself."""

    CSS_PATH = "call_end.tcss"
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Save and end call", priority=True),
    ]

    def __init__(self, session: CallSession, keeper: Keeper, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.session = session
        self.keeper = keeper
        self.clock = clock

    def compose(self) -> ComposeResult:
        with Vertical(classes="end-box"):
            yield Plain(line(("The call did not connect", "bold")))
            yield Plain("What happened?", classes="label")
            yield OrderedOptionList(
                *[Option(text(label), id=key) for key, label in UNCONNECTED.items()],
                id="outcome",
                markup=False,
            )
            yield Plain("When will you try again? (e.g. tomorrow 9am, thu 2pm)", classes="label")
            yield OrderedInput(id="when", compact=True)
            yield Plain("", id="pacing")
            yield Plain("What you left on voicemail (optional)", classes="label")
            yield OrderedInput(id="message", compact=True)
            yield Plain("", id="error")
        yield WrappingFooter()

    def on_mount(self) -> None:
        options = self.query_one("#outcome", OptionList)
        options.highlighted = 0
        options.focus()
        self.keys_ready()

    @on(OptionList.OptionSelected, "#outcome")
    def picked(self) -> None:
        self.query_one("#when", Input).focus()

    @on(Input.Changed, "#when")
    def when_changed(self, event: Input.Changed) -> None:
        note = self.session.retry_note(event.value, self.clock())
        self.query_one("#pacing", Plain).update(f"⚠ {note}" if note else "")

    @on(Input.Submitted, "#when")
    def when_done(self) -> None:
        self.query_one("#message", Input).focus()

    @on(Input.Submitted, "#message")
    def message_done(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if key_order(self.app).defer(self.action_save):
            return  # ctrl+s is a priority key: it waits for the keys typed before it
        highlighted = self.query_one("#outcome", OptionList).highlighted or 0
        outcome = list(UNCONNECTED)[highlighted]
        errors = self.session.end_without_connecting(
            outcome,
            self.query_one("#when", Input).value,
            self.query_one("#message", Input).value,
            self.clock(),
        )
        if errors:
            self.query_one("#error", Plain).update(next(iter(errors.values())))
            self.query_one("#when", Input).focus()
            return
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)


class ConfirmDiscard(HoldsKeysUntilReady, ModalScreen[str | None]):
    """Discarding needs the word typed, so no stray key sets a real call aside."""

    CSS_PATH = "call_end.tcss"
    AUTO_FOCUS = ""
    BINDINGS = [Binding("escape", "back", "Keep the call")]

    def __init__(self, prospect: str, word: str = "discard") -> None:
        super().__init__()
        self.prospect = prospect
        self.word = word

    def compose(self) -> ComposeResult:
        with Vertical(classes="end-box"):
            yield Plain(line((f"{self.word.capitalize()} this call?", "bold $warning")))
            yield Plain(
                f"The call with {self.prospect} ends with no next step and leaves history, "
                "follow-ups and stats. Its file is kept aside (history's 'discarded' filter "
                f"shows it). Type '{self.word}', Enter, then why (or nothing) and Enter to "
                "confirm; Escape keeps the call."
            )
            yield OrderedInput(id="confirm", compact=True, placeholder=self.word)
            yield Plain("Why (optional, e.g. wrong number dialled)", classes="label")
            yield OrderedInput(id="reason", compact=True)
            yield Plain("", id="error")
        yield WrappingFooter()

    def on_mount(self) -> None:
        self.query_one("#confirm", Input).focus()
        self.keys_ready()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "confirm" and event.value.strip().casefold() == self.word:
            self.query_one("#reason", Input).focus()
            return
        if self.query_one("#confirm", Input).value.strip().casefold() != self.word:
            self.query_one("#error", Plain).update(f"Type '{self.word}' to confirm.")
            self.query_one("#confirm", Input).focus()
            return
        self.dismiss(self.query_one("#reason", Input).value)

    def action_back(self) -> None:
        self.dismiss(None)


class FollowUpQuestion(HoldsKeysUntilReady, ModalScreen[bool]):
    """Asked once when a call starts for a prospect with an open next step: is this it?"""

    CSS_PATH = "call_end.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes, this is that follow-up"),
        Binding("n,escape", "answer(False)", "No, a separate call"),
    ]

    def __init__(self, step: FollowUp) -> None:
        super().__init__()
        self.step = step

    def compose(self) -> ComposeResult:
        with Vertical(classes="end-box"):
            yield Plain(line(("Is this the follow-up you agreed?", "bold")))
            yield Plain(
                f"{self.step.prospect} has an open next step, due {self.step.due:%a %d %b %H:%M}: "
                f"{self.step.what}"
            )
            yield Plain("y: yes, this call keeps it · n: no, a separate call", classes="label")
        yield WrappingFooter()

    def on_mount(self) -> None:
        self.keys_ready()

    def action_answer(self, linked: bool) -> None:
        self.dismiss(linked)


class AfterMissed(HoldsKeysUntilReady, ModalScreen[str | None]):
    """After a missed step: agree a new date, start the re-engage call, or let it rest."""

    CSS_PATH = "call_end.tcss"
    BINDINGS = [
        Binding("d", "choose('date')", "New date"),
        Binding("e", "choose('reengage')", "Re-engage call"),
        Binding("escape", "choose(None)", "Leave it"),
    ]

    def __init__(self, prospect: str) -> None:
        super().__init__()
        self.prospect = prospect

    def compose(self) -> ComposeResult:
        with Vertical(classes="end-box"):
            yield Plain(line((f"{self.prospect} missed the step. What now?", "bold")))
            yield Plain(
                "d: agree a new date · e: start the short re-engage call now · Escape: leave it",
                classes="label",
            )
        yield WrappingFooter()

    def on_mount(self) -> None:
        self.keys_ready()

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
