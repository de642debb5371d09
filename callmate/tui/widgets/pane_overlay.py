"""One side pane opened over the call on a narrow terminal: a look, then straight back.

It is a peek, not a place: a key it does not use (a letter, Enter, ctrl+e, a paste) closes it
and goes on to the call as if it had been typed there, so a rep who starts talking and typing
again while it is open loses nothing, and the keys in the call's footer work under it.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.screen import ModalScreen

from callmate.tui.text import Hanging, Plain
from callmate.tui.widgets.key_order import HoldsKeysUntilReady, key_order
from callmate.tui.widgets.ordered_keys import after_escape


class PaneOverlay(HoldsKeysUntilReady, ModalScreen[None]):
    """A scrolling copy of a pane; any of the pane keys or Escape closes it. Nothing in it takes
    the focus, so its keys are the screen's own, kept in typed order (HoldsKeysUntilReady).
    `at_end` opens it scrolled to its end (the captured pane's newest entries). `shown_beside`
    says whether the call shows the pane itself at a terminal size: made that wide, the overlay
    closes (it stayed open at 120 columns over the very pane it copies)."""

    CSS_PATH = "pane_overlay.tcss"
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("escape,f2,f3,f4,f5", "close", "Back to the call"),
        Binding("up", "scroll(-1)", show=False),
        Binding("down", "scroll(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "edge(False)", show=False),
        Binding("end", "edge(True)", show=False),
    ]

    def __init__(
        self,
        content: Content,
        at_end: bool = False,
        shown_beside: Callable[[Size], bool] | None = None,
    ) -> None:
        super().__init__()
        self.content = content
        self.at_end = at_end
        self.shown_beside = shown_beside

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="overlay-box", can_focus=False):
            yield Plain(Hanging(self.content), id="overlay-text")

    def on_mount(self) -> None:
        if self.at_end:
            self.call_after_refresh(self.action_edge, True)
        self.keys_ready()

    def on_resize(self, event: events.Resize) -> None:
        if self.shown_beside is not None and self.is_active and self.shown_beside(event.size):
            self.shown_beside = None  # once: a drag sends several sizes
            self.dismiss(None)

    def _forward_event(self, event: events.Event) -> None:
        """A key this overlay does not use closes it and is handed to the call, in its turn."""
        if (
            isinstance(event, (events.Key, events.Paste))
            and not event.is_forwarded
            and self._keys_ready
            and not key_order(self.app).busy
            and not (isinstance(event, events.Key) and event.key in self._bindings.key_to_bindings)
        ):
            order = key_order(self.app)
            order.wait_for(self)
            order.hold(after_escape(event))
            self.dismiss(None)
            # The call screen is on top again once the dismissal is done: the key goes there.
            self.app.call_later(order.settled, self)
            return
        super()._forward_event(event)

    @property
    def box(self) -> VerticalScroll:
        return self.query_one("#overlay-box", VerticalScroll)

    def action_scroll(self, step: int) -> None:
        self.box.scroll_to(y=self.box.scroll_target_y + step, animate=False, immediate=True)

    def action_page(self, direction: int) -> None:
        self.action_scroll(direction * max(1, self.box.scrollable_content_region.height - 1))

    def action_edge(self, end: bool) -> None:
        self.box.scroll_to(y=self.box.max_scroll_y if end else 0, animate=False, immediate=True)

    def action_close(self) -> None:
        self.dismiss(None)
