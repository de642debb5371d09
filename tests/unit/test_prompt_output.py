"""Screen updates reach the terminal in the order the app wrote them, small ones at once."""

from __future__ import annotations

import io
import random
import threading
import time

from callmate.tui.prompt_output import PROMPT_BYTES, PromptWriter


class SlowTerminal(io.StringIO):
    """A terminal that sometimes takes a while to take a write (a busy machine, a slow link)."""

    def __init__(self) -> None:
        super().__init__()
        self.writers: set[str] = set()

    def write(self, text: str) -> int:
        self.writers.add(threading.current_thread().name)
        if len(text) > PROMPT_BYTES or random.random() < 0.2:
            time.sleep(0.002)
        return super().write(text)


def test_updates_arrive_whole_and_in_order_whoever_writes_them():
    random.seed(7)
    terminal = SlowTerminal()
    writer = PromptWriter(terminal)
    writer.start()
    sent = []
    for n in range(400):
        size = PROMPT_BYTES * 2 if n % 17 == 0 else random.randint(1, 300)
        text = f"<{n}:" + "x" * size + ">"
        sent.append(text)
        writer.write(text)
        if n % 10 == 9:
            time.sleep(0.02)  # a pause in the typing: the thread catches up
    writer.stop()
    assert terminal.getvalue() == "".join(sent)
    assert terminal.writers == {"MainThread", "textual-output"}  # both paths were taken


def test_a_small_update_with_nothing_queued_is_written_before_write_returns():
    terminal = SlowTerminal()
    writer = PromptWriter(terminal)
    writer.start()
    writer.write("echo")
    assert terminal.getvalue() == "echo"
    writer.stop()
