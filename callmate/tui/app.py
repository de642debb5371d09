"""The Textual app: a thin shell that opens screens and routes every exit through the gate.

Only what a call needs is imported up front; the other screens (home, history, stats, practice)
are imported when first opened, so the call screen is ready sooner.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import signal
import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from callmate import lifeline, start_gc
from callmate.autosave import SessionKeeper
from callmate.core.call_record import prospect_key
from callmate.core.clock import now as wall_clock
from callmate.core.immutable import immutable
from callmate.core.playbook import Playbook
from callmate.core.session import CallSession
from callmate.locations import cache_dir
from callmate.startup_trace import mark
from callmate.store import CallClaim, CallOpenElsewhere, Store, StoreError, StoreWriteError
from callmate.tui.css_cache import CssCache
from callmate.tui.input_decoding import tolerate_undecodable_input
from callmate.tui.keys_first import after_keys
from callmate.tui.messages import CallEnded, QuitCalledOff, ResumeCall, ShowHome, StartCall
from callmate.tui.screens.call import CallScreen
from callmate.tui.widgets.key_order import key_order

if TYPE_CHECKING:
    from callmate.core.persona import Persona, PracticePartner
    from callmate.usecases.calls import UnfinishedCall

#: After the first frame, when calls an earlier auto-push could not send are sent.
PUSH_AFTER_S = 1.0
#: Palette commands that would write call content outside the private data folder.
#: Textual's own palette commands left out: a screenshot writes the prospect's words to a file
#: outside the data folder; Quit is offered in callmate's words (below); maximizing a one-line
#: answer field hides the question.
LEFT_OUT_SYSTEM_COMMANDS = {"Screenshot", "Quit", "Maximize", "Minimize"}


def screen_css_paths(screen: type[Screen[Any]]) -> list[Path]:
    """The CSS files a screen class loads when first pushed, resolved as Textual resolves them
    (so the stylesheet knows them as already read)."""
    paths = screen.CSS_PATH if isinstance(screen.CSS_PATH, list) else [screen.CSS_PATH]
    here = Path(inspect.getfile(screen)).parent
    return [Path(p) if Path(p).is_absolute() else (here / p).resolve() for p in paths if p]


@immutable
class CallRequest:
    """The call to start as soon as the app is up: playbook, prospect, and practice partner."""

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
        # What ctrl+l does in every terminal program: draw the whole screen again (after a
        # stray write to the terminal, a wall message, a tmux glitch).
        Binding("ctrl+l", "redraw", "Redraw", show=False),
    ]

    def __init__(
        self,
        store: Store,
        start: CallRequest | None = None,
        clock: Callable[[], datetime] = wall_clock,
    ) -> None:
        super().__init__()
        #: Parsed CSS from earlier starts (css_cache.py); new parses are kept after the frame.
        self.css_cache = CssCache(cache_dir())
        self.css_cache.install(self.stylesheet)
        if start is not None:
            # The call screen comes first: its CSS is read with the app's, so pushing it does
            # not make Textual parse every stylesheet a second time (the same rules, sooner).
            self.css_path = [*self.css_path, *screen_css_paths(CallScreen)]
        self.store = store
        self.start_request = start
        self.clock = clock
        self.keeper = SessionKeeper(store)
        self.ending_app = False
        #: One line to print after the app closes (the step agreed on the call that just ended).
        self.farewell: str | None = None
        #: One line for stderr once the terminal is given back: why the app stopped (a signal).
        self.stop_notice: str | None = None
        self._stopping = False

    def action_redraw(self) -> None:
        """Send every cell again, not only what changed: the terminal's copy may be spoiled."""
        self.screen.refresh()

    @property
    def claim(self) -> CallClaim | None:
        """The claim on the call this window has open (None while unclaimed or between calls)."""
        return self.keeper.claim

    # -- start and stop ---------------------------------------------------------------------
    def on_load(self) -> None:
        """Before the driver starts: from here a signal saves the call and exits (lifeline.py).

        A stop that arrived during start-up ends the app before it touches the terminal.
        """
        # Before Textual builds its driver (which it imports only now, as any Textual app does):
        # non-UTF-8 keys must not kill the driver's input thread (see the module).
        tolerate_undecodable_input()
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
        mark("app mounted")
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
        after_keys(self, start_gc.resume)  # paused by the command line until the first frame
        after_keys(self, self.css_cache.save)
        self.set_timer(PUSH_AFTER_S, self.push_waiting_calls)

    def push_waiting_calls(self) -> None:
        """Calls an earlier auto-push could not send go now, in the background, a moment after
        the first frame: the team side never delays the call, nor the first keys typed."""
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
            # The reason only: a save error's own advice ("still open in callmate, it will save
            # again") is for a call that goes on, and this one is stopping.
            error = self.keeper.error
            reason = error.reason if isinstance(error, StoreWriteError) else str(error)
            self.exit(
                return_code=1,
                message=f"callmate stopped and the call could not be saved to the data folder "
                f"({reason}); an emergency copy is in {kept} and is merged back at the next "
                "start.",
            )
        elif self.keeper.unsaved:
            self.exit(return_code=1, message="callmate: the call could not be saved anywhere.")
        else:
            self.stop_quietly(kept_call=call is not None)

    def stop_quietly(self, *, kept_call: bool) -> None:
        """Saved: exit with the status a stop during start-up gives (128 + the signal, see
        lifeline.py) and leave one line saying why, printed by run_app after the terminal is
        restored (a line written while the app still holds the screen is wiped with it)."""
        line = lifeline.current()
        signum = line.stopping if line is not None else None
        if signum is None:  # not stopped by a signal (no lifeline: the app runs in a test)
            self.exit()
            return
        self.stop_notice = stop_words(signum, kept_call=kept_call)
        self.exit(return_code=128 + signum)

    def last_chance_save(self) -> bool:
        """Run by the lifeline's watchdog when the event loop did not answer a stop in time;
        whether a call was open (its last line promises a resume only then)."""
        call = self.live_call()
        if call is not None:
            call.emergency_save()
            if self.keeper.unsaved:
                self.keeper.keep_safe(tries=1, pause_s=0)
        return call is not None

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
        from callmate.tui.screens.home import HomeScreen, home_lists

        unfinished, followups = home_lists(self.store, self.clock())
        home = HomeScreen(
            self.store, self.clock, unfinished, statuses(self.check_playbook), followups
        )
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
        *,
        offered: bool = False,
    ) -> None:
        """Start the call; a live one with a prospect who has an unfinished call offers that
        call first (`offered`: the rep chose a new one anyway)."""
        from callmate.usecases.calls import start_call

        if mode == "live" and not offered:
            waiting = self.unfinished_with(prospect, company)
            if waiting is not None:
                anyway = partial(
                    self.begin_call, playbook, prospect, company, mode, persona, follows
                )
                self.offer_resume(waiting, partial(anyway, offered=True))
                return
        opened = start_call(
            self.store,
            playbook,
            prospect,
            company,
            self.clock(),
            mode=mode,
            persona=persona,
            follows=follows,
        )
        for notice in opened.notices:
            self.notify(notice, severity="warning", markup=False)
        session = opened.session
        self.open_call(session, opened.partner)
        if not isinstance(self.screen, CallScreen):
            return
        if opened.previous:
            from callmate.core.brief import brief_of
            from callmate.nurture import why_quiet
            from callmate.tui.screens.brief import BriefScreen

            quiet = why_quiet(self.store, session.record.prospect_key, self.clock())
            from callmate.usecases.playbooks import find_playbook

            brief = brief_of(opened.previous, find_playbook)
            self.push_screen(BriefScreen(session.record.prospect, brief, quiet))
        if mode == "live" and follows is None:
            if opened.previous:  # the brief comes first anyway: the question goes on top now
                self.ask_if_follow_up(session)
            else:
                # Almost always a new prospect with nothing open: looking (and loading what
                # would show it) waits until the question is drawn; one found still shows.
                after_keys(self, partial(self.ask_if_follow_up, session))

    def unfinished_with(self, prospect: str, company: str) -> UnfinishedCall | None:
        """The prospect's unfinished live call, if any (a store that cannot say: none)."""
        from callmate.usecases.calls import unfinished_call_with

        try:
            return unfinished_call_with(self.store, prospect, company)
        except StoreError:
            return None

    def offer_resume(self, waiting: UnfinishedCall, start_new: Callable[[], None]) -> None:
        """Resume the unfinished call, start a new one anyway, or (Escape) neither: from
        `callmate call` that ends the app, from home it stays on home."""
        from callmate.tui.screens.resume_offer import NEW, RESUME, ResumeOffer

        def chosen(choice: str | None) -> None:
            if choice == RESUME:
                self.resume_call(waiting.id)
                if self.only_blank_screen():  # it could not be resumed: said, and home lists it
                    self.show_home()
            elif choice == NEW:
                start_new()
            elif self.only_blank_screen():
                self.exit(
                    message=f"No call started; the unfinished call with {waiting.prospect} is "
                    "kept: run `callmate` to resume it."
                )

        self.push_screen(ResumeOffer(waiting), chosen)

    def ask_if_follow_up(self, session: CallSession) -> None:
        """A prospect with an open next step: one key links this call to it, so it closes it."""
        live = self.live_call()
        if self._stopping or live is None or live.session is not session:
            return  # the window is closing, or the call is no longer the one on screen
        prospect, company = session.record.prospect, session.record.company
        earlier = [
            row
            for row in self.store.summaries_for(prospect_key(prospect, company))
            if row.get("id") != session.id
        ]
        if not earlier:
            return  # no other call with them: nothing can be open (the code to say so waits)
        from callmate.tui.screens.call_end import FollowUpQuestion
        from callmate.usecases.followthrough import open_step_for

        step = open_step_for(self.store, prospect, company, self.clock())
        if step is None:
            return

        def answered(linked: bool | None) -> None:
            if linked:
                session.link_follow_up(step.id, self.clock())
                self.keeper.save(session.record)

        self.push_screen(FollowUpQuestion(step), answered)

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
        from callmate.usecases.calls import CannotResume, resume_call

        try:
            opened = resume_call(self.store, session_id, self.clock(), self.check_playbook)
        except CannotResume as exc:
            self.notify(str(exc), severity="error", markup=False)
            return False
        for notice in opened.notices:
            self.notify(notice, severity="warning", markup=False)
        self.open_call(opened.session, opened.partner, claimed=True)
        return True

    def open_call(
        self,
        session: CallSession,
        partner: PracticePartner | None = None,
        claimed: bool = False,
    ) -> None:
        """Show the call; a folder that cannot be written does not stop it (see autosave.py)."""
        from callmate.usecases.calls import pace_retry

        if not claimed:
            try:
                recovered = self.keeper.open(session.id)
            except CallOpenElsewhere as exc:
                self.notify(str(exc), severity="error", markup=False, timeout=15)
                return
            if recovered:
                self.notify(recovered, title="Recovered", severity="warning", markup=False)
        self.ending_app = False
        session.pace_retry = partial(pace_retry, self.store, session)
        # The call file is on disk before the question shows; the index (lists, the home
        # screen, other windows) follows right after the first frame, and after the echo of
        # any key typed as it appeared (keys_first.py).
        mark("session made")
        self.keeper.save(session.record, index_later=True)
        mark("call saved")
        screen = CallScreen(session, self.keeper, self.clock, partner)
        if self.only_blank_screen():
            self.take_blank_screens_place(screen)
        else:
            self.push_screen(screen)
        after_keys(self, self.keeper.write_deferred_index)

    def only_blank_screen(self) -> bool:
        """True at the start, while Textual's empty default screen is the only one."""
        stack = self.screen_stack
        return len(stack) == 1 and stack[0].id == "_default"

    def take_blank_screens_place(self, screen: Screen[Any]) -> None:
        """The first screen of `callmate call` replaces the blank default screen instead of
        covering it: Textual repaints the whole top screen whenever a screen under it changed,
        and the blank one's first layout did, so the first question was painted twice before a
        key's echo could be."""
        blank = self.screen_stack[0]
        callbacks = getattr(blank, "_result_callbacks", None)
        if callbacks is None:  # not the Textual this was written for (8.2): cover it, as before
            self.push_screen(screen)
            return
        if not callbacks:  # switch_screen drops the replaced screen's; the default one has none
            blank._push_result_callback(self, None)
        self.switch_screen(screen)

    def call_ended(self, session: CallSession) -> None:
        """Called once the gate let the call end."""
        self.release_claim()
        from callmate.usecases.calls import end_call

        ended = end_call(self.store, session, self.clock())
        if ended.closed:
            self.notify(ended.closed, markup=False, timeout=8)
        self.farewell = ended.farewell
        if ended.farewell:
            title = "Call saved" if session.completed else ""
            self.notify(ended.farewell, title=title, markup=False, timeout=8)
        if session.record.mode == "practice" and session.completed:
            from callmate.tui.practice import scorecard_screen

            self.push_screen(
                scorecard_screen(self.store, session, self.clock), lambda _: self.after_call()
            )
        else:
            self.after_call()

    # -- what screens ask (tui/messages.py) ----------------------------------------------------
    def on_start_call(self, message: StartCall) -> None:
        self.start_call(message.path, message.prospect, message.company, message.follows)
        self._no_call_screen_came()

    def on_resume_call(self, message: ResumeCall) -> None:
        self.resume_call(message.session_id)
        self._no_call_screen_came()

    def _no_call_screen_came(self) -> None:
        """The call could not start (its refusal is on screen): the keys typed after the Enter
        that asked for it stop waiting for its screen and go where the focus is."""
        if not any(isinstance(screen, CallScreen) for screen in self.screen_stack):
            key_order(self).next_screen_ready()

    def on_show_home(self, message: ShowHome) -> None:
        self.show_home()

    def on_call_ended(self, message: CallEnded) -> None:
        self.call_ended(message.session)

    def on_quit_called_off(self, message: QuitCalledOff) -> None:
        self.ending_app = False

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
        """Every key shown in the footer is also a command in the palette, with ctrl+l and
        ctrl+q (which the footer leaves out), said as they act here."""
        for command in super().get_system_commands(screen):
            if command.title not in LEFT_OUT_SYSTEM_COMMANDS:
                yield command
        live = self.live_call() is not None
        yield SystemCommand(
            "Quit (ctrl+q)",
            "End the call: the next step is captured first" if live else "Leave callmate",
            self.action_quit,
        )
        yield SystemCommand("Redraw (ctrl+l)", "Draw the whole screen again", self.action_redraw)
        for binding in type(screen).BINDINGS:
            if not isinstance(binding, Binding) or not binding.show or not binding.description:
                continue
            if screen.check_action(binding.action, ()) is not False:
                yield SystemCommand(
                    f"{binding.description} ({binding.key.replace(',', ' or ')})",
                    binding.tooltip or binding.description,
                    partial(screen.run_action, binding.action),
                )


def stop_words(signum: int, *, kept_call: bool) -> str:
    """The line a signal's stop leaves on stderr: which signal, and where the call is."""
    try:
        name = signal.Signals(signum).name
    except ValueError:
        name = f"signal {signum}"
    if kept_call:
        return (
            f"callmate: stopped by {name}; the call is kept unfinished — run `callmate` to "
            "resume it."
        )
    return f"callmate: stopped by {name}."


def run_app(app: App[Any]) -> int:
    """Run a Textual app; afterwards a stop signal ends the command like one during start-up:
    its status (128 + the signal) and, the terminal given back, one line on stderr."""
    mark("app.run")
    try:
        app.run()
    finally:
        line = lifeline.current()
        if line is not None:
            line.app_finished()
    notice = getattr(app, "stop_notice", None)
    if notice:
        with contextlib.suppress(OSError):  # a closed terminal (SIGHUP) takes no line
            print(notice, file=sys.stderr, flush=True)
    return app.return_code or 0
