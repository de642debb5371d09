"""Small screen updates (a key's echo) are written at once, not handed to Textual's writer thread.

Why: Textual's Linux driver queues every update for a writer thread, so it only reaches the
terminal once that thread gets the interpreter back from the main thread, which goes on with
its own work first (up to Python's 5 ms switch interval, longer on a busy machine): a large part
of a keystroke's echo time. A small update with nothing queued ahead of it is written by the
caller instead, in order; anything larger, or anything behind a queued write, still goes through
the thread, which keeps a slow terminal from holding up the app on big repaints.
"""

from __future__ import annotations

import threading
from typing import IO

from textual.drivers._writer_thread import WriterThread

#: Updates up to this size are written at once when nothing is queued (a key's echo is ~100 B).
PROMPT_BYTES = 4096
_INSTALLED = "_callmate_prompt_writer"


class PromptWriter(WriterThread):
    """Textual's writer thread, except that a small update with nothing ahead of it is written
    at once by the caller."""

    def __init__(self, file: IO[str]) -> None:
        super().__init__(file)
        self._lock = threading.Lock()
        #: Updates handed to the thread and not yet written.
        self._pending = 0

    def write(self, text: str) -> None:
        with self._lock:
            if self._pending == 0 and len(text) <= PROMPT_BYTES:
                # Nothing queued or being written: this one goes first, whoever writes it.
                self._file.write(text)
                self._file.flush()
                return
            self._pending += 1
        self._queue.put(text)

    def run(self) -> None:
        write = self._file.write
        flush = self._file.flush
        while True:
            text = self._queue.get()
            if text is None:
                break
            write(text)
            if self._queue.qsize() == 0:
                flush()
            with self._lock:
                self._pending -= 1
        flush()


def write_echoes_promptly() -> None:
    """Make the Linux driver use PromptWriter (before the app starts; safe to call twice)."""
    try:
        from textual.drivers import linux_driver
    except ImportError:  # not on this platform: nothing to change
        return
    if getattr(linux_driver, _INSTALLED, False):
        return
    linux_driver.WriterThread = PromptWriter  # type: ignore[misc]
    setattr(linux_driver, _INSTALLED, True)
