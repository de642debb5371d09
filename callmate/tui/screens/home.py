"""The home screen: an unfinished call first, then starting a new one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList
from textual.widgets.option_list import Option

from callmate.core.catalog import (
    DEFAULT_PLAYBOOK,
    PlaybookEntry,
    PlaybookNotFound,
    resolve_playbook,
)
from callmate.core.dates import DateParseError
from callmate.core.next_step import resolve_due
from callmate.core.playbook import NextStepPolicy
from callmate.export.followups import CannotMark, FollowUp, mark_outcome
from callmate.export.playbooks import find_playbook
from callmate.store import StoreError
from callmate.tui.screens.pickers import TextDialog
from callmate.tui.text import Plain, line, text

#: The playbook a follow-up call starts with, when it exists.
FOLLOW_UP_PLAYBOOK = "follow-up"


class FollowUpList(OptionList):
    """Open next steps; keys act on the highlighted one without leaving the home screen."""

    BINDINGS = [
        Binding("k", "mark('kept')", "Kept", tooltip="The next step happened as agreed"),
        Binding("x", "mark('missed')", "Missed", tooltip="The next step did not happen"),
        Binding("r", "reschedule", "Reschedule", tooltip="Agree a new date for it"),
    ]

    def __init__(self, rows: list[FollowUp], **kwargs: Any) -> None:
        super().__init__(*[Option(text(self.describe(row))) for row in rows], **kwargs)
        self.rows = rows

    @staticmethod
    def describe(row: FollowUp) -> str:
        company = f" ({row.company})" if row.company else ""
        flag = {"overdue": "! OVERDUE ", "today": "TODAY "}.get(row.timing, "")
        theirs = f" — they: {row.their_commitment}" if row.their_commitment else ""
        return f"{flag}{row.due:%a %d %b %H:%M}  {row.prospect}{company}: {row.what}{theirs}"

    def current(self) -> FollowUp | None:
        return None if self.highlighted is None else self.rows[self.highlighted]

    def action_mark(self, outcome: str) -> None:
        row = self.current()
        if row is not None:
            self.screen.mark_follow_up(row.id, outcome)  # type: ignore[attr-defined]

    def action_reschedule(self) -> None:
        row = self.current()
        if row is not None:
            self.screen.reschedule_follow_up(row.id)  # type: ignore[attr-defined]


class HomeScreen(Screen[None]):
    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("ctrl+l", "app.open_history", "History", tooltip="Every stored call: filter, open"),
        Binding("ctrl+t", "app.open_stats", "Stats", tooltip="Calls per week and habits as bars"),
        Binding("ctrl+r", "refresh_lists", "Refresh", tooltip="Reload calls and playbooks"),
    ]

    def __init__(
        self,
        unfinished: list[dict[str, Any]],
        playbooks: list[PlaybookEntry],
        followups: list[FollowUp] | None = None,
    ) -> None:
        super().__init__()
        self.unfinished = unfinished
        self.playbooks = playbooks
        self.followups = followups or []

    def compose(self) -> ComposeResult:
        yield Plain(
            line(("callmate", "bold $accent"), " — every call ends with a dated next step"),
            id="banner",
        )
        if self.unfinished:
            with Vertical(id="unfinished-box"):
                yield Plain(line(("Unfinished calls", "bold $warning")), classes="heading")
                yield OptionList(
                    *[
                        Option(text(self.describe(row)), id=str(row["id"]))
                        for row in self.unfinished
                    ],
                    id="unfinished",
                    markup=False,
                )
        if self.followups:
            with Vertical(id="followups-box"):
                yield Plain(
                    line(
                        ("Follow-ups due", "bold"),
                        (
                            "  Enter starts the follow-up call · k kept · x missed · r reschedule",
                            "dim",
                        ),
                    ),
                    classes="heading",
                )
                yield FollowUpList(self.followups, id="followups", markup=False)
        with Vertical(id="new-call"):
            yield Plain(line(("Start a new call", "bold")), classes="heading")
            with Horizontal():
                with Vertical(id="playbook-box"):
                    yield Plain("Playbook", classes="label")
                    yield OptionList(
                        *[
                            Option(text(f"{e.name}  ({e.origin})"), id=e.name)
                            for e in self.playbooks
                        ],
                        id="playbooks",
                        markup=False,
                    )
                with Vertical(id="who-box"):
                    yield Plain("Prospect's name", classes="label")
                    yield Input(placeholder="Pat Quill", id="prospect")
                    yield Plain("Company", classes="label")
                    yield Input(placeholder="Hollow Pines Dental", id="company")
                    yield Plain("", id="home-message")
        yield Footer()

    @staticmethod
    def describe(row: dict[str, Any]) -> str:
        company = f" ({row.get('company')})" if row.get("company") else ""
        playbook = (row.get("playbook") or {}).get("name", "?")
        started = str(row.get("started", ""))[:16].replace("T", " ")
        return (
            f"Capture the next step with {row.get('prospect')}{company} — {playbook}, "
            f"started {started}"
        )

    def on_mount(self) -> None:
        target = "#unfinished" if self.unfinished else "#playbooks"
        self.query_one(target, OptionList).focus()

    @on(OptionList.OptionSelected, "#unfinished")
    def resume(self, event: OptionList.OptionSelected) -> None:
        self.app.resume_call(event.option.id)  # type: ignore[attr-defined]

    @on(OptionList.OptionSelected, "#followups")
    def follow_up(self, event: OptionList.OptionSelected) -> None:
        """The follow-up playbook when there is one, with the prospect filled in."""
        row = self.followups[event.option_index]
        try:
            path = resolve_playbook(FOLLOW_UP_PLAYBOOK)
        except PlaybookNotFound:
            path = resolve_playbook(DEFAULT_PLAYBOOK)
        self.app.start_call(path, row.prospect, row.company)  # type: ignore[attr-defined]

    def mark_follow_up(
        self, session_id: str, outcome: str, new_due: datetime | None = None
    ) -> None:
        """Record how a next step went, holding the call so no other window writes it too."""
        store = self.app.store  # type: ignore[attr-defined]
        try:
            with store.claim(session_id):
                record = mark_outcome(store.load(session_id), outcome, self.clock(), new_due)
                store.save(record)
        except (StoreError, CannotMark) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(f"Marked {outcome}: {record['prospect']}", markup=False)
        self.app.show_home()  # type: ignore[attr-defined]

    def reschedule_follow_up(self, session_id: str) -> None:
        def chosen(typed: str | None) -> None:
            if not typed or not typed.strip():
                return
            try:
                record = self.app.store.load(session_id)  # type: ignore[attr-defined]
                playbook = find_playbook(record)
                policy = playbook.next_step if playbook else NextStepPolicy()
                due = resolve_due(typed, self.clock(), policy)
            except (StoreError, DateParseError) as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.mark_follow_up(session_id, "rescheduled", due)

        self.app.push_screen(
            TextDialog("New date for this next step", "thu 3pm, in 2 days..."), chosen
        )

    def clock(self) -> datetime:
        return self.app.clock()  # type: ignore[attr-defined,no-any-return]

    @on(OptionList.OptionSelected, "#playbooks")
    def playbook_chosen(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#prospect", Input).focus()

    @on(Input.Submitted, "#prospect")
    def prospect_done(self) -> None:
        self.query_one("#company", Input).focus()

    @on(Input.Submitted, "#company")
    def start(self) -> None:
        options = self.query_one("#playbooks", OptionList)
        prospect = self.query_one("#prospect", Input).value.strip()
        if options.highlighted is None:
            self.say("Pick a playbook first.")
            options.focus()
            return
        if not prospect:
            self.say("Type the prospect's name.")
            self.query_one("#prospect", Input).focus()
            return
        entry = self.playbooks[options.highlighted]
        company = self.query_one("#company", Input).value
        self.app.start_call(entry.path, prospect, company)  # type: ignore[attr-defined]

    def say(self, text: str) -> None:
        self.query_one("#home-message", Plain).update(text)

    def action_refresh_lists(self) -> None:
        self.app.show_home()  # type: ignore[attr-defined]
