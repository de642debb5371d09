"""The Textual app: a thin shell that opens screens and routes every exit through the gate."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from callmate.autosave import SessionKeeper
from callmate.core.brief import MAX_CALLS, brief_of
from callmate.core.catalog import (
    DEFAULT_PLAYBOOK,
    PlaybookNotFound,
    list_playbooks,
    resolve_playbook,
)
from callmate.core.clock import now as wall_clock
from callmate.core.dates import DateParseError
from callmate.core.next_step import resolve_due
from callmate.core.persona import Persona, PracticePartner
from callmate.core.persona_loader import PersonaNotFound, load_persona, resolve_persona
from callmate.core.playbook import NextStepPolicy, Playbook
from callmate.core.playbook_loader import check_playbook
from callmate.core.problems import PlaybookError
from callmate.core.records import history_context
from callmate.core.scoring import score_record
from callmate.core.session import CallSession, prospect_key
from callmate.export.followups import CannotMark, FollowUp, mark_outcome, open_followups
from callmate.export.playbooks import find_playbook
from callmate.store import CallClaim, Store, StoreError
from callmate.tui.screens.brief import BriefScreen
from callmate.tui.screens.call import CallScreen
from callmate.tui.screens.history import HistoryScreen
from callmate.tui.screens.home import HomeScreen
from callmate.tui.screens.pickers import TextDialog
from callmate.tui.screens.scorecard import ScorecardScreen
from callmate.tui.screens.stats import StatsScreen

#: How a practice session with a colleague playing the prospect is tagged.
PARTNER = "partner"
FOLLOW_UP_PLAYBOOK = "follow-up"


@dataclass(frozen=True)
class CallRequest:
    playbook: Playbook
    prospect: str
    company: str = ""
    mode: str = "live"
    persona: Persona | None = None


class CallmateApp(App[None]):
    TITLE = "callmate"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            priority=True,
            tooltip="Quit (a live call asks for the next step)",
        ),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        store: Store,
        start: CallRequest | None = None,
        clock: Callable[[], datetime] = wall_clock,
    ) -> None:
        super().__init__()
        self.store = store
        self.start_request = start
        self.clock = clock
        self.keeper = SessionKeeper(store)
        self.claim: CallClaim | None = None
        self.ending_app = False

    # -- start and stop ---------------------------------------------------------------------
    def on_mount(self) -> None:
        self.install_signal_handlers()
        for problem in self.store.problems:
            self.notify(
                problem, title="Store repaired", severity="warning", markup=False, timeout=15
            )
        if self.start_request is not None:
            request = self.start_request
            self.begin_call(
                request.playbook, request.prospect, request.company, request.mode, request.persona
            )
        else:
            self.show_home()

    def install_signal_handlers(self) -> None:
        """Closing the terminal (SIGHUP) or a polite kill (SIGTERM) saves the call, then exits."""
        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(sig, self.save_and_exit)
        except (NotImplementedError, RuntimeError, ValueError):
            pass

    def on_unmount(self) -> None:
        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGHUP):
                loop.remove_signal_handler(sig)
        except (NotImplementedError, RuntimeError, ValueError):
            pass
        self.release_claim()

    def save_and_exit(self) -> None:
        """Leave at once without the gate: the call stays unfinished and comes back next start."""
        call = self.live_call()
        if call is not None:
            call.emergency_save()
        self.release_claim()
        self.exit()

    def live_call(self) -> CallScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, CallScreen) and not screen.session.completed:
                return screen
        return None

    async def action_quit(self) -> None:
        """ctrl+q, ctrl+c and the palette's Quit: a live call must capture its next step first."""
        call = self.live_call()
        if call is None:
            self.exit()
            return
        self.ending_app = True
        call.action_end_call()

    def release_claim(self) -> None:
        if self.claim is not None:
            self.claim.release()
            self.claim = None

    # -- screens ----------------------------------------------------------------------------
    def show_home(self) -> None:
        summaries = self.store.open_summaries()
        unfinished = sorted(
            (s for s in summaries if s.get("status") == "in_progress"),
            key=lambda r: str(r.get("started", "")),
        )
        followups = open_followups(summaries, self.clock()).rows
        home = HomeScreen(unfinished, list_playbooks(), followups)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(home)

    def start_follow_up(self, row: FollowUp) -> None:
        """The follow-up playbook when there is one, with the prospect filled in."""
        try:
            path = resolve_playbook(FOLLOW_UP_PLAYBOOK)
        except PlaybookNotFound:
            path = resolve_playbook(DEFAULT_PLAYBOOK)
        self.start_call(path, row.prospect, row.company)

    def mark_follow_up(
        self, session_id: str, outcome: str, new_due: datetime | None = None
    ) -> None:
        try:
            record = mark_outcome(self.store.load(session_id), outcome, self.clock(), new_due)
            self.store.save(record)
        except (StoreError, CannotMark) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(f"Marked {outcome}: {record['prospect']}", markup=False)
        self.show_home()

    def reschedule_follow_up(self, session_id: str) -> None:
        def chosen(text: str | None) -> None:
            if not text or not text.strip():
                return
            try:
                record = self.store.load(session_id)
                playbook = find_playbook(record)
                policy = playbook.next_step if playbook else NextStepPolicy()
                due = resolve_due(text, self.clock(), policy)
            except (StoreError, DateParseError) as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.mark_follow_up(session_id, "rescheduled", due)

        self.push_screen(TextDialog("New date for this next step", "thu 3pm, in 2 days..."), chosen)

    def start_call(self, path: Path, prospect: str, company: str) -> None:
        playbook, problems = check_playbook(path)
        if playbook is None:
            first = next((str(p) for p in problems if p.severity == "error"), "")
            self.notify(f"That playbook has errors: {first}", severity="error", markup=False)
            return
        self.begin_call(playbook, prospect, company, "live")

    def begin_call(
        self,
        playbook: Playbook,
        prospect: str,
        company: str,
        mode: str,
        persona: Persona | None = None,
    ) -> None:
        now = self.clock()
        persona_name = persona.name if persona else (PARTNER if mode == "practice" else None)
        previous = [] if mode == "practice" else self.previous_calls(prospect, company)
        session = CallSession.start(
            playbook,
            prospect,
            company,
            now,
            mode=mode,
            persona=persona_name,
            context=history_context(previous[0]) if previous else {},
        )
        self.open_call(session, persona)
        if previous and isinstance(self.screen, CallScreen):
            self.push_screen(BriefScreen(session.record["prospect"], brief_of(previous)))

    def previous_calls(self, prospect: str, company: str) -> list[dict]:
        """This prospect's last completed calls (a few files at most, found through the index)."""
        key = prospect_key(prospect, company)
        done = [s for s in self.store.summaries_for(key) if s.get("status") == "completed"]
        done.sort(key=lambda s: str(s.get("ended") or s.get("started") or ""), reverse=True)
        records = []
        for summary in done[:MAX_CALLS]:
            try:
                records.append(self.store.load(str(summary["id"])))
            except StoreError:
                continue
        return records

    def resume_call(self, session_id: str) -> None:
        try:
            record = self.store.load(session_id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        ref = record.get("playbook") or {}
        path = Path(ref.get("path", ""))
        if not path.is_file():
            try:
                path = resolve_playbook(str(ref.get("name", "")))
            except PlaybookNotFound as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
        playbook, _problems = check_playbook(path)
        if playbook is None:
            self.notify(
                f"The playbook {path} has errors now; fix it to resume.",
                severity="error",
                markup=False,
            )
            return
        if playbook.sha256 != ref.get("sha256"):
            self.notify(
                "This playbook changed since the call started; continuing with the current "
                "edition.",
                severity="warning",
                markup=False,
            )
        persona = None
        if record.get("mode") == "practice" and record.get("persona") not in (None, PARTNER):
            try:
                persona = load_persona(resolve_persona(str(record["persona"])))
            except (PersonaNotFound, PlaybookError) as exc:
                self.notify(f"Practising without the persona: {exc}", markup=False)
        self.open_call(CallSession(playbook, record), persona)

    def open_call(self, session: CallSession, persona: Persona | None = None) -> None:
        try:
            self.release_claim()
            self.claim = self.store.claim(session.id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False, timeout=15)
            return
        self.ending_app = False
        self.keeper.save(session.record)
        partner = None
        if persona is not None:
            partner = PracticePartner(
                persona,
                session.playbook,
                pain_questions=session.playbook.scoring.pain_questions or None,
            )
        self.push_screen(CallScreen(session, self.keeper, self.clock, partner))

    def call_ended(self, session: CallSession) -> None:
        """Called by the call screen once the gate let the call end."""
        self.release_claim()
        step = session.next_step()
        if step is not None:
            self.notify(
                f"Next step with {session.record['prospect']}: {step.what} — "
                f"{step.due:%a %d %b %H:%M}",
                title="Call saved",
                markup=False,
                timeout=8,
            )
        if session.record["mode"] == "practice":
            self.push_screen(
                ScorecardScreen(score_record(session.record, session.playbook)),
                lambda _: self.after_call(),
            )
        else:
            self.after_call()

    def after_call(self) -> None:
        if self.start_request is not None or self.ending_app:
            self.exit()
        else:
            self.show_home()

    def action_open_history(self) -> None:
        self.push_screen(HistoryScreen(self.store, self.clock))

    def action_open_stats(self) -> None:
        self.push_screen(StatsScreen(self.store, self.clock))

    # -- command palette --------------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key shown in the footer is also a command in the palette."""
        yield from super().get_system_commands(screen)
        for binding in type(screen).BINDINGS:
            if not isinstance(binding, Binding) or not binding.show or not binding.description:
                continue
            if screen.check_action(binding.action, ()) is not False:
                yield SystemCommand(
                    f"{binding.description} ({binding.key})",
                    binding.tooltip or binding.description,
                    partial(screen.run_action, binding.action),
                )
