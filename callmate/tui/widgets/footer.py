"""A footer that wraps its keys onto more rows on a narrow screen instead of cutting them.

Textual's Footer lays its keys out in one row (and, in grid layout, sets one column per key in
an inline style), so on 80 columns the descriptions vanish. When a screen's CSS gives this footer
`layout: grid`, it sets as many columns as fit the width, re-fitted on every resize.

It is also cheap to keep: Textual's Footer rebuilds all its keys (one widget each, each styled
twice) every time anything asks for a bindings refresh, once per request even when several are
queued, and a call start asks five times. Here the requests are coalesced into one rebuild after
the next refresh, and a rebuild only happens when the keys shown would differ.

Its screen's toasts show above it, never over its keys: Textual docks them one row above the
bottom (room for a one-row footer), and a footer wrapped onto two or three rows had a toast
over its keys ("^r Re▌ (kept aside)", "^s Save and e…" in the next-step dialog), so the toasts'
bottom margin follows the footer's height.
"""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: The id Textual gives the screen's toast rack (textual/screen.py).
TOAST_RACK = "#textual-toastrack"
#: Room kept on the right for the docked "^p palette" key.
PALETTE = 12

KeyShown = tuple[str, str, str, bool, str]


class WrappingFooter(Footer):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(compact=True, **kwargs)  # type: ignore[arg-type]
        self.cell = 14
        self.shown: tuple[KeyShown, ...] | None = None  # the keys the last rebuild laid out
        self._rebuild_queued = False

    def compose(self) -> ComposeResult:
        widest = 0
        self.shown = self.keys_to_show() if self._bindings_ready else None
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # Born compact: the key's compact watcher then has no class to add, which
                # would restyle every key a second time.
                widget.add_class("-compact", update=False)
                if not widget.has_class("-command-palette"):
                    widest = max(widest, len(widget.key_display) + len(widget.description) + 2)
            yield widget
        self.cell = max(widest, 8)
        self._fit()

    def keys_to_show(self) -> tuple[KeyShown, ...]:
        """What the footer would show now: every shown binding with its state and tooltip."""
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or self._rebuild_queued:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_queued = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        """A hidden footer waits: its screen calls `bindings_changed` when it shows it."""
        self._rebuild_queued = False
        if self.is_attached and self.display and self.keys_to_show() != self.shown:
            await self.recompose()

    # -- only the top screen's keys ---------------------------------------------------------
    def on_mount(self) -> None:
        super().on_mount()
        show_top_footer(self.app)

    def on_unmount(self) -> None:
        super().on_unmount()
        show_top_footer(self.app)

    def on_resize(self, event: events.Resize) -> None:
        self._fit()
        self.make_room()

    def on_show(self) -> None:
        self.make_room()

    def make_room(self) -> None:
        """The screen's toasts sit above this footer, however many rows it wraps onto."""
        try:
            rack = self.screen.query_one(TOAST_RACK, Widget)
        except NoMatches:
            return
        rows = self.outer_size.height if self.display else 0
        rack.styles.margin = (0, 0, max(1, rows), 0)

    def _fit(self) -> None:
        width = self.size.width or self.app.size.width
        self.styles.grid_size_columns = max(1, (width - PALETTE) // self.cell)


def show_top_footer(app: App[object]) -> None:
    """Only the keys that work show: the footer of the topmost screen that has one. A dialog's
    dimmed background let the call's footer (and the gate's, under "did not connect") show
    beneath its own, with keys that do nothing there. A dialog without a footer (a picker, a
    pane overlay) leaves the call's footer showing."""
    try:
        stack = app.screen_stack
    except Exception:  # the app is closing: no screen left
        return
    found = False
    for screen in reversed(stack):
        footers = list(screen.query(WrappingFooter))
        for footer in footers:
            if footer.display == (not found):
                continue
            footer.display = not found
            if footer.display:
                footer.bindings_changed(screen)
        found = found or bool(footers)
