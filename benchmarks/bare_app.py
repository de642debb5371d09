"""The baseline for start-up time: the smallest Textual app that puts words on the screen.

callmate's start is compared with this, so the figure measures what callmate adds on top of
Python and Textual, not the cost of Textual itself on a given machine.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Label

READY_TEXT = "bare textual app ready"


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label(READY_TEXT)


if __name__ == "__main__":
    BareApp().run()
