"""`callmate preview`: a trainer walks a playbook exactly as a rep would see it, nothing stored.

With --watch the file is checked twice a second; a saved change reloads the walk at the same
question with the answers given so far, the clock and the text typed but not entered (an answer
its question can no longer hold becomes a note, one whose question is gone stays, shown by its
label, and a notice says which), and a broken file shows its located errors in place until a
fix brings the walk back. The call
screen says PREVIEW where a call says "saved": nothing is ever stored.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input

from callmate.core.call_record import CallRecord
from callmate.core.clock import now as wall_clock
from callmate.core.playbook import Playbook
from callmate.core.playbook_loader import check_playbook
from callmate.core.problems import Problem
from callmate.core.session import CallSession
from callmate.store import StoreError
from callmate.tui.messages import CallEnded
from callmate.tui.screens.call import CallScreen
from callmate.tui.text import Plain, line
from callmate.tui.widgets.footer import WrappingFooter

POLL_SECONDS = 0.5


class PreviewKeeper:
    """Previews are not calls: nothing is written, so every save 'succeeds' at once."""

    error: StoreError | None = None

    @property
    def unsaved(self) -> bool:
        return False

    def save(self, record: CallRecord) -> bool:
        return True

    def retry(self) -> bool:
        return True


class PreviewCallScreen(CallScreen):
    """The call screen a rep sees, marked as a preview: nothing is stored, so nothing says saved."""

    CSS_PATH = "screens/call.tcss"  # relative to this module, not to call.py

    def show_saved(self, *, saved: bool) -> None:
        """Where a call shows "saved", say what this is (the call screen asks after each step)."""
        record = self.session.record
        who = record.prospect + (f" · {record.company}" if record.company else "")
        self.query_one("#who", Plain).update(line((who, "bold"), ("  (preview)", "$warning")))
        # Shorter than "✓ saved 12:00:00", so it fits where that would at 80 columns.
        self.query_one("#saved", Plain).update(line(("PREVIEW", "bold $warning"), " not kept"))


class ProblemsScreen(Screen[None]):
    """The file's located problems, shown where the walk was until the trainer fixes them."""

    CSS_PATH = "screens/preview.tcss"

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        super().__init__()
        self.path = path
        self.problems = problems

    def compose(self):
        with VerticalScroll(id="problems"):
            yield Plain(line((f"{self.path} has errors", "bold $error"), " — save a fix to reload"))
            yield Plain("\n".join(str(p) for p in self.problems))
        yield WrappingFooter()


class PreviewApp(App[None]):
    TITLE = "callmate preview"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self, path: Path, *, watch: bool = False, clock: Callable[[], datetime] = wall_clock
    ) -> None:
        super().__init__()
        self.path = path
        self.watching = watch
        self.clock = clock
        self.keeper = PreviewKeeper()
        self.stamp = self.file_stamp()
        #: The walk so far (its record and the edition it was on), kept across reloads and
        #: across a broken save.
        self.previous: CallSession | None = None

    def file_stamp(self) -> tuple[int, int] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size)

    def on_mount(self) -> None:
        self.reload(keep_place=False)
        if self.watching:
            self.set_interval(POLL_SECONDS, self.check_file)

    def check_file(self) -> None:
        stamp = self.file_stamp()
        if stamp != self.stamp:
            self.stamp = stamp
            self.reload(keep_place=True)

    def reload(self, *, keep_place: bool) -> None:
        if keep_place and isinstance(self.screen, CallScreen):
            self.previous = self.screen.session
            # What is in the answer field goes with the walk: a save never eats typing.
            self.previous.keep_typing(self.screen.query_one("#answer", Input).value)
        playbook, problems = check_playbook(self.path)
        if playbook is None:
            self.show(ProblemsScreen(self.path, [p for p in problems if p.severity == "error"]))
            return
        self.walk(playbook, self.previous if keep_place else None)
        warnings = [p for p in problems if p.severity == "warning"]
        if warnings:
            self.notify(
                "\n".join(p.message for p in warnings),
                title="Methodology",
                severity="warning",
                markup=False,
                timeout=10,
            )

    def walk(self, playbook: Playbook, previous: CallSession | None = None) -> None:
        session = CallSession.start(
            playbook, "Pat Quill", "Hollow Pines Dental", self.clock(), mode="preview"
        )
        if previous is not None:
            session.carry_over(previous, self.clock())
        self.show(PreviewCallScreen(session, self.keeper, self.clock))
        if previous is not None:
            from callmate.usecases.calls import resume_notices

            for notice in resume_notices(session, changed=True):
                self.notify(notice, title="Reloaded", severity="warning", markup=False, timeout=10)

    def show(self, screen: Screen[Any]) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)

    def on_call_ended(self, message: CallEnded) -> None:
        self.call_ended(message.session)

    def call_ended(self, session: CallSession) -> None:
        """The gate passed: in a preview that means starting the walk again."""
        self.notify("The gate accepted that next step. Starting the walk again.", markup=False)
        self.previous = None
        self.walk(session.playbook)


def run_preview(path: Path, *, watch: bool) -> int:
    """Run the preview; its exit code (non-zero if it crashed)."""
    from callmate.tui.app import run_app

    return run_app(PreviewApp(path, watch=watch))
