"""A footer that keeps the toasts above it.

Textual docks its toasts one row above the bottom (room for a one-row footer); the wrapping
footer takes two or three rows on a narrow screen, and a toast then covered its keys ("^r Re▌
(kept aside)."). This footer sets the toasts' bottom margin to its own height whenever that
changes.
"""

from __future__ import annotations

from textual import events
from textual.css.query import NoMatches
from textual.widget import Widget

from callmate.tui.widgets.footer import WrappingFooter

#: The id Textual gives the screen's toast rack (textual/screen.py).
TOAST_RACK = "#textual-toastrack"


class FooterUnderToasts(WrappingFooter):
    """A WrappingFooter whose screen shows its toasts above it, never over its keys."""

    def on_resize(self, event: events.Resize) -> None:
        # WrappingFooter's own on_resize runs too: Textual calls each class's handler.
        self.make_room()

    def on_show(self) -> None:
        self.make_room()

    def make_room(self) -> None:
        try:
            rack = self.screen.query_one(TOAST_RACK, Widget)
        except NoMatches:
            return
        rows = self.outer_size.height if self.display else 0
        rack.styles.margin = (0, 0, max(1, rows), 0)
