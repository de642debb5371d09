"""Ending within a second, at any moment: SIGHUP, SIGTERM, SIGINT and a terminal that went away.

Why this does not rely on the event loop: when a terminal closes while Textual is starting, the
kernel sends SIGHUP and SIGCONT; Textual's SIGCONT handler starts application mode a second
time on the dead terminal, its writer thread dies on EIO, and the event loop then waits for ever
on the full write queue. A handler registered with the loop never runs and the process holds the
call with no terminal. So the handlers here are plain ``signal.signal`` ones, installed before
anything heavy is imported, and every stop arms a watchdog thread that writes what it can and
ends the process (``os._exit``) if the app has not finished on its own in time.

- Before the app runs (imports, playbook, store): the handler raises :class:`Stopped` in the
  main thread. Nothing is claimed yet and every store write is atomic, so unwinding is safe.
- While the app runs: the handler asks the app (thread-safely) to save the call as unfinished
  and exit; the watchdog's last-chance save covers a loop that never answers.
- A process whose terminal is gone is stopped the same way (the watcher thread polls the tty),
  because a hang-up signal can be missed (ignored, or sent before a handler existed).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable

from callmate import typing_echo

#: The signals that end callmate; each is handled the same way.
STOP_SIGNALS = (signal.SIGHUP, signal.SIGTERM, signal.SIGINT)
#: Time the app gets to save, restore the terminal and exit by itself.
GRACE_S = 0.6
#: Time the last-chance save gets before the process ends regardless.
LAST_SAVE_S = 0.3
#: How often the terminal is checked.
TERMINAL_POLL_S = 0.25

#: What Textual's driver writes when it leaves application mode (mouse reports, bracketed paste,
#: in-band resize and the kitty keyboard protocol off, line wrap on, the alternate screen left,
#: the cursor shown, focus reports off): the watchdog writes it when the app could not.
RESTORE_TERMINAL = (
    "\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?2004l\x1b[?7h\x1b[?2048l"
    "\x1b[<u\x1b[?1049l\x1b[?25h\x1b[?1004l"
)

WHY = {
    signal.SIGHUP: "the terminal was closed",
    signal.SIGTERM: "it was asked to stop (SIGTERM)",
    signal.SIGINT: "it was interrupted",
}


class Stopped(KeyboardInterrupt):
    """Raised in the main thread when a stop signal arrives before the app runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    def __str__(self) -> str:
        return f"stopped: {WHY.get(signal.Signals(self.signum), 'a signal arrived')}"


def terminal_gone(fds: tuple[int, ...]) -> bool:
    """True once any of these terminal descriptors stopped being a terminal (hung up)."""
    for fd in fds:
        try:
            if not os.isatty(fd):
                return True
        except OSError:
            return True
    return False


