"""The home screen: an unfinished call first, then starting a new one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from callmate.core.call_record import CallRecord
from callmate.core.catalog import (
    DEFAULT_PLAYBOOK,
    PlaybookNotFound,
    resolve_playbook,
)
from callmate.core.dates import read_back
from callmate.core.playbook import NextStepPolicy
from callmate.core.playbook_status import PlaybookStatus
from callmate.core.silence import Silence, day_text, drop_words, nurture_add_words
from callmate.export.followups import FollowUp, open_followups, split_drops, without_keys
from callmate.nurture import Nurtured, QuietTop, QuietView, quiet_top_of
from callmate.store import Store, StoreError
from callmate.tui.messages import ResumeCall, ShowHome, StartCall
from callmate.tui.text import Plain, line, text
from callmate.tui.widgets.footer import WrappingFooter
from callmate.tui.widgets.key_order import key_order
from callmate.tui.widgets.ordered_input import OrderedInput
from callmate.tui.widgets.ordered_option_list import OrderedOptionList
from callmate.usecases.followthrough import Marked, MarkFailed, StillAhead, mark_step, undo_mark
from callmate.usecases.playbooks import find_playbook

#: The playbook a follow-up call starts with, when it exists.
FOLLOW_UP_PLAYBOOK = "follow-up"
#: The playbook offered when a step was missed: the short, honest "update my file" call.
REENGAGE_PLAYBOOK = "re-engage"
#: Rows of the unfinished and follow-up lists drawn when home opens; a last row shows the rest.
#: Textual measures every option of a list, so 250 unfinished calls (years of history) made
#: home a third of a second slower; the lists show a few rows at a time anyway.
LIST_SHOWN = 20
#: The id of that last row (a colon: never a call id).
MORE_ID = "more:all"


def home_lists(store: Store, now: datetime) -> tuple[list[dict[str, Any]], list[FollowUp]]:
    """The unfinished calls (oldest first) and the open follow-ups, from the open index."""
    summaries = store.open_summaries()
    unfinished = sorted(
        (s for s in summaries if s.get("status") == "in_progress"),
        key=lambda r: str(r.get("started", "")),
    )
    return unfinished, open_followups(summaries, now).rows


def more_option(hidden: int, what: str) -> Option:
    """The row that stands for the rest of a long list: Enter on it lists them all."""
    return Option(text(f"… {hidden} more {what}: Enter shows them all"), id=MORE_ID)


def keep_in_view(listing: OptionList, index: int) -> None:
    """Highlight ``index`` and scroll it into view once the new rows are laid out (the
    highlight may not move, so Textual would not scroll by itself)."""
    listing.highlighted = index
    listing.call_after_refresh(listing.scroll_to_highlight)


def first_of(total: int) -> str:
    """' (first 20 of 250)' for a heading, when a list starts with only its first rows."""
    return f" (first {LIST_SHOWN} of {total})" if total > LIST_SHOWN else ""


class HomeList(OrderedOptionList):
    """A list on the home screen: a letter typed on it starts the prospect's name.

    After a call the focus is on a list, and a rep types the next name without looking; a list
    has no use for letters, so they go to the name field (focused at once, so the rest of a
    quick burst follows the first letter there, in order).
    """

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character and event.character not in " ":
            event.stop()
            event.prevent_default()
            field = self.screen.query_one("#prospect", Input)
            self.screen.set_focus(field)
            field.insert_text_at_cursor(event.character)


class FollowUpList(HomeList):
    """Open next steps; keys act on the highlighted one without leaving the home screen.

    The keys that change data are control keys, never letters: a rep who starts typing a name
    while this list has the focus must not mark a step. Letters go to the prospect field.
    """

    BINDINGS = [
        Binding("ctrl+k", "mark('kept')", "Kept", tooltip="The next step happened as agreed"),
        Binding("ctrl+x", "mark('missed')", "Missed", tooltip="The next step did not happen"),
        Binding("ctrl+r", "reschedule", "Reschedule", tooltip="Agree a new date for it"),
    ]

    class Act(Message):
        """The rep asked to change the highlighted step: the home screen carries it out."""

        def __init__(self, row: FollowUp, action: str) -> None:
            super().__init__()
            self.row = row
            self.action = action

    def __init__(self, rows: list[FollowUp], shown: int, **kwargs: Any) -> None:
        first, self.hidden = rows[:shown], rows[shown:]
        options = [Option(text(self.describe(row))) for row in first]
        if self.hidden:
            options.append(more_option(len(self.hidden), "follow-ups"))
        super().__init__(*options, **kwargs)
        #: The rows listed, in the order of their options (the "show all" row comes after).
        self.rows = first

    def show_all(self) -> None:
        """Put the rows kept back in the list, in place of the "show all" row."""
        if not self.hidden:
            return
        at = len(self.rows)
        self.remove_option(MORE_ID)
        self.add_options([Option(text(self.describe(row))) for row in self.hidden])
        self.rows = self.rows + self.hidden
        self.hidden = []
        keep_in_view(self, at)

    @staticmethod
    def describe(row: FollowUp) -> str:
        company = f" ({row.company})" if row.company else ""
        flag = {"overdue": "! OVERDUE ", "today": "TODAY "}.get(row.timing, "")
        theirs = f" — they: {row.their_commitment}" if row.their_commitment else ""
        # Before what was agreed: the end of a long row is cut on a narrow terminal.
        kind = "" if row.kind == "advance" else f" [{row.kind_words}]"
        return f"{flag}{row.due:%a %d %b %H:%M}  {row.prospect}{company}{kind}: {row.what}{theirs}"

    def current(self) -> FollowUp | None:
        """The highlighted step (None on the "show all" row)."""
        at = self.highlighted
        return None if at is None or at >= len(self.rows) else self.rows[at]

    def action_mark(self, outcome: str) -> None:
        row = self.current()
        if row is not None:
            self.post_message(self.Act(row, outcome))

    def action_reschedule(self) -> None:
        row = self.current()
        if row is not None:
            self.post_message(self.Act(row, "reschedule"))


class DropList(FollowUpList):
    """Retries still booked that should be dropped (core.silence.retry_drop_reason): listed
    so the rep takes them off the calendar, never offered as a call. ctrl+x closes one
    (marked missed: a retry marked missed is no attempt); Enter and the other keys say so."""

    @staticmethod
    def describe(row: FollowUp) -> str:
        # One row on 80 columns: why it is one to drop is said on Enter (say_no_call).
        company = f" ({row.company})" if row.company else ""
        return f"{row.due:%a %d %b %H:%M}  {row.prospect}{company}: drop this {row.kind_words}"

    def action_mark(self, outcome: str) -> None:
        if outcome == "missed":
            super().action_mark(outcome)
        else:
            self.say_no_call()

    def action_reschedule(self) -> None:
        self.say_no_call()

    def say_no_call(self) -> None:
        row = self.current()
        if row is not None:
            self.notify(
                f"{row.prospect}: {drop_words(row.drop or '')}. No call to make: ctrl+x "
                "closes this retry (it counts as no attempt).",
                markup=False,
                timeout=10,
            )


class HomeScreen(Screen[None]):
    CSS_PATH = "home.tcss"
    BINDINGS = [
        # F2, not ctrl+l: in a terminal ctrl+l means "redraw the screen", never "go somewhere".
        Binding("f2", "app.open_history", "History", tooltip="Every stored call: filter, open"),
        Binding("ctrl+t", "app.open_stats", "Stats", tooltip="Calls per week and habits as bars"),
        Binding("f7", "app.open_team", "Team", tooltip="The team's stats from the team database"),
        Binding("f5", "refresh_lists", "Refresh", tooltip="Reload calls and playbooks"),
        Binding("ctrl+z", "undo", "Undo", tooltip="Undo the last kept/missed/reschedule (10 s)"),
        # The follow-up list's own keys, pressed elsewhere on home: said, never silently lost.
        Binding("ctrl+k", "follow_up_key('ctrl+k')", show=False),
        Binding("ctrl+x", "follow_up_key('ctrl+x')", show=False),
        Binding("ctrl+r", "follow_up_key('ctrl+r')", show=False),
    ]
    #: Seconds during which the last change to a follow-up can be undone.
    UNDO_SECONDS = 10

    def __init__(
        self,
        store: Store,
        clock: Callable[[], datetime],
        unfinished: list[dict[str, Any]],
        playbooks: list[PlaybookStatus],
        followups: list[FollowUp] | None = None,
        quiet: QuietTop | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.unfinished = unfinished
        self.playbooks = playbooks
        self.followups = followups or []
        #: Retries still booked with prospects on the nurture list: named, never offered.
        self.drops: list[FollowUp] = []
        self.last_mark: tuple[Marked, datetime] | None = None
        #: The first silent prospects, their count and nurture touches; read when not given.
        self.quiet_top = quiet
        self.quiet: QuietView | None = quiet.view if quiet else None

    def read_quiet(self) -> QuietView | None:
        """Who went silent, from the index and the nurture file; the home screen opens anyway.

        Only the first SILENT_SHOWN get worked out in full (a long list is for `callmate
        followups`), which keeps the start quick with years of history.
        """
        if self.quiet_top is None:
            try:
                self.quiet_top = quiet_top_of(self.store, self.SILENT_SHOWN)
            except StoreError:
                return None
            self.quiet = self.quiet_top.view
        return self.quiet

    def compose(self) -> ComposeResult:
        quiet = self.read_quiet()
        silent = quiet.silent if quiet else []
        silent_count = self.quiet_top.count if self.quiet_top else 0
        if self.quiet_top is not None:
            self.followups = without_keys(self.followups, self.quiet_top.keys)
        nurtured = {e.key for e in quiet.nurtured} if quiet else set()
        self.followups, self.drops = split_drops(self.followups, nurtured)
        self.silent = silent
        touches = [e for e in quiet.nurtured if e.due(self.clock())] if quiet else []
        yield Plain(
            line(("callmate", "bold $accent"), " — every call ends with a dated next step"),
            id="banner",
        )
        if self.unfinished:
            with Vertical(id="unfinished-box"):
                yield Plain(
                    line(
                        ("Unfinished calls", "bold $warning"),
                        (first_of(len(self.unfinished)), "bold"),
                    ),
                    classes="heading",
                )
                first = self.unfinished[:LIST_SHOWN]
                hidden = len(self.unfinished) - len(first)
                more = [more_option(hidden, "unfinished calls")] if hidden else []
                yield HomeList(
                    *[self.unfinished_option(row) for row in first],
                    *more,
                    id="unfinished",
                    markup=False,
                )
        if self.followups:
            with Vertical(id="followups-box"):
                yield Plain(
                    line(
                        ("Follow-ups due", "bold"),
                        (first_of(len(self.followups)), "bold"),
                        (
                            "  Enter starts the follow-up call · ctrl+k kept · ctrl+x missed · "
                            "ctrl+r reschedule",
                            "dim",
                        ),
                    ),
                    classes="heading",
                )
                yield FollowUpList(self.followups, LIST_SHOWN, id="followups", markup=False)
        if self.drops:
            with Vertical(id="drops-box"):
                yield Plain(
                    line(
                        ("Retries to drop", "bold $warning"),
                        ("  no call to make · Enter says why · ctrl+x closes one", "dim"),
                    ),
                    classes="heading",
                )
                yield DropList(self.drops, LIST_SHOWN, id="drops", markup=False)
        if silent and quiet is not None:
            with Vertical(id="silent-box"):
                yield Plain(
                    self.silent_heading(silent[0], silent_count),
                    classes="heading",
                    id="silent-heading",
                )
                yield HomeList(
                    *[Option(text(self.describe_silent(q, quiet, self.clock()))) for q in silent],
                    id="silent",
                    markup=False,
                )
        if touches:
            with Vertical(id="nurture-box"):
                yield Plain(line(("Nurture touches due", "bold")), id="nurture-heading")
                yield Plain("\n".join(self.describe_touch(e) for e in touches), id="nurture")
        with Vertical(id="new-call"):
            yield Plain(line(("Start a new call", "bold")), classes="heading")
            with Horizontal():
                with Vertical(id="playbook-box"):
                    yield Plain("Playbook", classes="label")
                    yield HomeList(
                        *[self.playbook_option(status) for status in self.playbooks],
                        id="playbooks",
                        markup=False,
                    )
                with Vertical(id="who-box"):
                    yield Plain("Prospect's name", classes="label")
                    yield OrderedInput(placeholder="type their name", id="prospect")
                    yield Plain(
                        line("Company", ("  Enter here starts the call", "dim")), classes="label"
                    )
                    yield OrderedInput(placeholder="type it, or leave it empty", id="company")
                    yield Plain("", id="home-message")
        yield WrappingFooter()

    def unfinished_option(self, row: dict[str, Any]) -> Option:
        return Option(text(self.describe(row)), id=str(row["id"]))

    @staticmethod
    def describe(row: dict[str, Any]) -> str:
        company = f" ({row.get('company')})" if row.get("company") else ""
        playbook = (row.get("playbook") or {}).get("name", "?")
        started = str(row.get("started", ""))[:16].replace("T", " ")
        # Enter resumes where the call stopped (often mid-call, not at the next step); the
        # time comes before the playbook, which a narrow terminal cuts first.
        return (
            f"Resume the call with {row.get('prospect')}{company} · started {started} · {playbook}"
        )

    def silent_heading(self, quiet: Silence, count: int) -> Content:
        """'Went silent' and what Enter does on the highlighted row, which depends on it."""
        return line(
            ("Went silent", "bold $warning"),
            (self.more_silent(count), "bold"),
            (f"  {self.silent_enter(quiet)}", "dim"),
        )

    def silent_enter(self, quiet: Silence) -> str:
        """What Enter does on this silent prospect, as silent_chosen does it."""
        if self.quiet is not None and quiet.stop_calling(self.quiet.pacing):
            return "Enter says how to let them go"
        if quiet.last_conversation is None:
            return "Enter starts another try to reach them"
        return "Enter starts the short 'update my file' call"

    @on(OptionList.OptionHighlighted, "#silent")
    def silent_moved(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index < len(self.silent):
            count = self.quiet_top.count if self.quiet_top else len(self.silent)
            heading = self.silent_heading(self.silent[event.option_index], count)
            self.query_one("#silent-heading", Plain).update(heading)

    def more_silent(self, count: int) -> str:
        """' (20 of 340; all in `callmate followups`)' when home shows only the first few."""
        if count <= self.SILENT_SHOWN:
            return ""
        return f" ({self.SILENT_SHOWN} of {count}; all in `callmate followups`)"

    @staticmethod
    def describe_silent(quiet: Silence, view: QuietView, now: datetime) -> str:
        company = f" ({quiet.company})" if quiet.company else ""
        move = quiet.move_words(view.pacing, now)  # the core's rule: the gap by day, the takeaway
        booked = quiet.booked_words(view.pacing, now)
        if quiet.open_due is not None and quiet.stop_calling(view.pacing):
            # Short, on one row, first (a narrow terminal cuts the end of the row): the full
            # reason is in `callmate followups` and the brief.
            day = day_text(quiet.open_due.astimezone(now.tzinfo))
            move = f"drop the retry booked {day}; {move}"
        elif booked:
            move = f"{booked} ({move})"
        return f"{quiet.prospect}{company}: {quiet.count} unanswered — {move}"

    @staticmethod
    def describe_touch(entry: Nurtured) -> str:
        company = f" ({entry.company})" if entry.company else ""
        return f"{entry.prospect}{company}: something useful on {entry.topic}"

    @on(OptionList.OptionSelected, "#silent")
    def silent_chosen(self, event: OptionList.OptionSelected) -> None:
        """The re-engage call while attempts are left; after that, the way out, not a call."""
        quiet = self.silent[event.option_index]
        view = self.quiet
        ref = quiet.last_conversation or quiet.attempts[-1].call_id
        if quiet.takeaway_at is not None:  # they were told the calls stop: no call, no second one
            self.notify(
                f"{quiet.move_words(view.pacing, self.clock()) if view else 'takeaway sent'}: "
                f"{nurture_add_words(ref, reached=quiet.last_conversation is not None)}.",
                markup=False,
                timeout=10,
            )
            return
        if view is not None and quiet.stop_calling(view.pacing):
            self.notify(
                f"{quiet.unanswered_words}: let them go gently. "
                f"`callmate export {ref} --email --takeaway` or "
                f"{nurture_add_words(ref, reached=quiet.last_conversation is not None)}.",
                markup=False,
                timeout=10,
            )
            return
        # Never reached: no file to update, the first call is tried again (README).
        wanted = REENGAGE_PLAYBOOK if quiet.last_conversation is not None else DEFAULT_PLAYBOOK
        try:
            path = resolve_playbook(wanted)
        except PlaybookNotFound:
            path = resolve_playbook(DEFAULT_PLAYBOOK)
        self.open_call(StartCall(path, quiet.prospect, quiet.company, quiet.open_step))

    #: Quiet prospects listed on home; the rest are in `callmate followups`.
    SILENT_SHOWN = 20
    #: Below this many rows the screen packs its groups tighter (see home.tcss).
    SHORT_ROWS = 32

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < self.SHORT_ROWS, "short")

    def on_mount(self) -> None:
        target = "#unfinished" if self.unfinished else "#playbooks"
        self.query_one(target, OptionList).focus()

    @on(OptionList.OptionSelected, "#unfinished")
    def resume(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == MORE_ID:
            self.show_all_unfinished(event.option_list)
        elif event.option.id is not None:
            self.open_call(ResumeCall(event.option.id))

    def show_all_unfinished(self, listing: OptionList) -> None:
        """Every unfinished call, in place of the "show all" row (which keeps the highlight)."""
        listing.remove_option(MORE_ID)
        listing.add_options([self.unfinished_option(row) for row in self.unfinished[LIST_SHOWN:]])
        keep_in_view(listing, LIST_SHOWN)

    @on(OptionList.OptionSelected, "#drops")
    def drop_chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter on a retry to drop: no call, the reason and how to close it."""
        listing = self.query_one("#drops", DropList)
        if event.option.id == MORE_ID:
            listing.show_all()
        else:
            listing.say_no_call()

    @on(OptionList.OptionSelected, "#followups")
    def follow_up(self, event: OptionList.OptionSelected) -> None:
        """The follow-up playbook when there is one, with the prospect filled in; the call
        closes this step when it ends."""
        listing = self.query_one("#followups", FollowUpList)
        if event.option.id == MORE_ID:
            listing.show_all()
            return
        row = listing.rows[event.option_index]
        try:
            path = resolve_playbook(FOLLOW_UP_PLAYBOOK)
        except PlaybookNotFound:
            path = resolve_playbook(DEFAULT_PLAYBOOK)
        self.open_call(StartCall(path, row.prospect, row.company, follows=row.id))

    @on(FollowUpList.Act)
    def act(self, event: FollowUpList.Act) -> None:
        if event.action == "reschedule":
            self.reschedule_follow_up(event.row.id)
        else:
            self.mark_follow_up(event.row.id, event.action)

    def mark_follow_up(
        self, session_id: str, outcome: str, new_due: datetime | None = None, early: bool = False
    ) -> None:
        """Record how a next step went; the list keeps its focus and the change can be undone.

        A step whose date has not come is marked only once the rep says it happened early.
        """
        try:
            marked = mark_step(self.store, session_id, outcome, self.clock(), new_due, early=early)
        except StillAhead as exc:
            self.confirm_early(session_id, outcome, str(exc))
            return
        except MarkFailed as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.last_mark = (marked, self.clock())
        # A retry to drop, closed: nothing to offer after it (no new date, no call).
        dropped = any(row.id == session_id for row in self.drops)
        self.drop_row(session_id)
        moved = f", now {read_back(new_due, self.clock())}" if new_due is not None else ""
        self.notify(
            f"Marked {outcome}: {marked.record.prospect}{moved}. ctrl+z undoes it.",
            markup=False,
            timeout=self.UNDO_SECONDS,
        )
        if outcome == "missed" and not dropped:
            self.offer_after_missed(marked.record)

    def confirm_early(self, session_id: str, outcome: str, reason: str) -> None:
        """Ask before marking a step still ahead; no leaves it open, as it was."""
        from callmate.tui.screens.early_mark import EarlyMark

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.mark_follow_up(session_id, outcome, early=True)

        self.app.push_screen(EarlyMark(reason, outcome), answered)

    def drop_row(self, session_id: str) -> None:
        """Take a closed step off its list (follow-ups or retries to drop) in place, so the
        focus stays where it was."""
        for listing in self.query(FollowUpList):
            index = next((i for i, row in enumerate(listing.rows) if row.id == session_id), None)
            if index is None:
                continue
            listing.rows.pop(index)
            listing.remove_option_at_index(index)
            if isinstance(listing, DropList):
                self.drops = listing.rows + listing.hidden
            else:
                self.followups = listing.rows + listing.hidden
            if listing.rows:
                listing.highlighted = min(index, len(listing.rows) - 1)

    def action_follow_up_key(self, key: str) -> None:
        """ctrl+k, ctrl+x or ctrl+r with the focus off the follow-ups list (right after a
        call, the focus is on the playbooks): which step it would act on is not certain, so the
        list takes the focus and the rep presses the key again on the step they mean."""
        listing = self.query(FollowUpList)
        if not listing:
            self.notify(f"{key}: no open follow-ups to mark.", markup=False)
            return
        listing.first().focus()
        self.notify(
            f"{key} acts on a follow-up: the list has the focus now; pick the step (↑ ↓) and "
            f"press {key} again.",
            markup=False,
        )

    def action_undo(self) -> None:
        if self.last_mark is None:
            return
        marked, at = self.last_mark
        if (self.clock() - at).total_seconds() > self.UNDO_SECONDS:
            self.notify("Too late to undo: mark it again from `callmate followups`.", markup=False)
            self.last_mark = None
            return
        try:
            undo_mark(self.store, marked)
        except MarkFailed as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.last_mark = None
        self.notify(f"Undone: {marked.record.prospect}'s step is open again.", markup=False)
        self.call_later(self.reload_lists, marked.before.id)

    def offer_after_missed(self, record: CallRecord) -> None:
        """A missed step is a choice: a new date, the re-engage call, or let it rest."""
        from callmate.tui.screens.call_end import AfterMissed

        def chosen(choice: str | None) -> None:
            if choice == "date":
                self.reschedule_follow_up(record.id)
            elif choice == "reengage":
                try:
                    path = resolve_playbook(REENGAGE_PLAYBOOK)
                except PlaybookNotFound:
                    path = resolve_playbook(DEFAULT_PLAYBOOK)
                self.open_call(StartCall(path, record.prospect, record.company))

        self.app.push_screen(AfterMissed(record.prospect), chosen)

    def reschedule_follow_up(self, session_id: str) -> None:
        """The gate's date rules in a dialog: whose step, the date read back as it is typed,
        a refusal shown there with the text kept; the step stays open, at its new date."""
        from callmate.tui.screens.reschedule import RescheduleDialog

        try:
            record = self.store.load(session_id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        playbook = find_playbook(record)
        policy = playbook.next_step if playbook else NextStepPolicy()

        def chosen(due: datetime | None) -> None:
            if due is None:
                return
            self.mark_follow_up(session_id, "rescheduled", due)
            self.call_later(self.reload_lists, session_id)  # open still, at its new date

        self.app.clear_notifications()  # "Marked kept: …" is not about this dialog
        self.app.push_screen(RescheduleDialog(record, policy, self.clock), chosen)

    @staticmethod
    def playbook_option(status: PlaybookStatus) -> Option:
        """A playbook by its title; a broken one is shown with its first error, never offered."""
        entry = status.entry
        title = f"{status.title} — " if status.title else ""
        if status.usable:
            return Option(text(f"{title}{entry.name}  ({entry.origin})"), id=entry.name)
        problem = status.first_error
        return Option(
            text(f"✗ {entry.name}: broken, fix before use — {problem.message if problem else ''}"),
            id=entry.name,
            disabled=True,
        )

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
        entry = self.playbooks[options.highlighted].entry
        company = self.query_one("#company", Input).value
        self.open_call(StartCall(entry.path, prospect, company))

    def open_call(self, request: StartCall | ResumeCall) -> None:
        """Ask the App for the call; the keys typed after the Enter that asked go to it."""
        key_order(self.app).until_next_screen()
        self.post_message(request)

    def say(self, text: str) -> None:
        self.query_one("#home-message", Plain).update(text)

    async def reload_lists(self, keep: str) -> None:
        """Read the lists again and draw them in place, with the focus back on the follow-up
        `keep` (its keys stay in the footer), instead of a new home screen focused elsewhere."""
        try:
            self.unfinished, self.followups = home_lists(self.store, self.clock())
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.quiet_top = None  # read again with the rest
        await self.recompose()
        listing = self.query(FollowUpList)
        if not listing:
            self.query_one("#playbooks", OptionList).focus()
            return
        followups = listing.first()
        at = next((i for i, row in enumerate(followups.rows) if row.id == keep), 0)
        followups.focus()
        keep_in_view(followups, at)

    def action_refresh_lists(self) -> None:
        self.post_message(ShowHome())
