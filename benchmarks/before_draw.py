"""callmate's own start, stopped where it hands over to Textual (`before_draw.py call ...`).

Everything callmate does before Textual draws (importing, reading and checking the playbook,
opening the store) happens in the command line, before ``App.run``. This script runs that command
line unchanged and stops when ``App.run`` is called, printing a marker, so the benchmark can tell
how much of the start is callmate's own work and how much is Textual drawing the screen.
"""

from __future__ import annotations

import sys
from typing import NoReturn

from textual.app import App

READY_TEXT = "callmate handed over to textual"


def _stop_before_drawing(self: App[object], *args: object, **kwargs: object) -> NoReturn:
    print(READY_TEXT, flush=True)
    raise SystemExit(0)


if __name__ == "__main__":
    App.run = _stop_before_drawing  # type: ignore[method-assign]
    from callmate.cli import main

    sys.argv = ["callmate", *sys.argv[1:]]
    raise SystemExit(main())  # as the `callmate` script calls it (signals, garbage collection)