class Lifeline:
    """The process-wide stop logic; one per process (see :func:`install`)."""

    def __init__(
        self, exit_now: Callable[[int], object] = os._exit, screen_fd: int | None = None
    ) -> None:
        self.stopping: int | None = None
        #: Where the app draws (a terminal), to put back if the app cannot; None: nowhere.
        self._screen_fd = screen_fd
        #: Where the one line about an ending the app could not finish goes.
        self._message_fd = 2
        self._raised = False
        self._exit_now = exit_now
        self._app_stop: Callable[[], object] | None = None
        self._last_save: Callable[[], bool | None] | None = None
        self._terminal_fds: tuple[int, ...] = ()

    # -- wiring -----------------------------------------------------------------------------
    def install(self) -> None:
        for signum in STOP_SIGNALS:
            signal.signal(signum, self._on_signal)
        self._terminal_fds = tuple(fd for fd in (0, 1, 2) if _isatty(fd))
        if self._screen_fd is None and _isatty(1):
            self._screen_fd = 1
        if self._terminal_fds:
            threading.Thread(
                target=self._watch_terminal, name="callmate-terminal", daemon=True
            ).start()

    def app_started(self, stop: Callable[[], object], last_save: Callable[[], bool | None]) -> None:
        """The app's event loop runs: from now on a stop asks it to save and exit.

        ``stop`` must be safe to call from a signal handler (e.g. ``loop.call_soon_threadsafe``);
        ``last_save`` runs on the watchdog thread if the app did not exit in time, and returns
        whether a call was open (False: none was, so the last line promises no resume; None:
        not known, said as if one was).
        """
        self._app_stop = stop
        self._last_save = last_save
        if self.stopping is not None:
            stop()

    def app_finished(self) -> None:
        self._app_stop = None
        self._last_save = None

    # -- stopping ---------------------------------------------------------------------------
    def _on_signal(self, signum: int, _frame: object) -> None:
        self.begin_stop(signum)
        if self._app_stop is None and not self._raised:
            self._raised = True
            raise Stopped(signum)

    def begin_stop(self, signum: int) -> None:
        """Start ending the process (safe from any thread, and to call twice)."""
        first = self.stopping is None
        if first:
            self.stopping = signum
            threading.Thread(
                target=self._watchdog, args=(signum,), name="callmate-watchdog", daemon=True
            ).start()
        stop = self._app_stop
        if stop is not None:
            with contextlib.suppress(Exception):
                stop()

    def _watchdog(self, signum: int) -> None:
        time.sleep(GRACE_S)
        app_running = self._app_stop is not None
        save = self._last_save
        saved = True
        call_open: bool | None = None
        if save is not None:
            done = threading.Event()
            answer: list[bool | None] = []
            saver = threading.Thread(target=_saving, args=(save, done, answer), daemon=True)
            saver.start()
            saver.join(LAST_SAVE_S)
            saved = done.is_set()
            call_open = answer[0] if answer else None
        if app_running:
            # The app never got to leave its screen: without this the rep's terminal stays on
            # the alternate screen with mouse reports on, and the shell looks dead.
            _write(self._screen_fd, RESTORE_TERMINAL)
        typing_echo.give_back()  # the shell the rep returns to echoes their typing again
        if app_running:
            why = WHY.get(signal.Signals(signum), "a signal arrived")
            if not saved:
                kept = "the last save did not finish in time: run `callmate doctor`"
            elif call_open is False:  # the home or history screen: nothing to resume
                kept = "no call was open"
            else:
                kept = "what was typed is saved: run `callmate` to resume the call"
            _write(
                self._message_fd, f"callmate: stopped ({why}) while the screen was busy; {kept}\n"
            )
        self._exit_now(128 + signum)

    def _watch_terminal(self) -> None:
        while self.stopping is None:
            time.sleep(TERMINAL_POLL_S)
            if terminal_gone(self._terminal_fds):
                # Through the handler, so a start-up in progress unwinds in the main thread.
                self.begin_stop(signal.SIGHUP)
                with contextlib.suppress(OSError):
                    os.kill(os.getpid(), signal.SIGHUP)
                return


def _isatty(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:
        return False


def _saving(
    action: Callable[[], bool | None], done: threading.Event, answer: list[bool | None]
) -> None:
    """Run the last-chance save; ``done`` once it finished, ``answer`` what it returned."""
    with contextlib.suppress(Exception):
        answer.append(action())
        done.set()


def _write(fd: int | None, text: str) -> None:
    """Write to a descriptor that may be gone (a hung-up terminal): never raises, and never
    writes to a terminal callmate is not in the foreground of (that would stop the process)."""
    if fd is None or _in_background_of(fd):
        return
    with contextlib.suppress(OSError):
        os.write(fd, text.encode())


def _in_background_of(fd: int) -> bool:
    """True if ``fd`` is callmate's controlling terminal and another process group has it."""
    try:
        return os.isatty(fd) and os.tcgetpgrp(fd) != os.getpgrp()
    except OSError:  # not our controlling terminal (or gone): writing cannot stop us
        return False


_LIFELINE: Lifeline | None = None


def install() -> Lifeline:
    """Install the process's lifeline once (the command line does this first thing)."""
    global _LIFELINE
    if _LIFELINE is None:
        _LIFELINE = Lifeline()
        _LIFELINE.install()
    return _LIFELINE


def current() -> Lifeline | None:
    """The installed lifeline, or None (tests that run the app in-process install none)."""
    return _LIFELINE
