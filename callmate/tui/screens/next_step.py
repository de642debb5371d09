"""The next-step dialog: the only door out of a live call.

It asks the core whether the call may end; the rules (a future date within the playbook's limit,
what happens, the prospect's own commitment) are the session's, the dialog only shows its answers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input

from callmate.autosave import Keeper
from callmate.core.dates import DateParseError, describe_when
from callmate.core.next_step import NextStepDraft, resolve_due
from callmate.core.session import CallSession, GateClosed
from callmate.tui.text import Plain, line

FIELDS = ("when", "what", "their_commitment", "our_commitment", "channel")
LABELS = {
    "when": "When (e.g. thu 3pm, tomorrow 9am, next tuesday 10:30, in 3 days, 2026-12-03 14:00)",
    "what": "What happens then",
    "their_commitment": "What the prospect committed to do",
    "our_commitment": "What we committed to do (optional)",
    "channel": "How: call, video, visit, email (optional)",
}


def shorten(text: str, width: int = 72) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class NextStepScreen(ModalScreen[bool]):
    CSS_PATH = "next_step.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back to the call"),
        Binding("ctrl+s", "save", "Save and end call", priority=True),
    ]

    def __init__(self, session: CallSession, keeper: Keeper, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.session = session
        self.keeper = keeper
        self.clock = clock

    def compose(self) -> ComposeResult:
        session = self.session
        policy = session.playbook.next_step
        existing = session.next_step()
        with VerticalScroll(id="dialog"):
            yield Plain(
                line(("Before this call ends: the next step", "bold")),
                id="title",
            )
            yield Plain(
                f"Agree it with {session.record['prospect']} now: a date, what happens, and what "
                "they will do.",
                id="why",
            )
            open_required = session.open_required()
            if open_required:
                yield Plain(
                    f"⚠ {len(open_required)} required question(s) not answered "
                    "(you can still end the call):\n"
                    + "\n".join(f"  · {shorten(session.prompt(q))}" for q in open_required),
                    id="warnings",
                )
            if policy.suggestions:
                yield Plain(
                    "Suggested (type the number in 'What happens then'):\n"
                    + "\n".join(
                        f"  {i}) {session.say(s)}" for i, s in enumerate(policy.suggestions, 1)
                    ),
                    id="suggestions",
                )
            for name in FIELDS:
                with Vertical(classes="field"):
                    yield Plain(LABELS[name], classes="label")
                    value = ""
                    if existing is not None:
                        value = (
                            existing.due.strftime("%Y-%m-%d %H:%M")
                            if name == "when"
                            else getattr(existing, name)
                        )
                    yield Input(value=value, id=f"f-{name}", compact=True)
                    yield Plain("", id=f"e-{name}", classes="field-message")
            yield Plain("", id="save-error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#f-when", Input).focus()
        self.preview_when(self.query_one("#f-when", Input).value)

    @on(Input.Changed, "#f-when")
    def when_changed(self, event: Input.Changed) -> None:
        self.preview_when(event.value)

    def preview_when(self, text: str) -> None:
        target = self.query_one("#e-when", Plain)
        if not text.strip():
            target.update("")
            return
        now = self.clock()
        try:
            due = resolve_due(text, now, self.session.playbook.next_step)
        except DateParseError as exc:
            target.set_class(True, "error")
            target.update(str(exc))
            return
        target.set_class(False, "error")
        target.update(line(("→ ", "bold"), describe_when(due, now)))

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        name = (event.input.id or "").removeprefix("f-")
        if name == "what":
            self.expand_suggestion(event.input)
        if name == FIELDS[-1]:
            self.action_save()
            return
        self.query_one(f"#f-{FIELDS[FIELDS.index(name) + 1]}", Input).focus()

    def expand_suggestion(self, field: Input) -> None:
        """Typing a suggestion's number picks it, so the rep never retypes a standard step."""
        suggestions = self.session.playbook.next_step.suggestions
        raw = field.value.strip()
        if raw.isascii() and raw.isdecimal() and 1 <= int(raw) <= len(suggestions):
            field.value = self.session.say(suggestions[int(raw) - 1])

    def draft(self) -> NextStepDraft:
        values = {name: self.query_one(f"#f-{name}", Input).value for name in FIELDS}
        return NextStepDraft(**values)

    def action_save(self) -> None:
        self.expand_suggestion(self.query_one("#f-what", Input))
        now = self.clock()
        if not self.session.completed:
            errors = self.session.set_next_step(self.draft(), now)
            for name in FIELDS:
                if name == "when" and "when" not in errors:
                    self.preview_when(self.query_one("#f-when", Input).value)
                    continue
                message = self.query_one(f"#e-{name}", Plain)
                message.set_class(name in errors, "error")
                message.update(errors.get(name, ""))
            if errors:
                self.query_one(f"#f-{next(n for n in FIELDS if n in errors)}", Input).focus()
                return
            try:
                self.session.complete(now)
            except GateClosed as exc:
                self.query_one("#save-error", Plain).update("; ".join(exc.reasons))
                return
        if not self.keeper.save(self.session.record):
            self.query_one("#save-error", Plain).update(
                f"Could not save: {self.keeper.error}. Free some space or fix the folder, "
                "then press ctrl+s again. Nothing is lost while callmate stays open."
            )
            return
        self.dismiss(True)

    def action_back(self) -> None:
        if self.session.completed:
            return
        self.dismiss(False)
