"""The scorecard shown when a practice call ends: each criterion, the total, what to do better.

After a practice with a colleague (`--partner`), a field under the card takes the partner's short
feedback; it is stored with the call (callmate.usecases.practice_feedback) so `callmate score` and
`practice --stats` show it later.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input

from callmate.core.scoring import CriterionScore, Scorecard
from callmate.tui.text import Plain, line
from callmate.tui.widgets.footer import WrappingFooter
from callmate.tui.widgets.ordered_input import OrderedInput

#: Stores the partner's words; returns why it could not, or None once they are saved.
SaveFeedback = Callable[[str], str | None]


class ScorecardScreen(ModalScreen[None]):
    CSS_PATH = "scorecard.tcss"
    BINDINGS = [
        Binding("escape,enter", "close", "Close"),
    ]

    def __init__(self, card: Scorecard, save_feedback: SaveFeedback | None = None) -> None:
        super().__init__()
        self.card = card
        self.save_feedback = save_feedback
        self.feedback = list(card.feedback)

    def compose(self) -> ComposeResult:
        card = self.card
        with Vertical(id="scorecard-box", classes="-with-feedback" if self.save_feedback else ""):
            with VerticalScroll(id="scorecard"):
                yield Plain(
                    line(("Practice scorecard  ", "bold"), (f"{card.total} / 100", "bold $accent"))
                )
                for item in card.shown:
                    yield Plain(_criterion(item), classes="criterion")
                if card.notes:  # in practice: where the capture differed from what they said
                    notes: list[str | tuple[str, str]] = [
                        ("What they said vs what you captured", "bold")
                    ]
                    notes += [f"\n  • {note}" for note in card.notes]
                    yield Plain(line(*notes), classes="criterion")
                yield Plain(self.feedback_content(), id="feedback", classes="criterion")
            if self.save_feedback is not None:  # below the card, so the total stays in view
                with Vertical(id="feedback-box"):
                    yield Plain(
                        line(
                            ("Partner: ", "bold"),
                            "one thing done well, one to change. Enter saves; Escape closes.",
                        ),
                    )
                    yield OrderedInput(
                        id="feedback-input",
                        placeholder="e.g. good agenda; ask who signs before the next step",
                        compact=True,
                    )
                    yield Plain("", id="feedback-message")
        yield WrappingFooter()

    def on_mount(self) -> None:
        self.query_one("#feedback", Plain).display = bool(self.feedback)
        if self.save_feedback is not None:
            self.query_one("#feedback-message", Plain).display = False
            self.query_one("#feedback-input", Input).focus()

    def feedback_content(self) -> Content:
        label = self.card.feedback_label
        return line((label.capitalize(), "bold"), *(f"\n  • {text}" for text in self.feedback))

    @on(Input.Submitted, "#feedback-input")
    def feedback_written(self, event: Input.Submitted) -> None:
        """Enter with words saves them; Enter on an empty field closes the card."""
        event.stop()
        if not event.value.strip():
            self.dismiss(None)
            return
        assert self.save_feedback is not None
        refused = self.save_feedback(event.value)
        message = self.query_one("#feedback-message", Plain)
        message.display = True
        message.set_class(refused is not None, "error")
        if refused is not None:
            message.update(f"Not saved: {refused}")  # the words stay in the field to fix
            return
        from callmate.core.clean import one_line

        self.feedback.append(one_line(event.value))
        shown = self.query_one("#feedback", Plain)
        shown.update(self.feedback_content())
        shown.display = True
        event.input.value = ""
        message.update("Saved with the scorecard. Enter or Escape closes.")

    def action_close(self) -> None:
        self.dismiss(None)


def _criterion(item: CriterionScore) -> Content:
    mark = f"{item.points}/{item.max}" if item.scored else "–"
    good = item.scored and item.points == item.max
    parts: list[str | tuple[str, str]] = [
        (f"{mark:>5}  ", "bold $success" if good else "bold $warning"),
        (item.label, "bold"),
        f"\n       {item.reason}",
    ]
    if item.tip and not good:
        parts.append((f"\n       → {item.tip}", "italic"))
    return line(*parts)
