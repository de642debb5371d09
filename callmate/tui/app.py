"""The Textual app: a thin shell that opens screens and routes every exit through the gate.

Only what a call needs is imported up front; the other screens (home, history, stats, practice)
are imported when first opened, so the call screen is ready sooner.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from callmate import lifeline
from callmate.autosave import SessionKeeper
from callmate.core.catalog import resolve_playbook
from callmate.core.clock import now as wall_clock
from callmate.core.playbook import Playbook
from callmate.core.session import CallSession, prospect_key
from callmate.store import CallClaim, CallOpenElsewhere, Store, StoreError
from callmate.tui.input_decoding import tolerate_undecodable_input
from callmate.tui.screens.call import CallScreen

tolerate_undecodable_input()  # non-UTF-8 keys must not kill the input thread (see the module)

if TYPE_CHECKING:
    from callmate.core.persona import Persona

#: How a practice session with a colleague playing the prospect is tagged.
PARTNER = "partner"
#: Palette commands that would write call content outside the private data folder.
UNSAFE_SYSTEM_COMMANDS = {"Screenshot"}


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
        self.ending_app = False
        #: One line to print after the app closes (the step agreed on the call that just ended).
        self.farewell: str | None = None
        self._stopping = False

    @property
    def claim(self) -> CallClaim | None:
        """The claim on the call this window has open (None while unclaimed or between calls)."""
        return self.keeper.claim

    # -- start and stop ---------------------------------------------------------------------
    def on_load(self) -> None:
        """Before the driver starts: from here a signal saves the call and exits (lifeline.py).

        A stop that arrived during start-up ends the app before it touches the terminal.
        """
        line = lifeline.current()
        if line is None:
            return
        loop = asyncio.get_running_loop()
        line.app_started(
            lambda: loop.call_soon_threadsafe(self.save_and_exit), self.last_chance_save
        )
        if line.stopping is not None:
            self.save_and_exit()

    def on_mount(self) -> None:
        if self._stopping:
            return
        for problem in self.store.problems:
            self.notify(problem, title="Data folder", severity="warning", markup=False, timeout=15)
        if self.start_request is not None:
            request = self.start_request
            self.begin_call(
                request.playbook, request.prospect, request.company, request.mode, request.persona
            )
        else:
            self.show_home()
        self.call_after_refresh(self.push_waiting_calls)

    def push_waiting_calls(self) -> None:
        """Calls an earlier auto-push could not send go now, in the background, after the first
        frame: the team side never delays the call."""
        from callmate.team.autopush import on_start

        on_start(self.store.root)

    def on_unmount(self) -> None:
        self.release_claim()

    def save_and_exit(self) -> None:
        """Closing the terminal, SIGTERM or SIGINT: leave at once without the gate; the call
        stays unfinished and comes back next start."""
        if self._stopping:
            return
        self._stopping = True
        call = self.live_call()
        if call is not None:
            call.emergency_save()
        kept = self.keeper.keep_safe() if self.keeper.unsaved else None
        self.release_claim()
        if kept is not None:
            self.exit(
                return_code=1,
                message=f"callmate: the call could not be saved ({self.keeper.error}); an "
                f"emergency copy is in {kept} and is merged back at the next start.",
            )
        elif self.keeper.unsaved:
            self.exit(return_code=1, message="callmate: the call could not be saved anywhere.")
        else:
            self.exit()

    def last_chance_save(self) -> None:
        """Run by the lifeline's watchdog when the event loop did not answer a stop in time."""
        call = self.live_call()
        if call is not None:
            call.emergency_save()
            if self.keeper.unsaved:
                self.keeper.keep_safe(tries=1, pause_s=0)

    def live_call(self) -> CallScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, CallScreen) and not screen.session.completed:
                return screen
        return None

    async def action_quit(self) -> None:
        """ctrl+q, ctrl+c and the palette's Quit: a live call must capture its next step first,
        and nothing leaves while a save is still waiting for the disk."""
        if not self.keeper.retry():
            self.notify(
                f"Not saved yet ({self.keeper.error}). Free some space or fix the folder; "
                "callmate keeps trying and will not close until it is saved.",
                severity="error",
                markup=False,
                timeout=10,
            )
            return
        call = self.live_call()
        if call is None:
            self.exit()
            return
        call.action_end_call()
        self.ending_app = True  # Escape from the gate calls this off

    def release_claim(self) -> None:
        self.keeper.release()

    # -- screens ----------------------------------------------------------------------------
    def show_home(self) -> None:
        from callmate.core.playbook_status import statuses
        from callmate.export.followups import open_followups
        from callmate.tui.screens.home import HomeScreen

        summaries = self.store.open_summaries()
        unfinished = sorted(
            (s for s in summaries if s.get("status") == "in_progress"),
            key=lambda r: str(r.get("started", "")),
        )
        followups = open_followups(summaries, self.clock()).rows
        home = HomeScreen(unfinished, statuses(self.check_playbook), followups)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(home)

    def start_call(
        self, path: Path, prospect: str, company: str, follows: str | None = None
    ) -> None:
        playbook, problems = self.check_playbook(path)
        if playbook is None:
            first = next((str(p) for p in problems if p.severity == "error"), "")
            self.notify(f"That playbook has errors: {first}", severity="error", markup=False)
            return
        self.begin_call(playbook, prospect, company, "live", follows=follows)

    def check_playbook(self, path: Path) -> tuple[Playbook | None, list]:
        """Checked afresh, or from the check cache in the data folder (playbook_cache.py)."""
        from callmate.playbook_cache import check_cached

        return check_cached(path, self.store.root)

    def begin_call(
        self,
        playbook: Playbook,
        prospect: str,
        company: str,
        mode: str,
        persona: Persona | None = None,
        follows: str | None = None,
    ) -> None:
        now = self.clock()
        persona_name = persona.name if persona else (PARTNER if mode == "practice" else None)
        try:
            previous = [] if mode == "practice" else self.previous_calls(prospect, company)
        except StoreError as exc:  # the call matters more than its brief
            self.notify(f"No pre-call brief: {exc}", severity="warning", markup=False)
            previous = []
        from callmate.core.records import history_context

        practice: dict[str, str] = {}
        if mode == "practice":  # the last practice with this persona, not a real history
            from callmate.practice_history import practice_context

            practice = practice_context(self.store, persona_name, prospect, company)

        session = CallSession.start(
            playbook,
            prospect,
            company,
            now,
            mode=mode,
            persona=persona_name,
            context=history_context(previous[0]) if previous else practice,
            follows=follows,
        )
        self.open_call(session, persona)
        if not isinstance(self.screen, CallScreen):
            return
        if previous:
            from callmate.core.brief import brief_of
            from callmate.nurture import why_quiet
            from callmate.tui.screens.brief import BriefScreen

            quiet = why_quiet(self.store, session.record["prospect_key"])
            self.push_screen(BriefScreen(session.record["prospect"], brief_of(previous), quiet))
        if mode == "live" and follows is None:
            self.ask_if_follow_up(session)

    def ask_if_follow_up(self, session: CallSession) -> None:
        """A prospect with an open next step: one key links this call to it, so it closes it."""
        from callmate.followthrough import open_step_for
        from callmate.tui.screens.call_end import FollowUpQuestion

        step = open_step_for(
            self.store, session.record["prospect"], session.record["company"], self.clock()
        )
        if step is None:
            return

        def answered(linked: bool | None) -> None:
            if linked:
                session.link_follow_up(step.id, self.clock())
                self.keeper.save(session.record)

        self.push_screen(FollowUpQuestion(step), answered)

    def previous_calls(self, prospect: str, company: str) -> list[dict]:
        """This prospect's last completed real calls (role-plays are not history)."""
        from callmate.core.brief import MAX_CALLS

        key = prospect_key(prospect, company)
        done = [
            s
            for s in self.store.summaries_for(key)
            if s.get("status") == "completed" and s.get("mode", "live") == "live"
        ]
        done.sort(key=lambda s: str(s.get("ended") or s.get("started") or ""), reverse=True)
        records = []
        for summary in done[:MAX_CALLS]:
            try:
                records.append(self.store.load(str(summary["id"])))
            except StoreError:
                continue
        return records

    def resume_call(self, session_id: str) -> None:
        """Claim the call first, then read it: a window that held it may have saved on its way
        out (see store/holders.py)."""
        try:
            recovered = self.keeper.open(session_id)
        except CallOpenElsewhere as exc:
            self.notify(str(exc), severity="error", markup=False, timeout=15)
            return
        try:
            opened = self._resume_claimed(session_id)
        except BaseException:
            self.release_claim()
            raise
        if not opened:
            self.release_claim()
        elif recovered:
            self.notify(recovered, title="Recovered", severity="warning", markup=False, timeout=15)

    def _resume_claimed(self, session_id: str) -> bool:
        try:
            record = self.store.load(session_id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return False
        ref = record.get("playbook") or {}
        path = Path(ref.get("path", ""))
        if not path.is_file():
            from callmate.core.catalog import PlaybookNotFound

            try:
                path = resolve_playbook(str(ref.get("name", "")))
            except PlaybookNotFound as exc:
                self.notify(str(exc), severity="error", markup=False)
                return False
        playbook, _problems = self.check_playbook(path)
        if playbook is None:
            self.notify(
                f"The playbook {path} has errors now; fix it to resume.",
                severity="error",
                markup=False,
            )
            return False
        if playbook.sha256 != ref.get("sha256"):
            self.notify(
                "This playbook changed since the call started; continuing with the current "
                "edition.",
                severity="warning",
                markup=False,
            )
        persona = None
        if record.get("mode") == "practice" and record.get("persona") not in (None, PARTNER):
            from callmate.core.persona_loader import PersonaNotFound, load_persona, resolve_persona
            from callmate.core.problems import PlaybookError

            try:
                persona = load_persona(resolve_persona(str(record["persona"])))
            except (PersonaNotFound, PlaybookError) as exc:
                self.notify(f"Practising without the persona: {exc}", markup=False)
        session = CallSession.resume(playbook, record, self.clock())
        self.open_call(session, persona, claimed=True)
        return True

    def open_call(
        self, session: CallSession, persona: Persona | None = None, claimed: bool = False
    ) -> None:
        """Show the call; a folder that cannot be written does not stop it (see autosave.py)."""
        if not claimed:
            try:
                recovered = self.keeper.open(session.id)
            except CallOpenElsewhere as exc:
                self.notify(str(exc), severity="error", markup=False, timeout=15)
                return
            if recovered:
                self.notify(recovered, title="Recovered", severity="warning", markup=False)
        self.ending_app = False
        session.pace_retry = partial(self.pace_retry, session)
        self.keeper.save(session.record)
        partner = None
        if persona is not None:
            from callmate.core.persona import PracticePartner

            partner = PracticePartner(
                persona,
                session.playbook,
                pain_questions=session.playbook.scoring.pain_questions or None,
            )
        self.push_screen(CallScreen(session, self.keeper, self.clock, partner))

    def pace_retry(self, session: CallSession, due: datetime, now: datetime) -> str | None:
        """Whether a retry due then chases too soon or too often, from this prospect's history."""
        from callmate.core.silence import retry_warning
        from callmate.nurture import NurtureError, read_nurture, read_pacing

        key = str(session.record["prospect_key"])
        earlier = [s for s in self.store.summaries_for(key) if s.get("id") != session.id]
        try:
            extra = read_nurture(self.store.root).attempt_for(key)
        except NurtureError:
            extra = []
        return retry_warning(earlier, due, now, read_pacing(self.store.root)[0], extra)

    def call_ended(self, session: CallSession) -> None:
        """Called by the call screen once the gate let the call end."""
        self.release_claim()
        from callmate.followthrough import close_followed_step
        from callmate.team.autopush import schedule

        schedule(self.store.root, session.id)  # a team push in the background, if connected
        closed = close_followed_step(self.store, session.record, self.clock())
        if closed:
            self.notify(closed, markup=False, timeout=8)
        step = session.next_step()
        if session.record["status"] == "discarded":
            self.farewell = f"Call with {session.record['prospect']} discarded (kept aside)."
            self.notify(self.farewell, markup=False, timeout=8)
        elif step is not None:
            kind = "" if step.kind == "advance" else f" [{step.kind}]"
            self.farewell = (
                f"Next step with {session.record['prospect']}: {step.what} — "
                f"{step.due:%a %d %b %H:%M}{kind}"
            )
            self.notify(self.farewell, title="Call saved", markup=False, timeout=8)
        if session.record["mode"] == "practice" and session.completed:
            from callmate.tui.practice import scorecard_screen

            self.push_screen(
                scorecard_screen(self.store, session, self.clock), lambda _: self.after_call()
            )
        else:
            self.after_call()

    def after_call(self) -> None:
        if self.start_request is not None or self.ending_app:
            self.exit()
        else:
            self.show_home()

    def action_open_history(self) -> None:
        from callmate.tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.store, self.clock))

    def action_open_team(self) -> None:
        from callmate.tui.screens.team import TeamScreen

        self.push_screen(TeamScreen(self.store.root, self.clock))

    def action_open_stats(self) -> None:
        from callmate.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen(self.store, self.clock))

    # -- command palette --------------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key shown in the footer is also a command in the palette."""
        for command in super().get_system_commands(screen):
            if command.title not in UNSAFE_SYSTEM_COMMANDS:
                yield command
        for binding in type(screen).BINDINGS:
            if not isinstance(binding, Binding) or not binding.show or not binding.description:
                continue
            if screen.check_action(binding.action, ()) is not False:
                yield SystemCommand(
                    f"{binding.description} ({binding.key})",
                    binding.tooltip or binding.description,
                    partial(screen.run_action, binding.action),
                )
