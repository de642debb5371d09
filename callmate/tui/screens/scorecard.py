"""The scorecard shown when a practice call ends: each criterion, the total, what to do better."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer

from callmate.core.scoring import Scorecard
from callmate.tui.text import Plain, line


class ScorecardScreen(ModalScreen[None]):
    CSS_PATH = "scorecard.tcss"
    BINDINGS = [
        Binding("escape,enter", "close", "Close"),
    ]

    def __init__(self, card: Scorecard) -> None:
        super().__init__()
        self.card = card

    def compose(self) -> ComposeResult:
        card = self.card
        with VerticalScroll(id="scorecard"):
            yield Plain(
                line(("Practice scorecard  ", "bold"), (f"{card.total} / 100", "bold $accent"))
            )
            for item in card.criteria:
                mark = f"{item.points}/{item.max}" if item.scored else "–"
                good = item.scored and item.points == item.max
                parts: list[str | tuple[str, str]] = [
                    (f"{mark:>5}  ", "bold $success" if good else "bold $warning"),
                    (item.label, "bold"),
                    f"\n       {item.reason}",
                ]
                if item.tip and not good:
                    parts.append((f"\n       → {item.tip}", "italic"))
                yield Plain(line(*parts), classes="criterion")
            if card.notes:  # in practice: where the capture differed from what they said
                notes: list[str | tuple[str, str]] = [
                    ("What they said vs what you captured", "bold")
                ]
                notes += [f"\n  • {note}" for note in card.notes]
                yield Plain(line(*notes), classes="criterion")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
