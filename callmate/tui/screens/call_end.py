"""The other ways a call ends: it never connected, or it was started by mistake.

Both stay behind the gate's rules: a call that did not connect still books a dated retry (the core
checks the date), and a discarded call is only set aside after the rep confirms it by typing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from callmate.autosave import Keeper
from callmate.core.session import UNCONNECTED, CallSession
from callmate.export.followups import FollowUp
from callmate.tui.screens.when_preview import show_when, show_when_error
from callmate.tui.text import Plain, line, text
from callmate.tui.widgets.footer import WrappingFooter
from callmate.tui.widgets.key_order import HoldsKeysUntilReady, key_order
from callmate.tui.widgets.ordered_input import OrderedInput
from callmate.tui.widgets.ordered_keys import Typed, fresh_copy
from callmate.tui.widgets.ordered_option_list import OrderedOptionList

#: What the rep left, kept with the retry and shown under this name by `show` and the read-only
#: view (export/call_view.py), so the dialog's word is the record's.
MESSAGE_LABEL = "Message you left (voicemail, with a colleague; optional)"


class OutcomeList(OrderedOptionList):
    """The outcomes, where a character typed belongs to the retry's date: it goes there with
    the focus (after a refused outcome the list kept the focus, and 'fri 10am' typed next was
    dropped: a list takes no text). The keys after it wait until it is there, so they follow
    it into the date in the order typed (ordered_keys.py)."""

    def _acts_elsewhere(self, event: Typed) -> bool:
        if isinstance(event, events.Key) and event.is_printable:
            return True
        return super()._acts_elsewhere(event)

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable or self.app.focused is not self:
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        when = self.screen.query_one("#when", Input)
        self.screen.set_focus(when, scroll_visible=False)
        typed = fresh_copy(event)
        typed._set_forwarded()  # handed on in its turn: no waiting behind itself
        when.post_message(typed)
        self.post_message(TypedIntoDate())
        self._report_settled(event)


class TypedIntoDate(Message):
    """A key typed on the outcomes went to the date: its box comes into view."""


def say(target: Plain, message: str) -> None:
    """A line under a field that takes no row while it has nothing to say."""
    target.update(message)
    target.display = bool(message)


class NotConnectedScreen(HoldsKeysUntilReady, ModalScreen[bool]):
    """Voicemail, no answer, wrong contact, rescheduled by them: only a dated retry is asked.

    Keys typed right after ctrl+o wait for the list's focus, and every key after them lands
    where it was typed (ordered_keys.py), as in the gate itself. The date is read back under
    its field as the gate does (when_preview.py), and a refused one is said there too."""

    CSS_PATH = "call_end.tcss"
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Save and end call", priority=True),
        # The fields keep the focus; these scroll the dialog where the terminal is short.
        Binding("pageup", "scroll_dialog(-1)", show=False),
        Binding("pagedown", "scroll_dialog(1)", show=False),
    ]

    def __init__(self, session: CallSession, keeper: Keeper, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.session = session
        self.keeper = keeper
        self.clock = clock

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="end-dialog", classes="end-box", can_focus=False):
            yield Plain(line(("The call did not connect", "bold")))
            yield Plain("What happened?", classes="label")
            yield OutcomeList(
                *[Option(text(label), id=key) for key, label in UNCONNECTED.items()],
                id="outcome",
                markup=False,
            )
            yield Plain("", id="e-outcome", classes="field-message error")
            with Vertical(id="when-box", classes="end-field"):
                yield Plain(
                    "When will you try again? (e.g. tomorrow 9am, thu 2pm)", classes="label"
                )
                # A placeholder in each: an empty field read as blank rows.
                yield OrderedInput(id="when", compact=True, placeholder="a day and a time")
                yield Plain("", id="e-when", classes="field-message")
                yield Plain("", id="pacing")
            with Vertical(id="message-box", classes="end-field"):
                yield Plain(MESSAGE_LABEL, classes="label")
                yield OrderedInput(id="message", compact=True, placeholder="optional")
                yield Plain("", id="e-message", classes="field-message error")
        yield WrappingFooter()

    def on_mount(self) -> None:
        for empty in self.query("#pacing, #e-message, #e-outcome"):
            empty.display = False
        options = self.query_one("#outcome", OptionList)
        options.highlighted = 0
        options.focus()
        self.keys_ready()

    @on(OptionList.OptionSelected, "#outcome")
    def picked(self) -> None:
        refused = self.session.unconnected_problem(self.outcome())
        say(self.query_one("#e-outcome", Plain), refused or "")
        if not refused:
            self.go_to("when")

    @on(TypedIntoDate)
    def date_in_view(self) -> None:
        box = self.query_one("#when-box")
        self.call_after_refresh(box.scroll_visible, animate=False, immediate=True)

    @on(OptionList.OptionHighlighted, "#outcome")
    def outcome_moved(self) -> None:
        say(self.query_one("#e-outcome", Plain), "")

    def outcome(self) -> str:
        """The highlighted outcome's key (voicemail, no_answer...)."""
        return list(UNCONNECTED)[self.query_one("#outcome", OptionList).highlighted or 0]

    def go_to(self, field: str) -> None:
        """Focus a field and bring its whole box (label, field, messages) into view once laid
        out: lines under the date come and go as it is typed, so a scroll done at the focus
        alone could leave the next field under the dialog's edge on a short terminal."""
        self.query_one(f"#{field}", Input).focus(scroll_visible=False)
        box = self.query_one(f"#{field}-box")
        self.call_after_refresh(box.scroll_visible, animate=False, immediate=True)

    @on(Input.Changed, "#when")
    def when_changed(self, event: Input.Changed) -> None:
        """The date read back (or why it cannot be the retry), replacing any refused save's
        message, and the pacing warning."""
        now = self.clock()
        policy = self.session.playbook.next_step
        show_when(self.query_one("#e-when", Plain), event.value, now, policy)
        note = self.session.retry_note(event.value, now)
        say(self.query_one("#pacing", Plain), f"⚠ {note}" if note else "")

    @on(Input.Changed, "#message")
    def message_changed(self) -> None:
        say(self.query_one("#e-message", Plain), "")

    def action_scroll_dialog(self, direction: int) -> None:
        box = self.query_one("#end-dialog", VerticalScroll)
        page = max(1, box.scrollable_content_region.height - 2)
        box.scroll_to(y=box.scroll_target_y + direction * page, animate=False, immediate=True)

    @on(Input.Submitted, "#when")
    def when_done(self) -> None:
        self.go_to("message")

    @on(Input.Submitted, "#message")
    def message_done(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if key_order(self.app).defer(self.action_save):
            return  # ctrl+s is a priority key: it waits for the keys typed before it
        errors = self.session.end_without_connecting(
            self.outcome(),
            self.query_one("#when", Input).value,
            self.query_one("#message", Input).value,
            self.clock(),
        )
        if errors:
            self.show_errors(errors)
            return
        self.dismiss(True)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each refusal under the field it is about, that field focused and its box in view."""
        if "outcome" in errors:  # refused before the date was read: nothing else was checked
            say(self.query_one("#e-outcome", Plain), errors["outcome"])
            self.query_one("#outcome", OptionList).focus()
            return
        field = "when" if "when" in errors else "message"
        if "when" in errors:
            show_when_error(self.query_one("#e-when", Plain), errors["when"])
        # Anything else the core refuses is about the message (today only its length).
        others = [said for name, said in errors.items() if name != "when"]
        say(self.query_one("#e-message", Plain), "; ".join(others))
        self.go_to(field)

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
                f"The call with {self.prospect} ends with no next step and is left out of "
                "history, follow-ups and stats; its file is kept aside (history's 'discarded' "
                f"filter shows it). Type '{self.word}', Enter, then why (or nothing) and Enter "
                "to confirm; Escape keeps the call."
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
