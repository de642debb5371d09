"""One stored call, read-only: what was said, the next step, the scorecard, and copy keys.

The view is drawn from the same summary `callmate show` prints, through the same choice of parts
(callmate.export.call_view), as literal text; the copy key hands over that summary as Markdown,
ready for a CRM note, through the terminal's clipboard (OSC 52), naming the command that prints
it for a terminal that ignores the request.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen

from callmate.core.call_record import CallRecord
from callmate.core.clock import now as wall_clock
from callmate.core.playbook import Playbook
from callmate.core.scoring import Scorecard, score_record
from callmate.core.unfinished import not_scored_because
from callmate.export.calendar import NoNextStep
from callmate.export.call_view import Block, call_view, view_lines
from callmate.export.email import follow_up_email
from callmate.export.markdown import render_markdown
from callmate.export.summary import build_summary
from callmate.tui.text import Plain, line
from callmate.tui.widgets.footer import WrappingFooter
from callmate.usecases.playbooks import find_playbook

Part = str | tuple[str, str]
#: How the call view's named styles look on screen.
STYLES = {
    "": "",
    "strong": "bold",
    "label": "italic",
    "hot": "bold $warning",
    "muted": "dim",
    "title": "bold $accent",
}


def _block(block: Block) -> Content:
    parts: list[Part] = []
    if block.title:
        parts.append((block.title, "bold underline"))
    for n, spans in enumerate(view_lines(block.lines)):
        if parts or n:
            parts.append("\n")
        parts.extend((span.text, STYLES.get(span.style, "")) for span in spans)
    return line(*parts)


def _scorecard(card: Scorecard) -> list[Part]:
    parts: list[Part] = ["\n", (f"{card.total} / 100", "bold $accent")]
    for item in card.shown:
        mark = f"{item.points}/{item.max}" if item.scored else "–"
        good = item.scored and item.points == item.max
        parts += ["\n", (f"{mark:>5}  ", "$success" if good else "$warning"), (item.label, "bold")]
        parts += ["  ", item.reason]
    for text in card.feedback:  # the practice partner's words, kept with the scorecard
        parts += ["\n", (f"{card.feedback_label.capitalize()}: ", "bold"), text]
    return parts


def summary_sections(summary: Mapping[str, Any], card: Scorecard | None) -> list[Content]:
    """The call as `callmate show` has it (callmate.export.call_view), then the scorecard."""
    blocks = [_block(block) for block in call_view(summary)]
    if card is not None:
        blocks.append(line(("Scorecard", "bold underline"), *_scorecard(card)))
    return blocks


def scorecard_for(record: CallRecord, playbook: Playbook | None) -> Scorecard | None:
    """A finished call's scorecard (live or practice); None while it is still in progress."""
    if not_scored_because(record) is not None:  # in progress, set aside, or did not connect
        return None
    try:
        return score_record(record, playbook)
    except ValueError:
        return None  # the playbook's scoring settings no longer fit: show the call without it


class SessionView(Screen[None]):
    CSS_PATH = "session_view.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", tooltip="Back to the list of calls"),
        Binding(
            "c",
            "copy_summary",
            "Copy summary",
            tooltip="Send this call's summary (Markdown, for a CRM note) to the clipboard",
        ),
        Binding(
            "e",
            "copy_email",
            "Copy email",
            tooltip="Send a follow-up email draft to the terminal's clipboard",
        ),
    ]

    def __init__(self, record: CallRecord, clock: Callable[[], datetime] = wall_clock) -> None:
        super().__init__()
        self.record = record
        self.clock = clock
        self.playbook = find_playbook(record)
        self.summary = build_summary(record, self.playbook)
        self.card = scorecard_for(record, self.playbook)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="session-body"):
            for block in summary_sections(self.summary, self.card):
                yield Plain(block, classes="session-block")
        yield WrappingFooter()

    def on_mount(self) -> None:
        self.query_one("#session-body", VerticalScroll).focus()

    def action_copy_summary(self) -> None:
        self.app.copy_to_clipboard(render_markdown(self.summary))
        self.said_sent(f"Summary of the call with {self.record.prospect}", "show")

    def action_copy_email(self) -> None:
        try:
            draft = follow_up_email(self.record, self.clock())
        except NoNextStep as exc:  # none agreed yet, or a call that did not connect
            self.notify(f"No follow-up email to write: {exc}.", severity="warning", markup=False)
            return
        self.app.copy_to_clipboard(draft)
        self.said_sent("Follow-up email draft", "export", "--email")

    def said_sent(self, what: str, *command: str) -> None:
        """Say what was handed over, honestly: the copy is an OSC 52 request to the terminal,
        which tmux by default and many terminals ignore without a word, so the command that
        prints the same text is named with it."""
        verb, *flags = command
        printed = " ".join(("callmate", verb, self.record.id, *flags))
        self.notify(
            f"{what} sent to your terminal's clipboard. If nothing pastes, your terminal does "
            f"not accept it: `{printed}` prints it.",
            markup=False,
            timeout=self.SAID_SECONDS,
        )

    #: Seconds the copy message stays: long enough to read the command it names.
    SAID_SECONDS = 12

    def action_close(self) -> None:
        self.dismiss(None)
